"""Whether every record replays: its versions run 1, 2, 3 ... without a gap, and each of its
events applies to it as it stands, met in log order."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from branchbook.domain.correction import Voided
from branchbook.workflows.findings import Finding, reason


def record_id(value: Any) -> UUID:
    if isinstance(value, UUID):
        return value
    if isinstance(value, bytes | memoryview) and len(value) == 16:
        return UUID(bytes=bytes(value))
    if isinstance(value, str):
        return UUID(value)
    raise ValueError(f"{value!r} is not a record id")


class Replay:
    """Every record rebuilt as the pass meets its events: versions must run 1, 2, 3 ...
    without a gap, and each event must apply to the record as it stands (skipping the
    versions a correction voids, as the application's own fold does)."""

    def __init__(self, voided: dict[UUID, set[int]]) -> None:
        self.voided = voided
        self.versions: dict[UUID, int] = {}
        self.records: dict[UUID, Any] = {}
        self.broken: set[UUID] = set()

    def lost(self, stored: StoredEvent) -> None:
        """An event that cannot be decoded: its record cannot be rebuilt past it, and is not
        judged further (the event itself is the finding)."""
        originator = record_id(stored.originator_id)
        self.versions[originator] = max(self.versions.get(originator, 0), stored.originator_version)
        self.broken.add(originator)
        self.records.pop(originator, None)

    def apply(self, position: int, stored: StoredEvent, event: Any) -> list[Finding]:
        originator = record_id(stored.originator_id)
        version = stored.originator_version
        last = self.versions.get(originator, 0)
        self.versions[originator] = max(last, version)
        if originator in self.broken:
            return []
        if version != last + 1:
            self.broken.add(originator)
            self.records.pop(originator, None)
            return [
                Finding(
                    "versions",
                    f"record {originator} goes from version {last} to {version}: "
                    + ("an event is missing" if version > last + 1 else "out of order"),
                    position,
                )
            ]
        record = self.records.get(originator)
        if version in self.voided.get(originator, ()) or (
            record is None and isinstance(event, Voided)
        ):
            if record is not None:
                record.version = version
            return []
        try:
            self.records[originator] = event.mutate(record)
        except Exception as exc:  # a finding: the record cannot be rebuilt past it
            self.broken.add(originator)
            self.records.pop(originator, None)
            return [Finding("replay", f"does not apply to its record: {reason(exc)}", position)]
        return []
