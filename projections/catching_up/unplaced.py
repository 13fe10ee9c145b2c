"""Recorded events the views could not place: the findings, and their place in the audit trail.

An event is left out of the views when it carries a value they cannot hold
(projections.storage.limits) or when applying it fails, as a step can when an earlier event of
its record was left out. It is recorded here as a finding: its position, the record it belongs
to, its topic and what was wrong. The audit trail still lists it in its place in the log, with
what of it can be held.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, func, insert, select

from branchbook.projections.auditors.audit_trail import audit_row, kind_of
from branchbook.projections.storage.limits import column_fault, one_line
from branchbook.projections.storage.tables import audit, unplaced

_ADD = insert(unplaced)
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
# What a stand-in audit row says when the event's own warnings or fields cannot be given.
_DEFAULTS = {"warnings": "[]", "details": "{}"}


@frozen
class UnplacedRow:
    """One recorded event left out of the views, and why."""

    position: int
    originator: str
    topic: str
    kind: str
    subject: str | None  # the member, branch or meeting it concerns, when the audit knows it
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "originator": self.originator,
            "topic": self.topic,
            "kind": self.kind,
            "subject": self.subject,
            "reason": self.reason,
        }


def record(conn: Connection, notification: Notification, reason: str, *, follows: bool) -> None:
    """Add a finding. One that may follow from an earlier finding of the same record (a step
    that failed, rather than a value of its own) names it."""
    originator = originator_of(notification)
    earlier = None
    if follows:
        earlier = conn.execute(
            select(func.min(unplaced.c.position)).where(unplaced.c.originator == originator)
        ).scalar_one_or_none()
    if earlier is not None:
        reason = f"an earlier event of its record, #{earlier}, was not placed; {reason}"
    conn.execute(
        _ADD,
        {"position": notification.id, "originator": originator,
         "topic": one_line(notification.topic), "reason": one_line(reason)},
    )  # fmt: skip


def stand_in(conn: Connection, notification: Notification, decoded: Any | None) -> None:
    """Put an event the audit cannot hold into bb_audit as far as it can: every value of its
    row the column holds, the others left empty; its kind and record at least."""
    row = minimal_row(notification, decoded)
    if decoded is not None and type(decoded).__name__ != "Voided":
        savepoint = conn.begin_nested()
        try:
            row = audit_row(conn, decoded, notification.id)
        except Exception:  # the minimal row says what can be said
            savepoint.rollback()
        else:
            savepoint.commit()
    held = {c.name: row.get(c.name) for c in audit.columns}
    for column in audit.columns:
        if column_fault(column, held[column.name]) is not None:
            held[column.name] = None
    for name, value in minimal_row(notification, decoded).items():
        if held[name] is None:
            held[name] = value
    conn.execute(insert(audit), held)


def minimal_row(notification: Notification, decoded: Any | None) -> dict[str, Any]:
    """What the notification alone says: its position, kind and record."""
    kind = kind_of(type(decoded)) if decoded is not None else kind_of_topic(notification.topic)
    return {
        "position": notification.id,
        "aggregate": kind.split(".")[0][:16],
        "kind": kind[:48],
        "subject": originator_of(notification),
        **_DEFAULTS,
    }


def originator_of(notification: Notification) -> str:
    """The id of the record a stored event belongs to, as the views write it."""
    found = notification.originator_id
    return found.hex if isinstance(found, UUID) else str(found)


def kind_of_topic(topic: str) -> str:
    """The kind of a stored event from its topic alone ("...:Member.Applied" is
    "member.applied"), for an event that cannot be decoded."""
    qualname = topic.rsplit(":", 1)[-1]
    words = [_CAMEL.sub("-", part).lower() for part in qualname.split(".") if part]
    return one_line(".".join(words[-2:]) or "unknown")


def findings(conn: Connection) -> list[UnplacedRow]:
    """Every recorded event the views could not place, in the log's order."""
    rows = conn.execute(
        select(unplaced, audit.c.kind, audit.c.subject)
        .outerjoin(audit, audit.c.position == unplaced.c.position)
        .order_by(unplaced.c.position)
    )
    return [
        UnplacedRow(
            r.position,
            r.originator,
            r.topic,
            r.kind or kind_of_topic(r.topic),
            r.subject if r.subject != r.originator else None,
            r.reason,
        )
        for r in rows
    ]
