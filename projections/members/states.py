"""The member row as it stood after each change: the state history `as_of` reads a member on a
date from, written after every member event (with the page, when the page is placed whole)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    Connection,
    Date,
    DateTime,
    bindparam,
    insert,
    select,
)

from branchbook.domain.member import Member
from branchbook.projections.members.page_rows import PageRows, page_rows
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import STATE_COLUMNS, member_states, members

_ID: BindParameter[str] = bindparam("member_id")
# Every value of a state row is already held by bb_members, within its limits.
_STATE = DriverInsert(member_states, checked=False)
_SNAPSHOT = insert(member_states).from_select(
    ["position", "member", "effective", "recorded_at", *STATE_COLUMNS],
    select(
        bindparam("position", type_=BigInteger),
        members.c.number,
        bindparam("effective", type_=Date),
        bindparam("recorded_at", type_=DateTime(timezone=True)),
        *(members.c[name] for name in STATE_COLUMNS),
    ).where(members.c.id == _ID),
)


def snapshot(conn: Connection, event: Any, position: int) -> None:
    """Keep the member row as it stands after this event, from the date its change took
    effect: the step's date, or for a conversion the end of probation it runs from."""
    effective = event.step.effective
    rows = page_rows(conn)
    if rows is not None:
        _append(conn, rows, event, position)
        return
    if isinstance(event, Member.Approved) and event.decision == "convert":
        effective = conn.execute(
            select(members.c.full_since).where(members.c.id == event.originator_id.hex)
        ).scalar_one()
    conn.execute(
        _SNAPSHOT,
        {
            "member_id": event.originator_id.hex,
            "position": position,
            "effective": effective,
            "recorded_at": event.timestamp,
        },
    )


def _append(conn: Connection, rows: PageRows, event: Any, position: int) -> None:
    """The same, from the member row the page keeps in memory: written with the page."""
    row = rows.get(conn, event.originator_id.hex)
    if row is None:
        return  # as the INSERT ... SELECT finds no row to copy
    effective = event.step.effective
    if isinstance(event, Member.Approved) and event.decision == "convert":
        effective = row["full_since"]
    append(
        conn,
        _STATE,
        {
            "position": position,
            "member": row["number"],
            "effective": effective,
            "recorded_at": event.timestamp,
            **{name: row[name] for name in STATE_COLUMNS},
        },
    )
