"""The event-sourced application that records branchbook's steps."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Transcoding
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Engine

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

    def __init__(self, url: str) -> None:
        super().__init__(env=persistence_env(url))
        self.url = url

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(StepAsDict())

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
