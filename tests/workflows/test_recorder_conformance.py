"""The library's own recorder conformance tests, run against the store as branchbook configures it.

Every recorder comes from the environment the application builds
(`workflows.store.location.persistence_env` under the pinned application name), so these prove that
the configured store behaves as eventsourcing expects: atomic writes, conflicts as IntegrityError,
contiguous and non-interleaving notification ids, tracking positions. Each test gets an empty
store: a SQLite file, or a fresh PostgreSQL database when BRANCHBOOK_TEST_POSTGRES_URL names a
server.
"""

from __future__ import annotations

import shutil
import tempfile
from abc import ABCMeta, abstractmethod
from pathlib import Path
from unittest import TestCase

import pytest

# pytest puts tests/ on sys.path for its conftest; mypy sees it only when run on the whole tree.
from conftest import (  # type: ignore[import-not-found, unused-ignore]
    POSTGRES_URL,
    drop_postgres_database,
    fresh_postgres_database,
)
from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    InfrastructureFactory,
    ProcessRecorder,
    TrackingRecorder,
)
from eventsourcing.tests import persistence as conformance
from eventsourcing.utils import Environment

from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import APP_NAME, persistence_env
from branchbook.workflows.store.persistence import Factory
from branchbook.workflows.store.recorders import PositionRecorder


class Store(TestCase, metaclass=ABCMeta):
    """An empty store per test, and recorders built from branchbook's own environment."""

    @property
    @abstractmethod
    def backend(self) -> str:
        """Which database the store lives in: "sqlite" or "postgres"."""

    _url: str | None = None

    @property
    def url(self) -> str:
        """The URL of this test's empty store, created on first use and removed afterwards."""
        if self._url is None:
            self._url = self._fresh_store()
        return self._url

    def _fresh_store(self) -> str:
        if self.backend == "sqlite":
            folder = tempfile.mkdtemp(prefix="bb-conformance-")
            self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
            return f"sqlite:///{Path(folder) / 'store.db'}"
        assert POSTGRES_URL is not None
        url: str
        name: str
        url, name = fresh_postgres_database(POSTGRES_URL)
        self.addCleanup(drop_postgres_database, POSTGRES_URL, name)
        return url

    def environment(self) -> Environment:
        """The environment BranchBook(url) configures its persistence from."""
        return Environment(APP_NAME, persistence_env(self.url))

    def new_factory(self) -> Factory:
        """The infrastructure factory that environment selects; its connections are closed
        after."""
        factory = InfrastructureFactory.construct(self.environment())
        assert isinstance(factory, Factory)
        self.addCleanup(_dispose, factory)
        return factory

    def application(self) -> BranchBook:
        """The application itself on this test's store; closed after the test."""
        app = BranchBook(self.url)
        self.addCleanup(_close, app)
        return app


def _dispose(factory: Factory) -> None:
    factory.close()


def _close(app: BranchBook) -> None:
    app.close()


class AggregateRecorderConformance(Store, conformance.AggregateRecorderTestCase):
    """The aggregate recorder over the application's events table."""

    def create_recorder(self) -> AggregateRecorder:
        recorder = self.new_factory().aggregate_recorder()
        assert getattr(recorder, "events_table_name", None) == f"{APP_NAME}_events"
        return recorder


class ApplicationRecorderConformance(Store, conformance.ApplicationRecorderTestCase):
    """The very recorder the application writes its events with."""

    def create_recorder(self) -> ApplicationRecorder:
        return self.application().recorder

    def test_subscribe_delivers_new_notifications_on_postgres_and_is_refused_on_sqlite(
        self,
    ) -> None:
        """Subscriptions (LISTEN/NOTIFY) exist on PostgreSQL only; SQLite refuses them."""
        if self.backend == "postgres":
            self.optional_test_insert_subscribe()
            return
        recorder = self.create_recorder()
        with pytest.raises(NotImplementedError):
            recorder.subscribe(gt=None)


class NonInterleavingConformance(Store, conformance.NonInterleavingNotificationIDsBaseCase):
    """Two racing writes of 1,000 events each get two unbroken runs of notification ids."""

    def create_recorder(self) -> ApplicationRecorder:
        return self.application().recorder


class TrackingRecorderConformance(Store, conformance.TrackingRecorderTestCase):
    """The tracking recorder the factory builds for this application name."""

    def create_recorder(self) -> TrackingRecorder:
        return self.new_factory().tracking_recorder()


class ProcessRecorderConformance(Store, conformance.ProcessRecorderTestCase):
    """The process recorder: events and tracking positions in one transaction."""

    def create_recorder(self) -> ProcessRecorder:
        return self.new_factory().process_recorder()


class TrackingRecorderSubclass(PositionRecorder):
    """A tracking recorder subclass the factory must honour when named by topic."""


class FactoryConformance(Store, conformance.InfrastructureFactoryTestCase[Factory]):
    """The factory branchbook's environment selects builds the recorders it declares."""

    def setUp(self) -> None:
        # The base setUp builds the factory from self.env, so the store must exist first.
        self.env = self.environment()
        super().setUp()

    def expected_factory_class(self) -> type[Factory]:
        return Factory

    def expected_aggregate_recorder_class(self) -> type[AggregateRecorder]:
        return type(self.factory).aggregate_recorder_class

    def expected_application_recorder_class(self) -> type[ApplicationRecorder]:
        return type(self.factory).application_recorder_class

    def expected_tracking_recorder_class(self) -> type[TrackingRecorder]:
        return type(self.factory).tracking_recorder_class

    def tracking_recorder_subclass(self) -> type[TrackingRecorder]:
        return TrackingRecorderSubclass

    def expected_process_recorder_class(self) -> type[ProcessRecorder]:
        return type(self.factory).process_recorder_class

    def tearDown(self) -> None:
        super().tearDown()
        _dispose(self.factory)

    def test_the_application_uses_the_recorder_class_the_factory_declares(self) -> None:
        app = self.application()
        assert type(app.factory) is type(self.factory)
        assert type(app.recorder) is self.expected_application_recorder_class()


class TestAggregateRecorderOnSQLite(AggregateRecorderConformance):
    backend = "sqlite"


class TestApplicationRecorderOnSQLite(ApplicationRecorderConformance):
    backend = "sqlite"


class TestNonInterleavingIdsOnSQLite(NonInterleavingConformance):
    backend = "sqlite"


class TestTrackingRecorderOnSQLite(TrackingRecorderConformance):
    backend = "sqlite"


class TestProcessRecorderOnSQLite(ProcessRecorderConformance):
    backend = "sqlite"


class TestFactoryOnSQLite(FactoryConformance):
    backend = "sqlite"


if POSTGRES_URL:

    class TestAggregateRecorderOnPostgres(AggregateRecorderConformance):
        backend = "postgres"

    class TestApplicationRecorderOnPostgres(ApplicationRecorderConformance):
        backend = "postgres"

    class TestNonInterleavingIdsOnPostgres(NonInterleavingConformance):
        backend = "postgres"

    class TestTrackingRecorderOnPostgres(TrackingRecorderConformance):
        backend = "postgres"

    class TestProcessRecorderOnPostgres(ProcessRecorderConformance):
        backend = "postgres"

    class TestFactoryOnPostgres(FactoryConformance):
        backend = "postgres"
