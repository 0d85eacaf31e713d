"""The complaint lifecycle (ISO 10002 §7) as one pure transition table.

Only `complaints.services.transition_complaint` applies it; the UI asks `allowed_actions`
which buttons to show. `docs/lifecycle.md` is rendered from this table (a test keeps it fresh).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class State(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    QUALIFIED = "qualified"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    ANSWERED = "answered"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"


class Action(enum.StrEnum):
    ACKNOWLEDGE = "acknowledge"
    QUALIFY = "qualify"
    START = "start"
    WAIT_FOR_CUSTOMER = "wait_for_customer"
    RESUME = "resume"
    ANSWER = "answer"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    MERGE = "merge"


ALL_STATES = frozenset(State)
# Being handled: the case sits in a queue, its deadlines run, it may be withdrawn or merged.
OPEN_STATES = frozenset(
    {
        State.RECEIVED,
        State.ACKNOWLEDGED,
        State.QUALIFIED,
        State.IN_PROGRESS,
        State.WAITING_CUSTOMER,
        State.ANSWERED,
        State.REOPENED,
    }
)
# Nothing happens any more; only a closed case may be reopened, by the reopen transition (a
# message never reopens a case: someone decides to handle it again).
FINAL_STATES = frozenset({State.CLOSED, State.WITHDRAWN, State.MERGED})
# Resolved is neither open nor final: settled, no deadline runs, and the follow-up after the
# resolution (seed 004: "assurez un suivi après la résolution") is still a conversation.
SETTLED_STATES = ALL_STATES - OPEN_STATES - FINAL_STATES

# One rule both ways: the customer may add information, and the agent may reply, in the same
# states, every state that is not final. A closed case is reopened first, then the exchange goes on.
ACCEPTS_CUSTOMER_INPUT = ALL_STATES - FINAL_STATES
ACCEPTS_REPLY = ACCEPTS_CUSTOMER_INPUT
# A complaint may be merged into another that is not final (merging itself is from an open state).
MERGEABLE_TARGET = ALL_STATES - FINAL_STATES
# The internal service targets (SLA policies) pause while the case waits for the customer; the
# regulatory deadlines never pause: they run in every open state.
REGULATORY_CLOCK_RUNNING = OPEN_STATES
SERVICE_CLOCK_RUNNING = OPEN_STATES - {State.WAITING_CUSTOMER}
# Entering these states is told to the customer on the portal timeline (received is told by
# intake; qualification is internal work).
ANNOUNCED_TO_CUSTOMER = ALL_STATES - {State.RECEIVED, State.QUALIFIED}

# The named sets, as docs/lifecycle.md shows them.
STATE_SETS: dict[str, frozenset[State]] = {
    "open": OPEN_STATES,
    "settled": SETTLED_STATES,
    "final": FINAL_STATES,
    "accepts customer input": ACCEPTS_CUSTOMER_INPUT,
    "accepts a reply": ACCEPTS_REPLY,
    "mergeable target": MERGEABLE_TARGET,
    "service clock running": SERVICE_CLOCK_RUNNING,
    "regulatory clock running": REGULATORY_CLOCK_RUNNING,
    "announced to the customer": ANNOUNCED_TO_CUSTOMER,
}


@dataclass(frozen=True)
class Transition:
    frm: frozenset[State]
    to: State


TRANSITIONS: dict[Action, Transition] = {
    Action.ACKNOWLEDGE: Transition(frozenset({State.RECEIVED}), State.ACKNOWLEDGED),
    Action.QUALIFY: Transition(frozenset({State.ACKNOWLEDGED}), State.QUALIFIED),
    Action.START: Transition(frozenset({State.QUALIFIED, State.REOPENED}), State.IN_PROGRESS),
    Action.WAIT_FOR_CUSTOMER: Transition(frozenset({State.IN_PROGRESS}), State.WAITING_CUSTOMER),
    Action.RESUME: Transition(frozenset({State.WAITING_CUSTOMER}), State.IN_PROGRESS),
    Action.ANSWER: Transition(frozenset({State.IN_PROGRESS}), State.ANSWERED),
    Action.RESOLVE: Transition(frozenset({State.ANSWERED}), State.RESOLVED),
    Action.CLOSE: Transition(frozenset({State.RESOLVED}), State.CLOSED),
    Action.REOPEN: Transition(frozenset({State.ANSWERED, State.RESOLVED, State.CLOSED}), State.REOPENED),
    Action.WITHDRAW: Transition(OPEN_STATES, State.WITHDRAWN),
    Action.MERGE: Transition(OPEN_STATES, State.MERGED),
}


class TransitionNotAllowed(Exception):
    def __init__(self, action: Action, state: State) -> None:
        super().__init__(f"cannot {action.value} a complaint that is {state.value}")
        self.action = action
        self.state = state


def next_status(state: State | str, action: Action | str) -> State:
    state, action = State(state), Action(action)
    transition = TRANSITIONS[action]
    if state not in transition.frm:
        raise TransitionNotAllowed(action, state)
    return transition.to


def allowed_actions(state: State | str) -> list[Action]:
    state = State(state)
    return [action for action, transition in TRANSITIONS.items() if state in transition.frm]


def render_markdown() -> str:
    """The table as docs/lifecycle.md shows it."""
    lines = [
        "# Complaint lifecycle",
        "",
        "Generated from `src/doleances/complaints/lifecycle.py` (a test fails when this file is stale).",
        "",
        "| action | from | to |",
        "| --- | --- | --- |",
    ]
    order = list(State)
    for action, transition in TRANSITIONS.items():
        frm = ", ".join(s.value for s in sorted(transition.frm, key=order.index))
        lines.append(f"| {action.value} | {frm} | {transition.to.value} |")
    lines += ["", "| state | " + " | ".join(STATE_SETS) + " |", "| --- |" + " --- |" * len(STATE_SETS)]
    for state in order:
        marks = " | ".join("yes" if state in states else "" for states in STATE_SETS.values())
        lines.append(f"| {state.value} | {marks} |")
    lines += ["", "Regulatory deadlines never pause; the service clock pauses while the case waits for the customer.", ""]
    return "\n".join(lines)
