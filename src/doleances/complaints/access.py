"""The one place that decides who sees and who may handle which complaint.

Every list, count, search, export, detail and download starts from `visible_complaints(user)`
or `get_complaint_for(user, reference)`. Nothing else filters by permission. Every service that
checks a permission calls `require(actor, permission, obj)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from doleances.complaints import roles
from doleances.complaints.models import Complaint, Customer
from doleances.core.actors import SYSTEM, Actor
from doleances.core.errors import Forbidden

REFUSED = _("You are not allowed to do this on this complaint.")


@dataclass(frozen=True)
class Permission:
    """What a service requires: a `rules` permission a person must hold, whether the system
    itself (`core.actors.SYSTEM`) may act, and what the refused person is told."""

    rule: str
    system_may: bool
    refusal: Promise = REFUSED


# Per action, who may act. The system may move a case along (intake acknowledges, the customer's
# reply resumes a waiting case, sweeps), assign and classify it (routing rules); what engages the
# organisation or judges a case is a person's: words to the customer, notes, merging two cases,
# deciding on a suggestion (a person's choice is what trains the model).
HANDLE = Permission("complaints.handle_complaint", system_may=True)
REPLY = Permission("complaints.handle_complaint", system_may=False)
MERGE = Permission("complaints.handle_complaint", system_may=False)
COMMENT = Permission("complaints.comment_complaint", system_may=False)
DECIDE_ON_ANALYSIS = Permission("complaints.handle_complaint", system_may=False)
# Issue 17: registering a complaint for a customer (phone, counter, letter) is a handler's work;
# merging two customer records moves every complaint of one to the other: supervisors and
# administrators only.
REGISTER = Permission(
    "complaints.register_complaint",
    system_may=False,
    refusal=_("Only a complaint handler may register a complaint for a customer."),
)
MERGE_CUSTOMERS = Permission(
    "complaints.merge_customers",
    system_may=False,
    refusal=_("Only a supervisor or an administrator may merge two customer records."),
)


def require(actor: Actor | None, permission: Permission, obj: Any = None) -> None:
    """Raise `Forbidden` unless `actor` may do what `permission` guards (on `obj`, when given).
    `None` is always refused: a caller that does not say who acts is a bug, never the system."""
    if actor is None:
        raise Forbidden("no_actor", str(permission.refusal))
    if actor is SYSTEM:
        if not permission.system_may:
            raise Forbidden("system_not_allowed", str(permission.refusal))
        return
    if not actor.has_perm(permission.rule, obj):
        raise Forbidden("permission_denied", str(permission.refusal))


def require_person(actor: Actor | None, permission: Permission, obj: Any = None) -> User:
    """`require` for what only a person does (`system_may=False`): the person who acts."""
    require(actor, permission, obj)
    if actor is None or actor is SYSTEM:  # unreachable when system_may is False; a guard if not
        raise Forbidden("system_not_allowed", str(permission.refusal))
    return actor


def role_names(user) -> frozenset[str]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_doleances_roles", None)
    if cached is None:
        # Lists of people (assignment candidates) prefetch their groups: no query per person.
        prefetched = getattr(user, "_prefetched_objects_cache", {}).get("groups")
        if prefetched is not None:
            cached = frozenset(group.name for group in prefetched)
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))
        user._doleances_roles = cached
    return cached


def sees_everything(user) -> bool:
    return user.is_active and (user.is_superuser or bool(role_names(user) & roles.SEE_ALL_ROLES))


def is_handler(user) -> bool:
    return user.is_active and (user.is_superuser or bool(role_names(user) & roles.HANDLER_ROLES))


def is_administrator(user) -> bool:
    return user.is_active and (user.is_superuser or roles.ADMINISTRATOR in role_names(user))


def is_staff_member(user) -> bool:
    """May open the agent UI at all."""
    return user.is_authenticated and user.is_active and (user.is_superuser or bool(role_names(user)))


def may_supervise_mail(user) -> bool:
    """Sent mail and outbox pages: supervisors, administrators and superusers."""
    return is_staff_member(user) and (user.is_superuser or bool(role_names(user) & roles.SUPERVISION_ROLES))


def visible_complaints(user) -> QuerySet[Complaint]:
    qs = Complaint.objects.all()
    if not is_staff_member(user):
        return qs.none()
    if sees_everything(user):
        return qs
    # The customer's people stay a join: as `customer_id IN (...)` SQLite would answer the OR index
    # by index and sort every team row instead of walking the recency index (tests/test_query_plans.py).
    scope = Q(assignee=user) | Q(customer__account_manager=user) | Q(customer__onsite_technician=user)
    if is_handler(user):
        # Issue 17: who took a complaint by phone, at the counter or from a letter keeps it in
        # sight wherever routing sends it (they answer the customer's next call about it).
        scope |= Q(taken_by=user)
        scope |= Q(team__in=user.teams.values("pk"))
    return qs.filter(scope)


def visible_customers(user) -> QuerySet[Customer]:
    """Customer records a person may look up (issue 17). Handlers search the whole directory, as
    they must find a customer who calls about a case of another team (they see its identity, not
    its complaints: the customer page lists only `visible_complaints`); the roles that see every
    complaint see every customer; a contributor only the customers they manage or service.
    Merged records are left out: their complaints are on the record they were merged into."""
    qs = Customer.objects.filter(merged_into=None)
    if not is_staff_member(user):
        return qs.none()
    if sees_everything(user) or is_handler(user):
        return qs
    return qs.filter(Q(account_manager=user) | Q(onsite_technician=user))


def get_customer_for(user, pk: int) -> Customer:
    """The customer record if `user` may look it up, merged or not; 404 otherwise."""
    scope = visible_customers(user)
    qs = Customer.objects.filter(Q(pk__in=scope.values("pk")) | Q(merged_into__in=scope.values("pk")))
    try:
        return qs.select_related("account_manager", "onsite_technician", "merged_into").get(pk=pk)
    except Customer.DoesNotExist:
        raise Http404 from None


def may_merge_customers(user) -> bool:
    return user.is_active and (user.is_superuser or bool(role_names(user) & roles.SUPERVISION_ROLES))


def get_complaint_for(user, reference: str, *, queryset: QuerySet[Complaint] | None = None) -> Complaint:
    """The complaint if `user` may see it; 404 otherwise (never reveal that it exists)."""
    qs = queryset if queryset is not None else visible_complaints(user)
    try:
        return qs.select_related("customer", "team", "assignee", "category", "taken_by").get(reference=reference)
    except Complaint.DoesNotExist:
        raise Http404 from None


def has_conflict_of_interest(user, complaint: Complaint) -> bool:
    """The customer's account manager and on-site technician are judge and party (seed 000):
    they may add context, never handle the complaint."""
    customer = complaint.customer
    return user.pk is not None and user.pk in (customer.account_manager_id, customer.onsite_technician_id)


@rules.predicate
def can_handle_complaint(user, complaint: Complaint) -> bool:
    if not is_handler(user) or has_conflict_of_interest(user, complaint):
        return False
    return visible_complaints(user).filter(pk=complaint.pk).exists()


@rules.predicate
def can_comment_complaint(user, complaint: Complaint) -> bool:
    """Internal notes: handlers and contributors (account manager, technician)."""
    may_write = user.is_superuser or bool(role_names(user) & (roles.HANDLER_ROLES | roles.NOTE_ROLES))
    if not (user.is_active and may_write):
        return False
    return visible_complaints(user).filter(pk=complaint.pk).exists()


def is_service_user(user) -> bool:
    """An API key's user acts for an integration, not a person: it is never handed a case (it
    would then read it and post on it, whatever its key's teams). Lists select_related it."""
    try:
        return user.api_key is not None  # reverse one-to-one of api.ApiKey; the miss is cached too
    except ObjectDoesNotExist:
        return False


