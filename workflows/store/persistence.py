"""The store as branchbook configures it: eventsourcing-sqlalchemy, a batch per statement, the
idempotency key of every command, and a writer that takes the store's lock before it judges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    event,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.orm import Session

from branchbook.workflows.errors import BrokenRecord
from branchbook.workflows.store.chain import Chain
from branchbook.workflows.store.engines import connection_settings
from branchbook.workflows.store.location import APP_NAME, KEYS_TABLE

READ_CHECK_CHUNK = 500
KEY_LENGTH = 200


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


def keys_table(schema: str | None) -> Table:
    return Table(
        KEYS_TABLE,
        MetaData(schema=schema),
        Column("key", String(KEY_LENGTH), primary_key=True),
        Column("digest", String(64), nullable=False),
        Column("position", BigInteger, nullable=True),
        Column("events", Integer, nullable=False),
    )


class BatchRecorder(SQLAlchemyApplicationRecorder):
    """Writes all events of a save with one INSERT ... RETURNING, not one ORM object each.

    The table, its unique (originator_id, originator_version) index, the table lock on
    PostgreSQL and the notification ids are exactly the library's; only the statement differs.

    A save may also name aggregates its commands only read, with the version they were read
    at (``read_versions``). After the insert, still inside the transaction, their versions in
    the store are compared; any that moved make the whole save fail with :class:`StaleRead`,
    so a decision is never recorded against state another writer has since changed.

    Every event gets its entry in the hash chain (workflows.store.chain) in the same transaction.

    A save names the idempotency key of each of its commands (``keys``); they are written in
    the same transaction, under a unique index, so a command is recorded at most once.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys_table(self.schema_name)
        self.chain = Chain(self.schema_name, self.events_record_cls.__table__)
        self.tables += [self.keys, self.chain.entries, self.chain.store]

    def lock_for_writing(self, session: Session) -> None:
        """Take the store's write lock for the rest of the transaction: no other writer can
        commit until it ends, so whatever is read meanwhile stays current."""
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        if engine.dialect.name == "sqlite":
            # A write statement takes SQLite's one write lock (waiting out the busy timeout);
            # this one changes nothing.
            session.execute(self.keys.delete().where(text("0 = 1")))
        else:
            self._lock_table(session)

    def drop_tables(self, session: Session) -> None:
        """Drop every table of the record book and its views, in the caller's transaction:
        how `demo --fresh` starts over. A writer still holding the store then finds no table
        and fails loudly, rather than writing into a file that is gone."""
        names = inspect(session.connection()).get_table_names()
        for name in names:
            if name.startswith((APP_NAME + "_", "bb_")):
                session.execute(text(f'DROP TABLE "{name}"'))

    def log_end(self, session: Session) -> int:
        """The position of the last event in the log, 0 if there is none."""
        table: Table = self.events_record_cls.__table__
        return int(session.execute(select(func.max(table.c.id))).scalar() or 0)

    def missing_events(self, session: Session, positions: Iterable[int]) -> set[int]:
        """The positions among these that hold no event in the log."""
        wanted = sorted(set(positions))
        table: Table = self.events_record_cls.__table__
        held: set[int] = set()
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            held.update(session.execute(select(table.c.id).where(table.c.id.in_(chunk))).scalars())
        return set(wanted) - held

    def recorded_keys(self, session: Session, keys: Iterable[str]) -> dict[str, KeyRecord]:
        """The keys among these that the store already holds; refused (BrokenRecord) when the
        events one of them recorded are gone from the log."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, KeyRecord] = {}
        c = self.keys.c
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            query = select(c.key, c.digest, c.position, c.events).where(c.key.in_(chunk))
            for row in session.execute(query):
                found[row.key] = KeyRecord(row.key, row.digest, row.position, row.events)
        # A command found already recorded must still have its events in the log: when they
        # were removed, "already recorded" would lose it for good.
        gone = self.missing_events(session, (k.position for k in found.values() if k.position))
        if gone:
            raise BrokenRecord(
                f"the store's key table says event #{min(gone)} recorded a command given "
                "again, but the log holds no such event: events were removed from it; nothing "
                "is written; run 'branchbook verify'"
            )
        return found

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        new_keys: Sequence[NewKey] = kwargs.get("keys") or ()
        ids: list[int] = []
        if stored_events:
            ids = self._insert_rows(session, stored_events)
            self.chain.extend(session, stored_events, ids)
            read_versions: Mapping[UUID, int] = kwargs.get("read_versions") or {}
            if read_versions:
                self._check_read_versions(session, read_versions)
        if new_keys:
            rows = [
                {
                    "key": k.key,
                    "digest": k.digest,
                    "position": ids[k.first] if k.count else None,
                    "events": k.count,
                }
                for k in new_keys
            ]
            session.execute(insert(self.keys), rows)
        if stored_events:
            self._notify_channel(session)
        return ids

    def _insert_rows(self, session: Session, stored_events: Sequence[StoredEvent]) -> list[int]:
        table: Table = self.events_record_cls.__table__
        self._lock_table(session)
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in stored_events
        ]
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return [row[0] for row in session.execute(statement, rows)]

    def _check_read_versions(self, session: Session, expected: Mapping[UUID, int]) -> None:
        table: Table = self.events_record_cls.__table__
        wanted = list(expected)
        for start in range(0, len(wanted), READ_CHECK_CHUNK):
            chunk = wanted[start : start + READ_CHECK_CHUNK]
            query = (
                select(table.c.originator_id, func.max(table.c.originator_version))
                .where(table.c.originator_id.in_(chunk))
                .group_by(table.c.originator_id)
            )
            for originator_id, version in session.execute(query):
                if version != expected[originator_id]:
                    raise StaleRead(
                        f"aggregate {originator_id} is at version {version}, "
                        f"read at {expected[originator_id]}"
                    )


class Factory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, with the batch recorder, a bounded wait for the
    write lock, and a store that is only read when it is opened read-only."""

    application_recorder_class = BatchRecorder

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        wait = float(self.env.get("STORE_WAIT_SECONDS") or 30)
        read_only = (self.env.get("STORE_READ_ONLY") or "n") == "y"
        engine = self.datastore.engine
        if isinstance(engine, Engine):
            event.listen(engine, "connect", connection_settings(engine, wait, read_only))
