"""Keyed audit chains: a link algorithm per event, the chain head on the complaint.

Existing links stay as they were (plain SHA-256, `chain` NULL): re-keying them would be rewriting
history. Instead each existing chain is sealed by appending one keyed event over its head, so
that a chain recomputed later without the key no longer ends with a valid keyed link.
"""

from datetime import UTC

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from doleances.core.hashchain import KEYED, keyed_chain_hash

SEAL_ACTION = "audit.chain_keyed"


def _content(event, reference):
    # Same as ComplaintEvent.chained_content() (historical models have no methods).
    return {
        "complaint": reference,
        "sequence": event.sequence,
        "action": event.action,
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "visibility": event.visibility,
        "data": event.data,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
    }


def seal_legacy_chains(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    at = timezone.now()
    for complaint in Complaint.objects.filter(events__isnull=False).distinct().order_by("pk").iterator():
        events = ComplaintEvent.objects.filter(complaint=complaint)
        last = events.order_by("-sequence").first()
        plain = events.filter(chain__isnull=True).count()
        if last.chain != KEYED and plain:
            seal = ComplaintEvent(
                complaint=complaint,
                sequence=last.sequence + 1,
                action=SEAL_ACTION,
                actor_label="Doléances",
                visibility="internal",
                data={"plain_links": plain},
                created_at=at,
                previous_hash=last.hash,
                chain=KEYED,
            )
            seal.hash = keyed_chain_hash(settings.DOLEANCES_AUDIT_KEY, last.hash, _content(seal, complaint.reference))
            seal.save(force_insert=True)
            last = seal
        Complaint.objects.filter(pk=complaint.pk).update(audit_sequence=last.sequence, audit_head=last.hash)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0008_event_message_attachment_translatable_names")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="audit_head",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="complaint",
            name="audit_sequence",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="complaintevent",
            name="chain",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        # Sealing appends events: nothing to undo (the fields' removal drops what it wrote).
        migrations.RunPython(seal_legacy_chains, migrations.RunPython.noop),
    ]
