"""Queries on the branch views: a branch on a date, every branch, the organisation tree."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from attrs import evolve, frozen
from sqlalchemy import Connection, Row, func, select

from branchbook.domain.branch import FULL_STATUS, ROLL_STATUSES, BranchKind
from branchbook.domain.leadership import Office, Term
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.branches.attendance import branch_attendance
from branchbook.projections.branches.findings import (
    BranchFacts,
    Finding,
    VacancyView,
    findings,
    reminder_of,
    term_state,
    vacancies_on,
)
from branchbook.projections.branches.organisations import (
    OrganisationRow,
    chain_in,
    organisations_all,
)
from branchbook.projections.storage.tables import branches, elections, members, offices, roll


@frozen
class ElectionView:
    """An election held by the general assembly, with the count's outcome."""

    held: date
    meeting: str
    kind: str
    evidence: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        e = self.evidence
        return {
            "held": self.held.isoformat(),
            "meeting": self.meeting,
            "kind": self.kind,
            "structure": e.get("structure"),
            "seats": e.get("seats"),
            "elected": e.get("elected", []),
            "unfilled": e.get("unfilled", 0),
            "tied": e.get("tied", []),
            "evidence": dict(e),
        }


@frozen
class Counts:
    """How many are on a branch's roll on a date: all members, full members, voters."""

    size: int = 0
    full: int = 0
    voters: int = 0


@frozen
class BranchView:
    """A branch as the record shows it on a date: roll, leadership, term and findings."""

    code: str
    name: str
    kind: str
    parent: str
    chain: tuple[OrganisationRow, ...]  # the higher organisations, nearest first
    units: tuple[str, ...]
    founded: date
    dissolved: date | None
    full_members_at_founding: int | None
    approved_by: str | None
    as_of: date
    counts: Counts
    office: Office | None
    names: Mapping[str, str]
    vacancies: tuple[VacancyView, ...]
    reminder: date | None
    term_state: str
    findings: tuple[Finding, ...]
    elections: tuple[ElectionView, ...]
    rulebook: str

    @property
    def status(self) -> str:
        return status_on(self.founded, self.dissolved, self.as_of)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "chain": [o.as_dict() for o in self.chain],
            "units": list(self.units),
            "founded": self.founded.isoformat(),
            "dissolved": _iso(self.dissolved),
            "full_members_at_founding": self.full_members_at_founding,
            "approved_by": self.approved_by,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "size": self.counts.size,
            "full_members": self.counts.full,
            "voting_members": self.counts.voters,
            "leadership": self._leadership(),
            "term": self._term(),
            "term_state": self.term_state,
            "findings": [f.as_dict() for f in self.findings],
            "elections": [e.as_dict() for e in self.elections],
            "rulebook": self.rulebook,
        }

    def _leadership(self) -> dict[str, Any] | None:
        office = self.office
        if office is None:
            return None
        pending = office.pending
        return {
            "since": office.since.isoformat(),
            "structure": office.structure,
            "seats": office.seats,
            "members": [
                {"member": m, "name": self.names.get(m), "roles": office.role_of(m)}
                for m in office.members
            ],
            "secretary": office.secretary,
            "deputy": office.deputy,
            "pending": None if pending is None else {"secretary": pending[0], "deputy": pending[1]},
            "vacancies": [v.as_dict() for v in self.vacancies],
            "appointed": office.appointed,
            "approved_by": office.approved_by,
        }

    def _term(self) -> dict[str, Any] | None:
        term = self.office.term if self.office is not None else None
        if term is None:
            return None
        return {
            "start": term.start.isoformat(),
            "years": term.years,
            "ordinary_end": term.ordinary_end.isoformat(),
            "extended": term.extended,
            "advanced": term.advanced,
            "earliest": term.earliest.isoformat(),
            "end": term.end.isoformat(),
            "reminder": _iso(self.reminder),
            "overdue_from": term.overdue_from().isoformat(),
        }


@frozen
class BranchRow:
    """One branch in the list: who leads it and where its term stands on a date."""

    code: str
    name: str
    kind: str
    parent: str
    status: str
    size: int
    structure: str | None
    secretary: str | None
    term_end: date | None
    term_state: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "parent": self.parent,
            "status": self.status,
            "size": self.size,
            "structure": self.structure,
            "secretary": self.secretary,
            "term_end": _iso(self.term_end),
            "term_state": self.term_state,
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def roll_counts(conn: Connection, on: date, code: str | None = None) -> dict[str, Counts]:
    """The roll counts of each branch (or of one) on a date: each member's latest standing."""
    query = (
        select(roll.c.branch, roll.c.member, roll.c.status, roll.c.votes)
        .where(roll.c.since <= on)
        .order_by(roll.c.since, roll.c.position)
    )
    if code is not None:
        query = query.where(roll.c.branch == code)
    latest: dict[tuple[str, str], Row[Any]] = {(r.branch, r.member): r for r in conn.execute(query)}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for (branch, _), row in latest.items():
        counts = tally[branch]
        counts[0] += row.status in ROLL_STATUSES
        counts[1] += row.status == FULL_STATUS
        counts[2] += bool(row.votes)
    return {branch: Counts(*counts) for branch, counts in tally.items()}


def offices_on(conn: Connection, on: date, code: str | None = None) -> dict[str, Office]:
    """The leadership in force on a date in each branch (or in one) that has any: the latest
    change by date, then by the log's order; the database picks it, so only it is read."""
    o = offices.c
    order = (o.since.desc(), o.position.desc())
    rank = func.row_number().over(partition_by=o.branch, order_by=order).label("rank")
    ranked = select(o.branch, o.office, rank).where(o.since <= on)
    if code is not None:
        ranked = ranked.where(o.branch == code)
    latest = ranked.subquery()
    rows = conn.execute(select(latest.c.branch, latest.c.office).where(latest.c.rank == 1))
    return {branch: Office.from_dict(json.loads(data)) for branch, data in rows}


