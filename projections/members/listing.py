"""Members listed: now or on a date, of a branch, in a standing, whose name holds a text.

A name is matched in part, case ignored, after the names are read (and decrypted, in encrypted
views): only its blind index is kept beside it, and that finds a whole name alone
(projections.members.by_name).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from branchbook.projections.members.as_of import states_on
from branchbook.projections.storage.tables import members

# Every standing a member may be in (the values of domain.member.Status), in its order.
STATUSES = (
    "applicant",
    "activist",
    "candidate",
    "admitted",
    "probationary",
    "full",
    "not-approved",
    "revoked",
    "suspended",
    "expelled",
    "removed",
    "deceased",
)
# What each row of the listing holds, in order.
COLUMNS = ("member", "name", "birth", "branch", "status", "since")


def member_rows(
    conn: Connection,
    *,
    branch: str | None = None,
    status: str | None = None,
    name: str | None = None,
    on: date | None = None,
) -> list[dict[str, Any]]:
    """The members as the record knows them now, or on the date `on`, by member number: of
    `branch` and in `status` when given, and whose name holds `name` (case ignored), each a
    plain row of COLUMNS."""
    if on is None:
        query = select(*(members.c[c] for c in ("number", *COLUMNS[1:]))).order_by(members.c.number)
        if branch is not None:
            query = query.where(members.c.branch == branch)
        if status is not None:
            query = query.where(members.c.status == status)
        found: Iterable[Any] = conn.execute(query)
    else:
        only = None if status is None else (lambda c: c.status == status)
        found = (state.view for state in states_on(conn, on, branch, only=only))
    rows = (
        {"member": r.number, "name": r.name, "birth": r.birth, "branch": r.branch,
         "status": r.status, "since": r.since}
        for r in found
    )  # fmt: skip
    if name is None:
        return list(rows)
    part = folded(name)
    return [row for row in rows if part in folded(row["name"])]


def folded(text: str) -> str:
    """A name as it is matched: NFC, case folded, without surrounding spaces."""
    return unicodedata.normalize("NFC", text).casefold().strip()
