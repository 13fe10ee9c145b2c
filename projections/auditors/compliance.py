"""The compliance report of a branch over a period: the recurring obligations (docs/rules.md,
"Obligations") judged window by window, and what an auditor notes, as of a day in the period
(by default its end; a window not over by that day is open, neither met nor missed).

The facts come from the read models; the judging is domain.compliance's. The structural
findings are the branch view's (term, vacancies, committee structure, size); overdue approvals
are the next steps projections.members.next_step dates; late approvals are the warnings
recorded with the members' steps; lapsing members are the dues findings of the member's case
view. Nothing here reads the clock.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import ColumnElement, Connection, Select, Table, and_, or_, select, true

from branchbook.domain.branch import Standing
from branchbook.domain.compliance import (
    BranchRecord,
    Evaluation,
    MeetingFact,
    NotJudged,
    OfficeSpell,
    Result,
    Summary,
    judge_obligations,
    summarise,
)
from branchbook.domain.dues import Ledger, dues_findings, months_suspended, owes_dues
from branchbook.domain.leadership import Office, Structure
from branchbook.domain.meeting import RATED_STATUSES
from branchbook.domain.rules import RulebookVersion, RuleWarning
from branchbook.projections.auditors.due_members import behind_on_dues
from branchbook.projections.branches.findings import Finding
from branchbook.projections.branches.view import branch_views
from branchbook.projections.members.as_of import Columns, Narrowing, state_of, states_on
from branchbook.projections.members.next_step import next_steps
from branchbook.projections.members.suspended import suspension_spells
from branchbook.projections.members.view import MemberView
from branchbook.projections.storage.tables import (
    branches,
    dues_payments,
    meetings,
    member_events,
    offices,
    ratings,
    roll,
)

# The deadlines of approvals by the higher committee (next_step dates both).
APPROVAL_RULES = ("approval.deadline", "conversion.approval_deadline")
# The findings of a member's case that say the membership is lapsing.
LAPSE_RULES = ("lapse.self_withdrawal", "dues.payment_period")


@frozen
class BranchCompliance:
    """One branch's obligations over a period as of a day in it (at most its end), and the
    findings as of that day."""

    code: str
    name: str
    kind: str
    founded: date
    dissolved: date | None
    start: date
    end: date
    as_of: date  # the day it is judged as of: at most the end
    rulebook: str
    results: tuple[Result, ...]
    not_judged: tuple[NotJudged, ...]
    summary: tuple[Summary, ...]
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "branch": self.code,
            "name": self.name,
            "kind": self.kind,
            "founded": self.founded.isoformat(),
            "dissolved": None if self.dissolved is None else self.dissolved.isoformat(),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "summary": [s.as_dict() for s in self.summary],
            "results": [r.as_dict() for r in self.results],
            "not_judged": [n.as_dict() for n in self.not_judged],
            "findings": [f.as_dict() for f in self.findings],
        }


def branch_codes(conn: Connection, start: date, end: date) -> list[str]:
    """The branches whose life overlaps the period, by code."""
    b = branches.c
    rows = conn.execute(
        select(b.code)
        .where(b.founded <= end, (b.dissolved.is_(None)) | (b.dissolved > start))
        .order_by(b.code)
    )
    return list(rows.scalars())


def compliance(
    conn: Connection,
    code: str,
    start: date,
    end: date,
    version: RulebookVersion,
    *,
    as_of: date | None = None,
) -> BranchCompliance | None:
    """The branch's report over the days from start to end, as of `as_of` (default: the
    end), or None for an unknown branch."""
    found = reports(conn, start, end, version, code, as_of=as_of)
    return found[0] if found else None


def reports(
    conn: Connection,
    start: date,
    end: date,
    version: RulebookVersion,
    code: str | None = None,
    *,
    as_of: date | None = None,
) -> list[BranchCompliance]:
    """The report of every branch whose life overlaps the period, by code (or of the one
    with this code, if it exists): each view read once for them all, not once a branch.
    It is judged as of `as_of` (default, and at most, the period's end): the record up to
    that day, windows not over by then open, the findings those of that day (none when that
    day is before the period's first)."""
    on = end if as_of is None else min(as_of, end)
    query = select(branches).order_by(branches.c.code)
    if code is None:
        b = branches.c
        query = query.where(b.founded <= end, (b.dissolved.is_(None)) | (b.dissolved > start))
    else:
        query = query.where(branches.c.code == code)
    rows = conn.execute(query).all()
    if not rows:
        return []
    views = {v.code: v for v in branch_views(conn, on, version, code)}
    records = branch_records(conn, rows, on, code)
    states: dict[str, list[MemberView]] = defaultdict(list)
    for state in states_on(conn, on, code, only=_may_be_found(on, version)):
        states[state.view.branch].append(state.view)
    late = _late_approvals(conn, start, on)
    lapsing = _lapsing(conn, [v for found in states.values() for v in found], on, version)
    out: list[BranchCompliance] = []
    for row in rows:
        judged = judge_obligations(records[row.code], start, end, version, on)
        found: list[Finding] = []
        if on >= start:  # a record that ends before the period has nothing to find in it
            if row.founded <= on and row.code in views:
                found += views[row.code].findings
            found += _approvals_overdue(states[row.code], on, version)
            found += late.get(row.code, [])
            found += lapsing.get(row.code, [])
        out.append(
            BranchCompliance(
                code=row.code,
                name=row.name,
                kind=row.kind,
                founded=row.founded,
                dissolved=row.dissolved,
                start=start,
                end=end,
                as_of=on,
                rulebook=version.fingerprint,
                results=judged.results,
                not_judged=judged.not_judged,
                summary=tuple(summarise(judged.results)),
                findings=tuple(found),
            )
        )
    return out


def branch_record(conn: Connection, row: Any, end: date) -> BranchRecord:
    """What the views show of a branch up to a date: meetings, ratings, leadership, roll."""
    return branch_records(conn, [row], end, row.code)[row.code]


def branch_records(
    conn: Connection, rows: Sequence[Any], end: date, code: str | None
) -> dict[str, BranchRecord]:
    """The same of each branch row given, by code: each table read once, for the one branch
    `code` or for every branch (None)."""

    def of(table: Table, query: Select[Any]) -> Select[Any]:
        return query if code is None else query.where(table.c.branch == code)

    m, r, o, c = meetings.c, ratings.c, offices.c, roll.c
    held: dict[str, list[Any]] = defaultdict(list)
    meetings_held = of(meetings, select(meetings).where(m.held <= end)).order_by(m.held, m.code)
    for h in conn.execute(meetings_held):
        held[h.branch].append(h)
    given: dict[str, dict[str, str]] = defaultdict(dict)
    rated = of(meetings, select(r.meeting, r.member, r.rating).join(meetings, m.code == r.meeting))
    for meeting, member, rating in conn.execute(rated.where(m.held <= end).order_by(r.position)):
        given[meeting][member] = rating
    spells: dict[str, list[OfficeSpell]] = defaultdict(list)
    for s in conn.execute(of(offices, select(offices)).order_by(o.since, o.position)):
        office = Office.from_dict(json.loads(s.office))
        spells[s.branch].append(
            OfficeSpell(s.since, office.structure == Structure.COMMITTEE, office.members)
        )
    standings: dict[str, dict[str, list[Standing]]] = defaultdict(lambda: defaultdict(list))
    for s in conn.execute(of(roll, select(roll)).order_by(c.since, c.position)):
        standings[s.branch][s.member].append(
            Standing(s.since, s.status, bool(s.votes), bool(s.counted))
        )
    return {
        row.code: _record(row, held[row.code], given, spells[row.code], standings[row.code])
        for row in rows
    }


def _record(
    row: Any,
    held: list[Any],
    given: Mapping[str, Mapping[str, str]],
    spells: list[OfficeSpell],
    standings: Mapping[str, list[Standing]],
) -> BranchRecord:
    return BranchRecord(
        code=row.code,
        kind=row.kind,
        founded=row.founded,
        dissolved=row.dissolved,
        meetings=tuple(
            MeetingFact(
                h.code, h.kind, h.held, tuple(json.loads(h.present)), h.hours, h.party_group
            )
            for h in held
        ),
        evaluations=tuple(
            Evaluation(h.code, h.held, dict(given[h.code])) for h in held if h.code in given
        ),
        offices=tuple(spells),
        roll=dict(standings),
    )


def _may_be_found(on: date, version: RulebookVersion) -> Narrowing:
    """The members whose state on the date may give a finding: an approval pending, or
    membership status with months unpaid (or every such member, should the dues rules find
    fault with a ledger that has no run of unpaid months)."""
    behind = behind_on_dues(on)
    zero_run = _lapse_findings(Ledger("", frozenset(), ()), on, version)

    def where(state: Columns) -> ColumnElement[bool]:
        number = state["member"] if "member" in state else state["number"]
        rated = state["status"].in_(RATED_STATUSES)
        return or_(
            state["pending"].is_not(None),
            and_(rated, true() if zero_run else number.in_(behind)),
        )

    return where


def _approvals_overdue(
    states: list[MemberView], on: date, version: RulebookVersion
) -> list[Finding]:
    found: list[Finding] = []
    for view in states:
        for step in next_steps(view, version, on):
            if step.overdue and step.rule in APPROVAL_RULES:
                found.append(
                    Finding(
                        step.rule,
                        f"{view.number}: {step.step}, resolved on {view.pending_on}, was due by "
                        f"{step.due}; still pending on {on}",
                        version[step.rule].citation,
                    )
                )
    return found


def _late_approvals(conn: Connection, start: date, end: date) -> dict[str, list[Finding]]:
    """Approvals recorded in the period with a deadline warning, by the member's branch then."""
    e = member_events.c
    rows = conn.execute(
        select(e.member, e.kind, e.effective, e.warnings)
        .where(e.effective >= start, e.effective <= end, e.warnings.like("%approval%deadline%"))
        .order_by(e.position)
    )
    found: dict[str, list[Finding]] = defaultdict(list)
    for r in rows:
        state = state_of(conn, r.member, r.effective)
        if state is None:
            continue
        for w in json.loads(r.warnings):
            if w["rule"] in APPROVAL_RULES:
                message = f"{r.member}: {r.kind} on {r.effective} recorded late — {w['reason']}"
                found[state.branch].append(Finding(w["rule"], message, w["citation"]))
    return found


def _lapsing(
    conn: Connection, states: list[MemberView], on: date, version: RulebookVersion
) -> dict[str, list[Finding]]:
    """The dues findings of each member with membership status on the date, by branch, as
    `member show` gives them: judged on the months paid by then, read for them all at once."""
    rated = [view for view in states if view.status in RATED_STATUSES]
    if not rated:
        return {}
    d = dues_payments.c
    paid: dict[str, set[str]] = defaultdict(set)
    # The members paid up to the month before have no unpaid run: their ledgers are left
    # empty, which judges the same (no run), and a rule that faults that does so for both.
    behind = d.member.in_(behind_on_dues(on))
    for number, month in conn.execute(select(d.member, d.month).where(d.paid_on <= on, behind)):
        paid[number].add(month)
    found: dict[str, list[Finding]] = defaultdict(list)
    spells = suspension_spells(conn, paid.keys() & {v.number for v in rated}, on)
    for view in rated:
        if not owes_dues(view.status):
            continue
        excused = months_suspended(spells.get(view.number, ()), on)
        ledger = Ledger(view.number, frozenset(paid.get(view.number, ())), (), excused)
        for f in _lapse_findings(ledger, on, version):
            found[view.branch].append(Finding(f.rule, f"{view.number}: {f.reason}", f.citation))
    return found


def _lapse_findings(ledger: Ledger, on: date, version: RulebookVersion) -> list[RuleWarning]:
    return [w for w in dues_findings(ledger, on, version) if w.rule in LAPSE_RULES]
