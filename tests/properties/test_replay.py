"""Replay equals live state, and a command that is not accepted leaves the store as it was.

Random sequences of commands (enter the higher organisation, found branches under it or under one
not in the record with too few, enough or too many full members, receive applications from people
of every age, talk with applicants before, on and after the deadline) are recorded through the
Recorder into a fresh SQLite store, and judged in memory by the domain alone, with the same
rulebook. The two must agree on every outcome, and every aggregate loaded back from the store
must equal the one the domain built in memory.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

from attrs import evolve
from eventsourcing.domain import Aggregate
from hypothesis import example, given, settings
from hypothesis import strategies as st
from replay_support import (
    ACTOR,
    BRANCH_CODES,
    BRANCH_STATE,
    COMMANDS,
    ENTER_ORGANISATION,
    MEMBER_NUMBERS,
    MEMBER_STATE,
    ORGANISATION,
    ORGANISATION_STATE,
    PARENTS,
    RULEBOOK,
    Command,
    Live,
    talk_with_offset,
)

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.step import Step
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.store.app import BranchBook


@contextmanager
def fresh_store() -> Iterator[BranchBook]:
    """An application on an empty SQLite file of its own, closed and removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        app = BranchBook(f"sqlite:///{Path(tmp) / 'store.db'}")
        try:
            yield app
        finally:
            app.close()


def public_state(aggregate: Aggregate) -> dict[str, Any]:
    """The aggregate's own attributes, without the library's bookkeeping (_id, _version, ...)."""
    return {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}


def notifications(app: BranchBook) -> list[tuple[int, str, int, str]]:
    """Every stored event's position, aggregate, version and topic, in the log's order."""
    return [
        (n.id, str(n.originator_id), n.originator_version, n.topic)
        for n in app.recorder.select_notifications(None, 100_000)
    ]


def subject_id(outcome: Outcome) -> UUID:
    assert outcome.subject is not None
    if outcome.command == "org.add":
        return ids.organisation_id(outcome.subject)
    if outcome.command == "branch.found":
        return ids.branch_id(outcome.subject)
    return ids.member_id(outcome.subject)


def step_of(event: object) -> Step:
    """The step every event of the record book carries."""
    assert isinstance(
        event,
        Organisation.Registered | Branch.Founded | Branch.Event | Member.Applied | Member.Event,
    )
    return event.step


def expected_state(aggregate: Aggregate) -> set[str]:
    """The public attributes every aggregate of its kind has."""
    if isinstance(aggregate, Organisation):
        return ORGANISATION_STATE
    return BRANCH_STATE if isinstance(aggregate, Branch) else MEMBER_STATE


def assert_store_matches(app: BranchBook, live: Live, accepted: Counter[UUID]) -> None:
    """Every live aggregate, loaded back from the store, is the same in state, version, steps."""
    for aggregate in live.aggregates():
        stored: Aggregate = app.repository.get(aggregate.id)
        assert type(stored) is type(aggregate)
        state = public_state(stored)
        assert set(state) == expected_state(aggregate)
        assert state == public_state(aggregate)
        assert stored.version == aggregate.version == accepted[aggregate.id]
        # The recorder names the command each step belongs to and its key; the live copies
        # know neither.
        stored_steps = [
            (type(e), evolve(step_of(e), command=None, key=None))
            for e in app.events.get(aggregate.id)
        ]
        assert stored_steps == [(type(e), step_of(e)) for e in aggregate.pending_events]
    for code in set(BRANCH_CODES) - set(live.branches):
        assert app.find(ids.branch_id(code)) is None
    for number in set(MEMBER_NUMBERS) - set(live.members):
        assert app.find(ids.member_id(number)) is None
    for code in set(PARENTS) - set(live.organisations):
        assert app.find(ids.organisation_id(code)) is None
    assert len(notifications(app)) == sum(accepted.values())


