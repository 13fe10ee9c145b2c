"""Which members' states on a date may give an item of the due list: a condition on the state's
columns that every member with an item meets, so that the many with none (full members paid
up, applicants whose talk is far off) are never read.

It only narrows: the due list judges each member it reads as it always has. A bound here may
let through members who turn out to have no item, never keep out one who has: a deadline
`add_months(day, n)` falls on or after `day + 28 n` days and on or before `day + 31 n`, so a
date column is compared with those bounds.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, CompoundSelect, and_, false, or_, select, true

from branchbook.domain.discipline import SanctionKind
from branchbook.domain.member import Status
from branchbook.domain.months import month_of, prev_month
from branchbook.domain.rules import Judge, RulebookVersion
from branchbook.projections.members.as_of import Columns, Narrowing
from branchbook.projections.storage.tables import dues_payments, participations, sanctions


def may_fall_due(on: date, last: date, version: RulebookVersion) -> Narrowing:
    """The members whose state on `on` may give an item due by `last`, under the version."""
    judge = Judge(version)
    talk = judge.whole("applicant.talk_deadline", "months")
    activist = judge.param("activist.after_application", "min_months")
    k, p = sanctions.c, participations.c
    sanctioned = select(k.member).where(k.effective <= on, k.kind == SanctionKind.PROBATION.value)
    paying = behind_on_dues(on)
    placed = select(p.member).where(p.since <= on, p.fixed_place.is_(True))

    def where(state: Columns) -> ColumnElement[bool]:
        number = state["member"] if "member" in state else state["number"]
        status = state["status"]
        applicant = and_(
            status == Status.APPLICANT.value,
            or_(
                and_(state["talked"].is_(None), _on_or_before(state["applied"], last, talk)),
                and_(
                    state["talked"].is_not(None),
                    _on_or_before(state["applied"], last, activist),
                    _on_or_after(state["applied"], on, activist),
                )
                if isinstance(activist, int)  # else no date of eligibility: no item
                else false(),
            ),
        )
        waiting = [Status.ACTIVIST, Status.CANDIDATE, Status.SUSPENDED]
        return or_(
            state["pending"].is_not(None),
            applicant,
            status.in_([s.value for s in waiting]),
            and_(status == Status.PROBATIONARY.value, state["probation_end"] <= last),
            state["rect_deadline"] <= last,
            number.in_(sanctioned),
            number.in_(paying),
            number.in_(placed),
        )

    return where


def behind_on_dues(on: date) -> CompoundSelect[Any]:
    """The members with a payment recorded by the date but none for the month before its
    month: only they can have a run of unpaid months on it."""
    d = dues_payments.c
    paid_up = select(d.member).where(d.paid_on <= on, d.month == prev_month(month_of(on)))
    return select(d.member).where(d.paid_on <= on).except_(paid_up)


def _on_or_before(column: ColumnElement[date], last: date, months: int) -> ColumnElement[bool]:
    """Whether add_months(column, months) may fall on or before `last`."""
    bound = _shifted(last, -28 * months)
    return false() if bound is None else column <= bound


def _on_or_after(column: ColumnElement[date], on: date, months: int) -> ColumnElement[bool]:
    """Whether add_months(column, months) may fall on or after `on`."""
    bound = _shifted(on, -31 * months)
    return true() if bound is None else column >= bound


def _shifted(day: date, days: int) -> date | None:
    """The day moved by so many days, or None beyond the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
