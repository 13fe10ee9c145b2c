"""Builders for the admission pipeline tests: a branch of full members and a person on the path.

Every builder judges its steps with the book's rulebook version, exactly as the workflows do,
so a test starts from a state the domain itself produced. The default dates walk one person
from application (2016) to the end of probation (2018) with every step on time.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import pytest
from attrs import define, field
from eventsourcing.domain import Aggregate

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.decisions import Decision, Votes
from branchbook.domain.meeting import Meeting, MeetingKind, default_code
from branchbook.domain.member import Member, Status
from branchbook.domain.opening import Path
from branchbook.domain.organisation import Body
from branchbook.domain.rules import (
    Judge,
    ParamValue,
    RulebookVersion,
    RuleViolation,
    Severity,
    with_overrides,
)
from branchbook.domain.step import Step

BUILTIN = builtin_rulebook().versions[0]
ACTOR = "clerk"
PRIMARY = "primary_committee_with_authority"
PARENT = "P01"
# The primary committee above the branch: it consents, approves and appoints.
HIGHER = Body(PARENT, "Primary committee", PRIMARY, above=(PARENT,))

FOUNDED = date(2015, 1, 1)
ENROLLED = date(2015, 1, 2)
COMMITTEE_SEATED = date(2015, 1, 3)
APPLIED = date(2016, 1, 4)
TALKED = date(2016, 1, 20)
ACTIVIST = date(2016, 3, 1)
ASSESSED = (date(2016, 8, 1), date(2017, 1, 10))
CANDIDATE = date(2017, 3, 1)
REVIEWED = date(2017, 3, 10)
TRAINED = date(2017, 3, 15)
INTRODUCED = date(2017, 3, 20)
PREREVIEWED = date(2017, 4, 1)
ADMITTED = date(2017, 4, 20)
APPROVED = date(2017, 6, 1)
SWORN = date(2017, 6, 10)
PROBATION_END = date(2018, 4, 20)
DAY = timedelta(days=1)


def step(on: date) -> Step:
    return Step(effective=on, actor=ACTOR)


def amended(
    changes: dict[str, dict[str, ParamValue]],
    severities: dict[str, Severity] | None = None,
    base: RulebookVersion = BUILTIN,
) -> RulebookVersion:
    """A local version of the rulebook with some parameters (or severities) changed."""
    severities = severities or {}
    rules = {
        rule_id: with_overrides(base[rule_id], severities.get(rule_id), changes.get(rule_id, {}))
        for rule_id in {*changes, *severities}
    }
    return base.amended("local", date(2000, 1, 1), rules)


def full_numbers(count: int) -> list[str]:
    return [f"F{i}" for i in range(1, count + 1)]


@define
class Book:
    """A branch, the people it knows and the rulebook version that judges them."""

    branch: Branch
    version: RulebookVersion = BUILTIN
    members: dict[str, Member] = field(factory=dict)

    def judge(self) -> Judge:
        return Judge(self.version)

    def __getitem__(self, number: str) -> Member:
        return self.members[number]

    def named(self, numbers: Iterable[str]) -> dict[str, Member | None]:
        """Members by number as the workflows pass them: a number not in the book maps to None."""
        return {n: self.members.get(n) for n in numbers}

    def hold(
        self,
        on: date,
        present: Iterable[str],
        *,
        kind: MeetingKind = MeetingKind.ASSEMBLY,
        chair: str | None = None,
    ) -> Meeting:
        attending = list(present)
        return Meeting.hold(
            code=default_code(self.branch.code, on, kind.value),
            branch=self.branch,
            kind=kind,
            present=attending,
            chair=chair or attending[0],
            step=step(on),
            judge=self.judge(),
        )

    def deciding_meeting(self, on: date) -> Meeting:
        """A meeting of the body that designates on a date, everyone entitled present."""
        committee = self.branch.committee_on(on)
        if committee is not None:
            return self.hold(on, committee.members, kind=MeetingKind.COMMITTEE)
        return self.hold(on, self.branch.voters_on(on))


def book(
    full: int = 9,
    *,
    kind: BranchKind = BranchKind.REGULAR,
    version: RulebookVersion = BUILTIN,
    committee: list[str] | None = None,
    code: str = "B01",
) -> Book:
    """A branch founded in 2015 with `full` full members F1.. enrolled, and its committee."""
    branch = Branch.found(
        code=code,
        name="First branch",
        kind=kind,
        parent=PARENT,
        step=step(FOUNDED),
        judge=Judge(version),
    )
    out = Book(branch, version)
    for number in full_numbers(full):
        enrol(out, number)
    if committee:
        branch.enter_leadership(
            members=committee,
            secretary=committee[0],
            deputy=None,
            roles={},
            term_start=None,
            step=step(COMMITTEE_SEATED),
            judge=out.judge(),
        )
    return out


def enrol(book: Book, number: str, *, status: Status = Status.FULL, on: date = ENROLLED) -> Member:
    member = Member.enrol(
        number=number,
        name=f"Member {number}",
        birth=date(1970, 1, 1),
        branch=book.branch,
        path=Path(status.value, admitted_on=date(1998, 1, 1), full_since=date(2001, 1, 1))
        if status is Status.FULL
        else Path(status.value, admitted_on=on),
        step=step(on),
        judge=book.judge(),
    )
    book.members[number] = member
    return member


# The path, one stage at a time ---------------------------------------------------------------


def applicant(book: Book, number: str = "C1", *, on: date = APPLIED) -> Member:
    member = Member.apply(
        number=number,
        name=f"Person {number}",
        birth=date(1990, 1, 1),
        branch=book.branch,
        step=step(on),
        judge=book.judge(),
    )
    book.members[number] = member
    member.talk(by="F1", step=step(TALKED if on <= TALKED else on), judge=book.judge())
    return member


def designate_activist(
    book: Book, member: Member, *, on: date = ACTIVIST, contacts: Iterable[str] = ("F1", "F2")
) -> Judge:
    j = book.judge()
    member.designate_activist(
        meeting=book.deciding_meeting(on),
        branch=book.branch,
        contacts=book.named(contacts),
        recommended_by="members",
        votes=None,
        step=step(on),
        judge=j,
    )
    return j


def activist(book: Book, number: str = "C1") -> Member:
    member = applicant(book, number)
    designate_activist(book, member)
    for on in ASSESSED:
        member.assess(step=step(on), judge=book.judge())
    return member


def designate_candidate(book: Book, member: Member, *, on: date = CANDIDATE) -> Judge:
    j = book.judge()
    member.designate_candidate(
        meeting=book.deciding_meeting(on), branch=book.branch, votes=None, step=step(on), judge=j
    )
    return j


def candidate(book: Book, number: str = "C1") -> Member:
    member = activist(book, number)
    designate_candidate(book, member)
    return member


def ready(book: Book, number: str = "C1", *, skip: Iterable[str] = ()) -> Member:
    """A development candidate with every precondition of admission met, but those skipped
    ('review', 'training', 'introducers', 'prereview')."""
    member = candidate(book, number)
    left_out = set(skip)
    if "review" not in left_out:
        member.review(passed=True, step=step(REVIEWED), judge=book.judge())
    if "training" not in left_out:
        member.train(days=3, hours=0, step=step(TRAINED), judge=book.judge())
    if "introducers" not in left_out:
        member.name_introducers(
            introducers=book.named(["F1", "F2"]), step=step(INTRODUCED), judge=book.judge()
        )
    if "prereview" not in left_out:
        member.prereview(body="Primary committee", step=step(PREREVIEWED), judge=book.judge())
    return member


def all_present(book: Book, on: date) -> Meeting:
    return book.hold(on, book.branch.voters_on(on))


def admit(
    book: Book,
    member: Member,
    *,
    on: date = ADMITTED,
    meeting: Meeting | None = None,
    votes: Votes | None = None,
) -> Judge:
    j = book.judge()
    meeting = meeting or all_present(book, on)
    votes = votes or Votes(yes=len(meeting.present))
    member.admit(meeting=meeting, branch=book.branch, votes=votes, step=step(on), judge=j)
    return j


def approve(
    book: Book,
    member: Member,
    *,
    on: date = APPROVED,
    approved: bool = True,
    body_type: str = PRIMARY,
    above: tuple[str, ...] = (PARENT,),
    special: bool = False,
) -> Judge:
    j = book.judge()
    member.approve(
        body=Body(PARENT, "Primary committee", body_type, above=above),
        approved=approved,
        special=special,
        branch=book.branch,
        step=step(on),
        judge=j,
    )
    return j


def admitted(book: Book, number: str = "C1") -> Member:
    member = ready(book, number)
    admit(book, member)
    return member


def probationary(book: Book, number: str = "C1") -> Member:
    member = admitted(book, number)
    approve(book, member)
    return member


def resolve(
    book: Book,
    member: Member,
    decision: str,
    *,
    on: date = PROBATION_END,
    months: int | None = None,
    meeting: Meeting | None = None,
    votes: Votes | None = None,
) -> Judge:
    j = book.judge()
    meeting = meeting or all_present(book, on)
    votes = votes or Votes(yes=len(meeting.present))
    member.resolve(
        decision=decision,
        meeting=meeting,
        branch=book.branch,
        votes=votes,
        months=months,
        step=step(on),
        judge=j,
    )
    return j


def full(book: Book, number: str = "C1", *, approved_on: date = date(2018, 5, 10)) -> Member:
    member = probationary(book, number)
    resolve(book, member, Decision.CONVERT)
    approve(book, member, on=approved_on)
    return member


# Judging outcomes ----------------------------------------------------------------------------


def standing(book: Book, number: str, on: date) -> tuple[str, bool] | None:
    """The status and right to vote the branch roll gives a member on a date."""
    found = book.branch.standing_on(number, on)
    return None if found is None else (found.status, found.votes)


def _state(aggregate: Aggregate) -> tuple[int, int, dict[str, Any]]:
    kept = {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}
    return aggregate.version, len(aggregate.pending_events), copy.deepcopy(kept)


def rejected(rule_id: str, action: Callable[[], object], *aggregates: Aggregate) -> RuleViolation:
    """Run a step that must break `rule_id`; prove it left every aggregate as it was."""
    before = [_state(a) for a in aggregates]
    with pytest.raises(RuleViolation) as err:
        action()
    assert err.value.rule.id == rule_id, str(err.value)
    assert [_state(a) for a in aggregates] == before
    return err.value


def names(err: RuleViolation, *facts: object) -> None:
    """The rejection's reason names every fact given."""
    for fact in facts:
        assert str(fact) in err.reason, f"{fact!r} not in {err.reason!r}"


def warned(aggregate: Aggregate) -> list[str]:
    """The ids of the rules warned about on the aggregate's latest event."""
    event = aggregate.pending_events[-1]
    step_of: Step = vars(event)["step"]  # every event of the book carries its step
    return [w.rule for w in step_of.warnings]
