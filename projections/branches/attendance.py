"""Who a branch's meetings list as present, judged again on the roll as it now stands.

A transfer received or a death recorded after a meeting, dated on or before it, is recorded
(the branch's record does not list its meetings); the meeting then lists as present someone
who had left the branch. These findings name it by the rule that refuses the meeting in the
other order, judged by the rule's own test. Read from the views only: the branch's meetings and
its roll, each by the branch's index, never the log.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, select

from branchbook.domain.meeting import attendance_findings
from branchbook.domain.roll import Standing, standing_at
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.branches.findings import Finding
from branchbook.projections.storage.tables import meetings, roll


def _roll_of(conn: Connection, branch: str, until: date) -> dict[str, list[Standing]]:
    """Each member's standings in the branch up to a date, by date then the log's order."""
    r = roll.c
    query = (
        select(r.member, r.since, r.status, r.votes, r.counted)
        .where(r.branch == branch, r.since <= until)
        .order_by(r.since, r.position)
    )
    history: dict[str, list[Standing]] = defaultdict(list)
    for row in conn.execute(query):
        history[row.member].append(Standing(row.since, row.status, row.votes, row.counted))
    return history


def _judged(
    code: str,
    branch: str,
    held: date,
    *,
    present: list[str],
    history: dict[str, list[Standing]],
    version: RulebookVersion,
) -> list[Finding]:
    found = attendance_findings(
        code, branch, held, present=present, version=version,
        standing_of=lambda n: standing_at(history.get(n, ()), held),
    )  # fmt: skip
    return [Finding(w.rule, w.reason, w.citation) for w in found]


def meeting_findings(
    conn: Connection, code: str, branch: str, held: date, *, present: list[str],
    version: RulebookVersion,
) -> list[Finding]:  # fmt: skip
    """What the meeting lists out of line with the branch's roll as it now stands."""
    history = _roll_of(conn, branch, held)
    return _judged(code, branch, held, present=present, history=history, version=version)


def branch_attendance(
    conn: Connection, branch: str, as_of: date, version: RulebookVersion
) -> list[Finding]:
    """The findings of every meeting of the branch held on or before a date, by date."""
    m = meetings.c
    held = conn.execute(
        select(m.code, m.held, m.present)
        .where(m.branch == branch, m.held <= as_of)
        .order_by(m.held, m.code)
    ).all()
    if not held:
        return []
    history = _roll_of(conn, branch, as_of)
    found: list[Finding] = []
    for row in held:
        present = json.loads(row.present)
        found += _judged(
            row.code, branch, row.held, present=present, history=history, version=version
        )
    return found
