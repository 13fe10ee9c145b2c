"""The store's own tables, as statements: the events (the library's layout), snapshots,
tracking positions, the commands' keys and the hash chain.

Each statement is the very text SQLAlchemy emitted for these tables when it created them, so a
store made now is laid out exactly like the stores made before (SQLite keeps that text);
tests hold it equal to what SQLAlchemy makes of the tables in `workflows.store.tables`.
"""

from __future__ import annotations

from branchbook.workflows.store.location import APP_NAME, EVENTS_TABLE, KEYS_TABLE
from branchbook.workflows.store.statements import Tx

SNAPSHOTS_TABLE = f"{APP_NAME}_snapshots"
TRACKING_TABLE = f"{APP_NAME}_tracking"
CHAIN_TABLE = f"{APP_NAME}_chain"
STORE_TABLE = f"{APP_NAME}_store"

# A column: its name, its type on SQLite and on PostgreSQL, and whether it may be NULL.
Column = tuple[str, str, str, bool]
BIG = ("INTEGER", "BIGINT")

LAYOUTS: dict[str, tuple[list[Column], list[str]]] = {
    EVENTS_TABLE: (
        [
            ("id", "INTEGER", "BIGSERIAL", False),
            ("originator_id", "BINARY(16)", "UUID", False),
            ("originator_version", *BIG, False),
            ("topic", "TEXT", "TEXT", False),
            ("state", "BLOB", "BYTEA", False),
        ],
        ["id"],
    ),
    SNAPSHOTS_TABLE: (
        [
            ("originator_id", "BINARY(16)", "UUID", False),
            ("originator_version", *BIG, False),
            ("topic", "TEXT", "TEXT", False),
            ("state", "BLOB", "BYTEA", False),
        ],
        ["originator_id", "originator_version"],
    ),
    TRACKING_TABLE: (
        [
            ("application_name", "VARCHAR(32)", "VARCHAR(32)", False),
            ("notification_id", *BIG, True),
        ],
        ["application_name"],
    ),
    KEYS_TABLE: (
        [
            ("key", "VARCHAR(200)", "VARCHAR(200)", False),
            ("digest", "VARCHAR(64)", "VARCHAR(64)", False),
            ("position", "BIGINT", "BIGINT", True),
            ("events", "INTEGER", "INTEGER", False),
        ],
        ["key"],
    ),
    CHAIN_TABLE: (
        [
            ("position", *BIG, False),
            ("recorded_at", "VARCHAR(40)", "VARCHAR(40)", False),
            ("hash", "VARCHAR(64)", "VARCHAR(64)", False),
        ],
        ["position"],
    ),
    STORE_TABLE: (
        [("name", "VARCHAR(64)", "VARCHAR(64)", False), ("value", "TEXT", "TEXT", False)],
        ["name"],
    ),
}
# Names SQLAlchemy quotes on SQLite, where they are keywords.
QUOTED_ON_SQLITE = frozenset({"key"})
INDEXES = {
    EVENTS_TABLE: (
        f"CREATE UNIQUE INDEX {EVENTS_TABLE}_aggregate_idx "
        f"ON {EVENTS_TABLE} (originator_id, originator_version)"
    )
}


def _name(name: str, dialect: str) -> str:
    return f'"{name}"' if dialect == "sqlite" and name in QUOTED_ON_SQLITE else name


def create_statements(table: str, dialect: str) -> list[str]:
    """The statements that create `table` (and its index) on this dialect."""
    columns, key = LAYOUTS[table]
    lines = [
        f"\t{_name(name, dialect)} {lite if dialect == 'sqlite' else pg}"
        f"{'' if nullable else ' NOT NULL'}, "
        for name, lite, pg, nullable in columns
    ]
    primary = ", ".join(_name(name, dialect) for name in key)
    body = "\n".join([*lines, f"\tPRIMARY KEY ({primary})"])
    statements = [f"\nCREATE TABLE {table} (\n{body}\n)\n\n"]
    if table in INDEXES:
        statements.append(INDEXES[table])
    return statements


def create_missing(tx: Tx, tables: list[str]) -> None:
    """Create those of these tables the database does not hold yet."""
    held = tx.tables()
    for table in tables:
        if table not in held:
            for statement in create_statements(table, tx.dialect):
                tx.run(statement)
