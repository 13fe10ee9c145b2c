"""`demo` with a key: no name, birth date, note or document reference of the demo appears
anywhere in the bytes of the store's files, while the same demo without a key holds them all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_support import json_of, run
from sqlalchemy import Date, DateTime

from branchbook.projections.storage.tables import metadata

SEVERAL = 20  # at least this many of each kind are looked for


def demo(directory: Path, *options: str) -> Path:
    store = directory / "branchbook.db"
    result = run(str(store), *options, "demo", "--fresh", "--json")
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="module")
def clear_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo(tmp_path_factory.mktemp("clear"))


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("key") / "demo.key"
    assert run("unused.db", "key", "new", str(path)).exit_code == 0
    return path


@pytest.fixture(scope="module")
def keyed_store(tmp_path_factory: pytest.TempPathFactory, key: Path, clear_store: Path) -> Path:
    """The demo with a key, written over an earlier demo without one (as a user who tried
    the demo first would): nothing of the earlier one may survive in the file."""
    directory = tmp_path_factory.mktemp("keyed")
    demo(directory)
    return demo(directory, "--key-file", str(key))


def personal(store: Path) -> dict[str, set[str]]:
    """The names, birth dates, notes and documents a clear demo store records. A birth date
    that is also the date of a step or a deadline in the views is not looked for: it appears
    there as that date, not as anyone's birth. Member numbers stay clear."""
    with sqlite3.connect(store) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM bb_members")}
        numbers = {r[0] for r in conn.execute("SELECT number FROM bb_members")}
        births = {r[0] for r in conn.execute("SELECT birth FROM bb_members")}
        notes = {r[0] for r in conn.execute("SELECT note FROM bb_audit WHERE note IS NOT NULL")}
        docs = {r[0] for r in conn.execute("SELECT doc FROM bb_audit WHERE doc IS NOT NULL")}
        talkers = {
            r[0]
            for r in conn.execute(
                "SELECT json_extract(details, '$.by') FROM bb_member_events WHERE kind = 'talked'"
            )
        }
        other_dates: set[str] = set()
        for table in metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, Date | DateTime):
                    rows = conn.execute(f'SELECT "{column.name}" FROM "{table.name}"')  # noqa: S608
                    other_dates |= {str(r[0])[:10] for r in rows if r[0] is not None}
    conn.close()
    # A talk is held by a person named, or by a member given by number (not a name).
    return {
        "names": names | (talkers - numbers),
        "births": births - other_dates,
        "notes": notes,
        "docs": docs,
    }


def store_bytes(store: Path) -> bytes:
    return b"".join(
        path.read_bytes() for path in (store, Path(f"{store}-wal"), Path(f"{store}-journal"))
        if path.exists()
    )  # fmt: skip


def test_the_clear_demo_holds_its_personal_data_in_the_file(clear_store: Path) -> None:
    data = store_bytes(clear_store)
    for kind, values in personal(clear_store).items():
        assert len(values) >= min(SEVERAL, 3), kind
        assert all(v.encode() in data for v in values), kind


def test_the_demo_with_a_key_holds_none_of_it(keyed_store: Path, clear_store: Path) -> None:
    data = store_bytes(keyed_store)
    looked_for = personal(clear_store)
    assert len(looked_for["names"]) >= SEVERAL
    assert len(looked_for["births"]) >= SEVERAL
    for kind, values in looked_for.items():
        found = sorted(v for v in values if v.encode() in data)
        assert found == [], kind


QUERIES = [
    ("roster", "B01", "--as-of", "2025-06-30", "--json"),
    ("member", "show", "M0027", "--as-of", "2026-10-31", "--json"),
    ("member", "history", "M0027", "--json"),
    ("member", "find", "赵丽娟", "--json"),
    ("branch", "show", "B02", "--as-of", "2026-10-31", "--json"),
    ("branch", "list", "--json"),
    ("org", "list", "--json"),
    ("audit", "--json"),
    ("due", "--as-of", "2026-10-31", "--within", "90", "--json"),
    ("compliance", "--year", "2025", "--json"),
    ("stats", "--as-of", "2024-12-31", "--json"),
    ("export", "members", "--format", "json"),
    ("export", "audit", "--format", "json", "--member", "B0206"),
    ("projections", "status", "--json"),
]


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "-".join(q[:2]))
def test_the_demo_with_a_key_answers_as_the_clear_one(
    keyed_store: Path, clear_store: Path, key: Path, query: tuple[str, ...]
) -> None:
    keyed = json_of(run(str(keyed_store), "--key-file", str(key), *query))
    clear = json_of(run(str(clear_store), *query))
    assert _without_moments(keyed) == _without_moments(clear)


def _without_moments(data: object) -> object:
    """A query's answer without what differs between two runs: when a step was recorded, the
    id of the command that recorded it, and the key derived from what it says (keyed with a
    key, plain without)."""
    if isinstance(data, dict):
        return {
            k: _without_moments(v)
            for k, v in data.items()
            if k not in ("recorded_at", "command", "key")
        }
    if isinstance(data, list):
        return [_without_moments(v) for v in data]
    return data
