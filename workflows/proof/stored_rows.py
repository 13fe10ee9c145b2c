"""The log's rows read as the database holds them: untyped, so that a value altered to what
its column's type cannot read is a finding of the check that reads it, not a failure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.persistence import StoredEvent
from sqlalchemy import (
    ColumnElement,
    Connection,
    LargeBinary,
    Select,
    Table,
    TableClause,
    cast,
    column,
)
from sqlalchemy import table as sql_table

from branchbook.workflows.proof.replay import record_id

PAGE = 1000


def untyped(table: Table) -> TableClause:
    """The table with its columns untyped: values come back as the database holds them."""
    return sql_table(table.name, *(column(c.name) for c in table.c), schema=table.schema)


def state_column(raw: TableClause) -> ColumnElement[Any]:
    """The state column read as bytes, whatever it was altered to hold (text that is not
    UTF-8 cannot otherwise be read on SQLite)."""
    return cast(raw.c.state, LargeBinary).label("state")


def as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return str(value).encode()


def stored_event(row: Any) -> StoredEvent:
    """The stored event of a raw row (originator_id, version, topic, state): raises
    ValueError when a value is not of its kind."""
    version = row[1]
    if type(version) is not int or not isinstance(row[2], str):
        raise ValueError("its version or topic is not of its kind")
    return StoredEvent(record_id(row[0]), version, row[2], as_bytes(row[3]))


def pages(conn: Connection, query: Select[Any], key: ColumnElement[Any]) -> Iterator[Any]:
    """Every row of a query in the order of an integer column, read a page at a time."""
    last: int | None = None
    while True:
        page = query.order_by(key).limit(PAGE)
        if last is not None:
            page = page.where(key > last)
        rows = conn.execute(page).all()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]
