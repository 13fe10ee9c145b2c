"""The state history as it was known before a correction.

A correction voids a step, and the views stand as if it had never been recorded. What was known
before the correction is kept beside them: from the voided step to the correction, each member
it concerns has a row as known then (a timeline, one per correction not yet recorded), to
which the voided step and the member's later steps are applied as they were at the time. Their
state rows are known only until the correction's position; the rows of the same steps without
the voided one are known only from it (projections.storage.member_tables, bb_member_states).

The catch-up says which positions are voided and by which correction (`following`), and the
member's steps are applied to the timelines as they are placed (`voided`, `after_step`).
A step that opens a member's record has no row to be applied to: voided, it gives none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, select

from branchbook.domain.member import Member
from branchbook.projections.members.casework import change_of
from branchbook.projections.members.page_rows import Row, held_rows
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import STATE_COLUMNS, member_states

_KEY = "branchbook.timelines"
_STATE = DriverInsert(member_states, checked=False)


class Timelines:
    """The positions voided (by the correction that voids each) that the page places or that
    began before it, and each member's rows as known before each such correction."""

    def __init__(self, voided: Mapping[int, int]) -> None:
        self.voided = dict(voided)
        self.rows: dict[str, dict[int, Row]] = {}  # member number -> correction -> row
        self.began: dict[str, dict[int, Row]] = {}  # the same as the page began

    def open_for(self, number: str, position: int) -> dict[int, Row]:
        """The member's timelines still open at a position (their corrections after it)."""
        held = self.rows.get(number)
        if not held:
            return {}
        for until in [c for c in held if c <= position]:
            del held[until]
        return held


@contextmanager
def following(conn: Connection, voided: Mapping[int, int], first: int) -> Iterator[None]:
    """Keep the timelines while a page from position `first` is placed: `voided` maps each
    position voided in or before the page to its correction, when that comes after `first`."""
    if not voided:
        yield
        return
    timelines = Timelines(voided)
    began = sorted({c for v, c in voided.items() if v < first})
    if began:
        s = member_states.c
        query = select(member_states).where(s.known_until.in_(began)).order_by(s.member, s.position)
        for found in conn.execute(query):
            row = dict(found._mapping)
            timelines.rows.setdefault(row["member"], {})[row["known_until"]] = row
    timelines.began = {number: dict(held) for number, held in timelines.rows.items()}
    conn.info[_KEY] = timelines
    try:
        yield
    finally:
        conn.info.pop(_KEY, None)


def again(conn: Connection) -> None:
    """The page is placed again (one event at a time): the timelines as it began."""
    timelines: Timelines | None = conn.info.get(_KEY)
    if timelines is not None:
        timelines.rows = {number: dict(held) for number, held in timelines.began.items()}


def voided(conn: Connection, event: Any, position: int) -> None:
    """A voided step of a member, applied to the timelines known before its correction."""
    timelines: Timelines | None = conn.info.get(_KEY)
    until = None if timelines is None else timelines.voided.get(position)
    if timelines is None or until is None or not isinstance(event, Member.Event):
        return
    row = held_rows(conn).get(conn, event.originator_id.hex)
    if row is None:
        return  # the record's opening was voided, or it is left out of the views
    number = row["number"]
    held = timelines.open_for(number, position)
    if until not in held:
        # Known before this correction, the member stood as in the timeline of the next one
        # after it, or else as the views hold them now.
        later = [c for c in held if c > until]
        held[until] = dict(held[min(later)] if later else row)
        timelines.rows[number] = held
    for c in [c for c in held if c <= until]:
        _apply(conn, held, c, event, position)


def after_step(conn: Connection, event: Any, position: int, number: str) -> int | None:
    """A member step placed in the views, applied to the member's open timelines too; the
    position from which the views' own state row for it is known (None: its own)."""
    timelines: Timelines | None = conn.info.get(_KEY)
    if timelines is None:
        return None
    held = timelines.open_for(number, position)
    for c in sorted(held):
        _apply(conn, held, c, event, position)
    return max(held, default=None)


def _apply(conn: Connection, held: dict[int, Row], until: int, event: Any, position: int) -> None:
    row = held[until]
    change = change_of(row, event)
    if change is not None:
        row = held[until] = {**row, **change}
    effective = event.step.effective
    if isinstance(event, Member.Approved) and event.decision == "convert":
        effective = row["full_since"]
    earlier = [c for c in held if c < until]
    state = {name: row[name] for name in STATE_COLUMNS}
    state.update(
        position=position,
        member=row.get("member", row.get("number")),
        effective=effective,
        recorded_at=event.timestamp,
        known_from=max(earlier, default=None),
        known_until=until,
    )
    append(conn, _STATE, state)
