"""The member row as it stood after each change: the state history `as_of` reads a member on a
date from, written after every member event with the page that places it."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from branchbook.domain.member import Member
from branchbook.projections.members.page_rows import held_rows
from branchbook.projections.members.timelines import after_step
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import STATE_COLUMNS, member_states

# Every value of a state row is already held by bb_members, within its limits.
_STATE = DriverInsert(member_states, checked=False)
_COPIED = itemgetter(*STATE_COLUMNS)


def snapshot(conn: Connection, event: Any, position: int) -> None:
    """Keep the member row as it stands after this event, from the date its change took
    effect: the step's date, or for a conversion the end of probation it runs from. The row is
    the one the page holds, and is written with the page."""
    row = held_rows(conn).get(conn, event.originator_id.hex)
    if row is None:
        return  # a member left out of the views has no state to keep
    effective = event.step.effective
    if isinstance(event, Member.Approved) and event.decision == "convert":
        effective = row["full_since"]
    state = dict(zip(STATE_COLUMNS, _COPIED(row), strict=True))
    state.update(
        position=position,
        member=row["number"],
        effective=effective,
        recorded_at=event.timestamp,
        known_from=after_step(conn, event, position, row["number"]),
        known_until=None,
    )
    append(conn, _STATE, state)
