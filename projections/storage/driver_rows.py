"""Rows inserted by the driver's executemany, each value converted by its column's type and
checked against the limits of projections.storage.limits as SQLAlchemy's statements are: for
the many rows a page appends, SQLAlchemy's generic work on each row is most of their cost."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert

from branchbook.projections.storage.limits import check_rows, row_limits

Convert = Callable[[Any], Any] | None


class DriverInsert:
    """An INSERT of rows into a table, given as mappings by column name, each naming the
    same columns; `checked=False` when every value is known to fit (copied from a view)."""

    def __init__(self, table: Table, *, checked: bool = True) -> None:
        self.table = table
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
        """Insert the rows; `checked` when each has been through check() already."""
        if not rows:
            return
        names = tuple(rows[0])
        forms = self._forms.setdefault(conn.dialect, {})
        form = forms.get(names)
        if form is None:
            form = forms[names] = _Form(self.table, names, conn.dialect)
        if self.checked and not checked:
            check_rows(form.limits, rows)
        conn.exec_driver_sql(form.sql, form.parameters(rows))


class _Form:
    """The statement as one dialect's driver takes it, and how each value is converted."""

    def __init__(self, table: Table, names: Sequence[str], dialect: Dialect) -> None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        self.sql = compiled.string
        self.limits = row_limits(table, names)
        self.positional = compiled.positiontup is not None
        order = list(compiled.positiontup) if compiled.positiontup is not None else list(names)
        self.order = tuple(order)
        self.converts: tuple[Convert, ...] = tuple(
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order
        )

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> Any:
        pairs = tuple(zip(self.order, self.converts, strict=True))
        if self.positional:
            return [
                tuple(v if c is None or v is None else c(v) for n, c in pairs for v in (row[n],))
                for row in rows
            ]
        return [
            {n: v if c is None or v is None else c(v) for n, c in pairs for v in (row[n],)}
            for row in rows
        ]
