"""`demo --fresh` starts over only on a store that holds nothing but the demo, judged under the
store's write lock, and never touches anything else."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_support import run, stored_count
from test_store_access import writer_holding

APPLY = ["member", "apply", "--member", "M9", "--name", "王芳", "--birth", "1990-05-01",
         "--branch", "B01", "--date", "2024-03-01"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run(str(path), "demo", "--json")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def store(demo_store: Path, tmp_path: Path) -> Path:
    """A copy of the demo store of its own."""
    path = tmp_path / "store.db"
    shutil.copy(demo_store, path)
    return path


def test_fresh_replaces_a_demo_store_with_the_demo_once(store: Path) -> None:
    count = stored_count(f"sqlite:///{store}")
    result = run(str(store), "demo", "--fresh", "--json")
    assert result.exit_code == 0, result.output
    assert stored_count(f"sqlite:///{store}") == count


def test_fresh_refuses_a_store_holding_steps_the_demo_did_not_record(store: Path) -> None:
    assert run(str(store), "--actor", "clerk", *APPLY).exit_code == 0
    count = stored_count(f"sqlite:///{store}")
    result = run(str(store), "demo", "--fresh")
    assert result.exit_code == 5
    assert "not recorded by the demo" in result.stderr
    assert stored_count(f"sqlite:///{store}") == count


def test_fresh_leaves_a_database_that_is_not_branchbooks_untouched(tmp_path: Path) -> None:
    path = tmp_path / "precious.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
        conn.execute("INSERT INTO accounts VALUES ('alice', 100)")
    conn.close()
    before = path.read_bytes()
    result = run(str(path), "demo", "--fresh")
    assert result.exit_code == 6
    assert "not a branchbook store" in result.stderr
    assert path.read_bytes() == before


def test_fresh_waits_for_a_writer_and_gives_up_without_touching_the_store(store: Path) -> None:
    count = stored_count(f"sqlite:///{store}")
    with writer_holding(store):
        result = run(str(store), "--wait", "0.3", "demo", "--fresh")
    assert result.exit_code == 6
    assert "locked" in result.stderr
    assert stored_count(f"sqlite:///{store}") == count
