"""The store as branchbook configures it: eventsourcing-sqlalchemy, a batch per statement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

READ_CHECK_CHUNK = 500


class StaleRead(IntegrityError):
    """An aggregate a command only read was changed by another writer before the save."""


class BatchRecorder(SQLAlchemyApplicationRecorder):
    """Writes all events of a save with one INSERT ... RETURNING, not one ORM object each.

    The table, its unique (originator_id, originator_version) index, the table lock on
    PostgreSQL and the notification ids are exactly the library's; only the statement differs.

    A save may also name aggregates its commands only read, with the version they were read
    at (``read_versions``). After the insert, still inside the transaction, their versions in
    the store are compared; any that moved make the whole save fail with :class:`StaleRead`,
    so a decision is never recorded against state another writer has since changed. The check
    runs after the insert because by then the transaction holds the write lock (the table lock
    on PostgreSQL, the database write lock on SQLite) and no other writer can commit.
    """

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if not stored_events:
            return []
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
        ids = [row[0] for row in session.execute(statement, rows)]
        read_versions: Mapping[UUID, int] = kwargs.get("read_versions") or {}
        if read_versions:
            self._check_read_versions(session, table, read_versions)
        self._notify_channel(session)
        return ids

    @staticmethod
    def _check_read_versions(session: Session, table: Table, expected: Mapping[UUID, int]) -> None:
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
    """eventsourcing-sqlalchemy's factory, with the batch recorder."""

    application_recorder_class = BatchRecorder
