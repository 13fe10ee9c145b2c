"""The member views of casework: transfers received, discipline, disposal, rectification and
suspension on bb_members and bb_sanctions, and each step in the member's history."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert

from branchbook.domain.discipline import SanctionKind
from branchbook.domain.member import Member, Status
from branchbook.projections.members.page_rows import Row, held_rows
from branchbook.projections.members.row import (
    NO_PENDING,
    RECORD_OF,
    Values,
    number_of,
    row_change,
    step_row,
)
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.tables import sanctions

# The name each case event goes by in the member's history.
CASE_KINDS: Mapping[type[Any], str] = {
    Member.Moved: "moved",
    Member.ConversionPostponed: "conversion-postponed",
    Member.Decided: "decided",
    Member.Sanctioned: "sanctioned",
    Member.SanctionReviewed: "sanction-reviewed",
    Member.Urged: "urged",
    Member.Left: "left",
    Member.RectificationOrdered: "rectification-ordered",
    Member.RectificationEnded: "rectification-ended",
    Member.MembershipSuspended: "membership-suspended",
    Member.MembershipRestored: "membership-restored",
    Member.Reapplied: "reapplied",
}

_SANCTION_OF = insert(sanctions)  # with the member's number given
_NO_RECTIFICATION: Values = {
    "rect_ordered": None, "rect_deadline": None, "rect_matter": None, "rect_filed_with": None,
}  # fmt: skip
_NO_SUSPENSION: Values = {"suspension_reason": None, "suspension_since": None, "suspended_on": None}
# What a new application clears: the path to membership begins again (Member._reset_path).
_NEW_PATH: Values = {
    **NO_PENDING, **_NO_RECTIFICATION, **_NO_SUSPENSION,
    "enrolled": False, "talked": None, "activist_on": None, "assessed_on": None,
    "candidate_on": None, "reviewed_on": None, "review_passed": None, "training_days": 0,
    "training_hours": 0, "introducers": "[]", "prereviewed_on": None, "admitted_on": None,
    "admitted_at": None, "probation_months": 0, "extensions": "[]", "probation_end": None,
    "approved_on": None, "approved_by": None, "oath_on": None, "full_since": None,
    "ended_on": None, "rights_suspended": False, "excluded": None, "postponed": None,
    "urged_on": None,
}  # fmt: skip


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one case event of a member to their row in bb_members, held with the page (and to
    bb_sanctions), and to the history."""
    kind = CASE_KINDS.get(type(event))
    if kind is None:
        return
    member_id = event.originator_id.hex
    rows = held_rows(conn)
    row = rows.get(conn, member_id)
    if row is not None:
        rows.change(conn, member_id, _CHANGES[type(event)](event, event.step.effective))
    number = number_of(row)
    if isinstance(event, Member.Sanctioned | Member.SanctionReviewed):
        conn.execute(_SANCTION_OF, {"member": number, **_sanction_row(event, position)})
    append(conn, RECORD_OF, {"member": number, **step_row(conn, event, position, kind)})


def change_of(row: Row, event: Any) -> Values | None:
    """The change a member's step makes to their row as it stands (a copy of it, such as a
    state as known before a correction); None for one that makes none or opens the row."""
    change = _CHANGES.get(type(event))
    if change is not None:
        return change(event, event.step.effective)
    return row_change(row, event)


def _sanction_row(event: Member.Sanctioned | Member.SanctionReviewed, position: int) -> Values:
    s = event.sanction

    def day(key: str) -> date | None:
        return date.fromisoformat(s[key]) if s.get(key) else None

    return {
        "position": position,
        "effective": event.step.effective,
        "kind": s["kind"],
        "matter": s["matter"],
        "since": day("since"),
        "ends": day("ends"),
        "months": s.get("months"),
        "extended": s.get("extended", 0),
        "restored": day("restored"),
        "bar_ends": day("bar_ends"),
        "body": s["body"],
    }


def _ended(status: str, basis: str, on: date) -> Values:
    return {
        **NO_PENDING, **_NO_RECTIFICATION,
        "status": status, "basis": basis, "ended_on": on, "since": on,
    }  # fmt: skip


def _sanctioned(e: Any, on: date) -> Values:
    if e.sanction["kind"] == SanctionKind.EXPULSION.value:
        return _ended(Status.EXPELLED.value, "expulsion", on)
    return {**NO_PENDING, "since": on}


def _decided(e: Any, on: date) -> Values:
    return {
        "pending": e.decision,
        "pending_on": on,
        "pending_meeting": e.meeting,
        "pending_months": e.detail.get("months"),
        "pending_detail": json.dumps(e.detail, ensure_ascii=False),
    }


def _rectification(e: Any, on: date) -> Values:
    return {
        "rect_ordered": on,
        "rect_deadline": e.deadline,
        "rect_matter": e.matter,
        "rect_filed_with": e.filed_with,
    }


Change = Callable[[Any, date], Values]
_CHANGES: Mapping[type[Any], Change] = {
    Member.Moved: lambda e, on: {"branch": e.branch, "since": on},
    Member.ConversionPostponed: lambda e, on: {"postponed": e.months},
    Member.Decided: _decided,
    Member.Sanctioned: _sanctioned,
    Member.SanctionReviewed: lambda e, on: {**NO_PENDING, "since": on},
    Member.Urged: lambda e, on: {**NO_PENDING, "urged_on": on},
    Member.Left: lambda e, on: _ended(e.status, e.basis, on),
    Member.RectificationOrdered: _rectification,
    Member.RectificationEnded: lambda e, on: dict(_NO_RECTIFICATION),
    Member.MembershipSuspended: lambda e, on: {
        "status": Status.SUSPENDED.value, "suspension_reason": e.reason,
        "suspension_since": e.since, "suspended_on": on, "since": on},
    Member.MembershipRestored: lambda e, on: {
        **_NO_SUSPENSION, "status": Status.FULL.value, "since": on},
    Member.Reapplied: lambda e, on: {
        **_NEW_PATH, "status": Status.APPLICANT.value, "applied": on, "branch": e.branch,
        "since": on},
}  # fmt: skip
