"""The audit trail: every recorded event with its step, and the links between corrections."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from attrs import evolve, frozen
from sqlalchemy import (
    BindParameter,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    insert,
    select,
    update,
)

from branchbook.domain.branch import Branch
from branchbook.domain.dues import Dues
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.participation import Participation
from branchbook.domain.transfer import Transfers
from branchbook.projections.members.case_files import FILE_EVENTS
from branchbook.projections.members.page_rows import page_rows, written
from branchbook.projections.members.row import step_row, step_values
from branchbook.projections.storage.buffer import append, flush, remember, remembered
from branchbook.projections.storage.driver_rows import DriverInsert
from branchbook.projections.storage.tables import (
    as_stored,
    audit,
    branches,
    case_files,
    meetings,
    members,
    transfers,
    unplaced,
)

# The kind of the step that voids an earlier one; the voided row names it in corrected_by.
CORRECTION = "correction"

# Statements built once, so that SQLAlchemy compiles each once; the values go as parameters.
_ID: BindParameter[str] = bindparam("id")
_ADD = insert(audit)
_APPEND = DriverInsert(audit)
_MEMBER = select(members.c.number, members.c.branch).where(members.c.id == _ID)
_BRANCH_OF = select(members.c.branch).where(members.c.number == bindparam("number"))
_BRANCH = select(branches.c.code).where(branches.c.id == _ID)
_MEETING = select(meetings.c.code, meetings.c.branch).where(meetings.c.id == _ID)
_FILE = (
    select(
        case_files.c.member,
        members.c.branch,
        transfers.c.from_branch,
        transfers.c.to_branch,
    )
    .select_from(case_files)
    .outerjoin(members, members.c.number == case_files.c.member)
    .outerjoin(
        transfers,
        and_(transfers.c.member == case_files.c.member, transfers.c.outcome.is_(None)),
    )
    .where(case_files.c.id == _ID)
)
_CORRECTED = select(audit.c.aggregate, audit.c.subject, audit.c.branch, audit.c.member).where(
    audit.c.position == bindparam("voided")
)
_MARK = (
    update(audit)
    .where(audit.c.position == bindparam("voided"))
    .values(corrected_by=bindparam("by"))
)

# What a step concerns: the aggregate, the subject it is known by, its branch and member.
Concerns = tuple[str, str, str | None, str | None]


def project(conn: Connection, event: Any, position: int) -> None:
    """Add one event of any aggregate to bb_audit; a correction also marks the row it voids."""
    step = getattr(event, "step", None)
    if step is None:
        return
    command = getattr(step, "command", None)
    if type(event).__name__ == "Voided":
        flush(conn)  # the row it voids may still be held with the page
        corrects = int(event.corrects)
        row = conn.execute(_CORRECTED, {"voided": corrects}).first()
        aggregate, subject, branch, member = row if row is not None else _concerns(conn, event)
        values = step_values(event, position, CORRECTION)
        conn.execute(
            _ADD,
            {**values, "aggregate": aggregate, "subject": subject, "branch": branch,
             "member": member, "command": command, "key": getattr(step, "key", None),
             "corrects": corrects, "why": event.why, "actor_index": values["actor"]},
        )  # fmt: skip
        conn.execute(_MARK, {"voided": corrects, "by": position})
        return
    append(conn, _APPEND, audit_row(conn, event, position))


def audit_row(conn: Connection, event: Any, position: int) -> dict[str, Any]:
    """The bb_audit row of one recorded step other than a correction."""
    aggregate, subject, branch, member = _concerns(conn, event)
    # A step that amends another without voiding it (corrected particulars) names it, and why.
    amends: int | None = getattr(event, "corrects", None)
    reason: str | None = getattr(event, "why", None)
    return {
        **step_row(conn, event, position, kind_of(type(event))), "aggregate": aggregate,
        "subject": subject, "branch": branch, "member": member,
        "command": getattr(event.step, "command", None), "key": getattr(event.step, "key", None),
        "corrects": amends, "why": reason, "actor_index": event.step.actor,
    }  # fmt: skip


_KINDS: dict[type[Any], str] = {}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def kind_of(cls: type[Any]) -> str:
    """The stable name of an event class: `Member.TalkedWith` is "member.talked-with"."""
    kind = _KINDS.get(cls)
    if kind is None:
        words = [_CAMEL.sub("-", part).lower() for part in cls.__qualname__.split(".")]
        kind = _KINDS[cls] = ".".join(words[-2:])
    return kind


def _concerns(conn: Connection, event: Any) -> Concerns:
    """Whom and what branch an event concerns: at most one lookup in the views."""
    for classes, find in _FINDERS:
        if isinstance(event, classes):
            return find(conn, event)
    own: Concerns | None = getattr(event, "concerns", None)  # a step that says whom it concerns
    return own or (kind_of(type(event)).split(".")[0], event.originator_id.hex, None, None)


def _member(conn: Connection, e: Any) -> Concerns:
    key = ("member", e.originator_id.hex)
    if isinstance(e, Member.Applied | Member.Enrolled):
        remember(conn, key, (e.number, e.branch))
        return "member", e.number, e.branch, e.number
    row = remembered(conn, key, lambda: _number_and_branch(conn, e.originator_id.hex))
    number = row[0] if row is not None else e.originator_id.hex
    branch = row[1] if row is not None else None
    if isinstance(e, Member.Moved | Member.Reapplied):
        branch = e.branch  # the branch the step puts them in
        remember(conn, key, (number, branch))
    return "member", number, branch, number if row is not None else None


def _number_and_branch(conn: Connection, member_id: str) -> tuple[str, str] | None:
    rows = page_rows(conn)
    if rows is not None:
        held = rows.get(conn, member_id)
        return None if held is None else (held["number"], held["branch"])
    row = conn.execute(_MEMBER, {"id": member_id}).first()
    return None if row is None else (row.number, row.branch)


def _branch(conn: Connection, e: Any) -> Concerns:
    if isinstance(e, Branch.Founded):
        return "branch", e.code, e.code, None
    branch_id = e.originator_id.hex
    code = remembered(
        conn,
        ("branch", branch_id),
        lambda: conn.execute(_BRANCH, {"id": branch_id}).scalar_one_or_none(),
    )
    code = code or branch_id
    member = e.member if isinstance(e, Branch.RollChanged | Branch.Vacated) else None
    return "branch", code, code, member


def _meeting(conn: Connection, e: Any) -> Concerns:
    if isinstance(e, Meeting.Held):
        return "meeting", e.code, e.branch, None
    row = conn.execute(_MEETING, {"id": e.originator_id.hex}).first()
    if row is None:
        return "meeting", e.originator_id.hex, None, getattr(e, "member", None)
    return "meeting", row.code, row.branch, getattr(e, "member", None)


def _organisation(_: Connection, e: Any) -> Concerns:
    return "organisation", getattr(e, "code", None) or e.originator_id.hex, None, None


def _file(conn: Connection, e: Any) -> Concerns:
    """A transfers file, dues ledger or participation record: the member's own file."""
    aggregate = kind_of(type(e)).split(".")[0]
    written(conn)  # the member rows the page holds: their branches are read here
    if isinstance(e, Transfers.Opened | Dues.Opened | Participation.Opened):
        branch = conn.execute(_BRANCH_OF, {"number": e.number}).scalar_one_or_none()
        return aggregate, e.number, branch, e.number
    row = conn.execute(_FILE, {"id": e.originator_id.hex}).first()
    if row is None:
        return aggregate, e.originator_id.hex, getattr(e, "branch", None), None
    where = _FILE_BRANCH.get(type(e))
    branch = row.branch if where is None else where(e, row)
    return aggregate, row.member, branch, row.member


