"""What `member show` says of a member as of a date beyond the member row: relation,
transfers, sanctions, pending resolutions, rectification, suspension, the end of the
membership, participations and dues.

The dues and participation findings are judged by the rules' own tests through the domain's
helpers, on a ledger and a participation record rebuilt from the view rows up to the date.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.domain.discipline import Sanction
from branchbook.domain.dues import Income, Ledger, dues_findings, months_suspended, owes_dues
from branchbook.domain.participation import TAKING_PART, Spell, away_findings
from branchbook.domain.rules import Judge, RulebookVersion, RuleWarning
from branchbook.projections.members.as_of import state_of
from branchbook.projections.members.suspended import suspension_spells
from branchbook.projections.members.view import ENDED
from branchbook.projections.storage.tables import (
    dues_incomes,
    dues_payments,
    participations,
    sanctions,
    transfers,
)

Data = dict[str, Any]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@frozen
class MemberCase:
    """What the record says of a member's case on one date."""

    as_of: date
    status: str | None
    relation_branch: str | None
    pending_transfer: Data | None
    transfers: tuple[Data, ...]
    sanctions: tuple[Data, ...]
    resolution: Data | None
    rectification: Data | None
    suspension: Data | None
    ended: Data | None
    participations: tuple[Data, ...]
    dues: Data
    findings: tuple[Data, ...]

    def as_dict(self) -> Data:
        return {
            "status_as_of": self.status,
            "relation_branch": self.relation_branch,
            "pending_transfer": self.pending_transfer,
            "transfers": list(self.transfers),
            "sanctions": list(self.sanctions),
            "resolution": self.resolution,
            "rectification": self.rectification,
            "suspension": self.suspension,
            "ended": self.ended,
            "participations": list(self.participations),
            "dues": self.dues,
            "findings": list(self.findings),
        }


def member_case(
    conn: Connection,
    number: str,
    on: date,
    version: RulebookVersion,
    *,
    known: int | None = None,
) -> MemberCase:
    """The member's case as of a date, judged by the rulebook version in force on it; as known
    once the log reached position `known` (None: as known now)."""
    state = state_of(conn, number, on, known=known)
    status = state.status if state is not None else None
    owes = status is not None and owes_dues(status)
    done, pending = _transfers(conn, number, on, known)
    received = [t for t in done if t["outcome"] == "received"]
    moved = date.fromisoformat(received[-1]["closed"]) if received else None
    on_roll = status in {s.value for s in TAKING_PART}
    spells = _spells(conn, number, on, known)
    ledger = _ledger(conn, number, on, known)
    findings: list[RuleWarning] = []
    if on_roll:
        findings += away_findings(number, spells, on, version, moved)
    if owes:
        findings += dues_findings(ledger, on, version)
    return MemberCase(
        as_of=on,
        status=status,
        relation_branch=state.branch if state is not None else None,
        pending_transfer=pending,
        transfers=tuple(done),
        sanctions=tuple(_sanctions(conn, number, on, known)),
        resolution=_resolution(state),
        rectification=_rectification(state),
        suspension=_suspension(state),
        ended=_ended(state),
        participations=tuple(
            {
                "branch": s.branch,
                "basis": s.basis,
                "since": _iso(s.since),
                "fixed_place": s.fixed_place,
            }
            for s in spells
        ),
        dues=_dues(ledger, on, version, owes=owes),
        findings=tuple(
            {"rule": w.rule, "reason": w.reason, "citation": w.citation} for w in findings
        ),
    )


def _known(position: int | None, known: int | None) -> bool:
    """Whether a step at a position was recorded once the log reached `known` (None: now)."""
    return position is not None and (known is None or position <= known)


def _transfers(
    conn: Connection, number: str, on: date, known: int | None
) -> tuple[list[Data], Data | None]:
    t = transfers.c
    query = select(transfers).where(t.member == number, t.requested <= on).order_by(t.number)
    if known is not None:
        query = query.where(t.requested_at <= known)
    done: list[Data] = []
    pending: Data | None = None
    for r in conn.execute(query):
        issued = r.issued if r.issued is not None and r.issued <= on else None
        issued = issued if _known(r.issued_at, known) else None
        row = {"number": r.number, "from": r.from_branch, "to": r.to_branch,
               "reason": r.reason, "requested": _iso(r.requested), "issued": _iso(issued),
               "ref": r.ref if issued else None}  # fmt: skip
        if r.closed is not None and r.closed <= on and _known(r.closed_at, known):
            done.append({**row, "outcome": r.outcome, "closed": _iso(r.closed),
                         "refusal": r.refusal})  # fmt: skip
        else:
            pending = row
    return done, pending


