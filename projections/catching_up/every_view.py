"""Which views an event goes to: the audit trail, and the views of its aggregate."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from branchbook.domain.branch import Branch
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.projections.auditors import audit_trail, tallies
from branchbook.projections.branches import meetings
from branchbook.projections.branches import projector as branches
from branchbook.projections.members import case_files, casework, states
from branchbook.projections.members import row as members


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one event of any aggregate to the views: the projector CatchUp runs."""
    audit_trail.project(conn, event, position)
    if isinstance(event, Member.Event | Member.Applied | Member.Enrolled):
        members.project(conn, event, position)
        casework.project(conn, event, position)
        states.snapshot(conn, event, position)
        tallies.project(conn, event, position)
    elif isinstance(event, case_files.FILE_EVENTS):
        case_files.project(conn, event, position)
    elif isinstance(event, Meeting.Event | Meeting.Held):
        meetings.project(conn, event, position)
    elif isinstance(event, Branch.Event | Branch.Founded | Organisation.Registered):
        branches.project(conn, event, position)
