"""The members as the record stood on a date, read from the member row kept after each change.

Each member's state on a date is the bb_member_states row with the highest position among
those whose effective date is on or before it: the log's order decides between steps, so a
step recorded later with an earlier date still counts after the steps recorded before it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import fields, frozen
from sqlalchemy import Connection, func, select

from projections.members import MemberView
from projections.tables import audit, member_states, members


@frozen
class MemberState:
    """A member on a date: the view of their standing, and the whole state row behind it
    (rectification, suspension and the other case columns)."""

    view: MemberView
    row: Mapping[str, Any]


def states_on(conn: Connection, on: date, branch: str | None = None) -> list[MemberState]:
    """Every member the record knows on a date (in a branch, when given), by member number."""
    s = member_states.c
    latest = (
        select(s.member, func.max(s.position).label("position"))
        .where(s.effective <= on)
        .group_by(s.member)
        .subquery()
    )
    query = (
        select(member_states, members.c.name, members.c.birth)
        .join(latest, latest.c.position == s.position)
        .join(members, members.c.number == s.member)
        .order_by(s.member)
    )
    if branch is not None:
        query = query.where(s.branch == branch)
    return [_state(dict(row._mapping)) for row in conn.execute(query)]


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
