"""The transition table, pure: every allowed and every illegal transition."""

from pathlib import Path

import pytest

from doleances.complaints.enums import Status
from doleances.complaints.lifecycle import (
    FINAL_STATES,
    OPEN_STATES,
    TRANSITIONS,
    Action,
    State,
    TransitionNotAllowed,
    allowed_actions,
    next_status,
    render_markdown,
)

ALL_PAIRS = [(state, action) for state in State for action in Action]
LEGAL = [(s, a) for s, a in ALL_PAIRS if s in TRANSITIONS[a].frm]
ILLEGAL = [(s, a) for s, a in ALL_PAIRS if s not in TRANSITIONS[a].frm]


def test_design_lifecycle_is_the_table():
    assert {a: (set(t.frm), t.to) for a, t in TRANSITIONS.items()} == {
        Action.ACKNOWLEDGE: ({State.RECEIVED}, State.ACKNOWLEDGED),
        Action.QUALIFY: ({State.ACKNOWLEDGED}, State.QUALIFIED),
        Action.START: ({State.QUALIFIED, State.REOPENED}, State.IN_PROGRESS),
        Action.WAIT_FOR_CUSTOMER: ({State.IN_PROGRESS}, State.WAITING_CUSTOMER),
        Action.RESUME: ({State.WAITING_CUSTOMER}, State.IN_PROGRESS),
        Action.ANSWER: ({State.IN_PROGRESS}, State.ANSWERED),
        Action.RESOLVE: ({State.ANSWERED}, State.RESOLVED),
        Action.CLOSE: ({State.RESOLVED}, State.CLOSED),
        Action.REOPEN: ({State.ANSWERED, State.RESOLVED, State.CLOSED}, State.REOPENED),
        Action.WITHDRAW: (set(OPEN_STATES), State.WITHDRAWN),
        Action.MERGE: (set(OPEN_STATES), State.MERGED),
    }


@pytest.mark.parametrize(("state", "action"), LEGAL)
def test_legal_transition_goes_to_its_target(state, action):
    assert next_status(state, action) == TRANSITIONS[action].to


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transition_raises(state, action):
    with pytest.raises(TransitionNotAllowed) as error:
        next_status(state, action)
    assert error.value.state == state
    assert error.value.action == action


def test_final_states_allow_nothing_but_reopening_a_closed_case():
    assert allowed_actions(State.CLOSED) == [Action.REOPEN]
    assert allowed_actions(State.WITHDRAWN) == []
    assert allowed_actions(State.MERGED) == []
    assert FINAL_STATES.isdisjoint(OPEN_STATES)


def test_every_state_is_reachable_from_received():
    seen, frontier = {State.RECEIVED}, [State.RECEIVED]
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = TRANSITIONS[action].to
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(State)


def test_model_choices_match_the_pure_states():
    assert set(Status.values) == {s.value for s in State}


def test_lifecycle_document_is_up_to_date():
    doc = Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md"
    assert doc.read_text() == render_markdown(), (
        "stale: regenerate with python -c 'from doleances.complaints.lifecycle import render_markdown as r; "
        'print(r(), end="")\' > docs/lifecycle.md'
    )
