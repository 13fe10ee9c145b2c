"""Statements on the store's database through its driver: SQL written with `?` placeholders
(PostgreSQL's driver gets them as `%s`), rows out as tuples. Loads neither SQLAlchemy nor the
event store, so a query may use it too."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID


def settings(dialect: str, wait: float, read_only: bool) -> list[str]:
    """What every new connection is told: how long to wait for a lock, and whether it may
    write."""
    milliseconds = max(1, round(wait * 1000))
    if dialect == "sqlite":
        statements = [f"PRAGMA busy_timeout = {milliseconds}"]
        if read_only:
            statements.append("PRAGMA query_only = ON")
    else:
        statements = [f"SET lock_timeout = {milliseconds}"]
        if read_only:
            statements.append("SET default_transaction_read_only = on")
    return statements


class Tx:
    """One transaction's connection: statements in, rows out."""

    def __init__(self, connection: Any, dialect: str) -> None:
        self.connection = connection
        self.dialect = dialect

    def _sql(self, statement: str) -> str:
        return statement if self.dialect == "sqlite" else statement.replace("?", "%s")

    def run(self, statement: str, params: Sequence[Any] = ()) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(statement), params)
        finally:
            cursor.close()

    def many(self, statement: str, rows: Iterable[Sequence[Any]]) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.executemany(self._sql(statement), list(rows))
        finally:
            cursor.close()

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(self._sql(statement), params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def value(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None when there is none."""
        found = self.rows(statement, params)
        return found[0][0] if found else None

    def tables(self) -> set[str]:
        """The names of the tables in the database (in PostgreSQL's current schema)."""
        if self.dialect == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        return {row[0] for row in self.rows(query)}


def over(conn: Any) -> Tx:
    """Statements on a transaction of the store, or on a SQLAlchemy connection (through its
    driver connection, inside the transaction that connection is in)."""
    if isinstance(conn, Tx):
        return conn
    return Tx(conn.connection.driver_connection, conn.dialect.name)


def stored_id(value: Any, dialect: str) -> Any:
    """An originator id as the events table holds it: a UUID on PostgreSQL, its bytes on
    SQLite."""
    found = value if isinstance(value, UUID) else UUID(str(value))
    return found if dialect != "sqlite" else found.bytes


def read_id(value: Any) -> Any:
    """An originator id as read from the events table."""
    return value if isinstance(value, UUID) else UUID(bytes=bytes(value))
