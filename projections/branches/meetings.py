"""The meeting views: who attended each meeting, the decisions taken there with evidence, the
class hours of training sessions, the party group of group meetings, and the ratings of
democratic evaluations."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import field, frozen
from sqlalchemy import Connection, bindparam, insert, select

from branchbook.domain.meeting import Meeting
from branchbook.projections.branches.findings import Finding
from branchbook.projections.storage.tables import meetings, ratings, resolutions

_HOLD = insert(meetings)
_RESOLVE = insert(resolutions).values(
    meeting=select(meetings.c.code)
    .where(meetings.c.id == bindparam("meeting_id"))
    .scalar_subquery()
)
_RATE = insert(ratings).values(
    meeting=select(meetings.c.code)
    .where(meetings.c.id == bindparam("meeting_id"))
    .scalar_subquery()
)


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one meeting event to bb_meetings, bb_resolutions or bb_ratings."""
    if isinstance(event, Meeting.Held):
        conn.execute(
            _HOLD,
            {
                "id": event.originator_id.hex,
                "code": event.code,
                "branch": event.branch,
                "kind": event.kind,
                "held": event.step.effective,
                "chair": event.chair,
                "present": json.dumps(event.present, ensure_ascii=False),
                "rulebook": event.step.rulebook,
                "hours": event.hours,
                "party_group": event.party_group,
            },
        )
    elif isinstance(event, Meeting.Rated):
        conn.execute(
            _RATE,
            [
                {
                    "meeting_id": event.originator_id.hex,
                    "member": member,
                    "rating": rating,
                    "position": position,
                }
                for member, rating in sorted(event.ratings.items())
            ],
        )
    elif isinstance(event, Meeting.Resolved | Meeting.VoteFailed):
        conn.execute(
            _RESOLVE,
            {
                "meeting_id": event.originator_id.hex,
                "position": position,
                "member": event.member,
                "decision": event.decision,
                "evidence": json.dumps(event.evidence, ensure_ascii=False),
                "rulebook": event.step.rulebook,
            },
        )


@frozen
class ResolutionView:
    """A decision about one member, with the evidence it was judged on."""

    position: int
    member: str
    decision: str
    rulebook: str
    evidence: Mapping[str, Any]

    @property
    def outcome(self) -> str:
        """passed, failed (a vote that did not carry) or void (an election held again)."""
        return str(self.evidence.get("outcome", "passed"))

    @property
    def tally(self) -> dict[str, Any] | None:
        """The ballots cast as the evidence counts them (yes, no, abstain) and how (secret or
        show-of-hands); None for a decision taken without a vote."""
        e = self.evidence
        if "yes" not in e:
            return None
        return {"yes": e["yes"], "no": e["no"], "abstain": e["abstain"], "ballot": e.get("ballot")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "member": self.member,
            "decision": self.decision,
            "outcome": self.outcome,
            "rulebook": self.rulebook,
            "evidence": dict(self.evidence),
        }


@frozen
class MeetingView:
    """A meeting as recorded: branch, kind, date, chair, who was present, what it decided."""

    code: str
    branch: str
    kind: str
    held: date
    chair: str
    present: tuple[str, ...]
    rulebook: str
    decisions: tuple[ResolutionView, ...]
    hours: int | None = None
    party_group: str | None = None
    ratings: Mapping[str, str] = field(factory=dict)
    findings: tuple[Finding, ...] = ()

    @property
    def _roll(self) -> Mapping[str, Any]:
        """The evidence of the first decision judged on who should attend, else of the first
        judged on a quorum (a committee's); empty for a meeting without either."""
        for key in ("should_attend", "quorum_needed"):
            for d in self.decisions:
                if key in d.evidence:
                    return d.evidence
        return {}

    @property
    def should_attend(self) -> int | None:
        """How many should attend, as the meeting's decisions were judged; None if none says."""
        count = self._roll.get("should_attend")
        return None if count is None else int(count)

    @property
    def quorum(self) -> int | None:
        """The quorum the meeting's decisions were judged on; None if none says."""
        count = self._roll.get("quorum_needed")
        return None if count is None else int(count)

    @property
    def absent(self) -> tuple[str, ...]:
        """Who should have attended (or sits on the committee) and is not listed as present."""
        roll = self._roll
        should = roll.get("should_attend_members", roll.get("committee", []))
        return tuple(n for n in should if n not in self.present)

    def as_dict(self) -> dict[str, Any]:
        return {
            "meeting": self.code,
            "branch": self.branch,
            "kind": self.kind,
            "held": self.held.isoformat(),
            "chair": self.chair,
            "present": list(self.present),
            "rulebook": self.rulebook,
            "decisions": [d.as_dict() for d in self.decisions],
            "hours": self.hours,
            "group": self.party_group,
            "ratings": dict(sorted(self.ratings.items())),
            "findings": [f.as_dict() for f in self.findings],
        }


def meeting(conn: Connection, code: str) -> MeetingView | None:
    """The meeting with this code and its decisions in the log's order, or None."""
    row = conn.execute(select(meetings).where(meetings.c.code == code)).first()
    if row is None:
        return None
    decided = conn.execute(
        select(resolutions).where(resolutions.c.meeting == code).order_by(resolutions.c.position)
    )
    return MeetingView(
        code=row.code,
        branch=row.branch,
        kind=row.kind,
        held=row.held,
        chair=row.chair,
        present=tuple(json.loads(row.present)),
        rulebook=row.rulebook,
        decisions=tuple(
            ResolutionView(r.position, r.member, r.decision, r.rulebook, json.loads(r.evidence))
            for r in decided
        ),
        hours=row.hours,
        party_group=row.party_group,
        ratings={
            r.member: r.rating
            for r in conn.execute(select(ratings).where(ratings.c.meeting == code))
        },
    )
