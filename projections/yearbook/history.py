"""Members by status at the end of each year, of one branch, of several or of every branch:
the series the reports' "members by status" charts draw, as `stats` counts it on each day."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection

from branchbook.projections.auditors.stats import stats, summed


@frozen
class YearEnd:
    """The members by status on the last day of a year (or on the day the year is read to)."""

    year: int
    on: date
    by_status: Mapping[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "on": self.on.isoformat(), "by_status": dict(self.by_status)}


def year_ends(
    conn: Connection,
    first: int,
    last: date,
    branches: Collection[str] | None = None,
) -> list[YearEnd]:
    """The members by status on 31 December of each year from `first` to the year before
    `last`, then on `last`: of these branches, or of every branch (None)."""
    out: list[YearEnd] = []
    for year in range(first, last.year + 1):
        on = last if year == last.year else date(year, 12, 31)
        if branches is not None and len(branches) == 1:
            by_status = dict(stats(conn, on, next(iter(branches))).by_status)
        else:
            numbers = stats(conn, on)
            by_status = (
                dict(numbers.by_status)
                if branches is None
                else summed(numbers.by_branch.get(b, {}) for b in sorted(branches))
            )
        out.append(YearEnd(year, on, by_status))
    return out
