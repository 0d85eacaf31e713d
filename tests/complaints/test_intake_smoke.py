from doleances.complaints.enums import Status
from tests.fixtures.objects import make_complaint


def test_received_complaint_is_acknowledged_with_reference(db):
    complaint = make_complaint()
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.reference.startswith("REC-")