def names_of(conn: Connection, numbers: Iterable[str | None]) -> dict[str, str]:
    """The names of the members with these numbers (None passed over), by number."""
    wanted = sorted({n for n in numbers if n is not None})
    found: dict[str, str] = {}
    for at in range(0, len(wanted), _CHUNK):
        rows = conn.execute(
            select(members.c.number, members.c.name).where(
                members.c.number.in_(wanted[at : at + _CHUNK])
            )
        )
        found.update((r.number, r.name) for r in rows)
    return found


_CHUNK = 500  # numbers per SELECT, well within every database's limit on parameters


def _elections(
    conn: Connection, on: date, code: str | None = None
) -> dict[str, tuple[ElectionView, ...]]:
    """The elections each branch (or one) held up to a date, in the log's order."""
    query = select(elections).where(elections.c.held <= on).order_by(elections.c.position)
    if code is not None:
        query = query.where(elections.c.branch == code)
    held: dict[str, list[ElectionView]] = defaultdict(list)
    for r in conn.execute(query):
        held[r.branch].append(ElectionView(r.held, r.meeting, r.kind, json.loads(r.evidence)))
    return {branch: tuple(views) for branch, views in held.items()}


def status_on(founded: date, dissolved: date | None, on: date) -> str:
    """open, dissolved, or not founded yet on a date."""
    if on < founded:
        return "not founded yet"
    return "open" if dissolved is None or on < dissolved else "dissolved"


def branch_view(
    conn: Connection, code: str, as_of: date, version: RulebookVersion
) -> BranchView | None:
    """The branch with this code as of a date, judged by the rulebook version given, or None;
    its findings include those of its meetings held by then (projections.branches.attendance)."""
    found = branch_views(conn, as_of, version, code)
    if not found:
        return None
    late = branch_attendance(conn, code, as_of, version)
    return evolve(found[0], findings=found[0].findings + tuple(late)) if late else found[0]


def branch_views(
    conn: Connection, as_of: date, version: RulebookVersion, code: str | None = None
) -> list[BranchView]:
    """Every branch (or the one with this code) as of a date, by code: each table read once
    for them all, not once a branch."""
    query = select(branches).order_by(branches.c.code)
    if code is not None:
        query = query.where(branches.c.code == code)
    rows = conn.execute(query).all()
    if not rows:
        return []
    counts = roll_counts(conn, as_of, code)
    in_force = offices_on(conn, as_of, code)
    named: list[str | None] = []
    for office in in_force.values():
        named += [*office.members, *(office.pending or ()), *(v.member for v in office.vacancies)]
    read = _Read(
        as_of, version, counts, in_force, names_of(conn, named), _elections(conn, as_of, code),
        {o.code: o for o in organisations_all(conn)},
    )  # fmt: skip
    return [read.view(row) for row in rows]


@frozen
class _Read:
    """What the branch views of one date are made from, read for every branch at once."""

    as_of: date
    version: RulebookVersion
    counts: Mapping[str, Counts]
    offices: Mapping[str, Office]
    names: Mapping[str, str]
    elections: Mapping[str, tuple[ElectionView, ...]]
    organisations: Mapping[str, OrganisationRow]

    def view(self, row: Row[Any]) -> BranchView:
        as_of, version = self.as_of, self.version
        counts = self.counts.get(row.code, Counts())
        office = self.offices.get(row.code)
        is_open = status_on(row.founded, row.dissolved, as_of) == "open"
        term = office.term if office is not None and is_open else None
        facts = BranchFacts(
            row.code, BranchKind(row.kind), row.founded, as_of, counts.size, counts.full, office
        )
        named: list[str | None] = []
        if office is not None:
            named += [
                *office.members, *(office.pending or ()), *(v.member for v in office.vacancies)
            ]  # fmt: skip
        return BranchView(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=row.parent,
            chain=chain_in(self.organisations, row.parent),
            units=tuple(json.loads(row.units)),
            founded=row.founded,
            # A dissolution after the date has not happened yet on it.
            dissolved=row.dissolved if row.dissolved and row.dissolved <= as_of else None,
            full_members_at_founding=row.full_members_at_founding,
            approved_by=row.approved_by,
            as_of=as_of,
            counts=counts,
            office=office,
            names={n: self.names[n] for n in sorted({n for n in named if n}) if n in self.names},
            vacancies=tuple(vacancies_on(office.vacancies, as_of, version) if office else ()),
            reminder=reminder_of(term, version),
            term_state=term_state(term, as_of, version),
            findings=tuple(findings(facts, version) if is_open else ()),
            elections=self.elections.get(row.code, ()),
            rulebook=version.fingerprint,
        )


def branch_list(conn: Connection, as_of: date, version: RulebookVersion) -> list[BranchRow]:
    """Every branch by code, with its size, leadership and term state on a date."""
    counts = roll_counts(conn, as_of)
    in_force = offices_on(conn, as_of)
    out: list[BranchRow] = []
    for row in conn.execute(select(branches).order_by(branches.c.code)):
        office = in_force.get(row.code)
        status = status_on(row.founded, row.dissolved, as_of)
        term: Term | None = office.term if office is not None and status == "open" else None
        out.append(
            BranchRow(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent=row.parent,
                status=status,
                size=counts.get(row.code, Counts()).size,
                structure=office.structure if office is not None else None,
                secretary=office.secretary if office is not None else None,
                term_end=term.end if term is not None else None,
                term_state=term_state(term, as_of, version),
            )
        )
    return out
