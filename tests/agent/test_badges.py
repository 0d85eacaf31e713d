"""Badge colours (classes of base.css) live in the agent's template tags, not in selectors or models."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from doleances.complaints.enums import Status


def badge(filter_name: str, code: str) -> str:
    return Template("{% load agent_tags %}{{ code|" + filter_name + " }}").render(Context({"code": code}))


@pytest.mark.parametrize(
    ("filter_name", "colours"),
    [
        ("customer_tone", {"calm": "ok", "dissatisfied": "warn", "angry": "danger", "distressed": "danger", "?": "neutral"}),
        ("risk_tone", {"low": "ok", "medium": "warn", "high": "danger", "critical": "danger", "?": "danger"}),
        ("problem_tone", {"proposed": "warn", "confirmed": "danger", "dismissed": "neutral", "closed": "ok", "?": "neutral"}),
        ("priority_tone", {"urgent": "danger", "high": "warn", "normal": "", "low": ""}),
        ("status_tone", {Status.WAITING_CUSTOMER: "warn", Status.RESOLVED: "ok", Status.IN_PROGRESS: "", "?": "neutral"}),
    ],
)
def test_each_code_has_its_badge_colour(filter_name, colours):
    assert {code: badge(filter_name, code) for code in colours} == colours
