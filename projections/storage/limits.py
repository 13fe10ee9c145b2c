"""What the views can hold, and the checks that keep anything else out of them.

A stored event may carry a value the boundary refuses today (written before it did, or edited
by hand). The views hold dates from FIRST_DATE to LAST_DATE, integers within their column's
range and text within its length, without NUL characters. Catch-up checks each event before
the views see it (every date it carries, also those kept only as JSON) and every value written
to a view column while it places events; a value beyond these limits leaves the event out of
the views, as a finding, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, cast

import attrs
from attrs import frozen
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    event,
)
from sqlalchemy.engine.interfaces import DBAPICursor, ExecutionContext

from branchbook.projections.storage.tables import metadata

# The boundary accepts dates up to 2099-12-31; a century more holds every deadline computed
# from them, and keeps the queries' date arithmetic far from the calendar's end (9999-12-31).
FIRST_YEAR, LAST_YEAR = 1900, 2199
FIRST_DATE, LAST_DATE = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
INTEGER_RANGE = (-(2**31), 2**31 - 1)  # an Integer column on PostgreSQL
BIG_INTEGER_RANGE = (-(2**63), 2**63 - 1)  # a BigInteger column
REASON_LENGTH = 200  # a finding's reason is one line of at most this many characters

# What every event carries that is the store's, not the step's.
_STORE_FIELDS = frozenset({"originator_id", "originator_version", "originator_topic"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Check = Callable[[Any], "str | None"]


class Unholdable(Exception):
    """Raised when a value bound for a view is beyond what its column holds."""


def event_fault(decoded: Any) -> str | None:
    """Why an event cannot be placed before any view sees it: a date it carries, anywhere,
    outside the dates the views hold; None when every date is inside."""
    fault = _date_fault(
        (name, value)
        for name, value in getattr(decoded, "__dict__", {}).items()
        if name not in _STORE_FIELDS
    )
    return None if fault is None else one_line(fault.lstrip("."))


def _date_fault(items: Iterable[tuple[str, Any]]) -> str | None:
    """Where among named values (and the values inside them) a date lies outside the range."""
    for name, value in items:
        kind = type(value)
        if kind is str or kind is int or value is None or kind is bool:
            continue  # most values: nothing inside to look at
        if kind is date or kind is datetime:
            if not FIRST_YEAR <= value.year <= LAST_YEAR:
                return f".{name} {value.isoformat()} is outside the dates the views hold ({_DATES})"
            continue
        if kind is list or kind is tuple:
            inner = _date_fault((f"[{index}]", item) for index, item in enumerate(value))
        elif kind is dict:
            inner = _date_fault((str(key), item) for key, item in value.items())
        elif attrs.has(kind):
            inner = _date_fault((f.name, getattr(value, f.name)) for f in attrs.fields(kind))
        else:
            continue
        if inner is not None:
            return f".{name}{inner}".replace(".[", "[")
    return None


_DATES = f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"


def column_fault(column: Column[Any], value: Any) -> str | None:
    """Why a column cannot hold a value, or None when it can (None always can)."""
    check = _check_of(column)
    return None if check is None or value is None else check(value)


def column_checks(table: Table) -> dict[str, Check]:
    """The check of each column of a table that has limits, by name."""
    return {c.name: check for c in table.columns if (check := _check_of(c)) is not None}


def _check_of(column: Column[Any]) -> Check | None:
    kind = _held(column.type)
    if isinstance(kind, BigInteger):
        return _integers(*BIG_INTEGER_RANGE)
    if isinstance(kind, Integer):
        return _integers(*INTEGER_RANGE)
    if isinstance(kind, Date | DateTime):
        return _day
    if isinstance(kind, String):  # Text too, with no length
        return _text(kind.length)
    return None


def _held(kind: Any) -> Any:
    """The type whose limits a column's values are judged by: for a encrypted column, that of
    the clear value it holds (projections.storage.secrecy), whether or not the views are
    encrypted."""
    return getattr(kind, "holds", kind)


def _integers(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is int and not low <= value <= high:
            return f"{value} is beyond the integers it holds ({low} to {high})"
        return None

    return check


def _day(value: Any) -> str | None:
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"{value.isoformat()} is outside the dates the views hold ({_DATES})"
    return None


def _text(length: int | None) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        if "\x00" in value:
            return "a NUL character, which text in the views cannot hold"
        if length is not None and len(value) > length:
            return f"{len(value)} characters, more than the {length} it holds"
        return None

    return check


def one_line(text: str) -> str:
    """A reason as one printable line of bounded length: control characters shown escaped."""
    lines = text.strip().splitlines()
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], lines[0] if lines else "")
    return shown if len(shown) <= REASON_LENGTH else shown[: REASON_LENGTH - 1] + "…"


def reason_of(exc: BaseException) -> str:
    """What went wrong placing an event, in one line: the driver's own message for a database
    error (never the statement or its values)."""
    if isinstance(exc, Unholdable):
        return one_line(str(exc))
    cause = getattr(exc, "orig", None) or exc
    return one_line(f"{type(cause).__name__}: {cause}")


@contextmanager
def checked(conn: Connection) -> Iterator[None]:
    """While the block runs, refuse (raise Unholdable) any value written to a view column
    that the column cannot hold, as PostgreSQL would and SQLite would not."""
    event.listen(conn, "before_cursor_execute", _check_statement)
    try:
        yield
    finally:
        event.remove(conn, "before_cursor_execute", _check_statement)
        conn.info.pop(_CHECKED, None)


_CHECKED = "branchbook.checked"


@frozen
class _Limits:
    """The limits on the values an INSERT or UPDATE of a view table binds to its columns:
    (bind name, longest text) for text, (bind name, lowest, highest) for integers, and the
    bind names of dates and moments."""

    table: Table
    texts: tuple[tuple[str, int], ...]
    integers: tuple[tuple[str, int, int], ...]
    dates: tuple[str, ...]

    def fits(self, row: Mapping[str, Any]) -> bool:
        """Whether every value of the row fits its column: the quick test of every row."""
        get = row.get
        for name, length in self.texts:
            value = get(name)
            if value.__class__ is str and (len(value) > length or "\x00" in value):
                return False
        for name, low, high in self.integers:
            value = get(name)
            if value.__class__ is int and not low <= value <= high:
                return False
        for name in self.dates:
            value = get(name)
            if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
                return False
        return True

    def fault(self, row: Mapping[str, Any]) -> str:
        """Which value of a row that does not fit, and why, in one line."""
        for name, value in row.items():
            if name in self.table.c:
                fault = column_fault(self.table.c[name], value)
                if fault is not None:
                    return f"{self.table.name}.{name}: {fault}"
        return f"{self.table.name}: a value beyond what the table holds"


# The limits of each compiled statement (SQLAlchemy caches and reuses them).
_LIMITS: weakref.WeakKeyDictionary[Any, object] = weakref.WeakKeyDictionary()
_UNKNOWN = object()


def check_rows(limits: _Limits, rows: Iterable[Mapping[str, Any]]) -> None:
    """Refuse rows written without SQLAlchemy's statements, as their listener would."""
    for row in rows:
        if not limits.fits(row):
            raise Unholdable(limits.fault(row))


