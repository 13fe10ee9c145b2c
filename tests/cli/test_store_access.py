"""Which store a command opens, and how: missing, foreign, locked and read-only stores."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook
from cli_support import TWO_BRANCHES, line, record_journal, run, without_write_permission

from branchbook.domain.catalogue import builtin_rulebook

APPLY = ["member", "apply", "--member", "M1", "--name", "王芳", "--birth", "1990-05-01",
         "--branch", "B01", "--date", "2024-03-01"]  # fmt: skip


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file in a folder with its size, modification time and mode."""
    return {
        p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode) for p in folder.iterdir()
    }


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A SQLite store with two branches, its views caught up, and no writer holding it."""
    path = tmp_path / "store.db"
    record_journal(str(path), TWO_BRANCHES, tmp_path)
    assert run(str(path), "roster", "B01").exit_code == 0
    (tmp_path / "journal.jsonl").unlink()
    return path


def test_a_query_on_a_path_with_no_store_is_not_found_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for args in (["roster", "B01"], ["due"], ["audit"], ["projections", "status"]):
        result = run(str(missing), *args)
        assert result.exit_code == 4, result.output
        assert one_line(result.stderr) == f"Error: no store at {missing}"
    assert list(tmp_path.iterdir()) == []


def test_recording_creates_a_store_only_its_owner_may_read(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert run(str(path), *TWO_BRANCH_OPENING).exit_code == 0
    for file in tmp_path.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


TWO_BRANCH_OPENING = ["org", "add", "--code", "TC01", "--name", "城关镇党委", "--kind",
                      "committee", "--date", "2015-01-01"]  # fmt: skip


def test_a_database_that_is_not_a_branchbook_store_is_refused_and_left_alone(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = path.read_bytes()
    for args in (["roster", "B01"], APPLY, ["record", "-"]):
        result = run(str(path), *args)
        assert result.exit_code == 6, result.output
        assert "not a branchbook store" in one_line(result.stderr)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100, encoding="utf-8")
    result = run(str(path), "roster", "B01")
    assert result.exit_code == 6
    assert "not a branchbook store" in one_line(result.stderr)


@pytest.mark.parametrize(
    "url", ["nosuchscheme://x", "mysql://root@localhost/test", "sqlite+nosuchdriver:///x.db"]
)
def test_a_store_url_of_an_unknown_kind_is_bad_input(url: str) -> None:
    result = run(url, "roster", "B01")
    assert result.exit_code == 2
    assert "--db" in one_line(result.stderr)


@contextmanager
def writer_holding(path: Path) -> Iterator[None]:
    """Another process's writer holding the store's write lock."""
    conn = sqlite3.connect(path, timeout=0)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


def test_a_step_on_a_store_still_locked_after_the_wait_fails_in_one_line(store: Path) -> None:
    with writer_holding(store):
        result = run(str(store), "--wait", "0.3", *APPLY)
    assert result.exit_code == 6
    message = one_line(result.stderr)
    assert "locked" in message
    assert "0.3 s" in message
    for leak in ("INSERT", "SQL", "王芳", "1990-05-01"):
        assert leak not in message
    assert run(str(store), "member", "show", "M1").exit_code == 4


def test_a_journal_on_a_locked_store_reports_every_line_not_recorded(
    store: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "j.jsonl"
    lines = [line("member.apply", date="2024-03-01", member=f"M{n}", name=f"申请人{n}",
                  birth="1990-05-01", branch="B01") for n in range(5)]  # fmt: skip
    journal.write_text("\n".join([*lines, "{bad json"]) + "\n", encoding="utf-8")
    with writer_holding(store):
        result = run(str(store), "--wait", "0.2", "record", "--batch-size", "2", "--json",
                     str(journal))  # fmt: skip
    assert result.exit_code == 6
    data = json.loads(result.stdout)
    assert data["summary"]["lines"] == 6
    assert data["summary"]["storage-failure"] == 5
    assert data["summary"]["invalid"] == 1
    assert [x["status"] for x in data["lines"]] == ["storage-failure"] * 5 + ["invalid"]
    assert all(x["positions"] == [] for x in data["lines"])


def lag_the_views(store: Path, member: str = "M7", then: Callable[[], None] | None = None) -> None:
    """Record a step without letting any query catch the views up; `then` runs while the
    writer still holds the store open."""
    app = BranchBook(f"sqlite:///{store}")
    try:
        outcome = Recorder(app, builtin_rulebook(), "clerk").record(
            "member.apply",
            {
                "member": member,
                "name": "李四",
                "birth": "1990-01-01",
                "branch": "B01",
                "date": "2024-03-01",
            },
        )
        assert outcome.accepted
        if then is not None:
            then()
    finally:
        app.close()


def test_read_only_answers_from_the_views_as_they_stand_and_says_how_far_behind(
    store: Path,
) -> None:
    lag_the_views(store)
    before = listing(store.parent)
    result = run(str(store), "--read-only", "roster", "B01", "--json")
    assert result.exit_code == 0, result.output
    assert "M7" not in result.stdout  # recorded, but not yet in the views
    assert "1 event behind" in one_line(result.stderr)
    assert listing(store.parent) == before
    status = run(str(store), "--read-only", "projections", "status", "--json")
    assert json.loads(status.stdout)["behind"] == 1
    assert listing(store.parent) == before
    caught_up = run(str(store), "roster", "B01", "--json")
    assert "M7" in caught_up.stdout


def test_nothing_is_recorded_through_a_read_only_store(store: Path) -> None:
    before = listing(store.parent)
    result = run(str(store), "--read-only", *APPLY)
    assert result.exit_code == 6
    assert "read-only" in one_line(result.stderr)
    assert listing(store.parent) == before


def test_a_store_the_user_may_not_write_is_opened_read_only_and_left_unchanged(
    store: Path,
) -> None:
    lag_the_views(store)
    store.chmod(0o444)
    store.parent.chmod(0o555)
    try:
        before = listing(store.parent)
        command = [*without_write_permission(), sys.executable, "-m", "branchbook.cli.main",
                   "--db", str(store)]  # fmt: skip
        roster = subprocess.run(
            [*command, "roster", "B01", "--json"], capture_output=True, text=True, check=False
        )
        refused = subprocess.run([*command, *APPLY], capture_output=True, text=True, check=False)
        after = listing(store.parent)
    finally:
        store.parent.chmod(0o755)
        store.chmod(0o600)
    assert roster.returncode == 0, roster.stderr
    assert json.loads(roster.stdout)["branch"] == "B01"
    assert "behind" in roster.stderr
    assert refused.returncode == 6
    assert "read-only" in refused.stderr
    assert after == before


@pytest.mark.parametrize("target", ["store.db", "link.csv", "other.db"])
def test_an_export_never_overwrites_the_store_or_another_database(store: Path, target: str) -> None:
    (store.parent / "link.csv").symlink_to(store)
    with sqlite3.connect(store.parent / "other.db") as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = {p.name: p.read_bytes() for p in store.parent.iterdir() if p.is_file()}
    result = run(str(store), "export", "roster", "--branch", "B01", "--output",
                 str(store.parent / target))  # fmt: skip
    assert result.exit_code == 2
    assert "does not overwrite" in one_line(result.stderr)
    assert {p.name: p.read_bytes() for p in store.parent.iterdir() if p.is_file()} == before
    assert run(str(store), "roster", "B01").exit_code == 0


def test_a_query_behind_a_writer_answers_from_the_views_as_they_stand_at_once(
    store: Path,
) -> None:
    lag_the_views(store)
    with writer_holding(store):
        started = time.monotonic()
        result = run(str(store), "--wait", "20", "roster", "B01", "--json")
        took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert took < 10
    assert "M7" not in result.stdout
    assert "another writer holds the store" in one_line(result.stderr)
    assert "1 event behind" in result.stderr
    caught_up = run(str(store), "roster", "B01", "--json")
    assert "M7" in caught_up.stdout


def test_a_read_only_store_whose_log_cannot_be_read_says_what_it_leaves_out(
    store: Path, tmp_path: Path
) -> None:
    """A writer killed before it merged its write-ahead log leaves a -wal file (but no -shm);
    a user who may not write the folder cannot have SQLite read it."""
    copy = tmp_path / "copy"
    copy.mkdir()

    def copy_as_a_killed_writer_leaves_them() -> None:
        shutil.copy(store, copy / "store.db")
        shutil.copy(f"{store}-wal", copy / "store.db-wal")

    lag_the_views(store, "M8", then=copy_as_a_killed_writer_leaves_them)
    result = run(str(copy / "store.db"), "--read-only", "roster", "B01")
    assert result.exit_code == 0, result.output
    assert "store.db-wal holds" in result.stderr
    assert "answers leave them out" in result.stderr


@pytest.mark.parametrize("wait", ["nan", "NaN", "-nan", "inf", "-1", "abc", "3600.5"])
def test_a_wait_that_is_not_a_number_of_seconds_is_bad_input(tmp_path: Path, wait: str) -> None:
    for args in (["--wait", wait, "roster", "B01"], ["roster", "B01", "--wait", wait]):
        result = run(str(tmp_path / "x.db"), *args)
        assert result.exit_code == 2, result.output
        assert "unexpected" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1/x",
        "postgresql+psycopg2://postgres@127.0.0.1/x",
        "postgresql+asyncpg://postgres@127.0.0.1/x",
        "sqlite+aiosqlite:///x.db",
        "postgresql+psycopg://postgres@127.0.0.1:abc/x",
        "postgresql+psycopg://[::1",
    ],
)
def test_a_store_url_branchbook_cannot_open_is_bad_input_in_one_line(url: str) -> None:
    for args in (["roster", "B01"], APPLY):
        result = run(url, *args)
        assert result.exit_code == 2, result.output
        assert one_line(result.stderr).startswith("Error: --db: ")


@pytest.mark.parametrize("name", ["q?mode=ro.db", "x.db#frag"])
def test_a_store_path_holding_a_url_character_is_refused(tmp_path: Path, name: str) -> None:
    result = run(str(tmp_path / name), *APPLY)
    assert result.exit_code == 2
    assert "--db" in one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_password_in_the_url_is_never_printed() -> None:
    url = "postgresql+psycopg://nosuchuser:Secret1@127.0.0.1:5432/x?password=Secret2"
    result = run(url, "roster", "B01")
    assert result.exit_code in (4, 6)
    assert "Secret" not in result.stderr


def test_a_sqlite_file_with_an_events_table_of_another_shape_is_not_a_store(
    tmp_path: Path,
) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE branchbook_events (id INTEGER PRIMARY KEY, what TEXT)")
    conn.close()
    before = path.read_bytes()
    for args in (["roster", "B01"], APPLY):
        result = run(str(path), *args)
        assert result.exit_code == 6
        assert "not a branchbook store" in one_line(result.stderr)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["roster", "B01", "--nope"],
        ["member", "apply", "--member", "X"],
        ["frobnicate"],
        ["record", "--batch-size", "0", "-"],
        ["export", "--format", "xml", "roster"],
        ["--wait", "abc", "roster", "B01"],
    ],
)
def test_a_usage_error_is_one_line_naming_where_the_help_is(
    tmp_path: Path, args: list[str]
) -> None:
    result = run(str(tmp_path / "x.db"), *args)
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("Error: ")


def test_a_store_url_with_a_relative_path_is_named_by_where_it_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("sqlite:///tmp/none.db", "roster", "B01")
    assert result.exit_code == 4
    assert one_line(result.stderr) == f"Error: no store at {tmp_path / 'tmp' / 'none.db'}"
