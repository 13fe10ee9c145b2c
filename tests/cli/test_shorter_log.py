"""Views notice a log shorter than what they applied, or missing an event its chain holds:
a query stops with one line naming `verify` and `projections rebuild`, and shows nothing that
is no longer in the log."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
import tamper_support as tamper
from cli_support import record_journal, run
from sqlalchemy import column, create_engine, table, update

JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]
POSITIONS = table("bb_view_positions", column("name"), column("position"))


@pytest.fixture
def recorded(store_url: str, tmp_path: Path) -> str:
    record_journal(store_url, JOURNAL, tmp_path)
    assert run(store_url, "roster", "B01").exit_code == 0
    return store_url


def end_of(url: str) -> int:
    result = run(url, "projections", "status", "--json")
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["log_end"])


def lag_views_to(url: str, position: int) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(update(POSITIONS).where(POSITIONS.c.name == "views").values(position=position))
    engine.dispose()


def test_a_truncated_log_stops_every_query_and_status(recorded: str) -> None:
    end = end_of(recorded)
    tamper.truncate(recorded, end - 5)
    for args in (("roster", "B01"), ("stats",), ("projections", "status")):
        result = run(recorded, *args)
        assert result.exit_code == 7, (args, result.output)
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert f"up to #{end} but the log ends at #{end - 5}" in line
        assert "branchbook verify" in line
        assert "projections rebuild" in line


def test_a_step_recorded_after_a_truncation_is_not_hidden_behind_the_views(recorded: str) -> None:
    """Steps are refused on a log cut short (see test_damaged_store); whoever also removes the note
    of the last position written gets a step recorded, which the views do not hide."""
    end = end_of(recorded)
    tamper.truncate(recorded, end - 5)
    tamper.forget_written(recorded)
    apply = ["member", "apply", "--member", "Z9", "--name", "周平", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2020-01-02"]  # fmt: skip
    assert run(recorded, *apply).exit_code == 0
    assert run(recorded, "member", "show", "Z9").exit_code == 7
    assert run(recorded, "projections", "rebuild", "--quiet").exit_code == 0
    shown = run(recorded, "member", "show", "Z9")
    assert shown.exit_code == 0, shown.output
    assert "周平" in shown.stdout


def test_a_gap_in_the_log_stops_the_catch_up_that_meets_it(recorded: str) -> None:
    end = end_of(recorded)
    lag_views_to(recorded, end - 10)
    tamper.delete_event(recorded, end - 4)
    result = run(recorded, "roster", "B01")
    assert result.exit_code == 7
    assert f"the log has no event #{end - 4}, which its hash chain holds" in result.stderr
    assert run(recorded, "projections", "rebuild", "--quiet").exit_code == 0
    assert run(recorded, "roster", "B01").exit_code == 0
