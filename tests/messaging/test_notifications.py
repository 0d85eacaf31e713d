"""Staff notifications: one row per active recipient, once per dedupe key, a mail through the outbox."""

from datetime import UTC, datetime

import pytest

from doleances.core.models import OutboxMessage
from doleances.messaging.models import Notification
from doleances.messaging.notifications import mark_read, notify, unread_count
from tests.fixtures.objects import make_user

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_each_active_recipient_gets_one_notification_and_one_mail():
    alice, bob = make_user("agent", username="alice"), make_user("agent", username="bob")
    gone = make_user("agent", username="gone", is_active=False)

    written = notify([alice, bob, gone, alice], kind="deadline.warning", title="REC-2026-000001: due soon", link="/x/", at=AT)

    assert sorted(n.recipient.username for n in written) == ["alice", "bob"]
    mails = OutboxMessage.objects.filter(kind="email")
    assert sorted(m.payload["to"][0] for m in mails) == ["alice@staff.example", "bob@staff.example"]
    assert {m.payload["template"] for m in mails} == {"staff_notification"}
    assert "http://" in mails[0].payload["body"]
    assert mails[0].payload["body"].rstrip().endswith("/x/")


@pytest.mark.django_db
def test_a_dedupe_key_notifies_once_however_often_the_caller_runs():
    alice = make_user("agent", username="alice")
    for _ in range(3):
        notify([alice], kind="deadline.breach", title="Breach", at=AT, dedupe_key="REC-1:response:breach")

    assert Notification.objects.filter(recipient=alice).count() == 1
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_a_user_reads_only_their_own_notifications():
    alice, bob = make_user("agent", username="alice"), make_user("agent", username="bob")
    notify([alice, bob], kind="escalation.received", title="Escalated", at=AT, email=False)

    assert OutboxMessage.objects.count() == 0
    assert mark_read(alice, at=AT, ids=Notification.objects.values_list("pk", flat=True)) == 1
    assert (unread_count(alice), unread_count(bob)) == (0, 1)
