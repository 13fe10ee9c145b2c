"""The member rows a page of events reads and changes, kept in memory while the page is placed
and written when it is flushed: one INSERT of the new rows, one UPDATE per set of changed
columns, instead of a statement per event. Every member event is placed this way: an event
placed alone (when its page cannot go in whole) is a page of one."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, select

from branchbook.domain.member import Member
from branchbook.projections.storage.buffer import is_buffered, on_flush, page_events, remembered
from branchbook.projections.storage.driver_rows import DriverInsert, DriverUpdate
from branchbook.projections.storage.limits import Unholdable, column_checks
from branchbook.projections.storage.tables import STATE_COLUMNS, members

Row = dict[str, Any]

_KEY = "branchbook.member_rows"
_COLUMNS = tuple(c.name for c in members.columns)
_REQUIRED = frozenset(c.name for c in members.columns if not c.nullable)
_CHECKS = column_checks(members)
# Columns the state history does not copy: their values are not written with every change,
# so each is tried through its column type as it is given.
_UNCOPIED = frozenset(_COLUMNS) - set(STATE_COLUMNS)
_CHUNK = 500  # ids per SELECT, well within every database's limit on parameters
_READ = select(*members.columns)
_INSERT = DriverInsert(members)
_BY_ID = DriverUpdate(members, "id", "member_id")


class PageRows:
    """The member rows the page has read or changed so far, by member id (None: no row)."""

    def __init__(self, events: Sequence[Any]) -> None:
        self.rows: dict[str, Row | None] = {}
        self.new: list[str] = []
        self.changed: dict[str, set[str]] = {}
        # Read together on the first lookup: the members whose steps the page places.
        self.wanted = {e.originator_id.hex for e in events if isinstance(e, Member.Event)}
        # A page of one writes its rows before the next event: the statements themselves
        # refuse what a column cannot hold, as they would for the event's own statements.
        self.alone = len(events) == 1

    def get(self, conn: Connection, member_id: str) -> Row | None:
        if member_id not in self.rows:
            self._read(conn, {member_id, *self.wanted} - self.rows.keys())
            self.wanted.clear()
        return self.rows[member_id]

    def _read(self, conn: Connection, ids: Iterable[str]) -> None:
        wanted = sorted(ids)
        for member_id in wanted:
            self.rows[member_id] = None
        for at in range(0, len(wanted), _CHUNK):
            chunk = wanted[at : at + _CHUNK]
            for row in conn.execute(_READ.where(members.c.id.in_(chunk))):
                self.rows[row.id] = dict(row._mapping)

    def open(self, conn: Connection, values: Row) -> Row:
        """A new member's row, inserted when the page is flushed: the database refuses it
        then if the member or their number is already open."""
        if not self.alone:
            _try(conn, values)
        row = dict.fromkeys(_COLUMNS)
        row.update(values)  # a name that is not a column fails the INSERT
        self.rows[values["id"]] = row
        self.new.append(values["id"])
        return row

    def change(self, conn: Connection, member_id: str, values: Mapping[str, Any]) -> None:
        """Change a member's row, updated when the page is flushed."""
        if not self.alone:
            _try(conn, values)
        row = self.rows[member_id]
        assert row is not None
        row.update(values)
        if member_id not in self.changed and member_id in self.new:
            return
        self.changed.setdefault(member_id, set()).update(values)

    def _held(self, member_id: str) -> Row:
        row = self.rows[member_id]
        if row is None:
            raise LookupError(f"bb_members has no row {member_id}")
        return row

    def write(self, conn: Connection) -> None:
        """Write the new and changed rows held so far: each value of a page of many was
        checked as it was given, those of a page of one are checked now."""
        if self.new:
            _INSERT.write(conn, [self._held(m) for m in self.new], checked=not self.alone)
            self.new.clear()
        shapes: dict[tuple[str, ...], list[Row]] = {}
        for member_id, names in self.changed.items():
            row = self.rows[member_id]
            assert row is not None
            shape = tuple(sorted(names))
            values = {"member_id": member_id, **{name: row[name] for name in shape}}
            shapes.setdefault(shape, []).append(values)
        self.changed.clear()
        for rows in shapes.values():
            _BY_ID.write(conn, rows, checked=not self.alone)


def _try(conn: Connection, values: Mapping[str, Any]) -> None:
    """Refuse a value its column cannot hold when the step gives it, as a statement for the
    step alone would: a later step of the page may replace it before the row is written."""
    processors = _processors(conn.dialect)
    for name, value in values.items():
        if value is None:
            if name in _REQUIRED:
                raise Unholdable(f"bb_members.{name}: no value, which it needs")
            continue
        check = _CHECKS.get(name)
        fault = None if check is None else check(value)
        if fault is not None:
            raise Unholdable(f"bb_members.{name}: {fault}")
        process = processors.get(name)
        if process is not None:
            process(value)


_PROCESSORS: weakref.WeakKeyDictionary[Dialect, dict[str, Any]] = weakref.WeakKeyDictionary()


def _processors(dialect: Dialect) -> dict[str, Any]:
    """How the dialect binds a value of each column the state history does not copy, for
    those it converts: made once."""
    made = _PROCESSORS.get(dialect)
    if made is None:
        binds = {name: members.c[name].type.bind_processor(dialect) for name in _UNCOPIED}
        made = _PROCESSORS[dialect] = {n: p for n, p in binds.items() if p is not None}
    return made


def page_rows(conn: Connection) -> PageRows | None:
    """The member rows of the page being placed, or None outside a page."""
    if not is_buffered(conn):
        return None
    rows: PageRows = remembered(conn, _KEY, lambda: _started(conn))
    return rows


def held_rows(conn: Connection) -> PageRows:
    """The member rows of the page being placed: a member event is placed only in a page
    (projections.storage.buffer.buffered), of one when it is placed alone."""
    rows = page_rows(conn)
    if rows is None:
        raise RuntimeError("a member event is placed only within a page of events")
    return rows


def _started(conn: Connection) -> PageRows:
    rows = PageRows(page_events(conn))
    on_flush(conn, _KEY, rows.write)
    return rows


def written(conn: Connection) -> None:
    """Write the page's pending member rows, before a statement that reads bb_members."""
    rows = page_rows(conn)
    if rows is not None:
        rows.write(conn)
