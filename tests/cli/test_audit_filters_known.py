"""`audit` and `export audit` narrowed by a member or branch the record does not hold: not
found (exit 4) with the one meant, as `roster` and `member show` say it; and the audit's
heading counts what it lists, the recorded events."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run, stored_count

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 A1", birth="1995-01-01",
         branch="B01"),
]  # fmt: skip


@pytest.fixture
def url(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, JOURNAL, tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--member", "a1"], "member a1 is not in the record; did you mean A1?"),
        (["--member", "ZZ"], "member ZZ is not in the record"),
        (["--branch", "b01"], "branch b01 is not in the record; did you mean B01?"),
    ],
)
@pytest.mark.parametrize("command", [["audit"], ["audit", "--json"], ["export", "audit"]])
def test_a_member_or_branch_not_in_the_record_is_not_found(
    url: str, command: list[str], args: list[str], message: str
) -> None:
    result = run(url, *command, *args)
    assert result.exit_code == 4, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr == run(url, "roster", "b01").stderr or args[0] == "--member"


def test_a_member_or_branch_held_with_no_step_of_its_own_is_no_error(url: str) -> None:
    assert run(url, "audit", "--member", "A1").exit_code == 0
    assert json_of(run(url, "audit", "--json", "--branch", "B02"))


def test_the_heading_counts_the_events_it_lists(url: str) -> None:
    result = run(url, "audit", "--all")
    assert result.exit_code == 0, result.output
    events = stored_count(url)
    assert result.stdout.splitlines()[0] == f"Audit trail ({events:,} events)"
    assert "steps)" not in result.stdout
