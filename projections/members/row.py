"""The member row and history kept current by the Member's events: where each person stands
now (read in projections.members.view), and every step recorded about them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import NoResultFound

from branchbook.domain.dates import add_months
from branchbook.domain.member import Member, Status
from branchbook.projections.members.page_rows import Row, held_rows
from branchbook.projections.storage.buffer import append, remembered
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import PARTICULARS, member_events

# The name each member event goes by in the history, in the order of the pipeline.
KINDS: Mapping[type[Any], str] = {
    Member.Applied: "applied",
    Member.Enrolled: "enrolled",
    Member.TalkedWith: "talked",
    Member.DesignatedActivist: "designated-activist",
    Member.Assessed: "assessed",
    Member.DesignatedCandidate: "designated-candidate",
    Member.PoliticallyReviewed: "reviewed",
    Member.Trained: "trained",
    Member.IntroducersNamed: "introducers-named",
    Member.Prereviewed: "prereviewed",
    Member.Admitted: "admitted",
    Member.Resolved: "resolved",
    Member.Approved: "approved",
    Member.NotApproved: "not-approved",
    Member.SwornIn: "sworn-in",
    Member.RightsSuspended: "rights-suspended",
    Member.RightsRestored: "rights-restored",
    Member.Excluded: "excluded",
    Member.Included: "included",
    Member.ParticularsCorrected: "particulars-corrected",
    Member.VoteFailed: "vote-failed",
}
# What every event carries that is not its own fact.
_META = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "step"})
NO_PENDING = {
    "pending": None, "pending_on": None, "pending_meeting": None, "pending_months": None,
    "pending_detail": None,
}  # fmt: skip

Values = dict[str, Any]


RECORD_OF = DriverInsert(member_events)  # with the member's number given


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one member event to its row in bb_members, held with the page, and add it to
    bb_member_events."""
    kind = KINDS.get(type(event))
    if kind is None:
        return
    rows = held_rows(conn)
    member_id = event.originator_id.hex
    row: Row | None
    if isinstance(event, Member.Applied | Member.Enrolled):
        row = rows.open(conn, {"id": member_id, **_opening(event)})
    else:
        row = rows.get(conn, member_id)
        if row is not None:
            changes = _CHANGES[type(event)](row, event, event.step.effective)
            if changes:  # a failed vote changes nothing on the row
                rows.change(conn, member_id, changes)
        elif isinstance(event, Member.Approved):
            raise NoResultFound("No row was found when one was required")  # its change reads it
    append(conn, RECORD_OF, {"member": number_of(row), **step_row(conn, event, position, kind)})


def row_change(row: Row, event: Any) -> Values | None:
    """The change one of the pipeline's steps makes to the member's row as it stands; None
    for one that opens the row or is not among them."""
    change = _CHANGES.get(type(event))
    return None if change is None else change(row, event, event.step.effective)


def number_of(row: Row | None) -> str | None:
    """The member's number; None when they have no row (an earlier event of their record was
    left out), which the database refuses in the history, failing the step as it always has."""
    return None if row is None else row["number"]


def step_values(event: Any, position: int, kind: str) -> Values:
    """The history row of one recorded step, without the member it belongs to."""
    step = event.step
    return {
        "position": position,
        "kind": kind,
        "effective": step.effective,
        "recorded_at": event.timestamp,
        "actor": step.actor,
        "doc": step.doc,
        "note": step.note,
        "rulebook": step.rulebook,
        "warnings": dumps(step.as_dict()["warnings"]),
        "details": dumps({k: v for k, v in vars(event).items() if k not in _META}),
    }


def step_row(conn: Connection, event: Any, position: int, kind: str) -> Values:
    """The same, made once per event in a page for the views that each keep a copy."""
    made = remembered(conn, ("step", position), lambda: step_values(event, position, kind))
    return {**made, "kind": kind}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_plain)


