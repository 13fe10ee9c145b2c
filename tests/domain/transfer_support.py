"""Two branch books for the transfer tests, and the steps of a transfer between them.

F9 of B01 moves to B02; both branches belong to the primary committee PC, which issues the
transfer.
"""

from __future__ import annotations

from datetime import date

from branch_support import PRIMARY, branch_book
from pipeline_support import BUILTIN, Book, step

from branchbook.domain.member import Member
from branchbook.domain.rules import RulebookVersion
from branchbook.domain.transfer import Transfers

REQUESTED = date(2016, 5, 2)
ISSUED = date(2016, 5, 10)
RECEIVED = date(2016, 6, 1)


def books(version: RulebookVersion = BUILTIN) -> tuple[Book, Book]:
    """B01 with nine full members, B02 with five."""
    return branch_book(9, version=version), branch_book(5, code="B02", version=version)


def file_of(number: str) -> Transfers:
    return Transfers.open(number=number, step=step(REQUESTED))


def request(home: Book, away: Book, member: Member, file: Transfers, on: date = REQUESTED) -> None:
    file.request(
        member=member,
        origin=home.branch,
        to=away.branch,
        reason="new work unit",
        step=step(on),
        judge=home.judge(),
    )


def issue(home: Book, file: Transfers, on: date = ISSUED) -> None:
    file.issue(body=PRIMARY, ref="L-1", step=step(on), judge=home.judge())


def receive(home: Book, away: Book, member: Member, file: Transfers, on: date = RECEIVED) -> None:
    file.receive(
        member=member,
        origin=home.branch,
        branch=away.branch,
        step=step(on),
        judge=away.judge(),
    )


def issued(home: Book, away: Book, number: str = "F9") -> Transfers:
    """A transfer of `number` from B01 to B02, requested and issued."""
    file = file_of(number)
    request(home, away, home[number], file)
    issue(home, file)
    return file


def moved(home: Book, away: Book, number: str = "F9", on: date = RECEIVED) -> Transfers:
    file = issued(home, away, number)
    receive(home, away, home[number], file, on)
    return file
