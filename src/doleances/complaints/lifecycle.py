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


# Every state in which the case is still being handled; withdrawal and merging are possible
# from any of them.
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
FINAL_STATES = frozenset({State.CLOSED, State.WITHDRAWN, State.MERGED})
# States in which the agent may write to the customer: any open state, and a resolved case not
# yet closed. A closed case is reopened first, so that the exchange is handled again.
STATES_ACCEPTING_REPLY = OPEN_STATES | {State.RESOLVED}
# States in which the internal service clock is paused (the regulatory clock never is).
PAUSED_STATES = frozenset({State.WAITING_CUSTOMER})


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
    lines += [
        "",
        f"Open states: {', '.join(s.value for s in order if s in OPEN_STATES)}.",
        f"Final states: {', '.join(s.value for s in order if s in FINAL_STATES)}.",
        f"The agent may reply to the customer in: {', '.join(s.value for s in order if s in STATES_ACCEPTING_REPLY)}.",
        f"Service clock paused in: {', '.join(s.value for s in order if s in PAUSED_STATES)} (regulatory deadlines never pause).",
        "",
    ]
    return "\n".join(lines)
