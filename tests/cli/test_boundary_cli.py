"""The boundary through the CLI: bad journal lines and poison values end in one line and a
documented exit code, write nothing, and leave every query working."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, line, record_journal, run, stored_count
from click.testing import Result

# The journal's good lines: B01 and B02 with three full members each, and then an applicant.
APPLY = line("member.apply", date="2024-03-01", member="M0001", name="王芳", birth="1990-05-01",
             branch="B01")  # fmt: skip
TALK = line("member.talk", date="2024-03-20", member="M0001", by="李明")


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, TWO_BRANCHES, tmp_path)


def one_line_error(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "unexpected" not in result.stderr
    assert "Traceback" not in result.output


def record_bytes(url: str, tmp_path: Path, *lines: bytes) -> Result:
    journal = tmp_path / "bytes.jsonl"
    journal.write_bytes(b"\n".join(lines) + b"\n")
    return run(url, "record", str(journal))


def still_answers(url: str) -> None:
    """Every query still answers after what was refused."""
    for args in (["roster", "B01"], ["audit"], ["due"], ["stats"], ["compliance"],
                 ["member", "show", "F1"], ["export", "members"]):  # fmt: skip
        result = run(url, *args)
        assert result.exit_code == 0, f"{args}: {result.output}"


BAD_LINES = {
    "invalid UTF-8": b'{"command":"org.add","code":"X\xff\xfe","name":"x","kind":"committee",'
    b'"date":"2024-03-01"}',
    "5,000 digits": b'{"command":"branch.found","full-members":' + b"7" * 5000 + b"}",
    "nested 1,500 deep": b'{"command":"org.add","name":' + b"[" * 1500 + b"]" * 1500 + b"}",
    "a position past SQLite's INTEGER": b'{"command":"step.correct","step":1'
    + b"0" * 100
    + b',"why":"x","date":"2024-03-01"}',
    "a position of 20 digits": b'{"command":"step.correct","step":99999999999999999999,'
    b'"why":"x","date":"2024-03-01"}',
    "a key twice": b'{"command":"member.talk","member":"M0001","by":"a","by":"b",'
    b'"date":"2024-03-20"}',
    "NaN": b'{"command":"branch.found","full-members":NaN}',
}


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_bad_line_in_the_middle_is_reported_and_every_line_after_it_runs(
    book: str, tmp_path: Path, bad: bytes
) -> None:
    before = stored_count(book)
    result = record_bytes(book, tmp_path, APPLY.encode(), bad, TALK.encode())
    one_line_error(result, 2)
    report = result.stdout.splitlines()
    assert report[0].startswith("line 1: accepted")
    assert report[1].startswith("line 2: invalid")
    assert report[2].startswith("line 3: accepted")
    assert report[-1].startswith("3 lines: 2 accepted")
    assert stored_count(book) == before + 2
    still_answers(book)


def test_a_journal_starting_with_a_bom_is_recorded(book: str, tmp_path: Path) -> None:
    result = record_bytes(book, tmp_path, b"\xef\xbb\xbf" + APPLY.encode(), TALK.encode())
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("2 lines: 2 accepted")


def test_a_journal_in_utf16_reports_every_line_invalid(book: str, tmp_path: Path) -> None:
    journal = tmp_path / "utf16.jsonl"
    journal.write_bytes(f"{APPLY}\n{TALK}\n".encode("utf-16"))
    before = stored_count(book)
    result = run(book, "record", str(journal))
    one_line_error(result, 2)
    # Read as bytes, UTF-16 splits after each 0x0A: the last line is the newline's 0x00.
    assert result.stdout.splitlines()[-1].startswith("3 lines: 0 accepted")
    assert stored_count(book) == before


ON_B01 = ["--branch", "B01", "--date", "2024-03-01"]
POISON = {
    "full members of 10^20": ["branch", "found", "--code", "B09", "--name", "n", "--kind",
                              "regular", "--parent", "TC01", "--full-members", str(10**20),
                              "--date", "2024-03-01"],
    "hours of 10^20": ["meeting", "hold", "--kind", "lecture", "--present", "F1,F2", "--chair",
                       "F1", "--hours", str(10**20), *ON_B01],
    "hours of 3,000,000,000": ["meeting", "hold", "--kind", "lecture", "--present", "F1,F2",
                               "--chair", "F1", "--hours", "3000000000", *ON_B01],
    "a date 9999-12-31": ["member", "income", "--member", "F1", "--kind", "retired", "--monthly",
                          "3000", "--date", "9999-12-31"],
    "born 0001-01-01": ["member", "apply", "--member", "M0002", "--name", "n", "--birth",
                        "0001-01-01", *ON_B01],
    "a 70-character member number": ["member", "apply", "--member", "M" * 70, "--name", "n",
                                     "--birth", "1990-01-01", *ON_B01],
    "a NUL in a name": ["member", "apply", "--member", "M0002", "--name", "王\x00芳",
                        "--birth", "1990-01-01", *ON_B01],
    "a date 20240301": ["member", "apply", "--member", "M0002", "--name", "n", "--birth",
                        "1990-01-01", "--branch", "B01", "--date", "20240301"],
    "a date 2024-W01-1": ["member", "apply", "--member", "M0002", "--name", "n", "--birth",
                          "2024-W01-1", *ON_B01],
    "a member number from undecodable argv": ["member", "apply", "--member", "M\udcff",
                                              "--name", "n", "--birth", "1990-01-01", *ON_B01],
    "a months span in year 9999": ["member", "pay-dues", "--member", "F1", "--amount", "1",
                                   "--months", "9999-01", "--date", "2024-03-01"],
    "a position of 10^100": ["step", "correct", "--step", str(10**100), "--why", "x",
                             "--date", "2024-03-01"],
}  # fmt: skip


@pytest.mark.parametrize("args", POISON.values(), ids=POISON.keys())
def test_a_poison_value_is_bad_input_and_nothing_is_written(book: str, args: list[str]) -> None:
    before = stored_count(book)
    one_line_error(run(book, *args), 2)
    assert stored_count(book) == before
    still_answers(book)


def test_a_step_dated_years_after_today_is_rejected_naming_the_rule(book: str) -> None:
    before = stored_count(book)
    result = run(book, "member", "apply", "--member", "M0002", "--name", "王芳", "--birth",
                 "1990-01-01", "--branch", "B01", "--date", "2030-03-01")  # fmt: skip
    one_line_error(result, 3)
    assert "record.future_date" in result.stderr
    assert "2030-03-01" in result.stderr
    assert stored_count(book) == before
