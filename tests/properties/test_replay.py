"""Replay equals live state, and a command that is not accepted leaves the store as it was.

Random sequences of commands (enter the higher organisation, found branches under it or under one
not in the record with too few, enough or too many full members, receive applications from people
of every age, talk with applicants before, on and after the deadline) are recorded through the
Recorder into a fresh SQLite store, and judged in memory by the domain alone, with the same
rulebook. The two must agree on every outcome, and every aggregate loaded back from the store
must equal the one the domain built in memory.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from attrs import evolve, frozen
from branchbook.workflows.recording.recorder import Item, Outcome, Recorder
from branchbook.workflows.store.app import BranchBook
from eventsourcing.domain import Aggregate
from hypothesis import example, given, settings
from hypothesis import strategies as st

from branchbook.domain import ids
from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Body, Organisation, OrganisationKind
from branchbook.domain.rulefile import load_rulebook
from branchbook.domain.rules import Judge, RuleViolation
from branchbook.domain.step import Step

ACTOR = "property"
BASE = date(2019, 6, 1)
BRANCH_CODES = ("B1", "B2")
ORGANISATION = "C1"
# Branches are founded under the organisation entered first, or under one not in the record.
PARENTS = ("C1", "C1", "C1", "C9")
MEMBER_NUMBERS = ("M1", "M2", "M3")
# A second version from 2021 lowers the age and lengthens the talk deadline, so a step's date
# decides which version judges it and which fingerprint it carries.
RULEBOOK = load_rulebook(
    """\