# The branch a step of a member's file concerns, beside their own branch.
_FILE_BRANCH: Mapping[type[Any], Callable[[Any, Any], str | None]] = {
    Transfers.Requested: lambda e, row: e.origin,
    Transfers.Issued: lambda e, row: row.from_branch or row.branch,
    Transfers.Received: lambda e, row: e.branch,
    Transfers.Refused: lambda e, row: row.to_branch or row.branch,
    Dues.Paid: lambda e, row: e.branch,
    Participation.Started: lambda e, row: e.branch,
    Participation.Ended: lambda e, row: e.branch,
    Participation.Reported: lambda e, row: e.branch,
}

_FINDERS: tuple[tuple[tuple[type[Any], ...], Callable[[Connection, Any], Concerns]], ...] = (
    ((Member.Event, Member.Applied, Member.Enrolled), _member),
    ((Branch.Event, Branch.Founded), _branch),
    ((Meeting.Event, Meeting.Held), _meeting),
    ((Organisation.Event, Organisation.Registered), _organisation),
    (FILE_EVENTS, _file),
)  # fmt: skip


# Reading ----------------------------------------------------------------------------------


@frozen
class AuditRow:
    """One recorded step of any aggregate, with its links to corrections."""

    position: int
    aggregate: str
    kind: str
    subject: str
    branch: str | None
    member: str | None
    effective: date | None  # None (like recorded_at, actor, rulebook) only in the row of an
    recorded_at: datetime | None  # event the views could not place, when they cannot hold it
    actor: str | None
    doc: str | None
    note: str | None
    rulebook: str | None
    warnings: tuple[Mapping[str, str], ...]
    details: Mapping[str, Any]
    command: str | None
    corrects: int | None
    why: str | None
    corrected_by: int | None
    unplaced: str | None = None  # why the views could not place it (see bb_unplaced)
    key: str | None = None  # the idempotency key the step was recorded under

    @property
    def rules(self) -> tuple[str, ...]:
        """The ids of the rules the step was recorded against with a warning."""
        return tuple(w["rule"] for w in self.warnings)

    @property
    def links(self) -> str:
        """The correction links: what this step corrects, and what corrected it."""
        parts = []
        if self.corrects is not None:
            parts.append(f"corrects #{self.corrects}: {self.why or ''}".rstrip(": "))
        if self.corrected_by is not None:
            parts.append(f"corrected by #{self.corrected_by}")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "aggregate": self.aggregate,
            "kind": self.kind,
            "subject": self.subject,
            "branch": self.branch,
            "member": self.member,
            "effective": None if self.effective is None else self.effective.isoformat(),
            "recorded_at": None if self.recorded_at is None else self.recorded_at.isoformat(),
            "actor": self.actor,
            "doc": self.doc,
            "note": self.note,
            "rulebook": self.rulebook,
            "warnings": [dict(w) for w in self.warnings],
            "command": self.command,
            "key": self.key,
            "corrects": self.corrects,
            "why": self.why,
            "corrected_by": self.corrected_by,
            "unplaced": self.unplaced,
            "details": dict(self.details),
        }


