"""Rows a page of events appends to tables no projector reads while catching up, written
together at the end of the page's transaction (one executemany per statement); and the rows
a projector keeps in memory while the page is placed, written by it at the same time."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable

from branchbook.projections.storage.driver_rows import DriverInsert

T = TypeVar("T")

_PENDING = "branchbook.pending"
_CACHE = "branchbook.cache"
_WRITERS = "branchbook.writers"
_PAGE = "branchbook.page"
_KEYS = (_PENDING, _CACHE, _WRITERS, _PAGE)


@contextmanager
def buffered(conn: Connection, events: Sequence[Any] = ()) -> Iterator[None]:
    """Hold appended rows until the block ends, then write them; and remember lookups made
    within the block (the page's own transaction), which places `events`."""
    conn.info[_PENDING] = {}
    conn.info[_CACHE] = {}
    conn.info[_WRITERS] = {}
    conn.info[_PAGE] = events
    try:
        yield
        flush(conn)
    finally:
        for key in _KEYS:
            conn.info.pop(key, None)


def is_buffered(conn: Connection) -> bool:
    return _PENDING in conn.info


def page_events(conn: Connection) -> Sequence[Any]:
    """The events the buffered page places (empty when not buffered)."""
    events: Sequence[Any] = conn.info.get(_PAGE, ())
    return events


def on_flush(conn: Connection, key: str, write: Callable[[Connection], None]) -> None:
    """Have `write` called at each flush of the page, before the appended rows are written."""
    conn.info[_WRITERS][key] = write


def append(conn: Connection, statement: Executable | DriverInsert, row: dict[str, Any]) -> None:
    """Insert a row now, or with the others of the page when the page is buffered. A row the
    driver writes is checked now, so that a value its table cannot hold fails the step that
    gives it, before the steps after it."""
    pending: dict[Any, list[dict[str, Any]]] | None = conn.info.get(_PENDING)
    if pending is None:
        _write(conn, statement, [row], checked=False)
        return
    if isinstance(statement, DriverInsert):
        statement.check(row)
    pending.setdefault(statement, []).append(row)


def flush(conn: Connection) -> None:
    """Write the rows held so far, before a statement that reads their tables."""
    for write in conn.info.get(_WRITERS, {}).values():
        write(conn)
    pending: dict[Any, list[dict[str, Any]]] | None = conn.info.get(_PENDING)
    if pending:
        for statement, rows in pending.items():
            _write(conn, statement, rows, checked=True)  # as each was appended
        pending.clear()


def _write(
    conn: Connection,
    statement: Executable | DriverInsert,
    rows: list[dict[str, Any]],
    *,
    checked: bool,
) -> None:
    if isinstance(statement, DriverInsert):
        statement.write(conn, rows, checked=checked)
    else:
        conn.execute(statement, rows)


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
