"""Who came onto a branch's books in a period, who left them, and whose status changed there:
the changes that take the roster of the day before the period (the books as they stood before
its first step) to that of its last day. A change on the period's first day is the period's.

Each member's state on a day is read by the rule of projections.members.as_of (the state row
with the highest position among those in effect by then), so the changes agree with the
rosters (projections.branches.roster) on every day: a member is on the books whose state
names the branch and whose membership has not ended.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.projections.branches.view import names_of
from branchbook.projections.members.as_of import known_then
from branchbook.projections.members.view import ENDED
from branchbook.projections.storage.tables import audit, member_states

JOINED = "joined"
LEFT = "left"
STATUS = "status"


@frozen
class Change:
    """One change to the books: a member joined them (`before` is the branch they came from,
    None when new to the record; `after` their status), left them (`before` their status,
    `after` the branch they went to or the status that ended their membership), or changed
    status on them (from `before` to `after`); with the kind of the step that made it."""

    day: date
    member: str
    name: str
    change: str
    before: str | None
    after: str | None
    step: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "member": self.member,
            "name": self.name,
            "change": self.change,
            "from": self.before,
            "to": self.after,
            "step": self.step,
        }


@frozen
class _State:
    effective: date
    position: int
    branch: str
    status: str
    step: str


def roster_changes(conn: Connection, code: str, first: date, last: date) -> list[Change]:
    """The changes to the branch's books from `first` to `last`, both included: those that
    take the roster of the day before `first` to that of `last`; by date, then member number."""
    s, a = member_states.c, audit.c
    ever = select(s.member).where(s.branch == code)
    query = (
        select(s.member, s.effective, s.position, s.branch, s.status, a.kind)
        .join(audit, a.position == s.position)
        .where(s.member.in_(ever), s.effective <= last, known_then(None))
        .order_by(s.member, s.position)
    )
    states: dict[str, list[_State]] = defaultdict(list)
    for r in conn.execute(query):
        states[r.member].append(_State(r.effective, r.position, r.branch, r.status, r.kind))
    found = [
        change for number, rows in states.items() for change in _changes(number, rows, code, first)
    ]
    names = names_of(conn, states)
    named = [
        Change(c.day, c.member, names.get(c.member, ""), c.change, c.before, c.after, c.step)
        for c in found
    ]
    return sorted(named, key=lambda c: (c.day, c.member))


def _on_books(state: _State | None, code: str) -> bool:
    """Whether a member in this state is on the branch's books, as a roster counts them."""
    return state is not None and state.branch == code and state.status not in ENDED


def _on(rows: Sequence[_State], day: date) -> _State | None:
    """The state in force on a day: the latest in the log's order of those in effect."""
    return max((r for r in rows if r.effective <= day), key=lambda r: r.position, default=None)


def _changes(number: str, rows: Sequence[_State], code: str, first: date) -> list[Change]:
    found: list[Change] = []
    before = _on(rows, first - timedelta(days=1))
    for day in sorted({r.effective for r in rows if r.effective >= first}):
        after = _on(rows, day)
        assert after is not None  # a state takes effect on this day
        change = _change(before, after, code)
        if change is not None:
            kind, old, new = change
            found.append(Change(day, number, "", kind, old, new, after.step))
        before = after
    return found


def _change(
    before: _State | None, after: _State, code: str
) -> tuple[str, str | None, str | None] | None:
    was, is_ = _on_books(before, code), _on_books(after, code)
    if not was and is_:
        came = None if before is None else before.branch if before.branch != code else None
        return JOINED, came, after.status
    if was and not is_:
        assert before is not None
        went = after.branch if after.branch != code else after.status
        return LEFT, before.status, went
    if was and before is not None and before.status != after.status:
        return STATUS, before.status, after.status
    return None
