"""Whether the views in a store hold what a rebuild from its log would: table by table, row by
row, whatever database each lives in."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from hashlib import sha256
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, Engine, Table, inspect, select

from branchbook.projections.storage.tables import metadata, positions

MODULUS = 2**256
SHOWN_PER_TABLE = 5  # differing rows named per table; the rest are counted
SHOWN_COLUMNS = 3  # differing columns named per row
SHOWN_VALUE = 40  # characters of a value shown


@frozen
class Difference:
    """A view row that differs from a rebuild, is missing from the view, or is extra."""

    table: str
    message: str
    position: int | None = None


def _value(value: Any) -> Any:
    """A column's value in a form that is the same whichever database it was read from."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value)
    return value


# Columns whose text is the database's own words (an error it raised), which differ between
# the store's database and the scratch copy's when they are not the same kind.
DATABASE_WORDS = {"bb_unplaced": frozenset({"reason"})}


def _columns(table: Table, same_database: bool) -> list[Any]:
    left_out = frozenset() if same_database else DATABASE_WORDS.get(table.name, frozenset())
    return sorted((c for c in table.c if c.name not in left_out), key=lambda c: c.name)


def _rows(conn: Connection, table: Table, same_database: bool = True) -> Iterator[tuple[Any, ...]]:
    query = select(*_columns(table, same_database)).execution_options(yield_per=1000)
    for row in conn.execute(query):
        yield tuple(_value(v) for v in row)


def _digest(row: tuple[Any, ...]) -> int:
    text = json.dumps(row, ensure_ascii=False, default=str)
    return int.from_bytes(sha256(text.encode()).digest(), "big")


def _summary(conn: Connection, table: Table, same_database: bool) -> tuple[int, int]:
    """How many rows, and a digest of them that does not depend on their order."""
    count = total = 0
    for row in _rows(conn, table, same_database):
        count += 1
        total = (total + _digest(row)) % MODULUS
    return count, total


def differences(live: Engine, rebuilt: Engine) -> list[Difference]:
    """Every view table compared: first by a digest of its rows, then, for a table whose
    digests differ, row by row by its primary key."""
    found: list[Difference] = []
    same = live.dialect.name == rebuilt.dialect.name
    with live.connect() as mine, rebuilt.connect() as theirs:
        present = set(inspect(mine).get_table_names())
        for table in metadata.sorted_tables:
            if table is positions:
                continue
            if table.name not in present:
                found.append(Difference(table.name, "the view table is missing"))
                continue
            if _summary(mine, table, same) == _summary(theirs, table, same):
                continue
            found.extend(_rows_that_differ(mine, theirs, table, same))
    return found


def _rows_that_differ(
    mine: Connection, theirs: Connection, table: Table, same: bool
) -> list[Difference]:
    names = [c.name for c in _columns(table, same)]
    keys = [names.index(c.name) for c in table.primary_key.columns]
    held = Counter(_rows(mine, table, same))
    built = Counter(_rows(theirs, table, same))
    extra = held - built
    missing = built - held
    by_key = {tuple(row[i] for i in keys): row for row in missing}
    found: list[Difference] = []
    for row in extra:
        key = tuple(row[i] for i in keys)
        position = _position(names, row)
        rebuilt = by_key.pop(key, None)
        if rebuilt is None:
            found.append(Difference(table.name, f"row {_key(key)} is not in a rebuild", position))
            continue
        changed = [
            f"{name} {_shown(row[i])} where a rebuild has {_shown(rebuilt[i])}"
            for i, name in enumerate(names)
            if row[i] != rebuilt[i]
        ]
        more = (
            f" (and {len(changed) - SHOWN_COLUMNS} more columns)"
            if len(changed) > SHOWN_COLUMNS
            else ""
        )
        said = "; ".join(changed[:SHOWN_COLUMNS]) + more
        found.append(Difference(table.name, f"row {_key(key)}: {said}", position))
    for key, row in by_key.items():
        position = _position(names, row)
        found.append(Difference(table.name, f"row {_key(key)} of a rebuild is missing", position))
    if len(found) > SHOWN_PER_TABLE:
        rest = len(found) - SHOWN_PER_TABLE
        found = found[:SHOWN_PER_TABLE]
        found.append(Difference(table.name, f"and {rest} more differing rows"))
    return found


def _position(names: list[str], row: tuple[Any, ...]) -> int | None:
    if "position" in names:
        value = row[names.index("position")]
        return value if isinstance(value, int) else None
    return None


def _key(key: tuple[Any, ...]) -> str:
    return "(" + ", ".join(_shown(k) for k in key) + ")"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"
