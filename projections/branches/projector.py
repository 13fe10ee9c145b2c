"""The branch views: branches, the organisations above them, their rolls, leadership and elections.

Each change of a branch's leadership is stored as the `Office` in force from its date. The
next one is computed from the stored one by the same pure transition of domain.leadership that
the Branch aggregate applies, so the view and the aggregate agree on who held office when.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update

from branchbook.domain import leadership
from branchbook.domain.branch import Branch, BranchKind, opening_term
from branchbook.domain.leadership import Office
from branchbook.domain.organisation import Organisation
from branchbook.projections.members.row import dumps
from branchbook.projections.storage.tables import branches, elections, offices, organisations, roll

_BY_ID = branches.c.id == bindparam("branch_id")
_CODE = select(branches.c.code).where(_BY_ID).scalar_subquery()
_REGISTER = insert(organisations)
_FOUND = insert(branches)
_SET = update(branches).where(_BY_ID)
_ROLL = insert(roll).values(branch=_CODE)
_ENTER = insert(offices)
_ELECTION = insert(elections)
_BRANCH = select(branches.c.code, branches.c.kind).where(_BY_ID)
_LATEST = (
    select(offices.c.office)
    .where(offices.c.branch == bindparam("code"))
    .order_by(offices.c.position.desc())
    .limit(1)
)

# A leadership event and the office before it (None before any) -> the office after it.
Transition = Callable[[Any, Office | None, BranchKind], Office]


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one Branch or Organisation event to the branch views."""
    if isinstance(event, Organisation.Registered):
        _registered(conn, event)
    elif isinstance(event, Branch.Founded):
        _founded(conn, event)
    elif isinstance(event, Branch.Adjusted):
        conn.execute(
            _SET,
            {
                "branch_id": event.originator_id.hex,
                "name": event.name,
                "kind": event.kind,
                "parent": event.parent,
                "units": json.dumps(event.units, ensure_ascii=False),
            },
        )
    elif isinstance(event, Branch.Dissolved):
        conn.execute(
            _SET, {"branch_id": event.originator_id.hex, "dissolved": event.step.effective}
        )
    elif isinstance(event, Branch.RollChanged):
        conn.execute(
            _ROLL,
            {
                "branch_id": event.originator_id.hex,
                "position": position,
                "member": event.member,
                "since": event.step.effective,
                "status": event.status,
                "votes": event.votes,
                "counted": event.counted,
            },
        )
    elif type(event) in TRANSITIONS:
        _leadership(conn, event, position)


def _registered(conn: Connection, event: Organisation.Registered) -> None:
    conn.execute(
        _REGISTER,
        {
            "code": event.code,
            "name": event.name,
            "kind": event.kind,
            "parent": event.parent,
            "authority": event.authority,
        },
    )


def _founded(conn: Connection, event: Branch.Founded) -> None:
    conn.execute(
        _FOUND,
        {
            "id": event.originator_id.hex,
            "code": event.code,
            "name": event.name,
            "kind": event.kind,
            "parent": event.parent,
            "units": json.dumps(event.units, ensure_ascii=False),
            "founded": event.step.effective,
            "full_members_at_founding": event.full_members,
            "approved_by": event.approved_by,
            "dissolved": None,
        },
    )


def _leadership(conn: Connection, event: Any, position: int) -> None:
    """Store the office the event leaves in force, and the election it records, if any."""
    branch: Row[Any] = conn.execute(_BRANCH, {"branch_id": event.originator_id.hex}).one()
    stored = conn.execute(_LATEST, {"code": branch.code}).scalar_one_or_none()
    before = Office.from_dict(json.loads(stored)) if stored is not None else None
    after = TRANSITIONS[type(event)](event, before, BranchKind(branch.kind))
    on = event.step.effective
    conn.execute(
        _ENTER,
        {
            "position": position,
            "branch": branch.code,
            "since": on,
            "office": json.dumps(after.as_dict(), ensure_ascii=False),
        },
    )
    if isinstance(event, Branch.Elected):
        conn.execute(
            _ELECTION,
            {
                "position": position,
                "branch": branch.code,
                "meeting": event.meeting,
                "held": on,
                "kind": event.kind,
                "evidence": dumps(event.evidence),
            },
        )


def _seated(event: Branch.CommitteeSeated, _: Office | None, kind: BranchKind) -> Office:
    return leadership.opening(
        since=event.step.effective,
        members=event.members,
        secretary=event.secretary,
        deputy=event.deputy,
        roles=event.roles,
        term=opening_term(
            kind, start=event.term_start, years=event.term_years, on=event.step.effective
        ),
    )


def _elected(event: Branch.Elected, before: Office | None, _: BranchKind) -> Office:
    return leadership.elected(
        before,
        since=event.step.effective,
        kind=event.kind,
        structure=event.structure,
        seats=event.seats,
        chosen=event.elected,
        term_years=event.term_years,
        secretary=event.secretary,
        deputy=event.deputy,
    )


def _officers_elected(
    event: Branch.OfficersElected, before: Office | None, _: BranchKind
) -> Office:
    assert before is not None
    return leadership.officers_elected(
        before,
        since=event.step.effective,
        secretary=event.secretary,
        deputy=event.deputy,
        roles=event.roles,
    )


def _officers_approved(
    event: Branch.OfficersApproved, before: Office | None, _: BranchKind
) -> Office:
    assert before is not None
    return leadership.officers_approved(before, since=event.step.effective, body=event.approved_by)


def _appointed(event: Branch.Appointed, before: Office | None, _: BranchKind) -> Office:
    return leadership.appointed(
        before,
        since=event.step.effective,
        secretary=event.secretary,
        deputy=event.deputy,
        members=event.members,
        roles=event.roles,
        body=event.approved_by,
    )


def _vacated(event: Branch.Vacated, before: Office | None, _: BranchKind) -> Office:
    assert before is not None
    return leadership.vacated(
        before, since=event.step.effective, member=event.member, reason=event.reason
    )


def _term_changed(event: Branch.TermChanged, before: Office | None, _: BranchKind) -> Office:
    assert before is not None
    return leadership.term_changed(
        before, since=event.step.effective, change=event.change, months=event.months
    )


def _seats_reduced(event: Branch.SeatsReduced, before: Office | None, _: BranchKind) -> Office:
    assert before is not None
    return leadership.seats_reduced(before, since=event.step.effective, seats=event.seats)


TRANSITIONS: Mapping[type[Any], Transition] = {
    Branch.CommitteeSeated: _seated,
    Branch.Elected: _elected,
    Branch.OfficersElected: _officers_elected,
    Branch.OfficersApproved: _officers_approved,
    Branch.Appointed: _appointed,
    Branch.Vacated: _vacated,
    Branch.TermChanged: _term_changed,
    Branch.SeatsReduced: _seats_reduced,
}
