"""The demo shows the answer: a French rejection with the mediator block refused on the portal (the
case reopened), a field notice to the technician, surveys of closed cases, a dissatisfied answer."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from doleances.answers.models import Decision, Survey
from doleances.messaging.models import Notification, OrganisationSettings

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_tells_the_whole_answer_story(role_groups):
    call_command("demo", "--if-empty", stdout=StringIO())

    refused = Decision.objects.get(customer_response="refused")
    assert refused.outcome == "rejected"
    assert OrganisationSettings.load().mediator_name in refused.body
    assert refused.complaint.status == "reopened"
    assert refused.letter is not None
    assert Notification.objects.filter(kind="decision.field_notice", recipient__username="tom").count() == 1
    assert Survey.objects.count() >= 1
    assert Survey.objects.filter(flagged=True).count() == 1
