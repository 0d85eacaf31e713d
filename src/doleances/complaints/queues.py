"""Which team's queue a complaint belongs to, and when routing may still move it.

The order, strongest first: a team chosen explicitly (by a person, or by the channel: an API key
of one team) → a routing rule → the default team of the complaint's category → the intake team.
Routing only ever moves a complaint that sits where a weaker reason put it, so it never takes a
case away from a team somebody chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from doleances.complaints import selectors
from doleances.complaints.enums import TeamSource
from doleances.complaints.models import Category, Complaint, Team

# Strength of each reason; routing may replace a team put there by a reason no stronger (a
# category decided again sends the complaint to the new category's team).
STRENGTH = {
    TeamSource.INTAKE: 1,
    TeamSource.CATEGORY: 2,
    TeamSource.RULE: 3,
    TeamSource.CHANNEL: 4,
    TeamSource.PERSON: 4,
}


def intake_team() -> Team | None:
    """The active team flagged "intake team" in the admin, else the active team named by the
    DOLEANCES_INTAKE_TEAM setting, else None (the system check and the agent list warn)."""
    flagged = Team.objects.filter(is_intake=True, is_active=True).first()
    if flagged is not None:
        return flagged
    name = getattr(settings, "DOLEANCES_INTAKE_TEAM", "")
    if name:
        return Team.objects.filter(name=name, is_active=True).first()
    return None


def may_route(complaint: Complaint, source: TeamSource) -> bool:
    """May `source` put the complaint in another team? Yes when it has no team, or when its team
    came from a reason no stronger. A team whose reason is unknown (set before reasons were recorded,
    or by hand in the database) counts as chosen: it is never taken away."""
    if complaint.team_id is None:
        return True
    if not complaint.team_source:
        return False
    return STRENGTH[TeamSource(complaint.team_source)] <= STRENGTH[source]


def category_team(category: Category | None) -> Team | None:
    """The default team of the category or, when it has none, of its nearest parent that has one."""
    for node in reversed(category.ancestors_and_self() if category is not None else []):
        if node.default_team_id is not None and node.default_team.is_active:
            return node.default_team
    return None


@dataclass(frozen=True)
class IntakeProblem:
    code: str
    message: str
    hint: str


def intake_problem() -> IntakeProblem | None:
    """What keeps new complaints from reaching somebody's queue, or None when the intake team is
    set and has a handler. Told by the system check and on the agent list to administrators."""
    team = intake_team()
    hint = _("Tick “intake team” on one team in the administration (Teams), or set DOLEANCES_INTAKE_TEAM.")
    if team is None:
        flagged = Team.objects.filter(is_intake=True).first()
        name = getattr(settings, "DOLEANCES_INTAKE_TEAM", "")
        if flagged is not None:
            message = _("The intake team “%(team)s” is inactive.") % {"team": flagged.name}
        elif name:
            message = _("DOLEANCES_INTAKE_TEAM names no active team (“%(team)s”).") % {"team": name}
        else:
            message = _("No intake team is set.")
        message += " " + _(
            "New complaints that no routing rule or category sends to a team belong to no team: "
            "no agent sees them and nobody can be assigned to them."
        )
        return IntakeProblem("no_intake_team", message, hint)
    if not selectors.handlers().filter(teams=team).exists():
        message = _("The intake team “%(team)s” has no member who handles complaints: no agent sees its queue.") % {
            "team": team.name
        }
        return IntakeProblem("intake_team_without_handler", message, _("Add agents or supervisors to this team."))
    return None
