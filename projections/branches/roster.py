"""The roster view: who is on a branch's books, now, on a date, or as known at a moment."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, func, select

from branchbook.domain.dates import age_on
from branchbook.domain.leadership import Office, Structure
from branchbook.projections.members.as_of import states_on
from branchbook.projections.members.view import ENDED
from branchbook.projections.storage.tables import as_stored, audit, branches, members, offices


@frozen
class RosterRow:
    """One person on a branch's books. Three dates are told apart: `standing_since`, the
    latest change to their standing on these books (status, branch, rights; for a full
    member, the approval of the conversion); `member_since`, the admission; `full_since`, the
    end of probation, from which party age counts however late the conversion was approved."""

    number: str
    name: str
    birth: date
    status: str
    standing_since: date
    member_since: date | None
    full_since: date | None
    applied: date | None
    talked: date | None
    party_age: int | None = None  # completed years from full membership, on the roster's date
    roles: tuple[str, ...] = ()  # the offices and committee roles held on that date

    def as_dict(self) -> dict[str, Any]:
        return {
            "member": self.number,
            "name": self.name,
            "birth": self.birth.isoformat(),
            "status": self.status,
            "standing_since": self.standing_since.isoformat(),
            "member_since": _iso(self.member_since),
            "full_since": _iso(self.full_since),
            "applied": _iso(self.applied),
            "talked": _iso(self.talked),
            "party_age": self.party_age,
            "roles": list(self.roles),
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def branch_exists(conn: Connection, code: str) -> bool:
    return conn.execute(select(branches.c.code).where(branches.c.code == code)).first() is not None


def known_at_position(conn: Connection, moment: datetime) -> int:
    """The last notification position recorded at or before a moment (0 if none was)."""
    found = conn.execute(
        select(func.max(audit.c.position)).where(audit.c.recorded_at <= as_stored(moment))
    ).scalar_one()
    return int(found or 0)


def roster(
    conn: Connection,
    code: str,
    as_of: date | None = None,
    *,
    known: int | None = None,
    latest: date | None = None,
) -> list[RosterRow]:
    """Everyone on the branch's books, by member number: now, or as of a date (a member
    transferred in counts from the receipt, one whose membership ended no more); and as it
    was known once the log reached position `known` (None: as known now). Party age and
    roles are those of the roster's date: as_of, or `latest` (the date of the latest recorded
    step, by which every step has taken effect) for the roster now."""
    found: list[Any]  # rows with the fields of a MemberView
    if as_of is None and known is None:
        found = list(
            conn.execute(
                select(
                    members.c.number,
                    members.c.name,
                    members.c.birth,
                    members.c.status,
                    members.c.since,
                    members.c.applied,
                    members.c.talked,
                    members.c.admitted_on,
                    members.c.full_since,
                )
                .where(members.c.branch == code, members.c.status.not_in(ENDED))
                .order_by(members.c.number)
            )
        )
        on = latest
    else:
        on = as_of or latest
        # MemberView has the same fields, read as the record stood (projections.members.as_of).
        found = [
            state.view
            for state in states_on(conn, on, code, known=known)
            if state.view.status not in ENDED
        ]
    office = _office(conn, code, on, known)
    return [
        RosterRow(
            row.number, row.name, row.birth, row.status, row.since, row.admitted_on,
            _by(row.full_since, on), row.applied, row.talked,
            party_age=_party_age(row.full_since, on),
            roles=_roles(office, row.number),
        )
        for row in found
    ]  # fmt: skip


def _roles(office: Office | None, number: str) -> tuple[str, ...]:
    """The offices and roles held, as a roster names them: the secretary, the deputy
    secretary, those elected to them awaiting approval, and the committee's roles; any other
    seat is a committee seat, or in a branch led by a secretary a leadership seat."""
    if office is None:
        return ()
    held = ["deputy secretary" if role == "deputy" else role for role in office.role_of(number)]
    secretary, deputy = office.pending or (None, None)
    if number == secretary and number != office.secretary:
        held.append("secretary (awaiting approval)")
    elif number == deputy and number != office.deputy:
        held.append("deputy secretary (awaiting approval)")
    if not held and number in office.members:
        committee = office.structure == Structure.COMMITTEE
        held = ["committee member" if committee else "leadership seat"]
    return tuple(held)


def _by(day: date | None, on: date | None) -> date | None:
    """A date that has come by the roster's date (a full membership yet to begin is not)."""
    return day if day is not None and (on is None or day <= on) else None


def _party_age(full_since: date | None, on: date | None) -> int | None:
    if on is None or full_since is None or full_since > on:
        return None
    return age_on(full_since, on)


def _office(conn: Connection, code: str, on: date | None, known: int | None) -> Office | None:
    """The leadership in force in the branch on a date (or the latest), as then known."""
    query = select(offices.c.office).where(offices.c.branch == code)
    if on is not None:
        query = query.where(offices.c.since <= on)
    if known is not None:
        query = query.where(offices.c.position <= known)
    found = conn.execute(
        query.order_by(offices.c.since.desc(), offices.c.position.desc()).limit(1)
    ).scalar_one_or_none()
    return None if found is None else Office.from_dict(json.loads(found))
