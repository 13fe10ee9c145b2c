"""The event store's recorders, written with the store's driver (workflows.store.database):
events in the library's table layout, the notification log read in order, tracking positions.

They keep the library's semantics, which its own conformance tests hold them to: a save is
atomic; a second event at an originator's version is an IntegrityError; notification ids
follow the order of the commits, since every writer holds the table's lock (PostgreSQL's
EXCLUSIVE table lock, SQLite's one write lock) from its insert to its commit.
"""

from __future__ import annotations

import select
from collections.abc import Sequence
from threading import Thread
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    IntegrityError,
    ListenNotifySubscription,
    Notification,
    ProcessRecorder,
    StoredEvent,
    Subscription,
    Tracking,
    TrackingRecorder,
)

from branchbook.workflows.store.database import Database, Transaction
from branchbook.workflows.store.schema import create_missing
from branchbook.workflows.store.statements import Tx, read_id, stored_id

COLUMNS = "originator_id, originator_version, topic, state"


def _stored(row: Sequence[Any]) -> StoredEvent:
    return StoredEvent(read_id(row[0]), row[1], row[2], bytes(row[3]))


class Recorder:
    """What every recorder holds: the database, and the tables it writes."""

    def __init__(self, database: Database, tables: list[str]) -> None:
        self.database = database
        self.tables = tables

    def create_table(self) -> None:
        with self.transaction(commit=True) as tx:
            create_missing(tx, self.tables)

    def transaction(self, commit: bool = True) -> Transaction:
        return self.database.transaction(commit=commit)


