"""Who acts is always said: a person, or `SYSTEM`; `None` is refused by every service. The
system may move a case along, assign and classify it; only a person writes to the customer,
writes a note or merges two cases."""

import pytest

from doleances.complaints import access, services
from doleances.complaints.enums import Channel, Status
from doleances.complaints.lifecycle import Action
from doleances.complaints.models import Complaint, ComplaintEvent
from doleances.core.actors import SYSTEM
from doleances.core.errors import DoleancesError, Forbidden
from tests.fixtures.objects import make_complaint, make_user


def qualify(complaint, actor):
    return services.transition_complaint(complaint, Action.QUALIFY, actor=actor)


def assign(complaint, actor):
    return services.assign_complaint(complaint, assignee=make_user("agent", teams=(complaint.team,)), actor=actor)


def reclassify(complaint, actor):
    return services.reclassify_complaint(complaint, actor=actor, changes={"priority": "high"})


def reply(complaint, actor):
    return services.reply_to_customer(complaint, body="Bonjour", actor=actor)


def note(complaint, actor):
    return services.add_internal_note(complaint, body="Appel du client.", actor=actor)


def merge(complaint, actor):
    return services.merge_complaint(complaint, into=make_complaint(team=complaint.team, email="autre@example.org"), actor=actor)


SYSTEM_MAY = [qualify, assign, reclassify]
ONLY_A_PERSON = [reply, note, merge]


def last_event(complaint) -> ComplaintEvent:
    return ComplaintEvent.objects.filter(complaint=complaint).latest("sequence")


# No service lets a missing actor through; the system is refused what only a person does.
REFUSALS = [(service, None, "no_actor") for service in SYSTEM_MAY + ONLY_A_PERSON] + [
    (service, SYSTEM, "system_not_allowed") for service in ONLY_A_PERSON
]


@pytest.mark.parametrize(
    ("service", "actor", "code"), REFUSALS, ids=[f"{service.__name__}-{actor or 'none'}" for service, actor, _ in REFUSALS]
)
def test_a_missing_actor_is_refused_everywhere_and_the_system_where_only_a_person_acts(db, complaint, service, actor, code):
    events = complaint.events.count()

    with pytest.raises(Forbidden) as error:
        service(complaint, actor)

    assert (error.value.code, error.value.status) == (code, 403)
    assert complaint.events.count() == events


@pytest.mark.parametrize("service", SYSTEM_MAY, ids=lambda f: f.__name__)
def test_the_system_may_move_assign_and_classify_a_case_and_its_event_names_no_one(db, complaint, service):
    service(complaint, SYSTEM)

    event = last_event(complaint)
    assert (event.actor, event.actor_label) == (None, "")


def test_the_system_assigns_only_to_someone_who_may_be_assigned(db, complaint, agent):
    services.assign_complaint(complaint, assignee=agent, actor=SYSTEM)
    with pytest.raises(DoleancesError) as error:
        services.assign_complaint(complaint, assignee=make_user("agent"), actor=SYSTEM)  # in no team

    assert Complaint.objects.get(pk=complaint.pk).assignee == agent
    assert last_event(complaint).data == {"from": None, "to": agent.username}
    assert error.value.code == "assignee_not_allowed"


@pytest.mark.parametrize("service", SYSTEM_MAY + ONLY_A_PERSON, ids=lambda f: f.__name__)
def test_a_handler_of_the_team_may_do_each_of_them(db, complaint, agent, service):
    service(complaint, agent)

    assert last_event(complaint).actor == agent


def test_the_customer_resuming_a_waiting_case_is_the_system_acting(db, complaint, agent):
    for action in (Action.QUALIFY, Action.START, Action.WAIT_FOR_CUSTOMER):
        complaint = services.transition_complaint(complaint, action, actor=agent)

    services.add_customer_information(complaint, body="Voici la facture.", channel=Channel.WEB)

    resumed = last_event(complaint)
    assert (resumed.action, resumed.actor, resumed.actor_label, resumed.data["reason"]) == (
        "complaint.in_progress",
        None,
        "",
        "customer_replied",
    )
    assert Complaint.objects.get(pk=complaint.pk).status == Status.IN_PROGRESS


def test_intake_acknowledges_as_the_system(db, complaint):
    acknowledged = complaint.events.get(action="complaint.acknowledged")
    assert (acknowledged.actor, acknowledged.actor_label) == (None, "")


def test_require_names_each_refusal(db, complaint, agent):
    outsider = make_complaint(email="ailleurs@example.org")  # in no team: the agent does not see it
    access.require(agent, access.HANDLE, complaint)
    access.require(SYSTEM, access.HANDLE, complaint)
    refusals = []
    for actor, permission, obj in [
        (None, access.HANDLE, complaint),
        (SYSTEM, access.REPLY, complaint),
        (agent, access.HANDLE, outsider),
    ]:
        with pytest.raises(Forbidden) as error:
            access.require(actor, permission, obj)
        refusals.append(error.value.code)
    assert refusals == ["no_actor", "system_not_allowed", "permission_denied"]
