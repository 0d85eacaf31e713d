"""`doleances problems detect` prints what it proposed."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

from doleances.quality.models import Problem
from tests.quality.conftest import complaints_on, days_ago


def test_detect_command_prints_the_proposals(billing):
    complaints_on([days_ago(0)] * 4 + [days_ago(1)] * 3, category=billing)
    out = StringIO()

    with translation.override("en"):
        call_command("problems", "detect", "--today", "2026-03-12", stdout=out)

    problem = Problem.objects.get()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"#{problem.pk} [proposed] {problem.title}"
    assert lines[0].startswith(f"#{problem.pk} [proposed] Surge of complaints: Facturation")
    assert lines[1].startswith("  Facturation: 7 complaints in 3 days vs 0.1 expected")
    assert lines[2:] == ["1 problem(s) proposed."]


def test_detect_command_says_when_nothing_is_proposed(db):
    out = StringIO()
    call_command("problems", "detect", "--today", "2026-03-12", stdout=out)
    assert out.getvalue() == "0 problem(s) proposed.\n"
