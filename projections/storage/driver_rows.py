"""Rows inserted by the driver's executemany, each value converted by its column's type once:
for wide rows whose values are known to fit their columns, SQLAlchemy's work on each row
(gathering its parameters, the checks of projections.storage.limits) is most of their cost."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Dialect, Table, insert

Convert = Callable[[Any], Any] | None


class DriverInsert:
    """An INSERT of rows into some columns of a table, given as mappings by column name."""

    def __init__(self, table: Table, names: Sequence[str]) -> None:
        self.table = table
        self.names = tuple(names)
        self._forms: weakref.WeakKeyDictionary[Dialect, _Form] = weakref.WeakKeyDictionary()

    def write(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        form = self._forms.get(conn.dialect)
        if form is None:
            form = self._forms[conn.dialect] = _Form(self.table, self.names, conn.dialect)
        conn.exec_driver_sql(form.sql, form.parameters(rows))


class _Form:
    """The statement as one dialect's driver takes it, and how each value is converted."""

    def __init__(self, table: Table, names: Sequence[str], dialect: Dialect) -> None:
        compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
        self.sql = compiled.string
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
