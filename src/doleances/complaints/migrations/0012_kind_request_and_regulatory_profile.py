"""A complaint's regulatory profile (blank: the organisation's default) and the third kind,
the request for information (not a complaint under ACPR: no regulatory clock).

Adding a NOT NULL column makes Django rebuild complaints_complaint on SQLite, which drops the
full-text triggers of 0005: every migration that rebuilds the table ends with
`restore_full_text_triggers` (and starts with it, for the rebuild that migrating backwards makes).
"""

from importlib import import_module

from django.db import migrations, models

restore_full_text_triggers = import_module(
    "doleances.complaints.migrations.0010_complaint_status_is_a_lifecycle_state"
).recreate_full_text_triggers


class Migration(migrations.Migration):
    dependencies = [("complaints", "0011_customer_emails_lower_case")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_full_text_triggers),
        migrations.AddField(
            model_name="complaint",
            name="regulatory_profile",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="regulatory profile"),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="kind",
            field=models.CharField(
                choices=[("complaint", "Complaint"), ("claim", "Claim"), ("request", "Request for information")],
                default="complaint",
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(restore_full_text_triggers, migrations.RunPython.noop),
    ]
