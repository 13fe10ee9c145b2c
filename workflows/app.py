"""The event-sourced application that records branchbook's steps."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import reduce
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, StoredEvent, Transcoding
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Engine, Table, select

from domain.step import Step
from workflows.store import APP_NAME, persistence_env


class DateAsISO(Transcoding):
    """Stores a date as its ISO string."""

    type = date
    name = "date"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class StepAsDict(Transcoding):
    """Stores a step's metadata as a plain mapping."""

    type = Step
    name = "step"

    def encode(self, obj: Step) -> dict[str, Any]:
        return obj.as_dict()

    def decode(self, data: dict[str, Any]) -> Step:
        return Step.from_dict(data)


class BranchBook(Application[UUID]):
    """The record book: aggregates in, events out, all through one event store."""

    name = APP_NAME

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # The library names a subclass after itself, which would open an empty store.
        super().__init_subclass__(**kwargs)
        cls.name = APP_NAME

    def __init__(self, url: str) -> None:
        super().__init__(env=persistence_env(url))
        self.url = url

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(StepAsDict())

    def close(self) -> None:
        """Close the application and release the store's connections."""
        super().close()
        self.engine.dispose()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine of the store, shared with the read models."""
        recorder = self.recorder
        assert isinstance(recorder, SQLAlchemyApplicationRecorder)
        engine = recorder.datastore.engine
        assert isinstance(engine, Engine)
        return engine

    def find(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate with this id, or None if nothing was recorded for it."""
        try:
            found: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Aggregate)
        return found

    def load_many(self, aggregate_ids: Sequence[UUID]) -> list[Aggregate]:
        """The aggregates among these ids that exist, each rebuilt from its events, in one query."""
        recorder = self.recorder
        assert isinstance(recorder, SQLAlchemyApplicationRecorder)
        table: Table = recorder.events_record_cls.__table__
        query = (
            select(table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
            .where(table.c.originator_id.in_(aggregate_ids))
            .order_by(table.c.originator_id, table.c.originator_version)
        )
        streams: dict[UUID, list[Any]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                stored = StoredEvent(row[0], row[1], row[2], bytes(row[3]))
                streams.setdefault(row[0], []).append(self.mapper.to_domain_event(stored))
        return [
            reduce(lambda agg, event: event.mutate(agg), events, None)
            for events in streams.values()
        ]
