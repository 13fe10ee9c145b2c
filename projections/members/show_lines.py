"""The lines `member show` prints of a member's case (transfers, discipline, disposal, dues), and
the summary of each such step in the member's history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from branchbook.projections.members.show import MemberCase


def _yuan(fen: int | None) -> str:
    return "" if fen is None else f"{fen // 100}.{fen % 100:02d} yuan"


def _sanction(s: Mapping[str, Any]) -> str:
    term = f" {s['months']} months" if s.get("months") else ""
    ends = f", ends {s['ends']}" if s.get("ends") else ""
    bar = f", bar on posts until {s['bar_ends']}" if s.get("bar_ends") else ""
    return f"{s['kind']}{term} ({s['matter']}){ends}{bar}"


def _income(d: Mapping[str, Any]) -> str:
    amount = d.get("monthly_fen")
    return d["kind"] if amount is None else f"{d['kind']} {_yuan(amount)}"


def _months(d: Mapping[str, Any]) -> str:
    return d["first"] if d["first"] == d["last"] else f"{d['first']} to {d['last']}"


def _lines(d: Mapping[str, Any]) -> dict[str, Callable[[], str]]:
    return {
        "moved": lambda: f"relation moved to {d['branch']} (transfer #{d['transfer']})",
        "conversion-postponed": lambda: f"conversion postponed by {d['months']} months",
        "decided": lambda: (
            f"{d['decision']} resolved at {d['meeting']}: "
            + ", ".join(f"{k} {v}" for k, v in d["detail"].items() if v is not None)
        ),
        "sanctioned": lambda: (
            f"sanction approved by {d['sanction']['body']}: " + _sanction(d["sanction"])
        ),
        "sanction-reviewed": lambda: (
            f"intra-party probation {'restored' if d['outcome'] == 'restore' else 'extended'} "
            f"(approved by {d['body']}): " + _sanction(d["sanction"])
        ),
        "urged": lambda: f"urging to withdraw approved by {d['body']}",
        "left": lambda: (
            f"membership ended: {d['status']} ({d['basis']})"
            + (f", by {d['body']}" if d.get("body") else "")
        ),
        "rectification-ordered": lambda: (
            f"rectification ordered at {d['meeting']}: {d['matter']}, {d['months']} months, "
            f"deadline {d['deadline']}, filed with {d['filed_with']}"
        ),
        "rectification-ended": lambda: f"rectification ended: {d['outcome']}",
        "membership-suspended": lambda: f"membership suspended: {d['reason']} (since {d['since']})",
        "membership-restored": lambda: "membership restored",
        "reapplied": lambda: f"applied again, in {d['branch']}",
        "transfer-requested": lambda: (
            f"transfer requested from {d['origin']} to {d['to']}: {d['reason']}"
        ),
        "transfer-issued": lambda: f"transfer issued by {d['body']}, ref {d['ref']}",
        "transfer-received": lambda: f"transfer received by {d['branch']}",
        "transfer-refused": lambda: f"transfer refused by {d['by']}: {d['reason']}",
        "income-declared": lambda: f"income declared: {_income(d)}",
        "dues-paid": lambda: (
            f"dues paid to {d['branch']}: {_yuan(d['amount_fen'])} for {_months(d)}"
        ),
        "participation-started": lambda: (
            f"takes part in {d['branch']} ({d['basis']}"
            + (", fixed place)" if d["fixed_place"] else ")")
        ),
        "participation-ended": lambda: f"no longer takes part in {d['branch']}",
        "participation-reported": lambda: (
            f"{d['branch']} reported to {d['to']} on taking part: {d['matter']}"
        ),
    }


def case_summary(kind: str, details: Mapping[str, Any]) -> str:
    """One line saying what a recorded case step did; the kind itself if unknown."""
    lines = _lines(details)
    return lines[kind]() if kind in lines else kind


def _transfer(t: Mapping[str, Any]) -> str:
    issued = f", issued {t['issued']} ({t['ref']})" if t.get("issued") else ""
    line = f"#{t['number']} {t['from']} to {t['to']}, requested {t['requested']}{issued}"
    if t.get("outcome") == "refused":
        return f"{line}, refused {t['closed']} ({t['refusal']})"
    return f"{line}, received {t['closed']}" if t.get("outcome") else line


def _in_force(s: Mapping[str, Any]) -> str:
    line = f"{s['kind']} since {s['since']} ({s['matter']})"
    for key, label in (("ends", "ends"), ("restored", "restored"), ("bar_ends", "bar ends")):
        if s.get(key):
            line += f", {label} {s[key]}"
    return line


def _dues(d: Mapping[str, Any]) -> list[tuple[str, Any]]:
    expected = d["expected_monthly"]
    owed = None
    if expected is not None:
        low, high = _yuan(expected["min_fen"]), _yuan(expected["max_fen"])
        owed = low if low == high else f"{low} to {high}"
    return [
        ("dues paid up to", d["paid_up_to"]),
        ("unpaid months", d["unpaid_months"] or None),
        ("expected monthly dues", owed),
    ]


def case_lines(case: MemberCase) -> list[tuple[str, Any]]:
    """The labelled lines of a member's case as of a date; those with nothing to say left out."""
    r, rect, susp, end = case.resolution, case.rectification, case.suspension, case.ended
    lines: list[tuple[str, Any]] = [
        ("status on the date", case.status),
        ("relation branch", case.relation_branch),
        ("pending transfer", case.pending_transfer and _transfer(case.pending_transfer)),
        *(("transfer", _transfer(t)) for t in case.transfers),
        *(("sanction in force", _in_force(s)) for s in case.sanctions),
        ("resolution awaiting approval",
         r and f"{r['decision']} resolved {r['on']} at {r['meeting']}"),
        ("rectification", rect and f"{rect['matter']}, deadline {rect['deadline']}"),
        ("membership suspended", susp and f"{susp['reason']} since {susp['since']}"
         f" (suspended {susp['suspended_on']})"),
        ("membership ended", end and f"{end['status']} ({end['basis']}) on {end['on']}"),
        *(("takes part in", f"{p['branch']} ({p['basis']}) since {p['since']}"
           + (", fixed place" if p["fixed_place"] else "")) for p in case.participations),
        *_dues(case.dues),
    ]  # fmt: skip
    return [(label, value) for label, value in lines if value is not None]