def _sanctions(conn: Connection, number: str, on: date, known: int | None) -> list[Data]:
    """The sanctions in force on a date, each as its latest version by then."""
    c = sanctions.c
    query = select(sanctions).where(c.member == number, c.effective <= on)
    if known is not None:
        query = query.where(c.position <= known)
    rows = conn.execute(query.order_by(c.effective, c.position))
    latest: dict[tuple[str, str, date], Sanction] = {}
    for r in rows:
        latest[(r.kind, r.matter, r.since)] = Sanction(
            r.kind, r.matter, r.since, r.body, r.months, r.ends, r.extended, r.restored,
            r.bar_ends,
        )  # fmt: skip
    return [s.as_dict() for s in latest.values() if s.in_force(on)]


def _resolution(state: Any) -> Data | None:
    if state is None or state.pending is None:
        return None
    detail = json.loads(state.pending_detail) if state.pending_detail else None
    return {"decision": state.pending, "on": _iso(state.pending_on),
            "meeting": state.pending_meeting, "detail": detail}  # fmt: skip


def _rectification(state: Any) -> Data | None:
    if state is None or state.rect_deadline is None:
        return None
    return {"ordered": _iso(state.rect_ordered), "deadline": _iso(state.rect_deadline),
            "matter": state.rect_matter, "filed_with": state.rect_filed_with}  # fmt: skip


def _suspension(state: Any) -> Data | None:
    if state is None or state.suspension_reason is None:
        return None
    return {"reason": state.suspension_reason, "since": _iso(state.suspension_since),
            "suspended_on": _iso(state.suspended_on)}  # fmt: skip


def _ended(state: Any) -> Data | None:
    if state is None or state.status not in ENDED:
        return None
    return {"status": state.status, "basis": state.basis, "on": _iso(state.ended_on)}


def _spells(conn: Connection, number: str, on: date, known: int | None) -> list[Spell]:
    """The participations in force on a date."""
    p = participations.c
    query = select(participations).where(p.member == number, p.since <= on)
    if known is not None:
        query = query.where(p.position <= known)
    spells = [
        Spell(r.branch, r.basis, r.since, bool(r.fixed_place),
              r.until if _known(r.ended_at, known) else None)
        for r in conn.execute(query.order_by(p.position))
    ]  # fmt: skip
    return [s for s in spells if s.in_force(on)]


def _ledger(conn: Connection, number: str, on: date, known: int | None) -> Ledger:
    """The member's dues as recorded up to a date: incomes declared, months paid, and the
    months not owed while the membership stood suspended."""
    i, d = dues_incomes.c, dues_payments.c
    incomes = select(dues_incomes).where(i.member == number, i.since <= on)
    months = select(d.month).where(d.member == number, d.paid_on <= on)
    if known is not None:
        incomes = incomes.where(i.position <= known)
        months = months.where(d.payment <= known)
    spells = suspension_spells(conn, [number], on, known=known)
    declared = conn.execute(incomes.order_by(i.position))
    return Ledger(
        number,
        frozenset(conn.execute(months).scalars()),
        tuple(Income(r.since, r.kind, r.monthly_fen) for r in declared),
        months_suspended(spells.get(number, ()), on),
    )


def _dues(ledger: Ledger, on: date, version: RulebookVersion, *, owes: bool) -> Data:
    """The member's dues on a date: nothing unpaid or expected of one who owes none."""
    income = ledger.income_on(on)
    expected = None
    if income is not None and owes:
        table = Judge(version).param("dues.rates", "table")
        assert isinstance(table, dict)
        low, high = ledger.expected_on(table, on) or (0, 0)
        expected = {"min_fen": low, "max_fen": high}
    return {
        "paid_up_to": ledger.paid_up_to(),
        "unpaid_months": ledger.unpaid_run(on) if owes else 0,
        "income": None if income is None else {
            "kind": income.kind, "monthly_fen": income.monthly_fen, "since": _iso(income.since)},
        "expected_monthly": expected,
    }  # fmt: skip
