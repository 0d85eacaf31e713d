"""Due dates of complaints: the profiles, service policies, pauses, recompute, extensions (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Category, Complaint, ComplaintEvent, Customer
from doleances.complaints.services import transition_complaint
from doleances.core.errors import Conflict, DoleancesError
from doleances.core.models import OutboxMessage
from doleances.core.regulatory import PROFILES
from doleances.sla.deadlines import Configuration, compute_due_dates
from doleances.sla.models import Calendar, ChannelTarget, ProfileAssignment, ServicePolicy
from doleances.sla.services import extend_answer_deadline, recompute, recompute_open_complaints
from tests.fixtures.objects import make_complaint

PARIS = ZoneInfo("Europe/Paris")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def local_end(zone, y, m, d) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=zone).astimezone(UTC)


def received(profile: str, when: datetime, **details) -> Complaint:
    return make_complaint(regulatory_profile=profile, received_at=when, at=when + timedelta(hours=1), **details)


def test_fr_acpr_acknowledges_within_10_jours_ouvrables_and_answers_within_two_months(db):
    # Thursday 31 December 2026, 10:00 Paris; 1 January is a holiday.
    c = received("fr-acpr", datetime(2026, 12, 31, 10, tzinfo=PARIS))
    # Policy default (2 business days) is earlier than the text's 10 jours ouvrables: the earlier applies.
    assert c.acknowledgement_due_at == local_end(PARIS, 2027, 1, 5)
    # 2 months from 31 December: the last day of February (a Sunday in 2027), moved to Monday 1 March.
    assert c.answer_due_at == local_end(PARIS, 2027, 3, 1)
    assert (c.sla_profile, c.summary_resolution_due_at) == ("fr-acpr", None)


def test_fr_acpr_acknowledgement_limit_applies_when_the_policy_is_later(db):
    cal = Calendar.objects.create(name="Siège")
    ServicePolicy.objects.create(name="Lent", calendar=cal, acknowledgement_amount=20, acknowledgement_unit="business_days")
    c = received("fr-acpr", datetime(2026, 5, 4, 9, tzinfo=PARIS))
    # 10 jours ouvrables from Monday 4 May: 5,6,7,9,11,12,13,15,16,18 (8 May and Ascension 14 May off).
    assert c.acknowledgement_due_at == local_end(PARIS, 2026, 5, 18)


def test_fr_payment_services_answer_within_15_jours_ouvrables(db):
    c = received("fr-payment-services", datetime(2026, 7, 1, 9, tzinfo=PARIS))
    # From Wednesday 1 July: 2, 3, 4, 6, 7, 8, 9, 10, 11, 13, 15, 16, 17, 18, 20 (Saturdays count,
    # Sundays and 14 July do not).
    assert c.answer_due_at == local_end(PARIS, 2026, 7, 20)


def test_uk_fca_disp_summary_resolution_and_eight_weeks(db):
    c = received("uk-fca-disp", datetime(2026, 12, 23, 15, tzinfo=LONDON))
    # 3rd business day after Wednesday 23 Dec: 24, 29, 30 (25, 28 substitute for Boxing Day).
    assert c.summary_resolution_due_at == local_end(LONDON, 2026, 12, 30)
    assert c.answer_due_at == local_end(LONDON, 2027, 2, 17)
    assert c.sla_calendar  # the service calendar is named


def test_uk_fca_disp_payments_15_business_days(db):
    c = received("uk-fca-disp-payments", datetime(2026, 8, 21, 9, tzinfo=LONDON))
    # Summer bank holiday Monday 31 August 2026.
    assert c.answer_due_at == local_end(LONDON, 2026, 9, 14)


def test_us_cfpb_15_calendar_days(db):
    c = received("us-cfpb", datetime(2026, 6, 30, 22, tzinfo=NEW_YORK))
    assert c.answer_due_at == local_end(NEW_YORK, 2026, 7, 15)


def test_a_request_for_information_has_no_regulatory_clock(db):
    c = received("fr-acpr", datetime(2026, 5, 4, 9, tzinfo=PARIS), kind="request")
    # The policy's answer target (10 business days) instead of the text's two months.
    assert c.answer_due_at == c.response_due_at == local_end(PARIS, 2026, 5, 20)  # 8 and 14 May off


def test_the_profile_of_a_category_then_segment_then_the_organisation(db, settings):
    category = Category.objects.create(name="Paiements")
    ProfileAssignment.objects.create(profile="fr-payment-services", category=category)
    c = make_complaint(category=None)
    config = Configuration.load()
    assert config.profile_for(c) == (PROFILES["iso-10002"], "organisation")
    c.category = category
    assert config.profile_for(c)[0].id == "fr-payment-services"
    settings.DOLEANCES_REGULATORY_PROFILE = "fr-acpr"
    c.category = None
    assert config.profile_for(c)[0].id == "fr-acpr"


def test_the_most_specific_policy_and_the_channel_target_apply(db):
    cal = Calendar.objects.create(name="Siège")
    ServicePolicy.objects.create(name="Tous", calendar=cal, answer_amount=10, answer_unit="business_days")
    ServicePolicy.objects.create(name="Urgent", calendar=cal, priority="urgent", answer_amount=4, answer_unit="hours")
    ChannelTarget.objects.create(channel="web", amount=1, unit="business_days")
    c = received("", datetime(2026, 12, 4, 16, tzinfo=PARIS))
    assert c.response_due_at == local_end(PARIS, 2026, 12, 18)
    assert c.first_response_due_at == local_end(PARIS, 2026, 12, 7)
    Complaint.objects.filter(pk=c.pk).update(priority="urgent")
    recompute(c, at=c.registered_at, reason="priority_changed")
    c.refresh_from_db()
    # 16:00 Friday + 4 working hours (9-18): 2 h Friday, 2 h Monday → 11:00 Monday.
    assert c.response_due_at == datetime(2026, 12, 7, 11, tzinfo=PARIS).astimezone(UTC)
    event = c.events.get(action="complaint.due_dates_changed")
    assert event.data["reason"] == "priority_changed"
    assert set(event.data["changes"]) == {"response", "answer"}


def wait_and_resume(c: Complaint, agent, *, at: datetime, days: float) -> Complaint:
    transition_complaint(c, Action.QUALIFY, actor=agent, at=at)
    transition_complaint(c, Action.START, actor=agent, at=at)
    transition_complaint(c, Action.WAIT_FOR_CUSTOMER, actor=agent, at=at)
    transition_complaint(c, Action.RESUME, actor=agent, at=at + timedelta(days=days))
    c.refresh_from_db()
    return c


def test_a_pause_moves_internal_targets_never_the_regulatory_answer(db, agent, team):
    c = received("fr-acpr", datetime(2026, 3, 2, 9, tzinfo=PARIS), team=team)
    before = (c.response_due_at, c.answer_due_at)
    c = wait_and_resume(c, agent, at=c.registered_at, days=3)
    assert c.response_due_at == before[0] + timedelta(days=3)
    assert c.answer_due_at == before[1]
    assert c.service_paused_seconds == 3 * 86400
    event = c.events.filter(action="complaint.due_dates_changed").get()
    assert event.data["reason"] == "service_clock_resumed"
    # A later recompute keeps the pause.
    recompute(c, at=c.updated_at, reason="policy_changed")
    c.refresh_from_db()
    assert c.response_due_at == before[0] + timedelta(days=3)


def test_a_pause_longer_than_the_deadline_leaves_nothing_breached_during_it(db, agent, team):
    c = received("", datetime(2026, 3, 2, 9, tzinfo=PARIS), team=team)
    transition_complaint(c, Action.QUALIFY, actor=agent, at=c.registered_at)
    transition_complaint(c, Action.START, actor=agent, at=c.registered_at)
    transition_complaint(c, Action.WAIT_FOR_CUSTOMER, actor=agent, at=c.registered_at)
    c.refresh_from_db()
    assert "response" not in c.pending_due_dates()
    assert c.pending_due_dates()["answer"] == c.answer_due_at  # the answer deadline still runs
    transition_complaint(c, Action.RESUME, actor=agent, at=c.registered_at + timedelta(days=40))
    c.refresh_from_db()
    assert c.response_due_at > c.registered_at + timedelta(days=40)


@settings(max_examples=25, deadline=None)
@given(paused=st.integers(0, 90 * 86400), profile=st.sampled_from(list(PROFILES)))
def test_a_pause_never_makes_an_internal_target_earlier_and_never_moves_a_regulatory_deadline(paused, profile):
    c = Complaint(received_at=datetime(2026, 2, 27, 23, tzinfo=UTC), kind="complaint", priority="normal", channel="web")
    c.customer = Customer(segment="", is_vip=False)
    c.regulatory_profile = profile
    config = Configuration(policies=[], closures={}, channel_targets={}, by_category={}, by_segment={})
    basis = config.basis_for(c)
    plain, moved = compute_due_dates(c.received_at, basis), compute_due_dates(c.received_at, basis, paused_seconds=paused)
    assert moved.response >= plain.response
    assert (moved.answer, moved.acknowledgement, moved.summary_resolution) == (
        plain.answer,
        plain.acknowledgement,
        plain.summary_resolution,
    )


def test_a_policy_edit_recomputes_open_complaints_not_closed_ones(db, agent, team):
    open_case = received("", datetime(2026, 3, 2, 9, tzinfo=PARIS), team=team)
    closed = received("", datetime(2026, 3, 2, 9, tzinfo=PARIS), team=team, name="Paul", email="paul@example.org")
    for action in (Action.QUALIFY, Action.START, Action.ANSWER, Action.RESOLVE, Action.CLOSE):
        transition_complaint(closed, action, actor=agent, at=closed.registered_at)
    closed.refresh_from_db()
    kept = closed.response_due_at
    cal = Calendar.objects.create(name="Siège")
    ServicePolicy.objects.create(name="Plus court", calendar=cal, answer_amount=5, answer_unit="business_days")
    assert recompute_open_complaints(at=open_case.registered_at, reason="policy_changed") == 1
    open_case.refresh_from_db()
    closed.refresh_from_db()
    assert open_case.response_due_at == local_end(PARIS, 2026, 3, 9)
    assert closed.response_due_at == kept
    assert not closed.events.filter(action="complaint.due_dates_changed").exists()


def test_an_extension_with_a_holding_reply_moves_the_answer_and_queues_the_letter(db, agent, team):
    c = received("fr-payment-services", datetime(2026, 7, 1, 9, tzinfo=PARIS), team=team)
    new_due = local_end(PARIS, 2026, 7, 31)  # within 35 jours ouvrables (6 August)
    extend_answer_deadline(c, new_due=new_due, reason="Nous attendons la réponse du commerçant.", actor=agent, at=c.registered_at)
    c.refresh_from_db()
    assert (c.answer_due_at, c.answer_extended_due_at) == (local_end(PARIS, 2026, 7, 20), new_due)
    letter = OutboxMessage.objects.get(payload__template="extension_letter")
    assert "commerçant" in letter.payload["body"]
    assert "31 juillet 2026" in letter.payload["body"]
    changed = c.events.get(action="complaint.due_dates_changed")
    assert changed.data["reason"] == "extension"
    assert changed.data["explanation"] == "Nous attendons la réponse du commerçant."
    assert c.events.filter(action="complaint.holding_reply_sent").exists()


def test_an_extension_beyond_the_text_limit_or_without_reason_is_refused(db, agent, team):
    c = received("fr-payment-services", datetime(2026, 7, 1, 9, tzinfo=PARIS), team=team)
    with pytest.raises(DoleancesError) as refusal:
        extend_answer_deadline(c, new_due=local_end(PARIS, 2026, 9, 30), reason="Long.", actor=agent)
    assert refusal.value.code == "extension_beyond_limit"
    with pytest.raises(DoleancesError) as refusal:
        extend_answer_deadline(c, new_due=local_end(PARIS, 2026, 7, 25), reason="  ", actor=agent)
    assert refusal.value.code == "reason_required"
    with pytest.raises(DoleancesError) as refusal:
        extend_answer_deadline(c, new_due=local_end(PARIS, 2026, 7, 10), reason="Plus tôt ?", actor=agent)
    assert refusal.value.code == "extension_not_later"
    assert not OutboxMessage.objects.filter(payload__template="extension_letter").exists()


def test_an_extension_is_refused_where_the_profile_allows_none(db, agent, team):
    c = received("fr-acpr", datetime(2026, 7, 1, 9, tzinfo=PARIS), team=team)
    with pytest.raises(Conflict) as refusal:
        extend_answer_deadline(c, new_due=local_end(PARIS, 2026, 10, 1), reason="Enquête", actor=agent)
    assert refusal.value.code == "extension_not_allowed"
    assert "ACPR" in refusal.value.message
    c.refresh_from_db()
    assert c.answer_extended_due_at is None
    assert not ComplaintEvent.objects.filter(complaint=c, action="complaint.due_dates_changed").exists()
