"""Rows written by the driver's executemany, each value converted by its column's type and
checked against the limits of projections.storage.limits as SQLAlchemy's statements are: for
the many rows a page writes, SQLAlchemy's generic work on each row is most of their cost."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Dialect, Table, bindparam, insert, update
from sqlalchemy.sql.dml import UpdateBase

from branchbook.projections.storage.limits import check_rows, row_limits

Convert = Callable[[Any], Any]


class DriverRows:
    """A statement run for many rows, given as mappings by name, each naming the same columns;
    `checked=False` when every value is known to fit (copied from a view, or checked as it
    was given)."""

    def __init__(self, table: Table, statement: UpdateBase, *, checked: bool = True) -> None:
        self.table = table
        self.statement = statement
        self.checked = checked
        self._limits: dict[tuple[str, ...], Any] = {}
        self._forms: weakref.WeakKeyDictionary[Dialect, dict[tuple[str, ...], _Form]] = (
            weakref.WeakKeyDictionary()
        )

    def check(self, row: Mapping[str, Any]) -> None:
        """Refuse a row a column of which cannot hold its value, as the statement would."""
        if self.checked:
            names = tuple(row)
            limits = self._limits.get(names)
            if limits is None:
                limits = self._limits[names] = row_limits(self.table, names)
            check_rows(limits, (row,))

    def write(
        self, conn: Connection, rows: Sequence[Mapping[str, Any]], *, checked: bool = False
    ) -> None:
        """Write the rows; `checked` when each has been through check() already."""
        if not rows:
            return
        names = tuple(rows[0])
        forms = self._forms.setdefault(conn.dialect, {})
        form = forms.get(names)
        if form is None:
            form = forms[names] = _Form(self.statement, self.table, names, conn.dialect)
        if self.checked and not checked:
            check_rows(form.limits, rows)
        conn.exec_driver_sql(form.sql, form.parameters(rows))


class DriverInsert(DriverRows):
    """An INSERT of rows into a table."""

    def __init__(self, table: Table, *, checked: bool = True) -> None:
        super().__init__(table, insert(table), checked=checked)


class DriverUpdate(DriverRows):
    """An UPDATE of the columns each row names, of the table's row whose `key` column holds
    the row's value named `key_name`."""

    def __init__(self, table: Table, key: str, key_name: str, *, checked: bool = True) -> None:
        statement = update(table).where(table.c[key] == bindparam(key_name))
        super().__init__(table, statement, checked=checked)


class _Form:
    """The statement as one dialect's driver takes it, and how each value is converted."""

    def __init__(
        self, statement: UpdateBase, table: Table, names: Sequence[str], dialect: Dialect
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(names))
        self.names = tuple(names)
        self.limits = row_limits(table, names)
        self.sql = compiled.string
        self.positional = compiled.positiontup is not None
        order = tuple(compiled.positiontup) if compiled.positiontup is not None else self.names
        self.get = itemgetter(*order)
        self.single = len(order) == 1
        # Only the values whose type converts them are touched again, by place and by name.
        self.converts: tuple[tuple[int, str, Convert], ...] = tuple(
            (place, name, convert)
            for place, name in enumerate(order)
            if (convert := compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
            is not None
        )

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        if self.positional:
            return self._positional(rows)
        made = []
        for row in rows:
            values = dict(row)
            for _, name, convert in self.converts:
                value = values[name]
                if value is not None:
                    values[name] = convert(value)
            made.append(values)
        return made

    def _positional(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        get = self.get
        if self.single:
            return [(get(row),) for row in rows] if not self.converts else self._each(rows)
        if not self.converts:
            return [get(row) for row in rows]
        return self._each(rows)

    def _each(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        get, single, converts = self.get, self.single, self.converts
        made = []
        for row in rows:
            values = [get(row)] if single else list(get(row))
            for place, _, convert in converts:
                value = values[place]
                if value is not None:
                    values[place] = convert(value)
            made.append(tuple(values))  # as SQLAlchemy gives the driver
        return made
