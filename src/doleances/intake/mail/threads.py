"""Which complaint a mail belongs to (reads only): the Message-IDs it answers, ours and the
customer's, then a reference in its subject."""

from __future__ import annotations

import re

from django.conf import settings

from doleances.complaints.models import Complaint, Message
from doleances.core.models import OutboxMessage
from doleances.intake.mail.parsing import ParsedMail
from doleances.intake.models import InboundMail
from doleances.messaging.headers import message_id_for

# messaging.emails.message_id_for: "<outbox-{pk}-{created:%Y%m%d%H%M%S}@{domain}>".
OUTBOX_ID = re.compile(r"^<outbox-(\d{1,18})-\d{14}@[^<>]+>$")


def reference_pattern() -> re.Pattern[str]:
    prefix = re.escape(settings.DOLEANCES_REFERENCE_PREFIX)
    return re.compile(rf"(?<![A-Za-z0-9]){prefix}-\d{{4}}-\d{{6}}(?!\d)", re.I)


def outbox_rows_for(message_ids) -> dict[str, OutboxMessage]:
    """Our own sent mail among these Message-IDs (checked against the row, not only its number)."""
    wanted = {}
    for message_id in message_ids:
        match = OUTBOX_ID.match(message_id)
        if match:
            wanted[int(match.group(1))] = message_id
    rows = OutboxMessage.objects.filter(pk__in=list(wanted)) if wanted else []
    return {wanted[row.pk]: row for row in rows if message_id_for(row.pk, row.created_at) == wanted[row.pk]}


def _latest(complaint: Complaint | None) -> Complaint | None:
    """A merged complaint's conversation goes on in the one it was merged into."""
    seen = set()
    while complaint is not None and complaint.merged_into_id is not None and complaint.pk not in seen:
        seen.add(complaint.pk)
        complaint = Complaint.objects.select_related("customer").get(pk=complaint.merged_into_id)
    return complaint


def complaint_for_thread(parsed: ParsedMail) -> tuple[Complaint | None, str]:
    """(complaint, how it was found: "message_id" or "reference") or (None, "")."""
    ids = [i for i in parsed.thread_ids if len(i) <= 998][:100]
    if ids:
        found: dict[str, str] = {}
        for message_id, row in outbox_rows_for(ids).items():
            found[message_id] = row.complaint_reference
        by_reference = {}
        for message_id, complaint_id in Message.objects.filter(message_id__in=ids).values_list("message_id", "complaint_id"):
            by_reference.setdefault(message_id, complaint_id)
        for message_id, complaint_id in InboundMail.objects.filter(message_id__in=ids, complaint__isnull=False).values_list(
            "message_id", "complaint_id"
        ):
            by_reference.setdefault(message_id, complaint_id)
        for message_id in ids:  # nearest first: In-Reply-To, then the last References
            if found.get(message_id):
                complaint = Complaint.objects.select_related("customer").filter(reference=found[message_id]).first()
            elif message_id in by_reference:
                complaint = Complaint.objects.select_related("customer").filter(pk=by_reference[message_id]).first()
            else:
                continue
            if complaint is not None:
                return _latest(complaint), "message_id"
    for reference in reference_pattern().findall(parsed.subject):
        complaint = Complaint.objects.select_related("customer").filter(reference=reference.upper()).first()
        if complaint is not None:
            return _latest(complaint), "reference"
    return None, ""
