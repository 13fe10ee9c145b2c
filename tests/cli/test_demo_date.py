"""The demo's summary answers for the date the queries answer for by default (the latest
recorded step), and names it in every table and in its JSON."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_support import json_of, run

from branchbook.cli.demo import DUE_WITHIN


@pytest.fixture(scope="module")
def shown(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A demo store, and what the demo printed writing it."""
    path = tmp_path_factory.mktemp("demo-date") / "demo.db"
    result = run(str(path), "demo")
    assert result.exit_code == 0, result.output
    return path, result.stdout


def default_date(path: Path) -> str:
    roster: dict[str, Any] = json_of(run(str(path), "roster", "B01", "--json"))
    assert roster["as_of_basis"] == "latest recorded step"
    day = roster["as_of"]
    assert isinstance(day, str)
    return day


def test_every_table_of_the_demo_names_the_date_the_queries_answer_for(
    shown: tuple[Path, str],
) -> None:
    path, out = shown
    day = default_date(path)
    for title in (
        f"Branches on {day}",
        f"Leaders and terms on {day}",
        f"Transfers, discipline and lapses to {day}",
        f"Votes that did not carry to {day}",
        f"Due or overdue on {day}",
        f"Admitted by assembly vote to {day}",
        "Compliance in 2025 as of 2025-12-31",
    ):
        assert title in out
    assert "2026-10-31" not in out  # no date after the latest recorded step


def test_the_demo_json_carries_the_date_and_its_due_list_is_the_due_query(
    shown: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = shown
    day = default_date(path)
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    data = json_of(run(str(copy), "demo", "--fresh", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == (day, "latest recorded step")
    assert data["due"]["as_of"] == day
    due = json_of(run(str(copy), "due", "--within", str(DUE_WITHIN), "--json"))
    assert data["due"]["items"] == due["items"]
    shown_branch = json_of(run(str(copy), "branch", "show", "B02", "--json"))
    (b02,) = [b for b in data["branches"] if b["code"] == "B02"]
    assert b02["term_state"] == shown_branch["term_state"]
