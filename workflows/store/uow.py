"""A unit of work: many commands judged in memory, saved together in one transaction."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from branchbook.domain.correction import fold
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.persistence import NewKey

A = TypeVar("A", bound=Aggregate)
# Aggregates a dry run keeps built between its batches; the others are built again when needed
# from the store and the events the dry run holds for them, which it keeps compressed.
HELD_CACHE = 2_000
T = TypeVar("T")


class UnitOfWork:
    """Holds the aggregates a batch of commands touches; a rejected command leaves no trace.

    Each command runs against the aggregates as the previous accepted commands left them. A
    command that fails after triggering events on some aggregates (a check on a second
    aggregate, say) has those aggregates rebuilt from the events before it, so nothing of the
    failed command reaches the store.
    """

    def __init__(self, app: BranchBook) -> None:
        self.app = app
        self._cache: dict[UUID, Aggregate] = {}
        self._marks: dict[UUID, int | None] = {}
        self._absent: set[UUID] = set()
        self._produced: list[Any] = []
        # Aggregates with events not yet saved: a batch saves these, not every cached one.
        self._changed: dict[UUID, None] = {}
        self._read: set[UUID] = set()
        self._held: dict[UUID, list[tuple[int, str, bytes]]] = {}  # a dry run's events

    def get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate as this batch knows it, or None if it does not exist."""
        found = self._cache.get(aggregate_id)
        if found is None:
            if aggregate_id in self._absent:
                return None
            if aggregate_id in self._held:
                found = self._built(aggregate_id)
            else:
                found = self.app.find(aggregate_id)
            if found is None:
                return None
            self._cache[aggregate_id] = found
        self._marks.setdefault(aggregate_id, len(found.pending_events))
        self._read.add(aggregate_id)
        if not isinstance(found, kind):
            return None
        return found

    def add(self, aggregate: Aggregate) -> None:
        """A new aggregate created by the running command."""
        self._cache[aggregate.id] = aggregate
        self._marks[aggregate.id] = None
        self._absent.discard(aggregate.id)

    def prefetch(self, aggregate_ids: Iterable[UUID], chunk: int = 500) -> None:
        """Load the aggregates a batch will touch in a few queries rather than one each."""
        known = self._cache.keys() | self._absent
        wanted = [i for i in dict.fromkeys(aggregate_ids) if i not in known]
        for held in [i for i in wanted if i in self._held]:
            built = self._built(held)
            if built is not None:
                self._cache[held] = built
            else:
                self._absent.add(held)
        wanted = [i for i in wanted if i not in self._held]
        for start in range(0, len(wanted), chunk):
            ids = wanted[start : start + chunk]
            for aggregate in self.app.load_many(ids):
                self._cache[aggregate.id] = aggregate
            self._absent.update(i for i in ids if i not in self._cache)

    def __len__(self) -> int:
        return len(self._cache)

    def run(self, command: Callable[[UnitOfWork], T]) -> tuple[T, list[Any]]:
        """Run one command and return its result and events; on any exception undo it."""
        self._marks = {}
        try:
            result = command(self)
        except BaseException:
            self._undo()
            raise
        events: list[Any] = []
        for aggregate_id, mark in self._marks.items():
            pending = self._cache[aggregate_id].pending_events
            if len(pending) > (mark or 0):
                events.extend(pending[mark or 0 :])
                self._changed[aggregate_id] = None
        self._produced.extend(events)
        return result, events

    def _undo(self) -> None:
        for aggregate_id, mark in self._marks.items():
            aggregate = self._cache[aggregate_id]
            if mark is None:
                del self._cache[aggregate_id]
                self._absent.add(aggregate_id)
            elif len(aggregate.pending_events) > mark:
                keep = aggregate.pending_events[:mark]
                self._cache[aggregate_id] = self._rebuild(aggregate_id, keep)
        self._marks = {}

    def refold(self, aggregate_id: UUID) -> None:
        """Rebuild a cached aggregate from its stored and pending events, skipping the voided.

        A correction's Voided events change nothing by themselves; refolding makes the
        following commands of the batch see the record as if the voided steps were never taken.
        """
        aggregate = self._cache[aggregate_id]
        self._cache[aggregate_id] = self._rebuild(aggregate_id, list(aggregate.pending_events))

    def _rebuild(self, aggregate_id: UUID, pending: list[Any]) -> Aggregate:
        stored = [event for _, event in self.app.stream(aggregate_id)]
        rebuilt: Any = fold(None, [*stored, *self._unpacked(aggregate_id), *pending])
        assert isinstance(rebuilt, Aggregate)
        rebuilt.pending_events.extend(pending)
        return rebuilt

    def pending(self) -> list[Aggregate]:
        """The cached aggregates with events not yet saved."""
        changed = (self._cache.get(aggregate_id) for aggregate_id in self._changed)
        return [a for a in changed if a is not None and a.pending_events]

    def hold(self) -> None:
        """End a batch without saving it (a dry run): its events are held here, compressed,
        so the next batch is judged against them, and nothing reaches the store. Beyond
        HELD_CACHE aggregates, the built ones are let go: each is built again when needed."""
        for aggregate in self.pending():
            held = self._held.setdefault(aggregate.id, [])
            held.extend(self._packed(event) for event in aggregate.collect_events())
        if len(self._cache) > HELD_CACHE:
            self._cache.clear()
        self._changed = {}
        self._produced = []
        self._read = set()

    def _packed(self, event: Any) -> tuple[int, str, bytes]:
        stored = self.app.mapper.to_stored_event(event)
        return stored.originator_version, stored.topic, zlib.compress(stored.state)

    def _unpacked(self, aggregate_id: UUID) -> list[Any]:
        """The events a dry run holds for an aggregate, oldest first."""
        return [
            self.app.mapper.to_domain_event(
                StoredEvent(aggregate_id, version, topic, zlib.decompress(state))
            )
            for version, topic, state in self._held.get(aggregate_id, ())
        ]

    def _built(self, aggregate_id: UUID) -> Aggregate | None:
        """An aggregate a dry run holds events of, built from the store's and those."""
        stored = [event for _, event in self.app.stream(aggregate_id)]
        built: Any = fold(None, [*stored, *self._unpacked(aggregate_id)])
        return built if isinstance(built, Aggregate) else None

    def commit(self, keys: Sequence[NewKey] = ()) -> dict[int, int]:
        """Save every new event in one transaction, in the order the commands produced them.

        Aggregates the batch's commands read but did not change are checked in the same
        transaction: if another writer moved one of them on, nothing is saved and the
        recorder's IntegrityError sends the batch back to be judged again.

        Positions in the notification log therefore follow the order of the commands (the
        journal's lines), not the order in which aggregates were first touched. The commands'
        idempotency keys are written in the same transaction.
        """
        read = (self._cache.get(aggregate_id) for aggregate_id in self._read)
        read_versions = {a.id: a.version for a in read if a is not None and not a.pending_events}
        for aggregate in self.pending():
            aggregate.collect_events()
        self._changed = {}
        produced, self._produced = self._produced, []
        self._read = set()
        # The events go to the event store as they are: the application's save would first
        # test each against the library's runtime protocols, which costs more than the insert.
        recordings = self.app.events.put(produced, read_versions=read_versions, keys=keys)
        return {id(r.domain_event): r.notification.id for r in recordings}
