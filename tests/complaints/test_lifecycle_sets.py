"""The named sets of states agree with the transition table (pure: no database)."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from doleances.complaints.lifecycle import (
    ACCEPTS_CUSTOMER_INPUT,
    ACCEPTS_REPLY,
    ALL_STATES,
    ANNOUNCED_TO_CUSTOMER,
    FINAL_STATES,
    MERGEABLE_TARGET,
    OPEN_STATES,
    REGULATORY_CLOCK_RUNNING,
    SERVICE_CLOCK_RUNNING,
    SETTLED_STATES,
    STATE_SETS,
    TRANSITIONS,
    Action,
    State,
    allowed_actions,
    next_status,
)

S = State
# Each state and the sets it belongs to, written out: the sets are a decision, not a derivation.
# Columns, in the order of STATE_SETS: open, settled, final, accepts customer input, accepts a
# reply, mergeable target, service clock running, regulatory clock running, announced to the customer.
MATRIX = {
    S.RECEIVED:         "x . . x x x x x .",
    S.ACKNOWLEDGED:     "x . . x x x x x x",
    S.QUALIFIED:        "x . . x x x x x .",
    S.IN_PROGRESS:      "x . . x x x x x x",
    S.WAITING_CUSTOMER: "x . . x x x . x x",
    S.ANSWERED:         "x . . x x x x x x",
    S.RESOLVED:         ". x . x x x . . x",
    S.CLOSED:           ". . x . . . . . x",
    S.REOPENED:         "x . . x x x x x x",
    S.WITHDRAWN:        ". . x . . . . . x",
    S.MERGED:           ". . x . . . . . x",
}  # fmt: skip
EXPECTED = {
    state: {name for name, mark in zip(STATE_SETS, row.split(), strict=True) if mark == "x"} for state, row in MATRIX.items()
}

states = st.sampled_from(list(State))
walks = st.lists(st.sampled_from(list(Action)), max_size=40)


def walk(actions: list[Action]) -> list[State]:
    """The states a complaint goes through from reception, the illegal actions skipped."""
    state, seen = State.RECEIVED, [State.RECEIVED]
    for action in actions:
        if action in allowed_actions(state):
            state = next_status(state, action)
            seen.append(state)
    return seen


def test_every_state_is_in_exactly_the_sets_expected():
    assert {state: {name for name, members in STATE_SETS.items() if state in members} for state in State} == EXPECTED


@given(states)
def test_every_state_is_open_settled_or_final_and_only_one_of_them(state):
    assert [state in OPEN_STATES, state in SETTLED_STATES, state in FINAL_STATES].count(True) == 1


@given(states)
def test_a_final_state_is_left_only_by_reopening_and_reopening_leads_to_an_open_state(state):
    actions = allowed_actions(state)
    if state in FINAL_STATES:
        assert set(actions) <= {Action.REOPEN}
        assert all(next_status(state, action) in OPEN_STATES for action in actions)
    else:
        assert actions, "only a final state is a dead end"


@given(states)
def test_customer_and_agent_may_write_in_the_same_states_every_state_but_the_final_ones(state):
    assert (state in ACCEPTS_CUSTOMER_INPUT) == (state in ACCEPTS_REPLY) == (state not in FINAL_STATES)


@given(states)
def test_withdrawing_and_merging_are_possible_exactly_from_the_open_states(state):
    assert (Action.WITHDRAW in allowed_actions(state)) == (Action.MERGE in allowed_actions(state)) == (state in OPEN_STATES)


@given(states)
def test_a_mergeable_target_is_one_that_still_takes_messages(state):
    assert (state in MERGEABLE_TARGET) == (state in ACCEPTS_CUSTOMER_INPUT)


@given(states)
def test_the_regulatory_clock_runs_wherever_the_service_clock_does_and_pauses_nowhere_open(state):
    if state in SERVICE_CLOCK_RUNNING:
        assert state in REGULATORY_CLOCK_RUNNING
    assert (state in REGULATORY_CLOCK_RUNNING) == (state in OPEN_STATES)


@given(walks)
def test_along_any_path_only_waiting_for_the_customer_pauses_the_service_clock(actions):
    for state in walk(actions):
        paused = state in REGULATORY_CLOCK_RUNNING and state not in SERVICE_CLOCK_RUNNING
        assert paused == (state == State.WAITING_CUSTOMER)


@given(walks)
def test_along_any_path_a_case_stops_taking_messages_only_in_a_final_state(actions):
    path = walk(actions)
    for before, after in itertools.pairwise(path):
        if before in ACCEPTS_CUSTOMER_INPUT and after not in ACCEPTS_CUSTOMER_INPUT:
            assert after in FINAL_STATES
        if before in FINAL_STATES:
            assert after == State.REOPENED  # the only way back, by a transition, never by a message


def test_every_transition_out_of_qualification_or_reception_is_announced():
    """The customer hears of every change of state except reception (told by intake itself) and
    qualification (internal work)."""
    assert {transition.to for transition in TRANSITIONS.values()} - ANNOUNCED_TO_CUSTOMER == {State.QUALIFIED}
    assert {State.RECEIVED, State.QUALIFIED} == ALL_STATES - ANNOUNCED_TO_CUSTOMER
