"""The member row as it stood after each change: the state history `as_of` reads a member on a
date from, written after every member event."""

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
from branchbook.projections.storage.tables import STATE_COLUMNS, member_states, members

_ID: BindParameter[str] = bindparam("member_id")
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
