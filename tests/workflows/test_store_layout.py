"""The store's tables as the driver-level recorders create them: laid out exactly as the stores
written before them (the library's layout through SQLAlchemy), on SQLite and PostgreSQL."""

from __future__ import annotations

import lzma
import sqlite3
from pathlib import Path
from uuid import uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from sqlalchemy import Dialect, Table, create_engine, inspect, select
from sqlalchemy.schema import CreateIndex, CreateTable

from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.database import Database, sqlite_target
from branchbook.workflows.store.schema import create_statements
from branchbook.workflows.store.tables import chain_table, events_table, keys_table, store_table

OLD_STORE = Path(__file__).parents[1] / "fixtures" / "demo_store_view_schema_9.db.xz"
CORE_TABLES = (events_table(), keys_table(), chain_table(), store_table())
LAYOUT_SQL = (
    "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'branchbook%' ORDER BY type, name"
)


@pytest.mark.parametrize(
    "dialect", [create_engine(url).dialect for url in ("sqlite://", "postgresql+psycopg://")]
)
@pytest.mark.parametrize("table", CORE_TABLES, ids=lambda t: t.name)
def test_the_statements_are_what_sqlalchemy_makes_of_the_tables(
    table: Table, dialect: Dialect
) -> None:
    expected = [str(CreateTable(table).compile(dialect=dialect))]
    expected += [str(CreateIndex(index).compile(dialect=dialect)) for index in table.indexes]
    assert create_statements(table.name, dialect.name) == expected


def test_a_new_sqlite_store_is_laid_out_as_the_stores_written_before(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(lzma.decompress(OLD_STORE.read_bytes()))
    new = tmp_path / "new.db"
    BranchBook(f"sqlite:///{new}").close()
    with sqlite3.connect(old) as before, sqlite3.connect(new) as now:
        held = before.execute(LAYOUT_SQL).fetchall()
        made = now.execute(LAYOUT_SQL).fetchall()
    names = {row[1] for row in made}
    assert names >= {t.name for t in CORE_TABLES} | {"branchbook_events_aggregate_idx"}
    assert made == [row for row in held if row[1] in names]


def test_events_read_through_sqlalchemy_are_those_recorded(store_url: str) -> None:
    """Verification reads the log through SQLAlchemy: both sides agree on every column."""
    app = BranchBook(store_url)
    try:
        originator = uuid4()
        stored = [StoredEvent(originator, v, "topic", b"state %d" % v) for v in (1, 2)]
        ids = app.recorder.insert_events(stored)
        table = app.batch_recorder.events_table
        with app.engine.connect() as conn:
            rows = conn.execute(
                select(table).where(table.c.originator_id == originator).order_by(table.c.id)
            ).all()
            columns = {c["name"]: c["nullable"] for c in inspect(conn).get_columns(table.name)}
    finally:
        app.close()
    assert [tuple(r) for r in rows] == [
        (i, e.originator_id, e.originator_version, e.topic, e.state)
        for i, e in zip(ids or [], stored, strict=True)
    ]
    assert columns == {c.name: c.nullable for c in table.columns}


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("sqlite:////srv/x.db", ("/srv/x.db", False)),
        ("sqlite://", (":memory:", False)),
        ("sqlite:///:memory:", (":memory:", False)),
        ("sqlite:///file:/tmp/a%20b.db?mode=ro&uri=true", ("file:/tmp/a%20b.db?mode=ro", True)),
        ("sqlite:///file:/tmp/x.db?uri=true&immutable=1", ("file:/tmp/x.db?immutable=1", True)),
    ],
)
def test_the_driver_opens_the_file_sqlalchemy_opens(url: str, target: tuple[str, bool]) -> None:
    assert sqlite_target(url) == target
    engine = create_engine(url)
    args, options = engine.dialect.create_connect_args(engine.url)
    assert (args[0], bool(options.get("uri"))) == target


def test_a_store_url_that_is_neither_sqlite_nor_postgres_is_refused() -> None:
    with pytest.raises(Exception, match="not a store"):
        Database("mysql://localhost/x", 1.0)
