"""A member as the views know them now, read from bb_members: for the queries, which need
none of the Member aggregate that keeps the row current (projections.members.row)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from attrs import asdict, fields, frozen
from sqlalchemy import Connection, select

from branchbook.domain.dates import age_on
from branchbook.projections.storage.tables import PARTICULARS, members

# Whose membership has ended: off every branch's books from that date (the values of
# Status.EXPELLED, REMOVED and DECEASED in branchbook.domain.member).
ENDED = ("expelled", "removed", "deceased")


@frozen
class MemberView:
    """A member as the views know them now: status and the dates of their steps."""

    number: str
    name: str
    birth: date
    branch: str
    status: str
    since: date
    enrolled: bool
    applied: date | None
    talked: date | None
    activist_on: date | None
    assessed_on: date | None
    candidate_on: date | None
    reviewed_on: date | None
    review_passed: bool | None
    training_days: int
    training_hours: int
    introducers: tuple[str, ...]
    prereviewed_on: date | None
    admitted_on: date | None
    admitted_at: str | None
    probation_months: int
    extensions: tuple[int, ...]
    probation_end: date | None
    approved_on: date | None
    approved_by: str | None
    oath_on: date | None
    pending: str | None
    pending_on: date | None
    pending_meeting: str | None
    pending_months: int | None
    full_since: date | None
    ended_on: date | None
    rights_suspended: bool
    excluded: str | None

    def party_age_on(self, on: date) -> int | None:
        """Completed years of party age on a date, counted from full_since."""
        if self.full_since is None or on < self.full_since:
            return None
        return age_on(self.full_since, on)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self, value_serializer=lambda _, __, v: _json_value(v))
        pending = {k: data.pop(k) for k in _PENDING}
        data["pending"] = None
        if pending["pending"] is not None:
            data["pending"] = {"decision": pending["pending"], "on": pending["pending_on"],
                               "meeting": pending["pending_meeting"],
                               "months": pending["pending_months"]}  # fmt: skip
        return {"member": data.pop("number"), **data}


_PENDING = ("pending", "pending_on", "pending_meeting", "pending_months")


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


_VIEW_FIELDS = [f.name for f in fields(MemberView)]


def member(conn: Connection, number: str) -> MemberView | None:
    """The member with this number, or None if the views do not know them."""
    row = conn.execute(
        select(*(members.c[name] for name in _VIEW_FIELDS)).where(members.c.number == number)
    ).first()
    return None if row is None else _view(row)


def particulars(conn: Connection, number: str) -> dict[str, str | None]:
    """The particulars the record holds of a member (None where none was given), by name:
    sex, id_number, ethnicity, education, work_unit, phone; empty for an unknown member."""
    row = conn.execute(
        select(*(members.c[name] for name in PARTICULARS)).where(members.c.number == number)
    ).first()
    return {} if row is None else dict(row._mapping)


def admitted(conn: Connection) -> list[MemberView]:
    """Everyone the record shows admitted by an assembly resolution, by admission date."""
    rows = conn.execute(
        select(*(members.c[name] for name in _VIEW_FIELDS))
        .where(members.c.admitted_at.is_not(None))
        .order_by(members.c.admitted_on, members.c.number)
    )
    return [_view(row) for row in rows]


def _view(row: Any) -> MemberView:
    values = dict(row._mapping)
    values["introducers"] = tuple(json.loads(values["introducers"]))
    values["extensions"] = tuple(json.loads(values["extensions"]))
    values["enrolled"] = bool(values["enrolled"])
    values["rights_suspended"] = bool(values["rights_suspended"])
    return MemberView(**values)
