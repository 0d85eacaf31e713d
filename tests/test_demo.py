"""`make run` shows this data: the demo must build a believable, consistent workspace."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from doleances.analysis.models import ComplaintAnalysis
from doleances.complaints.checks import check_intake_team
from doleances.complaints.enums import Status
from doleances.complaints.events import verify_all_chains
from doleances.complaints.models import Complaint
from doleances.complaints.queues import intake_team
from doleances.demo.data import DEMO_PASSWORD
from doleances.quality.models import Problem
from tests.fixtures.objects import handlers_who_see

pytestmark = pytest.mark.django_db(transaction=True)


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_demo_builds_a_consistent_workspace_once(role_groups):
    output = run_demo("--if-empty")

    complaints = Complaint.objects.count()
    assert complaints >= 60
    assert f"{complaints} complaints created" in output
    assert len({c.status for c in Complaint.objects.all()}) >= 6  # every stage of the lifecycle shows
    assert Complaint.objects.filter(customer__is_vip=True, customer__annual_value__gt=0).exists()
    # The depot incident is proposed as a general drift, with its complaints.
    [problem] = Problem.objects.all()
    assert problem.links.count() >= 5
    # Every complaint was analysed; new ones waiting for a category get one suggested by the keyword rules.
    assert ComplaintAnalysis.objects.count() == complaints
    waiting = Complaint.objects.filter(category__isnull=True, status=Status.ACKNOWLEDGED)
    assert waiting.exists()
    suggested = ComplaintAnalysis.objects.filter(complaint__in=waiting, suggested_category__isnull=False)
    assert suggested.count() >= waiting.count() // 2
    assert all(a.category_source == "rules" for a in suggested)
    assert list(verify_all_chains()) == []
    # Every complaint is in a queue an agent handles: the demo sets the intake team, where the
    # complaints waiting for a category are; deciding one sends it to the category's team.
    assert intake_team().name == "Service réclamations"
    assert check_intake_team(databases=["default"]) == []
    assert {c.team for c in waiting} == {intake_team()}
    unhandled = [c.reference for c in Complaint.objects.select_related("team", "customer") if not handlers_who_see(c)]
    assert unhandled == []

    # Every demo user's password passes the password policy; the administrator and the supervisor
    # (second factor required) have an authenticator whose current code the command prints.
    for user in User.objects.all():
        validate_password(DEMO_PASSWORD, user)
    assert sorted(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)) == ["admin", "claire"]
    assert ".venv/bin/doleances demo --code admin" in output
    code = run_demo("--code", "admin").strip()
    assert re.fullmatch(r"\d{6}", code)
    assert TOTPDevice.objects.get(user__username="admin").verify_token(code)
    with pytest.raises(CommandError, match="“agent” has no demo authenticator"):
        run_demo("--code", "agent")

    # Run again (each `make run`): nothing added.
    assert "nothing added" in run_demo("--if-empty")
    assert Complaint.objects.count() == complaints
