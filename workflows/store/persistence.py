"""The store as branchbook configures it: the recorders of workflows.store.recorders, a batch
per statement, the idempotency key of every command, and a writer that takes the store's lock
before it judges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    ProcessRecorder,
    StoredEvent,
)
from eventsourcing.utils import Environment, resolve_topic, strtobool

from branchbook.workflows.errors import BrokenRecord
from branchbook.workflows.store.chain import Chain
from branchbook.workflows.store.database import Database
from branchbook.workflows.store.location import APP_NAME, EVENTS_TABLE, KEYS_TABLE
from branchbook.workflows.store.recorders import (
    EventRecorder,
    LogRecorder,
    PositionRecorder,
    ProcessLogRecorder,
    Recorder,
)
from branchbook.workflows.store.schema import CHAIN_TABLE, STORE_TABLE
from branchbook.workflows.store.statements import Tx, stored_id

if TYPE_CHECKING:
    from sqlalchemy import Table

READ_CHECK_CHUNK = 500
R = TypeVar("R", bound=Recorder)


class StaleRead(IntegrityError):
    """An aggregate a command only read was changed by another writer before the save."""


@frozen
class KeyRecord:
    """A command's idempotency key as stored: its content digest and where its events are."""

    key: str
    digest: str
    position: int | None  # the first of its events in the log; None if it recorded none
    events: int


@frozen
class NewKey:
    """The key of a command being saved: its events are `count` events from `first` of the save."""

    key: str
    digest: str
    first: int
    count: int


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


