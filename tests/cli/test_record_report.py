"""What `record` says of each line: its own status for a line accepted with warnings, the
subject of a refused line, counts in words, one mention of the command, the one line on stderr
that goes with a refusal (with --json too), and --quiet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, line, record_journal, run
from click.testing import Result

# A month late: accepted, with a warning of applicant.talk_deadline.
APPLY = line("member.apply", date="2016-01-01", member="A1", name="申请人 张三",
             birth="1995-01-01", branch="B01")  # fmt: skip
LATE_TALK = line("member.talk", date="2016-03-01", member="A1", by="F1")
TOO_YOUNG = line("member.apply", date="2016-01-01", member="A2", name="申请人 李四",
                 birth="2005-01-01", branch="B01")  # fmt: skip
NO_BRANCH = line("member.apply", date="2016-01-01", member="A3", name="申请人 王五",
                 birth="1990-01-01", branch="B99")  # fmt: skip
UNKNOWN_KEY = line("member.talk", date="2016-03-01", member="A1", by="F1", bogus=1)
BAD_DATE = line("member.talk", date="2016-02-30", member="A1", by="F1")


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, TWO_BRANCHES, tmp_path)


def record(url: str, directory: Path, lines: list[str], *options: str) -> Result:
    journal = directory / "more.jsonl"
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run(url, "record", "--no-views", *options, str(journal))


def test_a_line_accepted_with_warnings_has_its_own_status_in_json(
    book: str, tmp_path: Path
) -> None:
    result = record(book, tmp_path, [APPLY, LATE_TALK], "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [x["status"] for x in data["lines"]] == ["accepted", "accepted-with-warnings"]
    assert data["lines"][1]["warnings"][0]["rule"] == "applicant.talk_deadline"
    # Warnings are no failure: both are accepted, one of them with warnings.
    assert (data["summary"]["accepted"], data["summary"]["with_warnings"]) == (2, 1)
    text = record(book, tmp_path, [LATE_TALK])
    assert text.exit_code == 0
    assert text.stdout.startswith("line 1: already recorded")


def test_a_step_accepted_with_warnings_says_so_in_json(book: str) -> None:
    assert run(book, "member", "apply", "--member", "A1", "--name", "申请人", "--birth",
               "1995-01-01", "--branch", "B01", "--date", "2016-01-01").exit_code == 0  # fmt: skip
    result = run(book, "member", "talk", "--member", "A1", "--by", "F1", "--date", "2016-03-01",
                 "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "accepted-with-warnings"


def test_a_refused_line_names_its_subject(book: str, tmp_path: Path) -> None:
    result = record(book, tmp_path, [TOO_YOUNG, NO_BRANCH], "--json")
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    assert [(x["status"], x["subject"]) for x in data["lines"]] == [
        ("rejected", "A2"),
        ("not-found", "A3"),
    ]
    text = record(book, tmp_path, [TOO_YOUNG])
    assert text.stdout.startswith("line 1: rejected: member.apply A2: applicant.min_age")


def test_a_refused_branch_step_names_the_branch(book: str, tmp_path: Path) -> None:
    again = line("branch.found", date="2016-01-01", code="B01", name="又一个", kind="regular",
                 parent="TC01", full_members=3)  # fmt: skip
    result = record(book, tmp_path, [again], "--json")
    assert result.exit_code != 0
    assert json.loads(result.stdout)["lines"][0]["subject"] == "B01"


def test_one_line_is_one_line(book: str, tmp_path: Path) -> None:
    result = record(book, tmp_path, [APPLY])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("1 line: 1 accepted")
    result = record(book, tmp_path, [APPLY, LATE_TALK])
    assert result.stdout.splitlines()[-1].startswith("2 lines: ")


@pytest.mark.parametrize(
    ("bad", "says"),
    [(UNKNOWN_KEY, "unknown key 'bogus'"), (BAD_DATE, "date: ")],
    ids=["unknown key", "bad date"],
)
def test_an_invalid_line_names_its_command_once(
    book: str, tmp_path: Path, bad: str, says: str
) -> None:
    result = record(book, tmp_path, [bad])
    assert result.exit_code == 2
    said = result.stdout.splitlines()[0]
    assert said.startswith("line 1: invalid: member.talk: "), said
    assert says in said
    assert said.count("member.talk") == 1, said


def test_with_json_a_refusal_is_one_line_on_stderr_too(book: str, tmp_path: Path) -> None:
    result = record(book, tmp_path, [APPLY, TOO_YOUNG], "--json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["summary"]["rejected"] == 1
    assert result.stderr.startswith("Error: 1 line rejected")
    assert len(result.stderr.strip().splitlines()) == 1


def test_quiet_prints_the_lines_not_accepted_and_the_summary(book: str, tmp_path: Path) -> None:
    result = record(book, tmp_path, [APPLY, LATE_TALK, TOO_YOUNG, BAD_DATE], "--quiet")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert [x.split(": ")[0:2] for x in lines[:-1]] == [
        ["line 3", "rejected"],
        ["line 4", "invalid"],
    ]
    assert lines[-1].startswith("4 lines: 2 accepted, 1 with warnings")
    assert "warning" not in result.stdout.replace("with warnings", "")
    assert len(result.stderr.strip().splitlines()) == 1