def is_team_member(user, team_id: int | None) -> bool:
    if team_id is None:
        return False
    prefetched = getattr(user, "_prefetched_objects_cache", {}).get("teams")
    if prefetched is not None:
        return any(team.pk == team_id for team in prefetched)
    return user.teams.filter(pk=team_id).exists()


def assignment_refusal(user, complaint: Complaint) -> str:
    """Why `user` may not be given the complaint ("" when they may). Only a person who handles
    complaints and sees this one without being its assignee: a member of its team, or a handler
    who sees every team (administrator). Never an API key's service user, never the customer's
    account manager or technician."""
    if is_service_user(user):
        return "service_user"
    if has_conflict_of_interest(user, complaint):
        return "conflict_of_interest"
    if not is_handler(user) or not (sees_everything(user) or is_team_member(user, complaint.team_id)):
        return "out_of_scope"
    return ""


def may_be_assigned(user, complaint: Complaint) -> bool:
    return not assignment_refusal(user, complaint)


rules.add_perm("complaints.handle_complaint", can_handle_complaint)
rules.add_perm("complaints.comment_complaint", can_comment_complaint)
rules.add_perm("complaints.register_complaint", rules.predicate(is_handler))
rules.add_perm("complaints.merge_customers", rules.predicate(may_merge_customers))
