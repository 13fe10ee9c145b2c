"""`branchbook record` leaves the read models current: the first query afterwards has nothing
to catch up."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, line, run, stored_count
from sqlalchemy import create_engine

from branchbook.projections.catching_up.lag import lag
from branchbook.projections.storage.tables import VIEW_SCHEMA, positions
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.engines import open_engine
from branchbook.workflows.store.location import EVENTS_TABLE

# A line the rules refuse: the journal exits 3, yet what it recorded is in the views.
TOO_YOUNG = line("member.apply", member="M0002", name="申请人", birth="2010-01-01",
                 branch="B01", date="2024-03-01")  # fmt: skip


def standing(url: str) -> tuple[int | None, int, int | None]:
    """The last event the views applied, the log's end and the views' schema."""
    engine = open_engine(url, 1.0)
    try:
        return lag(engine, EVENTS_TABLE)
    finally:
        engine.dispose()


def journal(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "journal.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_after_record_the_views_stand_at_the_logs_end(store_url: str, tmp_path: Path) -> None:
    result = run(store_url, "record", journal(tmp_path, TWO_BRANCHES))
    assert result.exit_code == 0, result.output
    applied, end, schema = standing(store_url)
    assert end == stored_count(store_url) > 0
    assert (applied, schema) == (end, VIEW_SCHEMA)


def test_a_second_journal_brings_them_current_again(store_url: str, tmp_path: Path) -> None:
    assert run(store_url, "record", journal(tmp_path, TWO_BRANCHES[:2])).exit_code == 0
    result = run(store_url, "record", "--json", journal(tmp_path, TWO_BRANCHES[2:]))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar, no note
    applied, end, _ = standing(store_url)
    assert applied == end == stored_count(store_url)


def test_a_journal_with_a_refused_line_keeps_its_exit_code_and_its_views_current(
    store_url: str, tmp_path: Path
) -> None:
    result = run(store_url, "record", journal(tmp_path, [*TWO_BRANCHES, TOO_YOUNG]))
    assert result.exit_code == 3, result.output
    assert len(result.stderr.strip().splitlines()) == 1
    applied, end, _ = standing(store_url)
    assert applied == end == stored_count(store_url)


def test_no_views_leaves_them_to_the_first_query(store_url: str, tmp_path: Path) -> None:
    result = run(store_url, "record", "--no-views", journal(tmp_path, TWO_BRANCHES))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    applied, end, _ = standing(store_url)
    assert applied is None
    assert end == stored_count(store_url)
    assert run(store_url, "roster", "B01").exit_code == 0
    assert standing(store_url)[0] == end


@contextmanager
def rival_holding_the_views(url: str) -> Iterator[None]:
    """Another writer holding what the views' catch-up must write to, until the block ends."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql(f"LOCK TABLE {positions.name} IN EXCLUSIVE MODE")
            yield
            conn.rollback()
    finally:
        engine.dispose()


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_a_catch_up_that_finds_the_store_held_notes_it_and_keeps_the_journals_exit_code(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    assert run(store_url, "record", journal(tmp_path, TWO_BRANCHES[:2])).exit_code == 0
    held = ExitStack()
    real = Recorder.record_many

    def then_a_rival_takes_the_store(self: Recorder, *args: Any, **kwargs: Any) -> Any:
        yield from real(self, *args, **kwargs)
        held.enter_context(rival_holding_the_views(store_url))

    monkeypatch.setattr(Recorder, "record_many", then_a_rival_takes_the_store)
    flags = ["--json"] if as_json else []
    with held:
        result = run(store_url, "record", *flags, journal(tmp_path, TWO_BRANCHES[2:]))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "note: the views were not brought current: another writer holds the store; "
        "the next query brings them current\n"
    )
    applied, end, _ = standing(store_url)
    assert applied is not None
    assert applied < end == stored_count(store_url)
    monkeypatch.undo()
    assert "F1" in run(store_url, "roster", "B01").stdout
    assert standing(store_url)[0] == end


def test_a_journal_on_a_read_only_store_is_refused_before_any_view_is_touched(
    store_url: str, tmp_path: Path
) -> None:
    assert run(store_url, "record", "--no-views", journal(tmp_path, TWO_BRANCHES)).exit_code == 0
    result = run(store_url, "--read-only", "record", journal(tmp_path, [TOO_YOUNG]))
    assert result.exit_code == 6
    assert "read-only" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert standing(store_url)[0] is None
