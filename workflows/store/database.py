"""The store's database reached through its driver (sqlite3, or psycopg for PostgreSQL), not
through SQLAlchemy: what recording a step needs, without the cost of loading SQLAlchemy.

Statements are written with `?` placeholders; PostgreSQL's driver gets them as `%s`. A
transaction is one driver connection from a small pool, joined by every transaction opened
inside it on the same thread of control (as the library's own SQLAlchemy datastore does), and
the driver's errors leave it as the event store's errors (eventsourcing.persistence), with
the driver's error as their cause.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from eventsourcing import persistence as es

from branchbook.workflows.store.statements import Tx, settings

POOL_SIZE = 5  # idle connections kept for reuse, as SQLAlchemy's default pool does
SQLITE_SCHEMES = ("sqlite", "sqlite+pysqlite")
POSTGRES_SCHEMES = ("postgresql+psycopg",)
# The event store's error for each DB-API error class, most specific first.
ERRORS: dict[str, type[es.PersistenceError]] = {
    "IntegrityError": es.IntegrityError,
    "DataError": es.DataError,
    "OperationalError": es.OperationalError,
    "ProgrammingError": es.ProgrammingError,
    "InternalError": es.InternalError,
    "NotSupportedError": es.NotSupportedError,
    "DatabaseError": es.DatabaseError,
    "InterfaceError": es.InterfaceError,
    "Error": es.PersistenceError,
}


def translated(exc: BaseException) -> es.PersistenceError | None:
    """The event store's error for a driver's error; None for any other exception."""
    if isinstance(exc, es.PersistenceError) or not isinstance(exc, Exception):
        return None
    module = type(exc).__module__.split(".", 1)[0]
    if module not in ("sqlite3", "psycopg"):
        return None
    for kind in type(exc).__mro__:
        if kind.__name__ in ERRORS:
            return ERRORS[kind.__name__](str(exc))
    return None


class Transaction:
    """A transaction as a context: the outermost one takes a connection and commits (or,
    for reading, rolls back) when it ends; those opened inside it join it."""

    def __init__(self, database: Database, commit: bool, lock: threading.Semaphore | None):
        self.database = database
        self.commit = commit
        self.lock = lock
        self.depth = 0
        self.tx: Tx | None = None
        self.token: Any = None

    def __enter__(self) -> Tx:
        if self.depth == 0:
            try:
                self.tx = Tx(self.database.checkout(), self.database.dialect)
            except BaseException:
                self._release()
                raise
            self.token = CURRENT.set(self)
        self.depth += 1
        assert self.tx is not None
        return self.tx

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        self.depth -= 1
        if self.depth:
            return
        assert self.tx is not None
        connection = self.tx.connection
        broken = False
        try:
            if exc is None and self.commit:
                connection.commit()
            else:
                connection.rollback()
        except Exception as failed:
            broken = True
            error = translated(failed)
            if error is None or exc is not None:
                raise
            raise error from failed
        finally:
            CURRENT.reset(self.token)
            self.database.checkin(connection, broken)
            self._release()
        error = translated(exc) if exc is not None else None
        if error is not None:
            raise error from exc

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()


CURRENT: ContextVar[Transaction] = ContextVar("branchbook_store_transaction")


def sqlite_target(url: str) -> tuple[str, bool]:
    """What sqlite3.connect is given for a sqlite URL, and whether it is a URI: the file as
    SQLAlchemy's pysqlite dialect would give it, so both open the same database."""
    rest = url.split("://", 1)[1]
    database, _, query = rest[1:].partition("?") if rest.startswith("/") else ("", "", "")
    options = dict(parse_qsl(query))
    uri = options.pop("uri", "false").lower() in ("true", "1")
    for driver_option in ("timeout", "isolation_level", "detect_types", "check_same_thread"):
        options.pop(driver_option, None)
    if uri:
        if options:
            database += "?" + "&".join(f"{key}={options[key]}" for key in sorted(options))
        return database, True
    if not database or database == ":memory:":
        return ":memory:", False
    return os.path.abspath(database), False


