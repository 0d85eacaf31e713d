"""System checks of the complaint domain (`doleances check --database default`, and `migrate`)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from doleances.complaints.queues import intake_problem


@checks.register(checks.Tags.database)
def check_intake_team(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when new complaints would belong to nobody's queue (never a silent orphan). A database
    check, as Django wants for checks that query: run by `migrate` and `check --database default`."""
    if not databases:
        return []
    try:
        problem = intake_problem()
    except DatabaseError:
        return []  # tables not created yet: `migrate` comes first
    if problem is None:
        return []
    return [checks.Warning(problem.message, hint=problem.hint, id=f"doleances.W{CODES[problem.code]}")]


CODES = {"no_intake_team": "001", "intake_team_without_handler": "002"}