def _check_statement(  # noqa: PLR0917 - the signature SQLAlchemy calls the listener with
    conn: Connection,
    cursor: DBAPICursor,
    statement: str,
    parameters: Any,
    context: ExecutionContext | None,
    executemany: bool,
) -> None:
    compiled = getattr(context, "compiled", None)
    if compiled is None or not (context.isinsert or context.isupdate):  # type: ignore[union-attr]
        return
    found = _LIMITS.get(compiled, _UNKNOWN)
    if found is _UNKNOWN:
        found = _LIMITS[compiled] = _statement_limits(compiled)
    limits = cast("_Limits | None", found)
    if limits is None or conn.info.get(_CHECKED) is context:
        return  # not a view, or a later batch of rows already checked
    conn.info[_CHECKED] = context
    for row in context.compiled_parameters:  # type: ignore[union-attr]
        if not limits.fits(row):
            raise Unholdable(limits.fault(row))


def _statement_limits(compiled: Any) -> _Limits | None:
    table = getattr(compiled.statement, "table", None)
    if not isinstance(table, Table) or table.metadata is not metadata:
        return None
    return row_limits(table, compiled.binds)


def row_limits(table: Table, names: Iterable[str]) -> _Limits:
    """The limits on the values a row gives the named columns of a view table."""
    texts, integers, dates = [], [], []
    for name in names:
        kind = _held(table.c[name].type) if name in table.c else None
        if isinstance(kind, BigInteger):
            integers.append((name, *BIG_INTEGER_RANGE))
        elif isinstance(kind, Integer):
            integers.append((name, *INTEGER_RANGE))
        elif isinstance(kind, Date | DateTime):
            dates.append(name)
        elif isinstance(kind, String):
            texts.append((name, kind.length or sys.maxsize))
    return _Limits(table, tuple(texts), tuple(integers), tuple(dates))
