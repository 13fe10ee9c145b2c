"""A branch's dues over a calendar year: for each month, how many members owed it and how many
paid for it, with the amount; who is behind on the day asked about, and who on the books then
has never paid (docs/rules.md, "Dues").

Who owes is domain.dues' (owes_dues: a standing on the roll; months_suspended: not the months
a membership stood suspended); the unpaid run is the ledger's (Ledger.unpaid_months), as
`member show` and the due list count it: it runs from the last payment, so a member who has
never paid has none and is listed apart, with the months of the year owed. Payments are
bb_dues_payments' rows recorded by the day asked about: of the branch for the months, of any
branch for who has paid; a payment for several months is shared out among them.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.domain.dues import Ledger, months_suspended, owes_dues
from branchbook.domain.months import month_of
from branchbook.projections.members.as_of import states_on
from branchbook.projections.members.suspended import suspension_spells
from branchbook.projections.members.view import ENDED
from branchbook.projections.storage.tables import dues_payments


@frozen
class DuesMonth:
    """One month: the members owing it, those with a payment for it, and what they paid."""

    month: str  # YYYY-MM
    owed: int
    paid: int
    paid_fen: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "owed": self.owed,
            "paid": self.paid,
            "paid_fen": self.paid_fen,
        }


@frozen
class Behind:
    """A member with a run of unpaid months on the day asked about."""

    member: str
    name: str
    months_unpaid: int

    def as_dict(self) -> dict[str, Any]:
        return {"member": self.member, "name": self.name, "months_unpaid": self.months_unpaid}


@frozen
class NeverPaid:
    """A member on the books on the day asked about with no dues payment recorded at all, and
    the months of the year they owed the branch by then."""

    member: str
    name: str
    months_owed: int

    def as_dict(self) -> dict[str, Any]:
        return {"member": self.member, "name": self.name, "months_owed": self.months_owed}


@frozen
class YearDues:
    """The twelve months of the year; who is behind since their last payment on the day asked
    about, and who on the books then owed for a month of the year and has never paid."""

    months: tuple[DuesMonth, ...]
    behind: tuple[Behind, ...]
    never_paid: tuple[NeverPaid, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": [m.as_dict() for m in self.months],
            "behind": [b.as_dict() for b in self.behind],
            "never_paid": [n.as_dict() for n in self.never_paid],
        }


def shares(amount_fen: int, months: int) -> list[int]:
    """A payment shared out among the months it covers, in fen: the remainder to the first."""
    each, left = divmod(amount_fen, months)
    return [each + (1 if n < left else 0) for n in range(months)]


def year_dues(conn: Connection, code: str, year: int, as_of: date) -> YearDues:
    """The branch's dues month by month over the year, as recorded by `as_of` (a day of the
    year): a month not begun by then is owed by none yet; the members behind on `as_of`, and
    those on the books then who owed for a month of the year and have never paid."""
    paid, paid_fen = _paid(conn, code, year, as_of)
    months: list[DuesMonth] = []
    owing: dict[str, str] = {}  # the members owing on the last day read, with their names
    owed_by: dict[str, int] = defaultdict(int)  # months of the year each member owed
    for n in range(1, 13):
        month = f"{year}-{n:02d}"
        owed = 0
        if month <= month_of(as_of):
            day = min(date(year, n, calendar.monthrange(year, n)[1]), as_of)
            views = [s.view for s in states_on(conn, day, code) if owes_dues(s.view.status)]
            spells = suspension_spells(conn, [v.number for v in views], day)
            for v in views:
                if month not in months_suspended(spells.get(v.number, ()), day):
                    owed_by[v.number] += 1
                    owed += 1
            owing = {v.number: v.name for v in views}
        months.append(DuesMonth(month, owed, len(paid[month]), paid_fen[month]))
    on_books = {
        s.view.number: s.view.name
        for s in states_on(conn, as_of, code)
        if s.view.status not in ENDED and owed_by[s.view.number]
    }
    ever = _months_paid(conn, set(owing) | set(on_books), as_of)
    never = [
        NeverPaid(number, on_books[number], owed_by[number])
        for number in sorted(on_books)
        if not ever[number]
    ]
    return YearDues(tuple(months), tuple(_behind(conn, owing, ever, as_of)), tuple(never))


def _paid(
    conn: Connection, code: str, year: int, as_of: date
) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Who paid the branch for each month of the year by `as_of`, and how much in fen."""
    d = dues_payments.c
    rows = conn.execute(
        select(d.member, d.month, d.payment, d.amount_fen)
        .where(d.branch == code, d.month.like(f"{year}-%"), d.paid_on <= as_of)
        .order_by(d.payment, d.month)
    ).all()
    covered: dict[int, list[str]] = defaultdict(list)  # each payment's months, in order
    for payment, month in conn.execute(
        select(d.payment, d.month)
        .where(d.payment.in_({r.payment for r in rows}))
        .order_by(d.payment, d.month)
    ):
        covered[payment].append(month)
    paid: dict[str, set[str]] = defaultdict(set)
    paid_fen: dict[str, int] = defaultdict(int)
    for r in rows:
        paid[r.month].add(r.member)
        months = covered[r.payment]
        paid_fen[r.month] += shares(r.amount_fen, len(months))[months.index(r.month)]
    return paid, paid_fen


def _months_paid(conn: Connection, numbers: set[str], on: date) -> dict[str, set[str]]:
    """The months each of these members has paid for by the day, to any branch."""
    d = dues_payments.c
    months: dict[str, set[str]] = defaultdict(set)
    for number, month in conn.execute(
        select(d.member, d.month).where(d.member.in_(sorted(numbers)), d.paid_on <= on)
    ):
        months[number].add(month)
    return months


def _behind(
    conn: Connection, owing: dict[str, str], months: dict[str, set[str]], on: date
) -> list[Behind]:
    """The members owing on the day with a run of unpaid months then, by member number."""
    spells = suspension_spells(conn, owing, on)
    found: list[Behind] = []
    for number in sorted(owing):
        excused = months_suspended(spells.get(number, ()), on)
        run = Ledger(number, frozenset(months[number]), (), excused).unpaid_months(on)
        if run:
            found.append(Behind(number, owing[number], len(run)))
    return found
