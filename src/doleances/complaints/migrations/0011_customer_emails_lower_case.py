"""Customer addresses lower-cased, as intake has always stored them: the admin stored them as
typed, and intake and search now find a customer by the exact address."""

from django.db import migrations


def lower_case_emails(apps, schema_editor):
    Customer = apps.get_model("complaints", "Customer")
    changed = []
    for customer in Customer.objects.exclude(email="").only("email").iterator(chunk_size=5000):
        if customer.email != customer.email.lower():
            customer.email = customer.email.lower()
            changed.append(customer)
    Customer.objects.bulk_update(changed, ["email"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_complaint_status_is_a_lifecycle_state")]
    operations = [migrations.RunPython(lower_case_emails, migrations.RunPython.noop)]