class BatchRecorder(LogRecorder):
    """Writes all events of a save with one statement, and what goes with them.

    The table, its unique (originator_id, originator_version) index, the table lock on
    PostgreSQL and the notification ids are exactly the library's.

    A save may also name aggregates its commands only read, with the version they were read
    at (``read_versions``). After the insert, still inside the transaction, their versions in
    the store are compared; any that moved make the whole save fail with :class:`StaleRead`,
    so a decision is never recorded against state another writer has since changed.

    Every event gets its entry in the hash chain (workflows.store.chain) in the same transaction.

    A save names the idempotency key of each of its commands (``keys``); they are written in
    the same transaction, under a unique index, so a command is recorded at most once.
    """

    def __init__(self, database: Database, events_table_name: str) -> None:
        super().__init__(database, events_table_name)
        self.chain = Chain()
        self.tables += [KEYS_TABLE, CHAIN_TABLE, STORE_TABLE]

    @property
    def events_table(self) -> Table:
        """The events table as SQLAlchemy sees it (for verification)."""
        from branchbook.workflows.store.tables import events_table

        return events_table()

    def lock_for_writing(self, tx: Tx) -> None:
        """Take the store's write lock for the rest of the transaction: no other writer can
        commit until it ends, so whatever is read meanwhile stays current."""
        if tx.dialect == "sqlite":
            # A write statement takes SQLite's one write lock (waiting out the busy timeout);
            # this one changes nothing.
            tx.run(f"DELETE FROM {KEYS_TABLE} WHERE 0 = 1")  # noqa: S608
        else:
            self._lock_table(tx)

    def drop_tables(self, tx: Tx) -> None:
        """Drop every table of the record book and its views, in the caller's transaction:
        how `demo --fresh` starts over. A writer still holding the store then finds no table
        and fails loudly, rather than writing into a file that is gone."""
        for name in sorted(tx.tables()):
            if name.startswith((APP_NAME + "_", "bb_")):
                tx.run(f'DROP TABLE "{name}"')

    def log_end(self, tx: Tx) -> int:
        """The position of the last event in the log, 0 if there is none."""
        return int(tx.value(f"SELECT max(id) FROM {EVENTS_TABLE}") or 0)  # noqa: S608

    def missing_events(self, tx: Tx, positions: Iterable[int]) -> set[int]:
        """The positions among these that hold no event in the log."""
        wanted = sorted(set(positions))
        held: set[int] = set()
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            query = f"SELECT id FROM {EVENTS_TABLE} WHERE id IN ({_marks(len(chunk))})"  # noqa: S608
            held.update(row[0] for row in tx.rows(query, chunk))
        return set(wanted) - held

    def recorded_keys(self, tx: Tx, keys: Iterable[str]) -> dict[str, KeyRecord]:
        """The keys among these that the store already holds; refused (BrokenRecord) when the
        events one of them recorded are gone from the log."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, KeyRecord] = {}
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            query = (
                f'SELECT "key", digest, position, events FROM {KEYS_TABLE} '  # noqa: S608
                f'WHERE "key" IN ({_marks(len(chunk))})'
            )
            for row in tx.rows(query, chunk):
                found[row[0]] = KeyRecord(*row)
        # A command found already recorded must still have its events in the log: when they
        # were removed, "already recorded" would lose it for good.
        gone = self.missing_events(tx, (k.position for k in found.values() if k.position))
        if gone:
            raise BrokenRecord(
                f"the store's key table says event #{min(gone)} recorded a command given "
                "again, but the log holds no such event: events were removed from it; nothing "
                "is written; run 'branchbook verify'"
            )
        return found

    def _insert_stored_events(
        self, tx: Tx, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        new_keys: Sequence[NewKey] = kwargs.get("keys") or ()
        ids: Sequence[int] = []
        if stored_events:
            ids = super()._insert_stored_events(tx, stored_events)
            self.chain.extend(tx, stored_events, ids)
            read_versions: Mapping[UUID, int] = kwargs.get("read_versions") or {}
            if read_versions:
                self._check_read_versions(tx, read_versions)
        if new_keys:
            rows = [(k.key, k.digest, ids[k.first] if k.count else None, k.count) for k in new_keys]
            tx.many(
                f'INSERT INTO {KEYS_TABLE} ("key", digest, position, events) '  # noqa: S608
                "VALUES (?, ?, ?, ?)",
                rows,
            )
        return ids

    def _check_read_versions(self, tx: Tx, expected: Mapping[UUID, int]) -> None:
        wanted = list(expected)
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            query = (
                f"SELECT originator_id, max(originator_version) FROM {EVENTS_TABLE} "  # noqa: S608
                f"WHERE originator_id IN ({_marks(len(chunk))}) GROUP BY originator_id"
            )
            stored = {stored_id(i, tx.dialect): i for i in chunk}
            for originator, version in tx.rows(query, list(stored)):
                originator_id = stored[originator]
                if version != expected[originator_id]:
                    raise StaleRead(
                        f"aggregate {originator_id} is at version {version}, "
                        f"read at {expected[originator_id]}"
                    )


class Factory(InfrastructureFactory[PositionRecorder]):
    """The recorders of this store, on one database: the lock wait and the write permission
    from the environment, and the tables created unless the store is opened read-only."""

    URL = "SQLALCHEMY_URL"  # the name the stores' environment has always used
    CREATE_TABLE = "CREATE_TABLE"

    aggregate_recorder_class = EventRecorder
    application_recorder_class = BatchRecorder
    tracking_recorder_class = PositionRecorder
    process_recorder_class = ProcessLogRecorder

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        wait = float(self.env.get("STORE_WAIT_SECONDS") or 30)
        read_only = (self.env.get("STORE_READ_ONLY") or "n") == "y"
        self.prefix = self.env.name.lower() or "stored"
        self.database = Database(self.env.get(self.URL) or "sqlite://", wait, read_only)

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        recorder = self.aggregate_recorder_class(
            self.database, f"{self.prefix}_{purpose}", numbered=purpose != "snapshots"
        )
        return self._created(recorder)

    def application_recorder(self) -> ApplicationRecorder:
        return self._created(self.application_recorder_class(self.database, EVENTS_TABLE))

    def tracking_recorder(
        self, tracking_recorder_class: type[PositionRecorder] | None = None
    ) -> PositionRecorder:
        if tracking_recorder_class is None:
            topic = self.env.get(self.TRACKING_RECORDER_TOPIC)
            tracking_recorder_class = (
                resolve_topic(topic) if topic else type(self).tracking_recorder_class
            )
        assert tracking_recorder_class is not None
        assert issubclass(tracking_recorder_class, PositionRecorder)
        name = f"{self.env.name.lower() or 'notification'}_tracking"
        return self._created(tracking_recorder_class(self.database, name))

    def process_recorder(self) -> ProcessRecorder:
        recorder = self.process_recorder_class(
            self.database,
            events_table_name=f"{self.prefix}_events",
            tracking_table_name=f"{self.env.name.lower() or 'notification'}_tracking",
        )
        return self._created(recorder)

    def _created(self, recorder: R) -> R:
        if strtobool(self.env.get(self.CREATE_TABLE) or "yes"):
            recorder.create_table()
        return recorder

    def close(self) -> None:
        self.database.close()
