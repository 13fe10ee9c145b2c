"""Builders for the branch and election tests: the organisations above, a branch, its elections.

A branch B01 belongs to the primary committee PC, which belongs to the town committee TC; XC is
a committee elsewhere in the tree. Branches are founded in 2015 with full members F1.. enrolled
the next day; the first election is on FIRST, so the three-year term runs to 2018-03-02.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from pipeline_support import BUILTIN, Book, enrol, full_numbers, rejected, step

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.elections import Ballots
from branchbook.domain.leadership import Office
from branchbook.domain.meeting import Meeting, MeetingKind
from branchbook.domain.organisation import Body, Organisation, OrganisationKind
from branchbook.domain.rules import Judge, RulebookVersion, RuleViolation

FOUNDED = date(2015, 1, 1)
FIRST = date(2015, 3, 2)
TERM_END = date(2018, 3, 2)
REGISTERED = date(2014, 1, 1)


def _organisation(code: str, parent: Organisation | None) -> Organisation:
    return Organisation.register(
        code=code,
        name=f"Committee {code}",
        kind=OrganisationKind.COMMITTEE,
        parent=parent,
        authority=True,
        step=step(REGISTERED),
        judge=Judge(BUILTIN),
    )


_TOWN = _organisation("TC", None)
_PRIMARY = _organisation("PC", _TOWN)
_STRANGER = _organisation("XC", None)
CHAIN = (_PRIMARY, _TOWN)
PRIMARY = Body.of(_PRIMARY, CHAIN)
TOWN = Body.of(_TOWN, CHAIN)
STRANGER = Body.of(_STRANGER, CHAIN)
# The discipline commission attached to PC: it approves expulsions (PC art. 42).
COMMISSION = Body.of(
    Organisation.register(
        code="DCC",
        name="Discipline commission of PC",
        kind=OrganisationKind.DISCIPLINE_COMMISSION,
        parent=_PRIMARY,
        authority=False,
        step=step(REGISTERED),
        judge=Judge(BUILTIN),
    ),
    CHAIN,
)


def branch_book(
    full: int = 9,
    *,
    kind: BranchKind = BranchKind.REGULAR,
    version: RulebookVersion = BUILTIN,
    code: str = "B01",
) -> Book:
    """A branch of the primary committee founded in 2015 with `full` full members F1.."""
    branch = Branch.found(
        code=code,
        name=f"Branch {code}",
        kind=kind,
        parent=PRIMARY.code,
        approver=PRIMARY,
        step=step(FOUNDED),
        judge=Judge(version),
    )
    out = Book(branch, version)
    for number in full_numbers(full):
        enrol(out, number)
    return out


def default_votes(candidates: Sequence[str], seats: int, present: int) -> dict[str, int]:
    """Every present voter for the first `seats` candidates, no one for the rest."""
    return {c: present if i < seats else 0 for i, c in enumerate(candidates)}


def election(
    b: Book,
    *,
    on: date = FIRST,
    seats: int = 5,
    candidates: Sequence[str] | None = None,
    votes: Mapping[str, int] | None = None,
    present: Iterable[str] | None = None,
    issued: int | None = None,
    returned: int | None = None,
    invalid: int = 0,
    announced: Sequence[str] | None = None,
    secretary: str | None = None,
    deputy: str | None = None,
    by_election: bool = False,
    party_ages: Mapping[str, int | None] | None = None,
    meeting: Meeting | None = None,
    void: bool = False,
) -> tuple[list[str], Judge]:
    """Hold the assembly on a date and elect (or record a `void` election); by default everyone
    counted attends and votes for the first `seats` of the branch's full members, one more than
    the seats standing."""
    should_attend = b.branch.counted_on(on)
    attending = list(present) if present is not None else should_attend
    meeting = meeting or b.hold(on, attending)
    voting = [m for m in should_attend if m in meeting.present]
    standing = list(candidates) if candidates is not None else full_numbers(seats + 1)
    ballots = Ballots(
        issued=len(voting) if issued is None else issued,
        returned=len(voting) if returned is None else returned,
        invalid=invalid,
        votes=dict(votes) if votes is not None else default_votes(standing, seats, len(voting)),
    )
    judge = b.judge()
    chosen = b.branch.elect(
        meeting=meeting,
        by_election=by_election,
        seats=seats,
        candidates=standing,
        ballots=ballots,
        announced=announced,
        secretary=secretary,
        deputy=deputy,
        party_ages=party_ages or {},
        should_attend=should_attend,
        step=step(on),
        judge=judge,
        void=void,
    )
    return chosen, judge


def committee_meeting(b: Book, on: date, present: Iterable[str]) -> Meeting:
    return b.hold(on, present, kind=MeetingKind.COMMITTEE)


def officers(
    b: Book,
    *,
    on: date,
    secretary: str = "F1",
    deputy: str | None = "F2",
    roles: Mapping[str, str] | None = None,
    present: Iterable[str] | None = None,
    party_ages: Mapping[str, int | None] | None = None,
    meeting: Meeting | None = None,
) -> Judge:
    """The committee in office meets on a date (all its members by default) and elects."""
    office = b.branch.office_on(on)
    seated = list(present) if present is not None else list(office.members if office else ())
    judge = b.judge()
    b.branch.elect_officers(
        meeting=meeting or committee_meeting(b, on, seated),
        secretary=secretary,
        deputy=deputy,
        roles=roles or {},
        party_ages=party_ages or {},
        step=step(on),
        judge=judge,
    )
    return judge


def last_event(branch: Branch) -> Any:
    return branch.pending_events[-1]


def office(b: Book, on: date) -> Office:
    """The leadership in force on a date, which the test expects there to be."""
    found = b.branch.office_on(on)
    assert found is not None
    return found


def committee_of_five() -> Book:
    """A branch of 9 full members with a committee of five elected on FIRST."""
    b = branch_book(9)
    election(b)
    return b


def refused_election(rule_id: str, b: Book, **kwargs: Any) -> RuleViolation:
    """Hold a first election everyone attends that must break `rule_id`; nothing is written."""
    meeting = b.hold(FIRST, b.branch.counted_on(FIRST))
    return rejected(
        rule_id,
        lambda: election(b, meeting=meeting, **kwargs),
        b.branch,
        meeting,
    )


def change_term(
    b: Book, change: str, months: int, *, on: date = date(2017, 1, 1), approver: Body = PRIMARY
) -> None:
    b.branch.change_term(
        change=change, months=months, approver=approver, step=step(on), judge=b.judge()
    )
