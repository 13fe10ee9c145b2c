"""Whether every record replays: its versions run 1, 2, 3 ... without a gap, and each of its
events applies to it as it stands, met in log order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from branchbook.domain.correction import Voided
from branchbook.workflows.proof.findings import Finding, reason

# Records held in memory at once while the log is replayed. More is slower, not faster: the
# garbage collector walks every record held (a million events: 23,200 events/s holding 20,000,
# 18,300 holding 50,000).
KEEP = 20_000


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
    versions a correction voids, as the application's own fold does).

    At most `keep` records are held at once: the one met longest ago is let go, and rebuilt
    from its events in the store (`reload`) when the pass meets it again."""

    def __init__(
        self,
        voided: dict[UUID, set[int]],
        reload: Callable[[UUID, int], list[Any]] | None = None,
        keep: int = KEEP,
    ) -> None:
        self.voided = voided
        self.reload = reload
        self.keep = keep
        self.versions: dict[UUID, int] = {}
        self.records: dict[UUID, Any] = {}  # oldest met first
        self.let_go: set[UUID] = set()
        self.broken: set[UUID] = set()

    def lost(self, stored: StoredEvent) -> None:
        """An event that cannot be decoded: its record cannot be rebuilt past it, and is not
        judged further (the event itself is the finding)."""
        originator = record_id(stored.originator_id)
        self.versions[originator] = max(self.versions.get(originator, 0), stored.originator_version)
        self._break(originator)

    def apply(self, position: int, stored: StoredEvent, event: Any) -> list[Finding]:
        originator = record_id(stored.originator_id)
        version = stored.originator_version
        last = self.versions.get(originator, 0)
        self.versions[originator] = max(last, version)
        if originator in self.broken:
            return []
        if version != last + 1:
            self._break(originator)
            return [
                Finding(
                    "versions",
                    f"record {originator} goes from version {last} to {version}: "
                    + ("an event is missing" if version > last + 1 else "out of order"),
                    position,
                )
            ]
        try:
            record = self._step(originator, self._held(originator, last), version, event)
        except Exception as exc:  # a finding: the record cannot be rebuilt past it
            self._break(originator)
            return [
                Finding(
                    "replay",
                    f"its stored state does not fit its record as it stands ({reason(exc)})",
                    position,
                )
            ]
        self._hold(originator, record)
        return []

    def _step(self, originator: UUID, record: Any, version: int, event: Any) -> Any:
        if version in self.voided.get(originator, ()) or (
            record is None and isinstance(event, Voided)
        ):
            if record is not None:
                record.version = version
            return record
        return event.mutate(record)

    def _held(self, originator: UUID, last: int) -> Any:
        """The record as its events up to `last` leave it."""
        if originator not in self.let_go:
            return self.records.pop(originator, None)
        self.let_go.discard(originator)
        assert self.reload is not None
        record = None
        for event in self.reload(originator, last):
            record = self._step(originator, record, event.originator_version, event)
        return record

    def _hold(self, originator: UUID, record: Any) -> None:
        self.records[originator] = record
        if self.reload is not None and len(self.records) > self.keep:
            oldest = next(iter(self.records))
            del self.records[oldest]
            self.let_go.add(oldest)

    def _break(self, originator: UUID) -> None:
        self.broken.add(originator)
        self.records.pop(originator, None)
        self.let_go.discard(originator)
