"""Rows a page of events appends to tables no projector reads while catching up, written
together at the end of the page's transaction (one executemany per statement)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable

T = TypeVar("T")

_PENDING = "branchbook.pending"
_CACHE = "branchbook.cache"


@contextmanager
def buffered(conn: Connection) -> Iterator[None]:
    """Hold appended rows until the block ends, then write them; and remember lookups made
    within the block (the page's own transaction)."""
    conn.info[_PENDING] = {}
    conn.info[_CACHE] = {}
    try:
        yield
        flush(conn)
    finally:
        conn.info.pop(_PENDING, None)
        conn.info.pop(_CACHE, None)


def append(conn: Connection, statement: Executable, row: dict[str, Any]) -> None:
    """Insert a row now, or with the others of the page when the page is buffered."""
    pending: dict[Executable, list[dict[str, Any]]] | None = conn.info.get(_PENDING)
    if pending is None:
        conn.execute(statement, row)
    else:
        pending.setdefault(statement, []).append(row)


def flush(conn: Connection) -> None:
    """Write the rows held so far, before a statement that reads their tables."""
    pending: dict[Executable, list[dict[str, Any]]] | None = conn.info.get(_PENDING)
    if pending:
        for statement, rows in pending.items():
            conn.execute(statement, rows)
        pending.clear()


def remembered(conn: Connection, key: Any, find: Callable[[], T]) -> T:
    """A lookup's answer, found once per buffered page."""
    cache: dict[Any, Any] | None = conn.info.get(_CACHE)
    if cache is None:
        return find()
    if key not in cache:
        cache[key] = find()
    found: T = cache[key]
    return found


def remember(conn: Connection, key: Any, value: Any) -> None:
    """Replace a remembered answer that a step has just changed."""
    cache: dict[Any, Any] | None = conn.info.get(_CACHE)
    if cache is not None:
        cache[key] = value
