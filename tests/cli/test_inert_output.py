"""Output never obeys the data: control characters, bidi controls, rich markup and emoji codes
recorded in names, notes and documents reach the terminal as text, on stdout and stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run
from hostile_support import ACTIVE, LITERALS, hostile_store


@pytest.fixture
def book(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store whose org, branch, member, note, document, actor and group hold hostile text;
    tables as wide as the text, so a cell is never wrapped."""
    monkeypatch.setenv("COLUMNS", "1000")
    return hostile_store(store_url, tmp_path)


# Each query a person reads, and whether it shows the hostile text (stats and the meeting
# show codes and counts only, but must not break either).
QUERIES = {
    "roster": (["roster", "B01"], True),
    "roster as of a date": (["roster", "B01", "--as-of", "2016-03-01"], True),
    "member show": (["member", "show", "A1", "--as-of", "2016-03-02"], True),
    "member history": (["member", "history", "A1"], True),
    "audit of a member": (["audit", "--member", "A1"], True),
    "audit with warnings": (["audit", "--warnings"], True),
    "due": (["due", "--as-of", "2016-02-15"], True),
    "branch show": (["branch", "show", "B01", "--as-of", "2016-03-01"], True),
    "branch list": (["branch", "list", "--as-of", "2016-03-01"], True),
    "org list": (["org", "list"], True),
    "compliance": (["compliance", "--year", "2016", "--branch", "B01"], True),
    "stats": (["stats"], False),
    "meeting show": (["meeting", "show", "B01-2016-02-10-group"], False),
}


@pytest.mark.parametrize(("args", "shows"), QUERIES.values(), ids=QUERIES.keys())
def test_every_query_shows_hostile_text_literally_and_sends_no_control_character(
    book: str, args: list[str], shows: bool
) -> None:
    result = run(book, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert not ACTIVE.search(result.stdout), repr(ACTIVE.findall(result.stdout))
    if shows:
        for literal in LITERALS:
            assert literal in result.stdout, literal


def test_the_group_named_with_hostile_text_is_shown_literally_in_compliance(book: str) -> None:
    out = run(book, "compliance", "--year", "2016", "--branch", "B01").stdout
    assert "B01 \\x1b[2J" in out
    assert "\\x1b]0;g\\x07[/x]\\u202e:smile:" in out


def test_a_hyperlink_in_markup_is_never_made_a_link(book: str) -> None:
    out = run(book, "roster", "B01").stdout
    assert "\x1b]8;" not in out
    assert "[link=https://evil.example]click[/link]" in out


def test_a_tab_or_line_break_inside_a_cell_keeps_the_row_on_one_line(book: str) -> None:
    out = run(book, "roster", "B01").stdout
    rows = [row for row in out.splitlines() if " A1 " in row]
    assert len(rows) == 1
    assert "tab\\there\\nline" in rows[0]


def test_a_branch_code_with_control_characters_is_refused_and_quoted_inertly_on_stderr(
    book: str,
) -> None:
    result = run(book, "roster", "B9\x1b[2J\x1b]0;t\x07\u202e[/x]")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert not ACTIVE.search(result.stderr)
    assert "B9\\x1b[2J\\x1b]0;t\\x07\\u202e[/x]" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_member_with_markup_and_controls_fails_with_one_inert_line(book: str) -> None:
    result = run(book, "member", "show", "[bold]M\x9b1\u2066")
    assert result.exit_code == 2  # no member number holds a control character
    assert not ACTIVE.search(result.stderr)
    assert "[bold]M\\x9b1\\u2066" in result.stderr


def test_a_journal_line_quoting_control_characters_is_reported_inertly(
    book: str, tmp_path: Path
) -> None:
    journal = tmp_path / "bad.jsonl"
    journal.write_text(
        '{"command": "member.talk", "member": "Z\\u001b]0;t\\u0007[/x]", "by": "F1",'
        ' "date": "2016-03-01"}\n'
        '{"command": "member.nope\\u001b]0;t\\u0007\\u202e"}\n',
        encoding="utf-8",
    )
    result = run(book, "record", str(journal))
    assert result.exit_code != 0
    assert not ACTIVE.search(result.stdout), result.stdout
    assert not ACTIVE.search(result.stderr), result.stderr
    assert "[/x]" in result.stdout


def test_a_step_reports_its_outcome_and_its_failure_inertly(book: str) -> None:
    accepted = run(
        book, "--actor", "[bold]clerk[/bold]", "member", "talk", "--member", "A2", "--by", "F1",
        "--date", "2016-03-15", "--note", "[/x]",
    )  # fmt: skip
    assert accepted.exit_code == 0, accepted.output
    assert not ACTIVE.search(accepted.output)
    assert "accepted with warnings: member.talk A2" in accepted.stdout
    assert "warning: applicant.talk_deadline" in accepted.stdout
    failed = run(
        book, "member", "talk", "--member", "A9\x1b]0;pwned\x07[/x]", "--by", "F1",
        "--date", "2016-03-15",
    )  # fmt: skip
    assert failed.exit_code in (2, 4)
    assert not ACTIVE.search(failed.stderr), failed.stderr
    assert "A9\\x1b]0;pwned\\x07[/x]" in failed.stderr


@pytest.mark.parametrize(
    "name",
    ["[/x]", "[bold red]王芳[/bold red]", "[link=https://evil.example]click[/link]", ":smile:"],
)
def test_markup_in_a_name_recorded_through_the_cli_is_listed_literally(
    book: str, name: str
) -> None:
    recorded = run(
        book, "member", "apply", "--member", "M9", "--name", name, "--birth", "1990-01-01",
        "--branch", "B01", "--date", "2016-03-01",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    for args in (["roster", "B01"], ["member", "show", "M9"], ["due", "--as-of", "2016-03-02"]):
        result = run(book, *args)
        assert result.exit_code == 0, result.output
        assert name in result.stdout
        assert "😄" not in result.stdout
