"""The event-sourced application that records branchbook's steps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from branchbook.domain.correction import fold
from branchbook.domain.step import Step
from branchbook.workflows.errors import Encrypted
from branchbook.workflows.store.chain import Origin
from branchbook.workflows.store.cipher import KeyedMapper, cipher_env
from branchbook.workflows.store.database import Database
from branchbook.workflows.store.key_ids import latest_key_id
from branchbook.workflows.store.keyring import NO_KEY, Keyring
from branchbook.workflows.store.location import (
    APP_NAME,
    DEFAULT_WAIT,
    EVENTS_TABLE,
    create_private_file,
    persistence_env,
    sqlite_path,
)
from branchbook.workflows.store.persistence import BatchRecorder, Factory
from branchbook.workflows.store.statements import Tx, read_id, stored_id

if TYPE_CHECKING:
    from sqlalchemy import Engine


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
        self.read_only = read_only
        self._engine: Engine | None = None

    def construct_mapper(self) -> Mapper[UUID]:
        return self.factory.mapper(transcoder=self.construct_transcoder(), mapper_class=KeyedMapper)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(StepAsDict())

    def close(self) -> None:
        """Close the application and release the store's connections."""
        super().close()
        if self._engine is not None:
            self._engine.dispose()

    def adopt_chain(self, by: str) -> Origin:
        """Start the hash chain on a store whose events predate it (workflows.store.chain)."""
        with self.writing() as tx:
            return self.batch_recorder.chain.adopt(tx, by)

    @property
    def batch_recorder(self) -> BatchRecorder:
        recorder = self.recorder
        assert isinstance(recorder, BatchRecorder)
        return recorder

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        """A transaction that holds the store's write lock from its start: every save made
        inside it joins it, and commits when it ends."""
        recorder = self.batch_recorder
        with recorder.transaction(commit=True) as tx:
            recorder.lock_for_writing(tx)
            self.check_key(tx)
            yield tx

    def check_key(self, tx: Tx) -> None:
        """Refuse (exit 8) to write into a store whose latest event was encrypted with a key
        this run does not hold, or with any key when this run has none: once a store is
        encrypted, nothing is written to it clear."""
        found = latest_key_id(tx)
        if found is None:
            return
        if self.keyring is None:
            raise Encrypted(NO_KEY)
        self.keyring.require(found)

    @property
    def engine(self) -> Engine:
        """A SQLAlchemy engine on the store, for the read models: made on first use, with the
        writer's lock wait and write permission. An in-memory store shares its one
        connection, as it is the whole database."""
        if self._engine is None:
            from branchbook.workflows.store.engines import open_engine

            database = self.database
            if database.memory:
                from sqlalchemy import create_engine
                from sqlalchemy.pool import StaticPool

                shared = database.shared_connection()
                self._engine = create_engine(
                    "sqlite://", creator=lambda: shared, poolclass=StaticPool
                )
            else:
                self._engine = open_engine(self.url, self.wait, self.read_only)
        return self._engine

    @property
    def database(self) -> Database:
        factory = self.factory
        assert isinstance(factory, Factory)
        return factory.database

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
        if not aggregate_ids:
            return set()
        with self.batch_recorder.transaction(commit=False) as tx:
            ids = [stored_id(i, tx.dialect) for i in aggregate_ids]
            query = (
                f"SELECT originator_id FROM {EVENTS_TABLE} "  # noqa: S608
                f"WHERE originator_version = 1 AND originator_id IN ({_marks(len(ids))})"
            )
            return {read_id(row[0]) for row in tx.rows(query, ids)}

    def stream(self, aggregate_id: UUID) -> list[tuple[int, Any]]:
        """Every stored event of one aggregate, voided or not, with its position, oldest first."""
        return self._streams([aggregate_id]).get(aggregate_id, [])

    def _streams(self, aggregate_ids: Sequence[UUID]) -> dict[UUID, list[tuple[int, Any]]]:
        streams: dict[UUID, list[tuple[int, Any]]] = {}
        if not aggregate_ids:
            return streams
        with self.batch_recorder.transaction(commit=False) as tx:
            ids = [stored_id(i, tx.dialect) for i in aggregate_ids]
            query = (
                "SELECT originator_id, originator_version, topic, state, id "  # noqa: S608
                f"FROM {EVENTS_TABLE} WHERE originator_id IN ({_marks(len(ids))}) "
                "ORDER BY originator_id, originator_version"
            )
            rows = tx.rows(query, ids)
        for row in rows:
            originator_id = read_id(row[0])
            stored = StoredEvent(originator_id, row[1], row[2], bytes(row[3]))
            event = self.mapper.to_domain_event(stored)
            streams.setdefault(originator_id, []).append((row[4], event))
        return streams


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))
