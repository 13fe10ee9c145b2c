"""The steps of disposal and of the end of a membership, taken on B01 on fixed dates.

B01 has nine full members and no committee, so the assembly takes the committee's decisions;
the primary committee PC approves and receives filings.
"""

from __future__ import annotations

from datetime import date

from branch_support import PRIMARY
from pipeline_support import Book, step

from branchbook.domain import casework
from branchbook.domain.decisions import Votes
from branchbook.domain.discipline import RemovalBasis, SanctionKind
from branchbook.domain.meeting import Meeting

ON = date(2016, 1, 11)
APPROVED = date(2016, 2, 1)
LATER = date(2016, 4, 11)


def meeting_on(b: Book, on: date) -> Meeting:
    return b.hold(on, b.branch.voters_on(on))


def approve(b: Book, number: str, on: date) -> None:
    b[number].approve(
        body=PRIMARY, approved=True, special=False, branch=b.branch, step=step(on), judge=b.judge()
    )


def rectify(b: Book, number: str, months: int, *, matter: str = "m1", on: date = ON) -> None:
    casework.rectify(
        b[number],
        months=months,
        matter=matter,
        filed_with=PRIMARY,
        meeting=meeting_on(b, on),
        branch=b.branch,
        votes=None,
        step=step(on),
        judge=b.judge(),
    )


def warn(b: Book, number: str, matter: str) -> None:
    """A warning for a matter, resolved on ON and approved on APPROVED."""
    meeting = meeting_on(b, ON)
    casework.discipline(
        b[number],
        sanction=SanctionKind.WARNING,
        matter=matter,
        months=None,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(ON),
        judge=b.judge(),
    )
    approve(b, number, APPROVED)


def urge(b: Book, number: str, *, on: date = ON, matter: str = "m1") -> None:
    meeting = meeting_on(b, on)
    casework.urge(
        b[number],
        matter=matter,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def remove(
    b: Book,
    number: str,
    basis: RemovalBasis,
    *,
    on: date = LATER,
    matter: str = "m1",
    unpaid: int | None = None,
) -> None:
    meeting = meeting_on(b, on)
    casework.remove(
        b[number],
        basis=basis,
        matter=matter,
        unpaid_months=unpaid,
        meeting=meeting,
        branch=b.branch,
        votes=Votes(yes=len(meeting.present)),
        step=step(on),
        judge=b.judge(),
    )


def withdraw(b: Book, number: str, on: date) -> None:
    casework.withdraw(
        b[number],
        meeting=meeting_on(b, on),
        branch=b.branch,
        filed_with=PRIMARY,
        step=step(on),
        judge=b.judge(),
    )


def suspend(b: Book, number: str, since: date, on: date) -> None:
    b[number].suspend_membership(
        reason="lost-contact", since=since, branch=b.branch, step=step(on), judge=b.judge()
    )


def reapply(b: Book, number: str, on: date) -> None:
    b[number].reapply(branch=b.branch, step=step(on), judge=b.judge())
