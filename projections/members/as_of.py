"""The members as the record stood on a date, read from the member row kept after each change.

Each member's state on a date is the bb_member_states row with the highest position among
those whose effective date is on or before it: the log's order decides between steps, so a
step recorded later with an earlier date still counts after the steps recorded before it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from attrs import fields, frozen
from sqlalchemy import Column, ColumnElement, Connection, Row, Select, and_, func, or_, select
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from branchbook.projections.members.view import MemberView
from branchbook.projections.storage.tables import STATE_COLUMNS, audit, member_states, members


@frozen
class MemberState:
    """A member on a date: the view of their standing, and the whole state row behind it
    (rectification, suspension and the other case columns)."""

    view: MemberView
    row: Mapping[str, Any]


def states_on(
    conn: Connection,
    on: date | None,
    branch: str | None = None,
    *,
    known: int | None = None,
    only: Narrowing | None = None,
) -> list[MemberState]:
    """Every member the record knows on a date (None: every date) whose branch it then is
    (when given), by member number; as known once the log reached position `known` (None:
    as known now); `only` keeps those whose state on the date it holds for (a condition on
    the state's columns, bb_members' or bb_member_states' alike).

    A member none of whose states takes effect after the date stands on it as bb_members
    holds them now, the last state row's copy: only the members changed since are looked up
    in the history, so a date near the record's end reads little more than the member rows."""
    if known is not None or on is None:
        return _from_history(conn, on, branch, known=known, only=only)
    current = select(*_CURRENT).where(unchanged_after(on))
    if branch is not None:
        current = current.where(members.c.branch == branch)
    if only is not None:
        current = current.where(only(members.c))
    found = [_state(dict(row._mapping)) for row in conn.execute(current)]
    later = changed_after(conn, on, branch, only=only)
    return sorted([*found, *later], key=lambda state: state.view.number)


def unchanged_after(on: date) -> ColumnElement[bool]:
    """Whether a bb_members row is the member's state on the date: none of their states
    takes effect after it, so the last of them, which the row is a copy of, is in force."""
    s = member_states.c
    return members.c.number.not_in(select(s.member).where(s.effective > on, known_then(None)))


def known_then(known: int | None) -> ColumnElement[bool]:
    """Whether a state row was known once the log reached position `known` (None: is known
    now): recorded by then, and neither given by a step voided by a correction recorded by
    then nor one that stands so only because of such a correction recorded later."""
    s = member_states.c
    if known is None:
        return s.known_until.is_(None)
    return and_(
        s.position <= known,
        or_(s.known_from.is_(None), s.known_from <= known),
        or_(s.known_until.is_(None), s.known_until > known),
    )


def changed_after(
    conn: Connection, on: date, branch: str | None = None, *, only: Narrowing | None = None
) -> list[MemberState]:
    """The states on the date of the members one of whose states takes effect after it,
    read from the history: the others are their bb_members rows (unchanged_after)."""
    s = member_states.c
    changed = select(s.member).where(s.effective > on, known_then(None))
    return _from_history(conn, on, branch, only=only, among=changed)


# A state's columns: those of bb_members or of bb_member_states (where the number is `member`).
Columns = ReadOnlyColumnCollection[str, Column[Any]]
# A condition on a state's columns.
Narrowing = Callable[[Columns], ColumnElement[bool]]
# A member row read as a state row: its number as the member, and no position of its own.
_CURRENT = (
    members.c.number.label("member"),
    *(members.c[name] for name in STATE_COLUMNS),
    members.c.name,
    members.c.birth,
)


def _from_history(
    conn: Connection,
    on: date | None,
    branch: str | None,
    *,
    known: int | None = None,
    only: Narrowing | None = None,
    among: Select[tuple[str]] | None = None,
) -> list[MemberState]:
    """The same from the state rows alone; of the members `among` selects, when given."""
    s = member_states.c
    candidates = (
        select(s.member, func.max(s.position).label("position"))
        .where(known_then(known))
        .group_by(s.member)
    )
    if on is not None:
        candidates = candidates.where(s.effective <= on)
    if among is not None:
        candidates = candidates.where(s.member.in_(among))
    if branch is not None:  # only those ever in the branch need be looked at
        candidates = candidates.where(s.member.in_(select(s.member).where(s.branch == branch)))
    latest = candidates.subquery()
    query = (
        select(member_states, members.c.name, members.c.birth)
        .join(latest, and_(latest.c.position == s.position, latest.c.member == s.member))
        .join(members, members.c.number == s.member)
        .where(known_then(known))
        .order_by(s.member)
    )
    if branch is not None:
        query = query.where(s.branch == branch)
    if only is not None:
        query = query.where(only(member_states.c))
    return [_state(dict(row._mapping)) for row in conn.execute(query)]


def state_of(
    conn: Connection, number: str, on: date, *, known: int | None = None
) -> Row[Any] | None:
    """One member's whole state row on a date, by the same rule, as known once the log
    reached position `known` (None: as known now); None before their first."""
    s = member_states.c
    return conn.execute(
        select(member_states)
        .where(s.member == number, s.effective <= on, known_then(known))
        .order_by(s.position.desc())
        .limit(1)
    ).first()


def member_on(
    conn: Connection, number: str, on: date, *, known: int | None = None
) -> MemberState | None:
    """One member on a date, as known once the log reached position `known` (None: as known
    now), by the same rule; None before their first step, or one not yet known."""
    s = member_states.c
    found = conn.execute(
        select(member_states, members.c.name, members.c.birth)
        .join(members, members.c.number == s.member)
        .where(s.member == number, s.effective <= on, known_then(known))
        .order_by(s.position.desc())
        .limit(1)
    ).first()
    return None if found is None else _state(dict(found._mapping))


def members_on(conn: Connection, on: date, branch: str | None = None) -> list[MemberView]:
    """The MemberView of every member the record knows on a date, by member number."""
    return [state.view for state in states_on(conn, on, branch)]


def _state(row: dict[str, Any]) -> MemberState:
    row["number"] = row["member"]
    values = {name: row[name] for name in _VIEW_FIELDS}
    values["introducers"] = tuple(json.loads(values["introducers"] or "[]"))
    values["extensions"] = tuple(json.loads(values["extensions"] or "[]"))
    values["enrolled"] = bool(values["enrolled"])
    values["rights_suspended"] = bool(values["rights_suspended"])
    values["training_days"] = values["training_days"] or 0
    values["training_hours"] = values["training_hours"] or 0
    values["probation_months"] = values["probation_months"] or 0
    return MemberState(MemberView(**values), row)


_VIEW_FIELDS = tuple(f.name for f in fields(MemberView))


def latest_effective(conn: Connection) -> date | None:
    """The latest effective date of any recorded step, or None for an empty record."""
    return conn.execute(
        select(func.max(audit.c.effective)).where(audit.c.corrected_by.is_(None))
    ).scalar_one_or_none()


def first_effective(conn: Connection) -> date | None:
    """The earliest effective date of any recorded step, or None for an empty record."""
    return conn.execute(
        select(func.min(audit.c.effective)).where(audit.c.corrected_by.is_(None))
    ).scalar_one_or_none()
