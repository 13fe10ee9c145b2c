"""The steps the statistics count each year, kept as they are placed: an admission or a
conversion approved, a sanction, a removal, each with the branch of the state the step left.

`stats` then counts them by year with one grouped query instead of reading every step's
details. Written after the member views have taken the step, from the member row the page
holds as it then stands.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from branchbook.domain.member import Member, Status
from branchbook.projections.members.page_rows import held_rows
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import counted_steps

ADMISSION, CONVERSION, SANCTION, REMOVAL = "admission", "conversion", "sanction", "removal"
_ROW = DriverInsert(counted_steps)


def project(conn: Connection, event: Any, position: int) -> None:
    """Count the step when it is one the statistics count."""
    counted = _counted(event)
    if counted is None:
        return
    branch = _branch_after(conn, event.originator_id.hex)
    if branch is None:
        return  # no member row: the member views did not take the step either
    what, detail = counted
    row = {"position": position, "effective": event.step.effective, "branch": branch,
           "what": what, "detail": detail}  # fmt: skip
    append(conn, _ROW, row)


def _counted(event: Any) -> tuple[str, str | None] | None:
    kind = type(event)
    if kind is Member.Approved and event.decision == "admit":
        return ADMISSION, None
    if kind is Member.Approved and event.decision == "convert":
        return CONVERSION, None
    if kind is Member.Sanctioned:
        return SANCTION, str(event.sanction["kind"])
    if kind is Member.Left and event.status == Status.REMOVED.value:
        return REMOVAL, event.basis or "unknown"
    return None


def _branch_after(conn: Connection, member_id: str) -> str | None:
    row = held_rows(conn).get(conn, member_id)
    return None if row is None else str(row["branch"])


def counts_by_year(
    conn: Connection, on: date, branch: str | None
) -> list[tuple[int, str, str | None, int]]:
    """How many steps of each kind (and detail) each year counts up to the date: (year,
    what, detail, count)."""
    c = counted_steps.c
    year = func.extract("year", c.effective)
    query = (
        select(year, c.what, c.detail, func.count())
        .where(c.effective <= on)
        .group_by(year, c.what, c.detail)
    )
    if branch is not None:
        query = query.where(c.branch == branch)
    return [(int(y), what, detail, n) for y, what, detail, n in conn.execute(query)]
