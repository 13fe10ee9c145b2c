"""The compliance report of a branch over a period: the recurring obligations of RULES.md §4
judged window by window, and what an auditor notes as of the period's end.

The facts come from the read models; the judging is domain.compliance's. The structural
findings are the branch view's (term, vacancies, committee structure, size); overdue approvals
are the next steps projections.members.next_step dates; late approvals are the warnings
recorded with the members' steps; lapsing members are the dues findings of the member's case
view. Nothing here reads the clock.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

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
from branchbook.domain.leadership import Office, Structure
from branchbook.domain.meeting import RATED_STATUSES
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.branches.findings import Finding
from branchbook.projections.branches.view import branch_view
from branchbook.projections.members.as_of import members_on, state_of
from branchbook.projections.members.next_step import next_steps
from branchbook.projections.members.show import member_case
from branchbook.projections.members.view import MemberView
from branchbook.projections.storage.tables import (
    branches,
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
    """One branch's obligations over a period, and the findings as of its end."""

    code: str
    name: str
    kind: str
    founded: date
    dissolved: date | None
    start: date
    end: date
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
    conn: Connection, code: str, start: date, end: date, version: RulebookVersion
) -> BranchCompliance | None:
    """The branch's report over the days from start to end, or None for an unknown branch."""
    row = conn.execute(select(branches).where(branches.c.code == code)).first()
    if row is None:
        return None
    record = branch_record(conn, row, end)
    judged = judge_obligations(record, start, end, version)
    found: list[Finding] = []
    if row.founded <= end:
        view = branch_view(conn, code, end, version)
        assert view is not None
        found += view.findings
    states = members_on(conn, end, code)
    found += _approvals_overdue(states, end, version)
    found += _late_approvals(conn, code, start, end)
    found += _lapsing(conn, states, end, version)
    return BranchCompliance(
        code=row.code,
        name=row.name,
        kind=row.kind,
        founded=row.founded,
        dissolved=row.dissolved,
        start=start,
        end=end,
        rulebook=version.fingerprint,
        results=judged.results,
        not_judged=judged.not_judged,
        summary=tuple(summarise(judged.results)),
        findings=tuple(found),
    )


def branch_record(conn: Connection, row: Any, end: date) -> BranchRecord:
    """What the views show of a branch up to a date: meetings, ratings, leadership, roll."""
    m = meetings.c
    held = conn.execute(
        select(meetings).where(m.branch == row.code, m.held <= end).order_by(m.held, m.code)
    ).all()
    given: dict[str, dict[str, str]] = defaultdict(dict)
    rated = select(ratings).where(ratings.c.meeting.in_([h.code for h in held]))
    for r in conn.execute(rated.order_by(ratings.c.position)):
        given[r.meeting][r.member] = r.rating
    o = offices.c
    spells = []
    for r in conn.execute(
        select(offices).where(o.branch == row.code).order_by(o.since, o.position)
    ):
        office = Office.from_dict(json.loads(r.office))
        spells.append(OfficeSpell(r.since, office.structure == Structure.COMMITTEE, office.members))
    standings: dict[str, list[Standing]] = defaultdict(list)
    c = roll.c
    for r in conn.execute(select(roll).where(c.branch == row.code).order_by(c.since, c.position)):
        standings[r.member].append(Standing(r.since, r.status, bool(r.votes), bool(r.counted)))
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
            Evaluation(h.code, h.held, given[h.code]) for h in held if h.code in given
        ),
        offices=tuple(spells),
        roll=dict(standings),
    )


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


def _late_approvals(conn: Connection, code: str, start: date, end: date) -> list[Finding]:
    """Approvals recorded in the period with a deadline warning, for the branch's members."""
    e = member_events.c
    rows = conn.execute(
        select(e.member, e.kind, e.effective, e.warnings)
        .where(e.effective >= start, e.effective <= end, e.warnings.like("%approval%deadline%"))
        .order_by(e.position)
    )
    found: list[Finding] = []
    for r in rows:
        state = state_of(conn, r.member, r.effective)
        if state is None or state.branch != code:
            continue
        for w in json.loads(r.warnings):
            if w["rule"] in APPROVAL_RULES:
                message = f"{r.member}: {r.kind} on {r.effective} recorded late — {w['reason']}"
                found.append(Finding(w["rule"], message, w["citation"]))
    return found


def _lapsing(
    conn: Connection, states: list[MemberView], on: date, version: RulebookVersion
) -> list[Finding]:
    found: list[Finding] = []
    for view in states:
        if view.status not in RATED_STATUSES:
            continue
        for f in member_case(conn, view.number, on, version).findings:
            if f["rule"] in LAPSE_RULES:
                found.append(Finding(f["rule"], f"{view.number}: {f['reason']}", f["citation"]))
    return found