@frozen
class AuditFilter:
    """Which steps to list; every bound is inclusive, and None leaves a side open."""

    branch: str | None = None
    member: str | None = None
    actor: str | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None
    rule: str | None = None
    warnings_only: bool = False
    limit: int | None = None
    newest_first: bool = False  # the latest first, and `limit` the latest N


def trail(conn: Connection, which: AuditFilter | None = None) -> list[AuditRow]:
    """The recorded steps that pass the filter, in the log's order or newest first (the
    first `limit` in that order)."""
    return list(_rows(conn, which or AuditFilter()))


def matching(conn: Connection, which: AuditFilter) -> int:
    """How many recorded steps pass the filter, whatever its limit."""
    if which.rule is not None:  # the text matched is taken as a rule id row by row
        return sum(1 for _ in _rows(conn, evolve(which, limit=None)))
    return int(conn.execute(select(func.count()).select_from(_query(which).subquery())).one()[0])


def _rows(conn: Connection, f: AuditFilter) -> Iterator[AuditRow]:
    query = _query(f)
    if f.limit is not None and f.rule is None:
        query = query.limit(f.limit)
    count = 0
    for r in conn.execute(query):
        row = _row(r)
        if f.rule is not None and f.rule not in row.rules:
            continue  # the text matched, but not as a rule id
        if f.limit is not None and count >= f.limit:
            return
        count += 1
        yield row


def _query(f: AuditFilter) -> Select[Any]:
    c = audit.c
    conditions = []
    if f.branch is not None:
        conditions.append(c.branch == f.branch)
    if f.member is not None:
        conditions.append(c.member == f.member)
    if f.actor is not None:
        conditions.append(c.actor_index == f.actor)  # compared by the actor's blind index
    if f.effective_from is not None:
        conditions.append(c.effective >= f.effective_from)
    if f.effective_to is not None:
        conditions.append(c.effective <= f.effective_to)
    if f.recorded_from is not None:
        conditions.append(c.recorded_at >= as_stored(f.recorded_from))
    if f.recorded_to is not None:
        conditions.append(c.recorded_at <= as_stored(f.recorded_to))
    if f.warnings_only:
        conditions.append(c.warnings != "[]")
    if f.rule is not None:
        needle = json.dumps({"rule": f.rule}, ensure_ascii=False)[1:-1]
        conditions.append(c.warnings.contains(needle, autoescape=True))
    return (
        select(audit, unplaced.c.reason.label("unplaced"))
        .outerjoin(unplaced, unplaced.c.position == c.position)
        .where(*conditions)
        .order_by(c.position.desc() if f.newest_first else c.position)
    )


def _row(r: Any) -> AuditRow:
    recorded = r.recorded_at
    # SQLite hands back the stored UTC moment without its zone.
    if recorded is not None and recorded.tzinfo is None:
        recorded = recorded.replace(tzinfo=UTC)
    return AuditRow(
        position=r.position,
        aggregate=r.aggregate,
        kind=r.kind,
        subject=r.subject,
        branch=r.branch,
        member=r.member,
        effective=r.effective,
        recorded_at=recorded,
        actor=r.actor,
        doc=r.doc,
        note=r.note,
        rulebook=r.rulebook,
        warnings=tuple(json.loads(r.warnings)),
        details=json.loads(r.details),
        command=r.command,
        corrects=r.corrects,
        why=r.why,
        corrected_by=r.corrected_by,
        unplaced=r.unplaced,
        key=r.key,
    )
