"""Shared fixtures: a store on SQLite always, and on PostgreSQL when a URL is configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from rule_observation import MARK, OPTION, RuleObserver, observing
from sqlalchemy.engine import make_url

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook

OBSERVER = RuleObserver()
POSTGRES_URL = os.environ.get("BRANCHBOOK_TEST_POSTGRES_URL")
# PostgreSQL joins the backends only when CI (or a developer) names a server to use.
BACKENDS = ["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"]


def fresh_postgres_database(base_url: str) -> tuple[str, str]:
    """Create an empty database beside the configured one; return its URL and name."""
    url = make_url(base_url)
    name = f"bb_test_{uuid4().hex[:16]}"
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False), name


def drop_postgres_database(base_url: str, name: str) -> None:
    dsn = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty store: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    assert POSTGRES_URL is not None
    url, name = fresh_postgres_database(POSTGRES_URL)
    try:
        yield url
    finally:
        drop_postgres_database(POSTGRES_URL, name)


@pytest.fixture
def app(store_url: str) -> Iterator[BranchBook]:
    """The application on an empty store, closed afterwards."""
    application = BranchBook(store_url)
    try:
        yield application
    finally:
        application.close()


@pytest.fixture
def recorder(app: BranchBook) -> Recorder:
    """A recorder judging by the built-in rulebook, recording as 'tester'."""
    return Recorder(app, builtin_rulebook(), actor="tester")


@pytest.fixture
def reader(store_url: str, app: BranchBook) -> Iterator[BranchBook]:
    """A second application on the same store, as another process would open it."""
    second = BranchBook(store_url)
    try:
        yield second
    finally:
        second.close()


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's BRANCHBOOK_* settings must not leak into the runs."""
    for name in ("BRANCHBOOK_DB", "BRANCHBOOK_RULES", "BRANCHBOOK_ACTOR", "BRANCHBOOK_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        OPTION,
        action="store_true",
        help="require every checked rule to be judged both ways even when part of the suite runs",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARK}: runs last, and only when the whole suite runs (or with {OPTION})"
    )
    config.pluginmanager.register(OBSERVER, "rule-observer")
    watching = ExitStack()
    watching.enter_context(observing(OBSERVER))
    config.add_cleanup(watching.close)


@pytest.fixture
def rule_observer() -> RuleObserver:
    """What the steps judged so far in this run: each rule id and the outcomes seen."""
    return OBSERVER