class EventRecorder(Recorder, AggregateRecorder):
    """An aggregate's events (or snapshots) in one table, by originator and version."""

    def __init__(self, database: Database, events_table_name: str, numbered: bool = True):
        super().__init__(database, [events_table_name])
        self.events_table_name = events_table_name
        self.numbered = numbered  # the log's events carry notification ids; snapshots do not

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.transaction(commit=True) as tx:
            self._insert_events(tx, stored_events, **kwargs)
            self._insert_stored_events(tx, stored_events, **kwargs)
        return None  # the library's aggregate recorder says nothing of positions

    def _insert_events(self, tx: Tx, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        """What a subclass writes in the same transaction before the events."""

    def _insert_stored_events(
        self, tx: Tx, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
        if not self.numbered:
            self._insert_rows(tx, stored_events)
            return []
        self._lock_table(tx)
        before = tx.value(f"SELECT max(id) FROM {self.events_table_name}") or 0  # noqa: S608
        self._insert_rows(tx, stored_events)
        # Each row had its own statement, in order, under the lock: ids rise with them.
        ids = [
            row[0]
            for row in tx.rows(
                f"SELECT id FROM {self.events_table_name} WHERE id > ? ORDER BY id",  # noqa: S608
                (before,),
            )
        ]
        if len(ids) != len(stored_events):
            raise IntegrityError(f"{len(ids)} events found of {len(stored_events)} inserted")
        return ids

    def _insert_rows(self, tx: Tx, stored_events: Sequence[StoredEvent]) -> None:
        dialect = tx.dialect
        tx.many(
            f"INSERT INTO {self.events_table_name} ({COLUMNS}) VALUES (?, ?, ?, ?)",  # noqa: S608
            [
                (stored_id(e.originator_id, dialect), e.originator_version, e.topic, e.state)
                for e in stored_events
            ],
        )

    def _lock_table(self, tx: Tx) -> None:
        """Keep other writers out until this transaction ends: on PostgreSQL by the table's
        lock; SQLite's first write takes its one write lock."""
        if tx.dialect == "postgresql":
            tx.run(f"LOCK TABLE {self.events_table_name} IN EXCLUSIVE MODE")

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        with self.transaction(commit=False) as tx:
            query = f"SELECT {COLUMNS} FROM {self.events_table_name} WHERE originator_id = ?"  # noqa: S608
            params: list[Any] = [stored_id(originator_id, tx.dialect)]
            if gt is not None:
                query += " AND originator_version > ?"
                params.append(gt)
            if lte is not None:
                query += " AND originator_version <= ?"
                params.append(lte)
            query += " ORDER BY originator_version" + (" DESC" if desc else "")
            if limit is not None:
                query += " LIMIT ?"
                params.append(limit)
            return [_stored(row) for row in tx.rows(query, params)]


class LogRecorder(EventRecorder, ApplicationRecorder):
    """The application's events, and the notification log they make, in id order."""

    def __init__(self, database: Database, events_table_name: str) -> None:
        super().__init__(database, events_table_name)
        self.channel_name = events_table_name.replace(".", "_")

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.transaction(commit=True) as tx:
            self._insert_events(tx, stored_events, **kwargs)
            ids = self._insert_stored_events(tx, stored_events, **kwargs)
            if stored_events:
                self._notify_channel(tx)
        return ids

    def max_notification_id(self) -> int | None:
        with self.transaction(commit=False) as tx:
            found = tx.value(f"SELECT max(id) FROM {self.events_table_name}")  # noqa: S608
        return None if found is None else int(found)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        query = f"SELECT id, {COLUMNS} FROM {self.events_table_name} WHERE 1 = 1"  # noqa: S608
        params: list[Any] = []
        if start is not None:
            query += " AND id >= ?" if inclusive_of_start else " AND id > ?"
            params.append(start)
        if stop is not None:
            query += " AND id <= ?"
            params.append(stop)
        if topics:
            query += f" AND topic IN ({', '.join('?' for _ in topics)})"
            params.extend(topics)
        query += " ORDER BY id LIMIT ?"
        params.append(limit)
        with self.transaction(commit=False) as tx:
            rows = tx.rows(query, params)
        return [
            Notification(
                id=row[0],
                originator_id=read_id(row[1]),
                originator_version=row[2],
                topic=row[3],
                state=bytes(row[4]),
            )
            for row in rows
        ]

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        if self.database.dialect != "postgresql":
            raise NotImplementedError(
                f"subscriptions need PostgreSQL's LISTEN/NOTIFY, not {self.database.dialect}"
            )
        return ListenSubscription(self, gt=gt, topics=topics)

    def _notify_channel(self, tx: Tx) -> None:
        """Tell PostgreSQL's listeners (subscriptions) that the log has grown."""
        if tx.dialect == "postgresql":
            tx.run(f"NOTIFY {self.channel_name}")


class ListenSubscription(ListenNotifySubscription[LogRecorder]):
    """New notifications as PostgreSQL announces them on the log's channel. It listens before
    it first reads the log, so no event recorded in between goes unannounced."""

    def __init__(self, recorder: LogRecorder, gt: int | None, topics: Sequence[str]) -> None:
        self._connection = recorder.database.connect()
        self._connection.autocommit = True
        self._connection.execute(f"LISTEN {recorder.channel_name}")
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._listen_thread = Thread(target=self._listen)
        self._listen_thread.start()

    def __exit__(self, *args: object, **kwargs: Any) -> None:
        super().__exit__(*args, **kwargs)
        self._listen_thread.join()

    def _listen(self) -> None:
        connection = self._connection
        try:
            while not self._has_been_stopped and not self._thread_error:
                if select.select([connection], [], [], 0.1)[0]:
                    for _ in connection.notifies(timeout=0):
                        self._has_been_notified.set()
        except BaseException as exc:
            if self._thread_error is None:
                self._thread_error = exc
            self.stop()
        finally:
            connection.close()


class PositionRecorder(Recorder, TrackingRecorder):
    """The last notification each upstream application's events were processed through."""

    def __init__(self, database: Database, tracking_table_name: str, **kwargs: Any) -> None:
        super().__init__(database, [tracking_table_name])
        self.tracking_table_name = tracking_table_name

    def max_tracking_id(self, application_name: str) -> int | None:
        with self.transaction(commit=False) as tx:
            found = tx.value(
                f"SELECT notification_id FROM {self.tracking_table_name} "  # noqa: S608
                "WHERE application_name = ?",
                (application_name,),
            )
        return None if found is None else int(found)

    def insert_tracking(self, tracking: Tracking) -> None:
        with self.transaction(commit=True) as tx:
            self._insert_tracking(tx, tracking)

    def _insert_tracking(self, tx: Tx, tracking: Tracking) -> None:
        if self.has_tracking_id(tracking.application_name, tracking.notification_id):
            raise IntegrityError(
                f"{tracking.application_name} is already tracked at or past "
                f"#{tracking.notification_id}"
            )
        table = self.tracking_table_name
        name = str(tracking.application_name)
        if tx.value(f"SELECT 1 FROM {table} WHERE application_name = ?", (name,)):  # noqa: S608
            tx.run(
                f"UPDATE {table} SET notification_id = ? WHERE application_name = ?",  # noqa: S608
                (tracking.notification_id, name),
            )
        else:
            tx.run(
                f"INSERT INTO {table} (application_name, notification_id) VALUES (?, ?)",  # noqa: S608
                (name, tracking.notification_id),
            )


class ProcessLogRecorder(PositionRecorder, LogRecorder, ProcessRecorder):
    """Events and the tracking position they were made from, in one transaction."""

    def __init__(
        self, database: Database, *, events_table_name: str, tracking_table_name: str
    ) -> None:
        LogRecorder.__init__(self, database, events_table_name)
        self.tracking_table_name = tracking_table_name
        self.tables = [events_table_name, tracking_table_name]

    def _insert_events(self, tx: Tx, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        tracking: Tracking | None = kwargs.get("tracking")
        if tracking is not None:
            self._insert_tracking(tx, tracking)
