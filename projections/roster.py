"""The roster view: who is on a branch's books; and the projector that feeds every view."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from domain.branch import Branch
from domain.meeting import Meeting
from domain.member import Member, Status
from domain.organisation import Organisation
from projections import audit as audit_view
from projections import branches as branches_view
from projections import case_files, member_cases
from projections import meetings as meetings_view
from projections import members as members_view
from projections.tables import branches, member_states, members

# Whose membership has ended: off every branch's books from that date.
ENDED = (Status.EXPELLED.value, Status.REMOVED.value, Status.DECEASED.value)


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one event of any aggregate to the views: the projector CatchUp runs."""
    audit_view.project(conn, event, position)
    if isinstance(event, Member.Event | Member.Applied | Member.Enrolled):
        members_view.project(conn, event, position)
        member_cases.project(conn, event, position)
        member_cases.snapshot(conn, event, position)
    elif isinstance(event, case_files.FILE_EVENTS):
        case_files.project(conn, event, position)
    elif isinstance(event, Meeting.Event | Meeting.Held):
        meetings_view.project(conn, event, position)
    elif isinstance(event, Branch.Event | Branch.Founded | Organisation.Registered):
        branches_view.project(conn, event, position)


@frozen
class RosterRow:
    """One person on a branch's books."""

    number: str
    name: str
    birth: date
    status: str
    since: date
    applied: date | None
    talked: date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.number,
            "name": self.name,
            "birth": self.birth.isoformat(),
            "status": self.status,
            "since": self.since.isoformat(),
            "applied": self.applied.isoformat() if self.applied else None,
            "talked": self.talked.isoformat() if self.talked else None,
        }


def branch_exists(conn: Connection, code: str) -> bool:
    return conn.execute(select(branches.c.code).where(branches.c.code == code)).first() is not None


def roster(conn: Connection, code: str, as_of: date | None = None) -> list[RosterRow]:
    """Everyone on the branch's books, by member number: now, or as of a date (a member
    transferred in counts from the receipt, one whose membership ended no more)."""
    if as_of is not None:
        return _roster_on(conn, code, as_of)
    rows = conn.execute(
        select(
            members.c.number,
            members.c.name,
            members.c.birth,
            members.c.status,
            members.c.since,
            members.c.applied,
            members.c.talked,
        )
        .where(members.c.branch == code, members.c.status.not_in(ENDED))
        .order_by(members.c.number)
    )
    return [RosterRow(*row) for row in rows]


def _roster_on(conn: Connection, code: str, on: date) -> list[RosterRow]:
    s = member_states.c
    ever_here = select(s.member).where(s.branch == code)
    rows = conn.execute(
        select(s.member, members.c.name, members.c.birth, s.status, s.since, s.applied, s.talked,
               s.branch)
        .join(members, members.c.number == s.member)
        .where(s.effective <= on, s.member.in_(ever_here))
        .order_by(s.effective, s.position)
    )  # fmt: skip
    latest = {row.member: row for row in rows}
    return [
        RosterRow(*row[:7])
        for number, row in sorted(latest.items())
        if row.branch == code and row.status not in ENDED
    ]