[[versions]]
id = "2021"
effective_from = 2021-01-01
[versions.rules."applicant.min_age"]
min_age_years = 16
[versions.rules."applicant.talk_deadline"]
months = 2
""",
    builtin_rulebook(),
)
MEMBER_STATE = {
    "number", "name", "birth", "branch", "status", "applied", "talks", "enrolled",
    "last_change", "standings", "activist_on", "contacts", "recommended_by", "assessments",
    "candidate_on", "review_passed", "reviewed_on", "trainings", "introducers",
    "prereviewed_on", "prereview_body", "admitted_on", "admitted_at", "probation_months",
    "extensions", "approved_on", "approved_by", "oath_on", "pending", "full_since", "ended_on",
    "rights_suspended", "excluded", "relations", "transferred_in_probation", "postponed",
    "sanctions", "rectification", "urged", "basis", "suspension", "particulars", "age_judged_on",
}  # fmt: skip
BRANCH_STATE = {
    "code", "name", "kind", "parent", "units", "founded", "dissolved", "roll", "offices",
}  # fmt: skip
ORGANISATION_STATE = {"code", "name", "kind", "parent", "authority"}


@frozen
class Command:
    """One generated command, its dates relative to what the record holds when it runs.

    The organisation is entered `offset` days after BASE (before it when negative); a branch is
    founded `offset` days after BASE; an application is dated `offset` days after
    its branch's founding (before it when negative) and the applicant was born `age_days`
    before it (after it when negative); a talk is dated `offset` days after the application.
    """

    name: str
    values: dict[str, str]
    offset: int
    age_days: int = 0


def talk_with_offset(number: str, offset: int) -> Command:
    return Command("member.talk", {"member": number, "by": "Secretary"}, offset)


ENTER_ORGANISATION = Command(
    "org.add",
    {"code": ORGANISATION, "name": "Primary committee", "kind": OrganisationKind.COMMITTEE.value},
    -365,
)
found_branch = st.builds(
    lambda code, kind, parent, full, offset: Command(
        "branch.found",
        {
            "code": code,
            "name": f"Branch {code}",
            "kind": kind,
            "parent": parent,
            "full-members": str(full),
        },
        offset,
    ),
    st.sampled_from(BRANCH_CODES),
    st.sampled_from([k.value for k in BranchKind]),
    st.sampled_from(PARENTS),
    st.integers(min_value=2, max_value=52),  # 2 is too few to found, 51 and more warn
    st.integers(min_value=0, max_value=600),
)
ADULTHOOD = 18 * 365 + 4  # days from birth to an 18th birthday, give or take a leap day
# Days of age at the application: adults, the days around the 18th (and 16th) birthday, minors,
# and people not yet born on the application date.
ADULTS = st.integers(min_value=ADULTHOOD + 365, max_value=ADULTHOOD + 40 * 365)
AGES = st.one_of(
    ADULTS,
    st.integers(min_value=-3, max_value=3).map(lambda d: ADULTHOOD + d),
    ADULTS,
    st.integers(min_value=-3, max_value=3).map(lambda d: ADULTHOOD - 2 * 365 + d),
    st.integers(min_value=0, max_value=ADULTHOOD),
    st.integers(min_value=-3, max_value=0),
)
apply_member = st.builds(
    lambda number, branch, offset, age: Command(
        "member.apply",
        {"member": number, "name": f"Person {number}", "branch": branch},
        offset,
        age,
    ),
    st.sampled_from(MEMBER_NUMBERS),
    st.sampled_from(BRANCH_CODES),
    st.integers(min_value=-10, max_value=500),
    AGES,
)
TALK_OFFSETS = st.integers(min_value=-20, max_value=80)
talk_with = st.builds(
    talk_with_offset,
    st.sampled_from(MEMBER_NUMBERS),
    TALK_OFFSETS,
)
# An application followed by talks with the same person, so that most talks find an applicant.
story = st.builds(
    lambda applied, offsets: [
        applied,
        *(talk_with_offset(applied.values["member"], offset) for offset in offsets),
    ],
    apply_member,
    st.lists(TALK_OFFSETS, max_size=3),
)
# The organisation is entered and branches are usually founded first, so that most foundings,
# applications and talks reach the rules.
COMMANDS = st.builds(
    lambda first, rest: [
        ENTER_ORGANISATION,
        *first,
        *(command for part in rest for command in part),
    ],
    st.lists(found_branch, min_size=1, max_size=2, unique_by=lambda c: c.values["code"]),
    st.lists(
        st.one_of(story, talk_with.map(lambda c: [c]), found_branch.map(lambda c: [c])),
        min_size=1,
        max_size=10,
    ),
)


class Live:
    """The domain judging the same commands in memory: the aggregates as they should be."""

    def __init__(self) -> None:
        self.organisations: dict[str, Organisation] = {}
        self.branches: dict[str, Branch] = {}
        self.members: dict[str, Member] = {}
        # What each accepted command said: saying it again is already recorded (exactly once).
        self.recorded: set[str] = set()

    def raw(self, command: Command) -> dict[str, str]:
        """The command's input as a journal line gives it, its dates resolved."""
        values = dict(command.values)
        start = BASE
        if command.name == "member.apply" and values["branch"] in self.branches:
            start = self.branches[values["branch"]].founded
        if command.name == "member.talk" and values["member"] in self.members:
            start = self.members[values["member"]].applied or BASE
        on = start + timedelta(days=command.offset)
        if command.name == "member.apply":
            values["birth"] = (on - timedelta(days=command.age_days)).isoformat()
        return {**values, "date": on.isoformat()}

    def run(self, command: Command, raw: dict[str, str]) -> str:
        """The status the command should end in; accepted ones change the live aggregates."""
        said = json.dumps([command.name, raw], sort_keys=True)
        if said in self.recorded:
            return "already-recorded"
        status = self.judge(command, raw)
        if status == "accepted":
            self.recorded.add(said)
        return status

    def judge(self, command: Command, raw: dict[str, str]) -> str:
        on = date.fromisoformat(raw["date"])
        judge = Judge(RULEBOOK.in_force(on))
        step = Step(effective=on, actor=ACTOR)
        try:
            if command.name == "org.add":
                return self.enter(raw, step, judge)
            if command.name == "branch.found":
                return self.found(raw, step, judge)
            if command.name == "member.apply":
                return self.apply(raw, step, judge)
            return self.talk(raw, step, judge)
        except RuleViolation:
            return "rejected"

    def enter(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["code"] in self.organisations:
            return "conflict"
        self.organisations[raw["code"]] = Organisation.register(
            code=raw["code"],
            name=raw["name"],
            kind=OrganisationKind(raw["kind"]),
            parent=None,
            authority=False,
            step=step,
            judge=judge,
        )
        return "accepted"

    def found(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["code"] in self.branches:
            return "conflict"
        parent = self.organisations.get(raw["parent"])
        if parent is None:
            return "not-found"
        self.branches[raw["code"]] = Branch.found(
            code=raw["code"],
            name=raw["name"],
            kind=BranchKind(raw["kind"]),
            parent=parent.code,
            full_members=int(raw["full-members"]),
            approver=Body.of(parent, [parent]),
            step=step,
            judge=judge,
        )
        return "accepted"

    def apply(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["member"] in self.members:
            return "conflict"
        branch = self.branches.get(raw["branch"])
        if branch is None:
            return "not-found"
        self.members[raw["member"]] = Member.apply(
            number=raw["member"],
            name=raw["name"],
            birth=date.fromisoformat(raw["birth"]),
            branch=branch,
            step=step,
            judge=judge,
        )
        return "accepted"

    def talk(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        member = self.members.get(raw["member"])
        if member is None:
            return "not-found"
        member.talk(by=raw["by"], step=step, judge=judge)
        return "accepted"

    def aggregates(self) -> list[Aggregate]:
        return [*self.organisations.values(), *self.branches.values(), *self.members.values()]


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