def in_memory(url: str) -> bool:
    database, uri = sqlite_target(url)
    return database == ":memory:" or (uri and "mode=memory" in database)


class Database:
    """The store's database: connections configured with the lock wait and the write
    permission, a few kept for reuse, and transactions over them."""

    def __init__(self, url: str, wait: float, read_only: bool = False) -> None:
        scheme = urlsplit(url).scheme
        if scheme in SQLITE_SCHEMES:
            self.dialect = "sqlite"
        elif scheme in POSTGRES_SCHEMES:
            self.dialect = "postgresql"
        else:
            raise es.InterfaceError(f"not a store branchbook can use: {scheme!r}")
        self.url = url
        self.statements = settings(self.dialect, wait, read_only)
        self.memory = self.dialect == "sqlite" and in_memory(url)
        self._idle: list[Any] = []
        self._pool_lock = threading.Lock()
        # One connection holds an in-memory database: every transaction takes turns on it.
        # A file store lets this process's writers take turns, as SQLite lets only one write.
        self.access_lock = threading.Semaphore() if self.memory else None
        self.write_lock = threading.Semaphore() if self.dialect == "sqlite" else None
        self._shared: Any = None
        self._wal_tried = False

    def transaction(self, commit: bool) -> Transaction:
        """The transaction to work in: the one already open here, or a new one."""
        current = CURRENT.get(None)
        if current is not None and current.database is self:
            if commit and not current.commit:
                raise es.ProgrammingError("Transaction already started with commit=False")
            return current
        if not self._wal_tried:
            self._write_ahead()
        lock = self.access_lock or (self.write_lock if commit else None)
        if lock is not None:
            lock.acquire()
        return Transaction(self, commit, lock)

    def _write_ahead(self) -> None:
        """Put a SQLite file store in write-ahead-log mode, as the library always has."""
        self._wal_tried = True
        if self.dialect != "sqlite" or self.memory:
            return
        with self.transaction(commit=False) as tx:
            tx.rows("PRAGMA journal_mode=WAL")

    def connect(self) -> Any:
        """A new connection to the store, configured."""
        try:
            connection = self._connect()
            cursor = connection.cursor()
            for statement in self.statements:
                cursor.execute(statement)
            cursor.close()
            if self.dialect != "sqlite":
                connection.commit()
        except Exception as exc:
            error = translated(exc)
            if error is None:
                raise
            raise error from exc
        return connection

    def _connect(self) -> Any:
        if self.dialect == "sqlite":
            database, uri = sqlite_target(self.url)
            return sqlite3.connect(database, uri=uri, check_same_thread=False)
        import psycopg

        parts = urlsplit(self.url)
        # As SQLAlchemy's psycopg dialect gives them: the URL's parts, and its query as options.
        params: dict[str, Any] = {
            "host": parts.hostname or None,
            "port": parts.port,
            "user": unquote(parts.username or "") or None,
            "password": unquote(parts.password or "") or None,
            "dbname": parts.path.lstrip("/") or None,
            **dict(parse_qsl(parts.query)),
        }
        return psycopg.connect(**params)

    def checkout(self) -> Any:
        if self.memory:
            if self._shared is None:
                self._shared = self.connect()
            return self._shared
        with self._pool_lock:
            if self._idle:
                return self._idle.pop()
        return self.connect()

    def checkin(self, connection: Any, broken: bool = False) -> None:
        if connection is self._shared:
            return
        with self._pool_lock:
            if not broken and len(self._idle) < POOL_SIZE:
                self._idle.append(connection)
                return
        connection.close()

    def shared_connection(self) -> Any:
        """The one connection of an in-memory store (for an engine on the same database)."""
        assert self.memory
        if self._shared is None:
            self._shared = self.connect()
        return self._shared

    def close(self) -> None:
        """Close every connection kept for reuse."""
        with self._pool_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
        if self._shared is not None:
            self._shared.close()
            self._shared = None
