"""Rows for export: the rosters of branches and every person's member row, now or on a date."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from branchbook.projections.branches.roster import roster
from branchbook.projections.members.as_of import states_on
from branchbook.projections.storage.tables import STATE_COLUMNS, members

# The member row's columns in export order, but those kept for the views' own work: the case
# resolution's detail, whether an opening entry opened the record, and month counts the dates
# beside them already give (probation_end, the pending resolution). The JSON lists are lists.
_INTERNAL = ("pending_detail", "enrolled", "probation_months", "pending_months")
MEMBER_COLUMNS = tuple(c for c in STATE_COLUMNS if c not in _INTERNAL)
_LISTS = ("introducers", "extensions")


def roster_rows(
    conn: Connection, codes: list[str], as_of: date | None, latest: date | None = None
) -> list[dict[str, Any]]:
    """Who is on the books of each branch (now, or on a date), branch by branch; party age
    and roles as of the date, or `latest` (the latest recorded step) for the roster now."""
    return [
        {"branch": code, **r.as_dict()}
        for code in codes
        for r in roster(conn, code, as_of, latest=latest)
    ]


def member_rows(
    conn: Connection, branch: str | None = None, as_of: date | None = None
) -> list[dict[str, Any]]:
    """Every person's member row by number: as it stands now, or as it stood on a date (only
    those the record knew by then); `branch` keeps those whose branch it was."""
    m = members.c
    if as_of is None:
        rows = conn.execute(
            select(m.number, m.name, m.birth, *(m[c] for c in MEMBER_COLUMNS)).order_by(m.number)
        )
        found = [dict(r._mapping) for r in rows]
    else:
        found = [
            {"number": st.view.number, "name": st.view.name, "birth": st.view.birth,
             **{c: st.row[c] for c in MEMBER_COLUMNS}}
            for st in states_on(conn, as_of)
        ]  # fmt: skip
    return [_plain(row) for row in found if branch is None or row["branch"] == branch]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"member": row.pop("number")}
    for key, value in row.items():
        if key in _LISTS:
            out[key] = json.loads(value) if value is not None else []
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif key in ("rights_suspended", "review_passed") and value is not None:
            out[key] = bool(value)
        else:
            out[key] = value
    return out
