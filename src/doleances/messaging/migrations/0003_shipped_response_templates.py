"""The response templates Doléances ships, in French and in English (issue 20); their text is in
doleances.messaging.shipped_templates (the demo adds them again to a flushed database)."""

from django.db import migrations

from doleances.messaging.shipped_templates import ship_templates


def ship(apps, schema_editor):
    ship_templates(apps.get_model("messaging", "ResponseTemplate"))


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_response_templates_and_organisation_settings")]
    operations = [migrations.RunPython(ship, migrations.RunPython.noop)]
