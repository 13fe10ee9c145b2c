"""The event-sourced application that records branchbook's steps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Engine, Table, select
from sqlalchemy.orm import Session

from branchbook.domain.correction import fold
from branchbook.domain.step import Step
from branchbook.workflows.errors import Encrypted
from branchbook.workflows.store.chain import Origin
from branchbook.workflows.store.cipher import KeyedMapper, cipher_env
from branchbook.workflows.store.key_ids import latest_key_id
from branchbook.workflows.store.keyring import NO_KEY, Keyring
from branchbook.workflows.store.location import (
    APP_NAME,
    DEFAULT_WAIT,
    create_private_file,
    persistence_env,
    sqlite_path,
)
from branchbook.workflows.store.persistence import BatchRecorder


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

    def __init__(
        self,
        url: str,
        wait: float = DEFAULT_WAIT,
        keyring: Keyring | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        path = sqlite_path(url)
        if path is not None and not read_only:
            create_private_file(path)
        # The keyring reaches the event store's cipher through the environment; set under
        # both names, like the store's settings, so no stray variable can replace it.
        settings = cipher_env(keyring)
        prefixed = {APP_NAME.upper() + "_" + key: value for key, value in settings.items()}
        super().__init__(env={**persistence_env(url, wait, read_only), **settings, **prefixed})
        self.url = url
        self.wait = wait
        self.keyring = keyring

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=KeyedMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(StepAsDict())

    def close(self) -> None:
        """Close the application and release the store's connections."""
        super().close()
        self.engine.dispose()

    def adopt_chain(self, by: str) -> Origin:
        """Start the hash chain on a store whose events predate it (workflows.store.chain)."""
        with self.writing() as session:
            return self.batch_recorder.chain.adopt(session, by)

    @property
    def batch_recorder(self) -> BatchRecorder:
        recorder = self.recorder
        assert isinstance(recorder, BatchRecorder)
        return recorder

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A transaction that holds the store's write lock from its start: every save made
        inside it joins it, and commits when it ends."""
        recorder = self.batch_recorder
        with recorder.transaction(commit=True) as session:
            recorder.lock_for_writing(session)
            self.check_key(session)
            yield session

    def check_key(self, session: Session) -> None:
        """Refuse (exit 8) to write into a store whose latest event was encrypted with a key
        this run does not hold, or with any key when this run has none: once a store is
        encrypted, nothing is written to it clear."""
        found = latest_key_id(session)
        if found is None:
            return
        if self.keyring is None:
            raise Encrypted(NO_KEY)
        self.keyring.require(found)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine of the store, shared with the read models."""
        recorder = self.recorder
        assert isinstance(recorder, SQLAlchemyApplicationRecorder)
        engine = recorder.datastore.engine
        assert isinstance(engine, Engine)
        return engine

    def find(self, aggregate_id: UUID) -> Aggregate | None:
        """The aggregate with this id, or None if nothing standing was recorded for it.

        Events a correction voided are skipped (domain.correction.fold).
        """
        try:
            found: object = self.repository.get(aggregate_id, projector_func=fold)
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Aggregate)
        return found

    def load_many(self, aggregate_ids: Sequence[UUID]) -> list[Aggregate]:
        """The aggregates among these ids that exist, each rebuilt from its events, in one query."""
        streams = self._streams(aggregate_ids)
        folded = (fold(None, (event for _, event in stream)) for stream in streams.values())
        return [aggregate for aggregate in folded if aggregate is not None]

    def existing(self, aggregate_ids: Sequence[UUID]) -> set[UUID]:
        """Which of these aggregates the store holds events of, in one query."""
        recorder = self.recorder
        assert isinstance(recorder, SQLAlchemyApplicationRecorder)
        table: Table = recorder.events_record_cls.__table__
        query = (
            select(table.c.originator_id)
            .where(table.c.originator_id.in_(aggregate_ids))
            .where(table.c.originator_version == 1)
        )
        with self.engine.connect() as conn:
            return {row[0] for row in conn.execute(query)}

    def stream(self, aggregate_id: UUID) -> list[tuple[int, Any]]:
        """Every stored event of one aggregate, voided or not, with its position, oldest first."""
        return self._streams([aggregate_id]).get(aggregate_id, [])

    def _streams(self, aggregate_ids: Sequence[UUID]) -> dict[UUID, list[tuple[int, Any]]]:
        recorder = self.recorder
        assert isinstance(recorder, SQLAlchemyApplicationRecorder)
        table: Table = recorder.events_record_cls.__table__
        query = (
            select(
                table.c.originator_id,
                table.c.originator_version,
                table.c.topic,
                table.c.state,
                table.c.id,
            )
            .where(table.c.originator_id.in_(aggregate_ids))
            .order_by(table.c.originator_id, table.c.originator_version)
        )
        streams: dict[UUID, list[tuple[int, Any]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                stored = StoredEvent(row[0], row[1], row[2], bytes(row[3]))
                event = self.mapper.to_domain_event(stored)
                streams.setdefault(row[0], []).append((row[4], event))
        return streams
