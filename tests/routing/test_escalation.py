"""The escalation door: a timeline event, a priority raised (never lowered), the team notified."""

from datetime import UTC, datetime

import pytest

from doleances.complaints.enums import Priority
from doleances.core.actors import SYSTEM
from doleances.core.errors import Forbidden
from doleances.messaging.models import Notification
from doleances.routing.escalation import Trigger, escalate
from tests.fixtures.objects import make_user

AT = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_an_automatic_escalation_raises_the_priority_and_tells_the_team(complaint, agent):
    escalated = escalate(complaint, actor=SYSTEM, reason="Response target passed", trigger=Trigger.BREACH, at=AT)

    assert escalated.priority == Priority.HIGH
    actions = list(escalated.events.values_list("action", flat=True))
    assert actions[-2:] == ["complaint.priority_raised", "complaint.escalated"]
    assert escalated.events.last().data == {"trigger": "breach", "reason": "Response target passed"}
    assert Notification.objects.get(recipient=agent).complaint_reference == complaint.reference


@pytest.mark.django_db
def test_urgent_stays_urgent_and_an_outsider_cannot_escalate(complaint):
    complaint.priority = Priority.URGENT
    complaint.save(update_fields=["priority"])
    assert escalate(complaint, actor=SYSTEM, reason="again", at=AT).priority == Priority.URGENT

    with pytest.raises(Forbidden):
        escalate(complaint, actor=make_user("agent", username="elsewhere"), reason="not mine", at=AT)
