"""Long listings: `due` and `audit` show a screenful on a terminal and say how many more there
are; --all lists every one, --limit N the first N; a pipe and --json get them all. A table of
more than LONG_TABLE rows is drawn in rich's frame as plain text, a row to a line."""

from __future__ import annotations

import json

import pytest
from cli_support import run
from click.testing import Result

from branchbook.cli import render
from branchbook.cli.render import LONG_TABLE, plain_table, table

DUE = ("due", "--as-of", "2024-06-30", "--within", "3660")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    assert run(path, "demo").exit_code == 0
    return path


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables wide enough that no row wraps."""
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output a terminal of 24 lines (the CLI runner's is not one)."""
    monkeypatch.setattr(render, "screen_rows", lambda: 24)


def rows_of(result: Result) -> list[str]:
    """The body rows of the table printed."""
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line.startswith("│")]


def test_due_piped_lists_every_item_and_no_line_about_more(demo: str) -> None:
    every = json.loads(run(demo, *DUE, "--json").stdout)["items"]
    assert len(every) > 20
    result = run(demo, *DUE)
    assert len(rows_of(result)) == len(every)
    assert "more item" not in result.stdout


@pytest.mark.usefixtures("terminal")
def test_due_on_a_terminal_shows_a_screenful_and_says_how_many_more(demo: str) -> None:
    every = json.loads(run(demo, *DUE, "--json").stdout)["items"]
    result = run(demo, *DUE)
    shown = rows_of(result)
    assert len(shown) == 10  # (24 lines less the frame) / 2 lines an item, at least 10
    more = len(every) - 10
    assert f"… {more:,} more items not shown ({len(every):,} in all): --all lists every one" in (
        result.stdout
    )
    title = result.stdout.splitlines()[0]
    overdue = sum(i["status"] == "overdue" for i in every)
    assert f"({overdue} overdue, {len(every) - overdue} due;" in title  # of them all
    assert len(rows_of(run(demo, *DUE, "--all"))) == len(every)
    assert json.loads(run(demo, *DUE, "--json").stdout)["items"] == every


@pytest.mark.usefixtures("terminal")
def test_due_limit_gives_the_first_n_as_text_and_as_json(demo: str) -> None:
    every = json.loads(run(demo, *DUE, "--json").stdout)["items"]
    limited = run(demo, *DUE, "--limit", "3")
    assert len(rows_of(limited)) == 3
    assert f"… {len(every) - 3:,} more items not shown" in limited.stdout
    assert json.loads(run(demo, *DUE, "--limit", "3", "--json").stdout)["items"] == every[:3]
    assert rows_of(run(demo, *DUE, "--limit", "100")) == rows_of(run(demo, *DUE, "--all"))


def test_all_and_limit_together_are_bad_input(demo: str) -> None:
    for command in (DUE, ("audit",)):
        result = run(demo, *command, "--all", "--limit", "3")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == "Error: give --all or --limit, not both\n"


def entries(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line.startswith("#")]


@pytest.mark.usefixtures("terminal")
def test_audit_on_a_terminal_shows_a_screenful_and_says_how_many_more(demo: str) -> None:
    steps = len(json.loads(run(demo, "audit", "--json").stdout))
    result = run(demo, "audit")
    shown = entries(result)
    assert len(shown) == 10
    assert result.stdout.startswith(f"Audit trail ({steps:,} events)\n")
    assert result.stdout.rstrip().endswith(
        f"… {steps - 10:,} more events not shown ({steps:,} in all): --all lists every one, "
        "--limit N the first N; piped or with --json, all are given"
    )
    assert len(entries(run(demo, "audit", "--all"))) == steps
    assert len(entries(run(demo, "audit", "--limit", "25"))) == 25
    members = entries(run(demo, "audit", "--member", "B0108"))
    assert len(members) <= 10  # a short trail is shown whole, with no line about more
    assert "more event" not in run(demo, "audit", "--member", "B0108").stdout


def test_audit_piped_lists_every_step(demo: str) -> None:
    steps = json.loads(run(demo, "audit", "--json").stdout)
    result = run(demo, "audit")
    assert [line.split()[0] for line in entries(result)] == [f"#{s['position']}" for s in steps]
    assert "more event" not in result.stdout


def test_a_long_table_is_drawn_in_the_frame_of_a_short_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [
        ("2026-01-01", "overdue", "王建华", None, "a\x1b[31m"),
        ("2026-01-02", "due", "x", 3, ""),
    ]
    columns = ("due", "status", "name", "n", "note")
    table("Due", columns, rows)
    drawn_by_rich = capsys.readouterr().out
    plain_table("Due", columns, rows)
    assert capsys.readouterr().out == drawn_by_rich
    assert "\\x1b[31m" in drawn_by_rich  # control characters shown, never sent


def test_a_table_past_the_long_mark_has_a_row_to_a_line_however_wide(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    step = "transfer of the relation to K001B01, at a fixed place there since 2020-01-01 " * 2
    rows = [(f"M{n:05d}", "王建华", step) for n in range(LONG_TABLE + 1)]
    table("Many", ("member", "name", "step"), rows)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Many"
    assert len(lines) == 1 + 3 + len(rows) + 1  # title, header, rows, bottom
    assert lines[4] == f"│ M00000 │ 王建华 │ {step} │"
    assert lines[-1].startswith("└")
    assert lines[-1].endswith("┘")