def _plain(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _opening(event: Member.Applied | Member.Enrolled) -> Values:
    on = event.step.effective
    values: Values = {
        "number": event.number,
        "name": event.name,
        "name_index": event.name,  # becomes the name's blind index (projections.storage.secrecy)
        "birth": event.birth,
        "branch": event.branch,
        "since": on,
        "enrolled": False,
        "training_days": 0,
        "training_hours": 0,
        "introducers": "[]",
        "extensions": "[]",
        "probation_months": 0,
        "rights_suspended": False,
    }
    if isinstance(event, Member.Applied):
        return {**values, "status": Status.APPLICANT.value, "applied": on}
    admitted = event.admitted_on
    return {
        **values,
        "enrolled": True,
        "status": event.status,
        "applied": event.applied,
        "activist_on": event.activist_on,
        "candidate_on": event.candidate_on,
        "admitted_on": admitted,
        "probation_months": event.probation_months,
        "probation_end": None if admitted is None else add_months(admitted, event.probation_months),
        "full_since": event.full_since,
        **{name: getattr(event, name) for name in PARTICULARS},
    }


def _approved(row: Row, event: Any, on: date) -> Values:
    if event.decision == "admit":
        return {**NO_PENDING, "status": "probationary", "approved_on": on,
                "approved_by": event.body, "since": on}  # fmt: skip
    if event.decision == "convert":
        # Party age runs from the end of probation, however late the approval; the standing
        # (and the vote) changes on the approval date, as on the branch's roll.
        return {**NO_PENDING, "status": "full", "full_since": row["probation_end"], "since": on}
    if event.decision == "extend":
        extensions = [*json.loads(row["extensions"]), row["pending_months"] or 0]
        end = add_months(row["admitted_on"], row["probation_months"] + sum(extensions))
        return {**NO_PENDING, "extensions": json.dumps(extensions), "probation_end": end}
    return {**NO_PENDING, "status": "revoked", "ended_on": on, "since": on}


def _not_approved(_: Row, event: Any, on: date) -> Values:
    if event.decision == "admit":
        return {**NO_PENDING, "status": "not-approved", "ended_on": on, "since": on}
    return dict(NO_PENDING)


def _admitted(_: Row, event: Any, on: date) -> Values:
    return {
        "status": "admitted",
        "admitted_on": on,
        "admitted_at": event.meeting,
        "probation_months": event.probation_months,
        "probation_end": add_months(on, event.probation_months),
        "pending": "admit",
        "pending_on": on,
        "pending_meeting": event.meeting,
        "pending_months": None,
        "since": on,
    }


def _assessed(row: Row, _: Any, on: date) -> Values:
    """The latest assessment's date, whatever order they were recorded in."""
    last = row["assessed_on"]
    return {"assessed_on": on if last is None or last < on else last}


# The change each step makes to the member's row as it stands.
Change = Callable[[Row, Any, date], Values]
_CHANGES: Mapping[type[Any], Change] = {
    Member.TalkedWith: lambda row, e, on: {
        "talked": on if row["talked"] is None else row["talked"]},
    Member.DesignatedActivist: lambda _, e, on: {
        "status": "activist", "activist_on": on, "since": on},
    Member.Assessed: _assessed,
    Member.DesignatedCandidate: lambda _, e, on: {
        "status": "candidate", "candidate_on": on, "since": on},
    Member.PoliticallyReviewed: lambda _, e, on: {"review_passed": e.passed, "reviewed_on": on},
    Member.Trained: lambda row, e, on: {
        "training_days": row["training_days"] + e.days,
        "training_hours": row["training_hours"] + e.hours},
    Member.IntroducersNamed: lambda _, e, on: {"introducers": json.dumps(e.introducers)},
    Member.Prereviewed: lambda _, e, on: {"prereviewed_on": on},
    Member.Admitted: _admitted,
    Member.Resolved: lambda _, e, on: {
        "pending": e.decision, "pending_on": on, "pending_meeting": e.meeting,
        "pending_months": e.months},
    Member.Approved: _approved,
    Member.NotApproved: _not_approved,
    Member.SwornIn: lambda _, e, on: {"oath_on": on},
    Member.RightsSuspended: lambda _, e, on: {"rights_suspended": True, "since": on},
    Member.RightsRestored: lambda _, e, on: {"rights_suspended": False, "since": on},
    Member.Excluded: lambda _, e, on: {"excluded": e.category, "since": on},
    Member.Included: lambda _, e, on: {"excluded": None, "since": on},
    Member.ParticularsCorrected: lambda _, e, on: {
        "name": e.name, "name_index": e.name, "birth": e.birth},
    Member.VoteFailed: lambda _, e, on: {},  # a vote that did not carry changes no standing
}  # fmt: skip
