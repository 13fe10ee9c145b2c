"""A member's history: every step recorded about them, and the line that says what it did."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.domain.wording import training
from branchbook.projections.members.show_lines import case_summary
from branchbook.projections.storage.tables import member_events


@frozen
class HistoryRow:
    """One recorded step of a member."""

    position: int
    kind: str
    effective: date
    recorded_at: datetime
    actor: str
    doc: str | None
    note: str | None
    rulebook: str
    warnings: tuple[dict[str, str], ...]
    details: Mapping[str, Any]

    @property
    def summary(self) -> str:
        return summary(self.kind, self.details)

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "kind": self.kind,
            "effective": self.effective.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "doc": self.doc,
            "note": self.note,
            "rulebook": self.rulebook,
            "warnings": list(self.warnings),
            "summary": self.summary,
            "details": dict(self.details),
        }


def history(conn: Connection, number: str, *, known: int | None = None) -> list[HistoryRow]:
    """Every recorded step of the member, in the log's order; those recorded once the log
    reached position `known` (None: every one)."""
    query = select(member_events).where(member_events.c.member == number)
    if known is not None:
        query = query.where(member_events.c.position <= known)
    rows = conn.execute(query.order_by(member_events.c.position))
    return [
        HistoryRow(
            position=r.position,
            kind=r.kind,
            effective=r.effective,
            recorded_at=_aware(r.recorded_at),
            actor=r.actor,
            doc=r.doc,
            note=r.note,
            rulebook=r.rulebook,
            warnings=tuple(json.loads(r.warnings)),
            details=json.loads(r.details),
        )
        for r in rows
    ]


def _aware(moment: datetime) -> datetime:
    """SQLite hands back the stored UTC timestamp without its zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# The dates of an opening entry's path as its history line names them, in the path's order.
_OPENING_DATES = (
    ("applied", "applied"),
    ("activist_on", "activist since"),
    ("candidate_on", "development candidate since"),
    ("admitted_on", "admitted"),
    ("full_since", "full since"),
)


def opening_summary(d: Mapping[str, Any]) -> str:
    """The history line of an opening entry: the status it gives and the dates it rests on."""
    status = d["status"]
    who = f"{status} member" if status in ("probationary", "full") else status
    dates = [f"{label} {d[key]}" for key, label in _OPENING_DATES if d.get(key)]
    return f"opening entry: {who}" + (", " + ", ".join(dates) if dates else "")


def summary(kind: str, d: Mapping[str, Any]) -> str:
    """One line saying what a recorded step did."""
    lines: dict[str, Callable[[], str]] = {
        "applied": lambda: f"applied for membership in {d['branch']}",
        "enrolled": lambda: opening_summary(d),
        "talked": lambda: f"talk with the applicant by {d['by']}",
        "designated-activist": lambda: (
            f"designated an activist at {d['meeting']}; contacts " + ", ".join(d["contacts"])
        ),
        "assessed": lambda: "assessed as an activist",
        "designated-candidate": lambda: f"designated a development candidate at {d['meeting']}",
        "reviewed": lambda: "political review " + ("passed" if d["passed"] else "failed"),
        "trained": lambda: "training attended: " + training(d["days"], d["hours"]),
        "introducers-named": lambda: "introducers named: " + ", ".join(d["introducers"]),
        "prereviewed": lambda: f"pre-reviewed by {d['body']}",
        "admitted": lambda: (
            f"admitted as a probationary member at {d['meeting']} "
            f"(probation {d['probation_months']} months)"
        ),
        "resolved": lambda: (
            f"{d['decision']} resolved at {d['meeting']}"
            + (f" ({d['months']} months)" if d.get("months") else "")
        ),
        "approved": lambda: (
            f"{d['decision']} approved by {d['body']}"
            + (" as a special case" if d.get("special") else "")
        ),
        "not-approved": lambda: f"{d['decision']} not approved by {d['body']}",
        "vote-failed": lambda: f"{d['decision']} vote at {d['meeting']} failed; standing unchanged",
        "sworn-in": lambda: "oath taken before the flag",
        "rights-suspended": lambda: f"rights suspended: {d['reason']}",
        "rights-restored": lambda: "rights restored",
        "excluded": lambda: (
            f"left out of the should-attend count ({d['category']}) at "
            f"{d['meeting']}, consent {d['consent']}"
        ),
        "included": lambda: "counted in the should-attend base again",
        "particulars-corrected": lambda: (
            f"opening step #{d['corrects']} corrected: {d['name']}, born {d['birth']} ({d['why']})"
        ),
    }
    return lines[kind]() if kind in lines else case_summary(kind, d)
