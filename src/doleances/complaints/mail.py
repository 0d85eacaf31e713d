"""What a mail to the customer says about their complaint, as the plain values messaging takes
(messaging composes and queues the mail; it knows no model)."""

from __future__ import annotations

from doleances.complaints.enums import Direction
from doleances.complaints.models import Complaint
from doleances.messaging.emails import Addressee, CaseMail


def case_mail(complaint: Complaint) -> CaseMail:
    customer = complaint.customer
    return CaseMail(
        reference=complaint.reference,
        subject=complaint.subject,
        portal_token=complaint.portal_token,
        # What the customer is told: the answer deadline (never paused), else the service target.
        response_due_at=complaint.effective_answer_due_at or complaint.response_due_at,
        customer=Addressee(name=customer.name, email=customer.email, language=customer.language),
    )


def answered_message_id(complaint: Complaint) -> str:
    """The customer's latest mail on this complaint (a reply, or the mail that opened it), which
    our reply answers; "" when the customer never wrote by mail."""
    latest = (
        complaint.messages.filter(direction=Direction.INBOUND)
        .exclude(message_id="")
        .order_by("-created_at", "-id")
        .values_list("message_id", flat=True)
        .first()
    )
    if latest:
        return latest
    received = complaint.events.filter(action="complaint.received").values_list("data", flat=True).first() or {}
    return received.get("message_id", "")
