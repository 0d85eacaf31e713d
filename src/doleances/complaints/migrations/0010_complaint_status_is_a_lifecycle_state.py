"""The database refuses a complaint status that is not a state of the lifecycle, and the status is
no longer an editable field (only `complaints.services` changes it).

SQLite cannot add a CHECK constraint to a table: Django rebuilds complaints_complaint, and the
rebuild drops the full-text triggers of 0005, which are recreated here after it (and after the
rebuild that removing the constraint makes, when migrating backwards). The index itself keeps
its rows: a rebuild keeps every complaint's id, and dropping the old table fires no trigger.
PostgreSQL adds the constraint in place (it checks the existing rows once).
"""

from importlib import import_module

from django.db import migrations, models

# The states of `complaints.lifecycle.State` when this migration was written (a migration never
# follows the code: a new state gets a migration of its own).
STATES = [
    "received",
    "acknowledged",
    "qualified",
    "in_progress",
    "waiting_customer",
    "answered",
    "resolved",
    "closed",
    "reopened",
    "withdrawn",
    "merged",
]
STATUS_CHOICES = [
    ("received", "Received"),
    ("acknowledged", "Acknowledged"),
    ("qualified", "Qualified"),
    ("in_progress", "In progress"),
    ("waiting_customer", "Waiting for customer"),
    ("answered", "Answered"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("reopened", "Reopened"),
    ("withdrawn", "Withdrawn"),
    ("merged", "Merged"),
]
full_text = import_module("doleances.complaints.migrations.0005_complaint_full_text_search")


def recreate_full_text_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in [*full_text.SQLITE_REVERSE[:3], *full_text.SQLITE_TRIGGERS]:  # the three DROP TRIGGER IF EXISTS first
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0009_audit_chain_key_and_head")]
    operations = [
        # Backwards, removing the constraint rebuilds the table again: this step then runs last.
        migrations.RunPython(migrations.RunPython.noop, recreate_full_text_triggers),
        migrations.AlterField(
            model_name="complaint",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="received", editable=False, max_length=24, verbose_name="status"
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(condition=models.Q(status__in=STATES), name="complaint_status_is_a_state"),
        ),
        migrations.RunPython(recreate_full_text_triggers, migrations.RunPython.noop),
    ]
