"""The roster view: who is on a branch's books; and the projector that feeds every view."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from domain.branch import Branch
from domain.meeting import Meeting
from domain.member import Member
from domain.organisation import Organisation
from projections import branches as branches_view
from projections import meetings as meetings_view
from projections import members as members_view
from projections.tables import branches, members


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one event of any aggregate to the views: the projector CatchUp runs."""
    if isinstance(event, Member.Event | Member.Applied | Member.Enrolled):
        members_view.project(conn, event, position)
    elif isinstance(event, Meeting.Held | Meeting.Resolved):
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


def roster(conn: Connection, code: str) -> list[RosterRow]:
    """Everyone on the branch's books now, by member number."""
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
        .where(members.c.branch == code)
        .order_by(members.c.number)
    )
    return [RosterRow(*row) for row in rows]
