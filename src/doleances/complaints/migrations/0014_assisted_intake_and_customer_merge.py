"""Issue 17: the agent's restatement of an oral complaint and its confirmation, who took the
complaint, the "other" channel; internal requesters' department; customers searched by a name key
and by phone (indexed), and merged into one another (the merged record is kept).

`restatement` is NOT NULL: SQLite rebuilds complaints_complaint, which drops the full-text
triggers, so this migration starts and ends with `restore_full_text_triggers` (as 0012 does).
Adding `name_key` and `department` rebuilds complaints_customer the same way, which drops the
customers' search triggers of 0013: they are restored too, and that index rebuilt.
Existing customers get their name key, and their phone number in E.164 when it parses (the
number intake matches on); a number that does not parse is kept as it was.
"""

import unicodedata
from importlib import import_module

import django.db.models.deletion
import phonenumbers
from django.conf import settings
from django.db import migrations, models

restore_complaint_triggers = import_module(
    "doleances.complaints.migrations.0010_complaint_status_is_a_lifecycle_state"
).recreate_full_text_triggers
customer_index = import_module("doleances.complaints.migrations.0013_customer_search_index")


def restore_full_text_triggers(apps, schema_editor):
    restore_complaint_triggers(apps, schema_editor)
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*customer_index.REVERSE[:3], *customer_index.TRIGGERS, customer_index.FILL]:
        schema_editor.execute(sql)


def _name_key(name):
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())[:200]


def _e164(raw):
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def fill_name_keys_and_phones(apps, schema_editor):
    Customer = apps.get_model("complaints", "Customer")
    batch = []
    for customer in Customer.objects.only("pk", "name", "phone").iterator(chunk_size=2000):
        customer.name_key = _name_key(customer.name)
        customer.phone = _e164(customer.phone) if customer.phone else ""
        batch.append(customer)
        if len(batch) >= 2000:
            Customer.objects.bulk_update(batch, ["name_key", "phone"])
            batch = []
    if batch:
        Customer.objects.bulk_update(batch, ["name_key", "phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0013_customer_search_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_full_text_triggers),
        migrations.AddField(
            model_name="complaint",
            name="restatement",
            field=models.TextField(blank=True, default="", verbose_name="restatement"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="restatement_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="restatement confirmed at"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="taken_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="taken by",
            ),
        ),
        migrations.AddField(
            model_name="customer",
            name="department",
            field=models.CharField(
                blank=True,
                help_text="For an internal requester: their department or service.",
                max_length=200,
                verbose_name="department",
            ),
        ),
        migrations.AddField(
            model_name="customer",
            name="merged_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="merged at"),
        ),
        migrations.AddField(
            model_name="customer",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_records",
                to="complaints.customer",
                verbose_name="merged into",
            ),
        ),
        migrations.AddField(
            model_name="customer",
            name="name_key",
            field=models.CharField(blank=True, db_index=True, default="", editable=False, max_length=200),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="channel",
            field=models.CharField(
                choices=[
                    ("web", "Web form"),
                    ("email", "Email"),
                    ("phone", "Phone"),
                    ("chat", "Chat"),
                    ("letter", "Letter"),
                    ("social", "Social media"),
                    ("review", "Review site"),
                    ("in_person", "In person"),
                    ("api", "API"),
                    ("other", "Other"),
                ],
                max_length=16,
                verbose_name="channel",
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="channel",
            field=models.CharField(
                choices=[
                    ("web", "Web form"),
                    ("email", "Email"),
                    ("phone", "Phone"),
                    ("chat", "Chat"),
                    ("letter", "Letter"),
                    ("social", "Social media"),
                    ("review", "Review site"),
                    ("in_person", "In person"),
                    ("api", "API"),
                    ("other", "Other"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(fields=["phone"], name="customer_phone_idx"),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(fields=["kind"], name="customer_kind_idx"),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)), fields=["merged_into"], name="customer_merged_into_idx"
            ),
        ),
        migrations.RunPython(fill_name_keys_and_phones, migrations.RunPython.noop),
        migrations.RunPython(restore_full_text_triggers, migrations.RunPython.noop),
    ]
