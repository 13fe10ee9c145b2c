"""The store as branchbook configures it: eventsourcing-sqlalchemy, a batch per statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session


class BatchRecorder(SQLAlchemyApplicationRecorder):
    """Writes all events of a save with one INSERT ... RETURNING, not one ORM object each.

    The table, its unique (originator_id, originator_version) index, the table lock on
    PostgreSQL and the notification ids are exactly the library's; only the statement differs.
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
        self._notify_channel(session)
        return ids


class Factory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, with the batch recorder."""

    application_recorder_class = BatchRecorder
