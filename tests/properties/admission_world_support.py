"""A generated admission history: the steps Hypothesis draws and the world of aggregates they act
on, a branch of five full members and two people who may apply."""

from __future__ import annotations

from datetime import date

from attrs import define, field, frozen
from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.meeting import Meeting, MeetingKind, default_code
from branchbook.domain.member import Member, Status
from branchbook.domain.opening import Path
from branchbook.domain.rules import Judge, RuleViolation
from branchbook.domain.step import Step

VERSION = builtin_rulebook().versions[0]
FULL = ("F1", "F2", "F3", "F4", "F5")
PEOPLE = ("C1", "C2")
EVERYONE = (*FULL, *PEOPLE)
FOUNDED = date(2015, 1, 1)
START = date(2016, 1, 4)
KINDS = (
    "apply", "talk", "designate", "assess", "candidate", "review", "train", "introduce",
    "prereview", "admit", "approve", "oath", "convert", "extend", "revoke", "suspend",
    "restore", "exclude", "include",
)  # fmt: skip
# The step a person's status most often calls for next; "next" in a sequence picks among them.
NEXT: dict[Status | None, tuple[str, ...]] = {
    None: ("apply",),
    Status.APPLICANT: ("talk", "designate", "designate"),
    Status.ACTIVIST: ("assess", "assess", "candidate"),
    Status.CANDIDATE: ("review", "train", "introduce", "prereview", "admit", "admit"),
    Status.ADMITTED: ("approve",),
    Status.PROBATIONARY: ("oath", "oath", "convert", "extend", "revoke"),
    Status.FULL: ("suspend", "restore", "exclude", "include"),
    Status.NOT_APPROVED: ("apply",),
    Status.REVOKED: ("apply",),
}


@frozen
class Op:
    """One generated step: what, for whom, how many days after the previous step, and the
    random numbers and flags it uses (counts, months, outcome, attendance, written opinions)."""

    kind: str
    who: int
    gap: int
    count: int
    extra: int
    flag: bool
    present: tuple[bool, ...]
    written: int


ops = st.builds(
    Op,
    kind=st.sampled_from([*KINDS, *["next"] * 60]),
    who=st.integers(min_value=0, max_value=len(EVERYONE) - 1),
    gap=st.sampled_from([0, 0, 1, 7, 14, 30, 30, 45, 60, 90, 120, 183, 366]),
    count=st.integers(min_value=0, max_value=7),
    extra=st.integers(min_value=0, max_value=7),
    flag=st.booleans(),
    # Each person is absent with a chance of one in four: both bits of two draws set.
    present=st.tuples(st.integers(0, 255), st.integers(0, 255)).map(
        lambda pair: tuple(not (pair[0] & pair[1]) >> i & 1 for i in range(len(EVERYONE)))
    ),
    written=st.one_of(st.just(0), st.just(0), st.integers(min_value=0, max_value=255)),
)


def step(on: date) -> Step:
    return Step(effective=on, actor="property")


@define
class World:
    """The aggregates of one generated history and the clock that moves through it."""

    branch: Branch
    members: dict[str, Member] = field(factory=dict)
    meetings: dict[str, Meeting] = field(factory=dict)
    enrolled: set[str] = field(factory=set)
    today: date = START
    dates: set[date] = field(factory=set)
    serial: int = 0

    def aggregates(self) -> list[Aggregate]:
        return [self.branch, *self.members.values(), *self.meetings.values()]

    def judge(self) -> Judge:
        return Judge(VERSION)

    def named(self, numbers: list[str]) -> dict[str, Member | None]:
        return {n: self.members.get(n) for n in numbers}

    def hold(self, op: Op, kind: MeetingKind) -> Meeting | None:
        """Hold a meeting today with the op's attendance; None if the rules refuse it."""
        present = [n for n, here in zip(EVERYONE, op.present, strict=True) if here] or ["F1"]
        self.serial += 1
        code = f"{default_code(self.branch.code, self.today, kind.value)}-{self.serial}"
        try:
            meeting = Meeting.hold(
                code=code,
                branch=self.branch,
                kind=kind,
                present=present,
                chair=present[0],
                step=step(self.today),
                judge=self.judge(),
            )
        except RuleViolation:
            return None
        self.meetings[code] = meeting
        return meeting


def world(with_committee: bool) -> World:
    branch = Branch.found(
        code="B01",
        name="Branch",
        kind=BranchKind.REGULAR,
        parent="P01",
        step=step(FOUNDED),
        judge=Judge(VERSION),
    )
    out = World(branch)
    for number in FULL:
        out.members[number] = Member.enrol(
            number=number,
            name=number,
            birth=date(1970, 1, 1),
            branch=branch,
            path=Path("full", admitted_on=date(2000, 1, 1), full_since=date(2001, 1, 1)),
            step=step(date(2015, 1, 2)),
            judge=Judge(VERSION),
        )
        out.enrolled.add(number)
    if with_committee:
        branch.enter_leadership(
            members=["F1", "F2", "F3"],
            secretary="F1",
            deputy=None,
            roles={},
            term_start=None,
            step=step(date(2015, 1, 3)),
            judge=Judge(VERSION),
        )
    out.dates.update({FOUNDED, date(2015, 1, 2), date(2015, 1, 3)})
    return out
