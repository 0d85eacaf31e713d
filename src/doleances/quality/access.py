"""Who may read and who may decide systemic problems. Which complaints a person sees inside a
problem is still decided by `complaints.access.visible_complaints` alone."""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from doleances.complaints import roles
from doleances.complaints.access import Permission, is_staff_member, role_names

DECIDE_ROLES = frozenset({roles.QUALITY_MANAGER, roles.SUPERVISOR, roles.ADMINISTRATOR})
# Auditors read everything, change nothing.
VIEW_ROLES = DECIDE_ROLES | {roles.AUDITOR}


def may_view_problems(user) -> bool:
    return is_staff_member(user) and (user.is_superuser or bool(role_names(user) & VIEW_ROLES))


def may_decide_problems(user) -> bool:
    return is_staff_member(user) and (user.is_superuser or bool(role_names(user) & DECIDE_ROLES))


rules.add_perm("quality.decide_problem", may_decide_problems)
# Creating, confirming, dismissing, closing a problem and linking complaints to it are a person's
# decisions; detection only proposes (with `core.actors.SYSTEM`, through its own helpers).
DECIDE_PROBLEMS = Permission("quality.decide_problem", system_may=False, refusal=_("You are not allowed to decide on problems."))
