"""REC-YYYY-NNNNNN: unique and gap-free per year, also under concurrent creation."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from doleances.complaints.models import Complaint
from doleances.core.references import allocate_reference, format_reference
from tests.fixtures.objects import make_complaint


def test_format():
    assert format_reference("REC", 2026, 42) == "REC-2026-000042"


def test_numbers_follow_each_other_and_restart_each_year(db):
    refs = [make_complaint(at=datetime(2026, 12, 31, 22, tzinfo=UTC)).reference for _ in range(2)]
    refs.append(make_complaint(at=datetime(2027, 1, 1, 8, tzinfo=UTC)).reference)
    assert refs == ["REC-2026-000001", "REC-2026-000002", "REC-2027-000001"]


def test_a_rolled_back_creation_gives_its_number_back(db):
    make_complaint()

    def number_then_crash() -> None:
        with transaction.atomic():
            allocate_reference(datetime.now(UTC))
            raise RuntimeError("crash after numbering")

    with pytest.raises(RuntimeError):
        number_then_crash()
    assert make_complaint().reference.endswith("-000002")


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the creating transaction"):
        allocate_reference(datetime.now(UTC))


@pytest.mark.django_db(transaction=True)
def test_parallel_creations_stay_unique_and_gap_free():
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is exercised on PostgreSQL (CI runs both)")
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def create(worker: int) -> None:
        try:
            barrier.wait()
            for i in range(5):
                make_complaint(email=f"client{worker}-{i}@example.org")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = datetime.now(UTC).year
    refs = sorted(Complaint.objects.values_list("reference", flat=True))
    assert refs == [format_reference("REC", year, n) for n in range(1, 41)]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_deliveries_of_one_request_make_one_complaint_and_keep_numbers_gap_free():
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is exercised on PostgreSQL (CI runs both)")
    from doleances.intake.services import ComplaintDetails, CustomerDetails, receive_complaint

    errors: list[BaseException] = []
    got: list[int] = []
    barrier = threading.Barrier(6)

    def deliver() -> None:
        try:
            barrier.wait()
            complaint = receive_complaint(
                CustomerDetails(name="Jeanne Martin", email="jeanne@example.org"),
                ComplaintDetails(subject="Double prélèvement", description="Deux fois 39 euros.", consent=True),
                intake_key="form-nonce-and-content",
            )
            got.append(complaint.pk)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    [complaint] = Complaint.objects.all()
    assert got == [complaint.pk] * 6
    assert complaint.customer.__class__.objects.count() == 1
    assert complaint.events.filter(action="complaint.received").count() == 1
    # The losers gave their numbers back: the next complaint follows on.
    year = datetime.now(UTC).year
    assert complaint.reference == format_reference("REC", year, 1)
    assert make_complaint().reference == format_reference("REC", year, 2)
