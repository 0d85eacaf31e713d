"""What a mail to the customer says about their complaint, as the plain values messaging takes
(messaging composes and queues the mail; it knows no model)."""

from __future__ import annotations

from doleances.complaints.models import Complaint
from doleances.messaging.emails import Addressee, CaseMail


def case_mail(complaint: Complaint) -> CaseMail:
    customer = complaint.customer
    return CaseMail(
        reference=complaint.reference,
        subject=complaint.subject,
        portal_token=complaint.portal_token,
        response_due_at=complaint.response_due_at,
        customer=Addressee(name=customer.name, email=customer.email, language=customer.language),
    )
