"""The meeting views: who attended each meeting and the decisions taken there, with evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, bindparam, insert, select

from domain.meeting import Meeting
from projections.tables import meetings, resolutions

_HOLD = insert(meetings)
_RESOLVE = insert(resolutions).values(
    meeting=select(meetings.c.code)
    .where(meetings.c.id == bindparam("meeting_id"))
    .scalar_subquery()
)


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one meeting event to bb_meetings or bb_resolutions."""
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
            },
        )
    elif isinstance(event, Meeting.Resolved):
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "member": self.member,
            "decision": self.decision,
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
    )
