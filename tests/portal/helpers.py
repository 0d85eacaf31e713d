from doleances.complaints.models import Attachment, Complaint, Customer
from doleances.core.models import OutboxMessage


def row_counts() -> dict[str, int]:
    return {
        "complaints": Complaint.objects.count(),
        "customers": Customer.objects.count(),
        "attachments": Attachment.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


NOTHING = {"complaints": 0, "customers": 0, "attachments": 0, "outbox": 0}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
