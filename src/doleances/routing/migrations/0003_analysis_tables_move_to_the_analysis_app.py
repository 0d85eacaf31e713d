"""ComplaintAnalysis, CategoryKeywords and CustomerTypology move to the analysis app (issue 15):
their tables are renamed to analysis_* here, rows, keys and constraints untouched, and the models
leave routing's state; analysis 0001 takes them into its own."""

from django.db import migrations

MOVED = {
    "categorykeywords": "analysis_categorykeywords",
    "complaintanalysis": "analysis_complaintanalysis",
    "customertypology": "analysis_customertypology",
}


class Migration(migrations.Migration):

    dependencies = [
        ("routing", "0002_customer_profile_labels_follow_seed_003"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name=name, table=table) for name, table in MOVED.items()],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
