"""Writers of customer records (issue 17): merging two records of one person.

A merge moves every complaint of one record to the other, each with an event on its own
timeline, keeps the merged record (pointing at the one it went into: nothing is lost) and writes
the Django admin log, all in one transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from doleances.complaints import access
from doleances.complaints.events import record_event
from doleances.complaints.models import Complaint, Customer
from doleances.core import clock
from doleances.core.actors import Actor
from doleances.core.errors import Conflict, DoleancesError, Forbidden

# What the surviving record takes from the merged one when it has no value of its own.
FILLED_FROM_MERGED = (
    "email",
    "phone",
    "organisation",
    "customer_number",
    "department",
    "segment",
    "annual_value",
    "account_manager",
    "onsite_technician",
)
CUSTOMER_MERGED = "customer.merged"


@transaction.atomic
def merge_customers(source: Customer, *, into: Customer, actor: Actor, at: datetime | None = None) -> Customer:
    """Merge the record `source` into `into` (the one that stays): its complaints move, its blank
    fields are filled from `source`, and `source` is kept, marked as merged. Returns `into`."""
    at = at or clock.now()
    person = access.require_person(actor, access.MERGE_CUSTOMERS)
    if source.pk == into.pk:
        raise DoleancesError("merge_into_self", _("A customer record cannot be merged into itself."), field="into")
    # Both rows in one query, in primary-key order: two opposite merges wait for each other.
    locked = {row.pk: row for row in Customer.objects.select_for_update().filter(pk__in=[source.pk, into.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[into.pk]
    if source.merged_into_id is not None:
        raise Conflict("customer_already_merged", _("This customer record was already merged into another one."))
    if target.merged_into_id is not None:
        raise Conflict(
            "customer_target_merged", _("The chosen record was itself merged into another one: choose that one."), field="into"
        )
    if source.kind != target.kind:
        raise Conflict(
            "customer_kind_differs",
            _("An internal requester and an external customer cannot be merged: check that they are the same person."),
            field="into",
        )
    for field, message in (
        ("account_manager", _("The two records have different account managers: settle which one is right first.")),
        ("onsite_technician", _("The two records have different on-site technicians: settle which one is right first.")),
    ):
        theirs, ours = getattr(source, f"{field}_id"), getattr(target, f"{field}_id")
        if theirs is not None and ours is not None and theirs != ours:
            raise Conflict(f"conflicting_{field}s", message, field="into")

    filled = [field for field in FILLED_FROM_MERGED if _blank(target, field) and not _blank(source, field)]
    for field in filled:
        setattr(target, field, getattr(source, field))
    if source.is_vip and not target.is_vip:
        target.is_vip = True
        filled.append("is_vip")
    if filled:
        target.save(update_fields=filled)

    moved = list(Complaint.objects.select_for_update().filter(customer=source).order_by("pk"))
    # A merge changes each moved complaint: the person must see every one of them.
    if access.visible_complaints(person).filter(customer=source).count() != len(moved):
        raise Forbidden(
            "merge_out_of_scope",
            _("Some complaints of this record are in teams you do not see: ask an administrator to merge it."),
        )
    data = {"from": source.pk, "from_name": source.name, "into": target.pk, "into_name": target.name}
    for complaint in moved:
        complaint.customer = target
        complaint.updated_at = at
        complaint.save(update_fields=["customer", "updated_at"])
        record_event(complaint, CUSTOMER_MERGED, actor=person, at=at, data=data)
    # Records merged into `source` earlier now point at the one that stays: one hop, always.
    Customer.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into, source.merged_at = target, at
    source.save(update_fields=["merged_into", "merged_at"])

    references = [c.reference for c in moved]
    moved_list = ", ".join(references) or "none"
    change = f"Merged customer #{source.pk} ({source.name}) into #{target.pk}; complaints moved: {moved_list}"
    if filled:
        change += f"; filled from the merged record: {', '.join(filled)}"
    LogEntry.objects.log_actions(person.pk, [source, target], CHANGE, change_message=change)
    return target


def _blank(customer: Customer, field: str) -> bool:
    value = getattr(customer, f"{field}_id" if field in ("account_manager", "onsite_technician") else field)
    return value is None or value == ""