@settings(max_examples=30, deadline=None)
@given(COMMANDS)
def test_every_aggregate_rebuilt_from_its_stored_events_equals_the_live_one(
    commands: list[Command],
) -> None:
    live = Live()
    accepted: Counter[UUID] = Counter()
    with fresh_store() as app:
        recorder = Recorder(app, RULEBOOK, actor=ACTOR)
        for command in commands:
            raw = live.raw(command)
            expected = live.run(command, raw)

            outcome = recorder.record(command.name, raw)

            assert outcome.status == expected, (command, raw, outcome)
            if outcome.accepted:
                accepted[subject_id(outcome)] += 1
        assert_store_matches(app, live, accepted)


@settings(max_examples=30, deadline=None)
@given(COMMANDS)
def test_a_command_that_is_not_accepted_leaves_the_store_exactly_as_it_was(
    commands: list[Command],
) -> None:
    live = Live()
    with fresh_store() as app:
        recorder = Recorder(app, RULEBOOK, actor=ACTOR)
        for command in commands:
            raw = live.raw(command)
            live.run(command, raw)
            before = notifications(app)

            outcome = recorder.record(command.name, raw)

            after = notifications(app)
            if outcome.accepted:
                assert after[: len(before)] == before
                assert len(after) == len(before) + 1
                assert list(outcome.positions) == [after[-1][0]]
                assert after[-1][1] == str(subject_id(outcome))
            else:
                assert after == before, (command, outcome)
                # Already recorded: the positions are those of the earlier, identical step.
                assert (outcome.positions == ()) == (outcome.status != "already-recorded")


@settings(max_examples=30, deadline=None)
@given(COMMANDS, st.integers(min_value=1, max_value=8))
def test_a_journal_recorded_in_batches_stores_only_its_accepted_lines(
    commands: list[Command], batch_size: int
) -> None:
    live = Live()
    expected: list[str] = []
    items: list[Item] = []
    for line, command in enumerate(commands, start=1):
        raw = live.raw(command)
        expected.append(live.run(command, raw))
        items.append(Item(line, {"command": command.name, **raw}))
    with fresh_store() as app:
        recorder = Recorder(app, RULEBOOK, actor=ACTOR)

        outcomes = list(recorder.record_many(items, batch_size=batch_size))

        assert [o.status for o in outcomes] == expected
        assert [o.line for o in outcomes] == list(range(1, len(commands) + 1))
        accepted = Counter(subject_id(o) for o in outcomes if o.accepted)
        assert_store_matches(app, live, accepted)
        stored = {n[0] for n in notifications(app)}
        assert sorted(p for o in outcomes if o.accepted for p in o.positions) == sorted(stored)


def two_applicants_talked_with_in_reverse_order() -> list[Command]:
    founding = {"code": "B1", "name": "B", "kind": "regular", "parent": ORGANISATION}
    return [
        ENTER_ORGANISATION,
        Command("branch.found", {**founding, "full-members": "3"}, 0),
        Command("member.apply", {"member": "M1", "name": "A", "branch": "B1"}, 0, 30 * 365),
        Command("member.apply", {"member": "M2", "name": "B", "branch": "B1"}, 0, 30 * 365),
        talk_with_offset("M2", 1),
        talk_with_offset("M1", 1),
    ]


@settings(max_examples=30, deadline=None)
@example(two_applicants_talked_with_in_reverse_order(), 8)
@example(two_applicants_talked_with_in_reverse_order(), 3)
@given(COMMANDS, st.integers(min_value=1, max_value=8))
def test_a_journal_is_stored_in_the_order_of_its_lines(
    commands: list[Command], batch_size: int
) -> None:
    # The notification log is the application's sequence: projections and audits read it in
    # order, so within one transaction too the events must follow the journal's lines.
    live = Live()
    items: list[Item] = []
    for line, command in enumerate(commands, start=1):
        raw = live.raw(command)
        live.run(command, raw)
        items.append(Item(line, {"command": command.name, **raw}))
    with fresh_store() as app:
        recorder = Recorder(app, RULEBOOK, actor=ACTOR)

        outcomes = list(recorder.record_many(items, batch_size=batch_size))

        in_line_order = [p for o in outcomes if o.accepted for p in o.positions]
        assert in_line_order == [n[0] for n in notifications(app)]
