"""The roster view: who is on a branch's books, kept current from the events."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, insert, select, update

from domain.branch import Branch
from domain.member import Member
from projections.tables import branches, members


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one event to the branch and member tables."""
    if isinstance(event, Branch.Founded):
        conn.execute(
            insert(branches).values(
                code=event.code,
                name=event.name,
                kind=event.kind,
                parent=event.parent,
                founded=event.step.effective,
            )
        )
    elif isinstance(event, Member.Applied):
        conn.execute(
            insert(members).values(
                id=event.originator_id.hex,
                number=event.number,
                name=event.name,
                birth=event.birth,
                branch=event.branch,
                status="applicant",
                since=event.step.effective,
                applied=event.step.effective,
            )
        )
    elif isinstance(event, Member.TalkedWith):
        conn.execute(
            update(members)
            .where(members.c.id == event.originator_id.hex, members.c.talked.is_(None))
            .values(talked=event.step.effective)
        )


@frozen
class RosterRow:
    """One person on a branch's books."""

    number: str
    name: str
    birth: date
    status: str
    since: date
    applied: date
    talked: date | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.number,
            "name": self.name,
            "birth": self.birth.isoformat(),
            "status": self.status,
            "since": self.since.isoformat(),
            "applied": self.applied.isoformat(),
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
