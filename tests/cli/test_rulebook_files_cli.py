"""Rulebook files within their limits: a bad one is one line on stderr and exit 2, wherever
it is read (`rules check`, or --rules for any command that judges or lists by the rulebook)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, record_journal, run, stored_count
from click.testing import Result

from branchbook.domain.rulefile import FILE_MAX_BYTES


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> str:
    directory = tmp_path_factory.mktemp("rulebooks")
    return record_journal(f"sqlite:///{directory / 'store.db'}", TWO_BRANCHES, directory)


def one_line_error(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "unexpected" not in result.stderr


# Each bad rulebook file, and a word of the one line that says what is wrong with it.
RULEBOOKS = {
    "nested 3,000 deep": (b"a = " + b"[" * 3000 + b"]" * 3000 + b"\n", "nested deeper"),
    "inline tables 3,000 deep": (b"a = " + b"{b=" * 3000 + b"1" + b"}" * 3000, "nested deeper"),
    "dotted keys 100 deep": (b".".join([b"rules"] * 100) + b" = 1\n", "nested deeper"),
    "starting FF FE": (b"\xff\xfe[rules]\n", "not UTF-8"),
    "UTF-16": ('[rules."assembly.quorum"]\ninclusive_half = true\n'.encode("utf-16"),
               "not UTF-8"),
    "invalid UTF-8 on line 3": (b'[rules."assembly.quorum"]\n\ninclusive_half = "\xc3\x28"\n',
                                "line 3"),
    "larger than the limit": (b"# " + b"x" * FILE_MAX_BYTES + b"\n", "larger than"),
    "a NaN parameter": (b'[rules."committee_meeting.pass_threshold"]\n'
                        b"fraction_of_present = nan\n", "finite"),
    "an infinite parameter": (b'[rules."committee_meeting.pass_threshold"]\n'
                              b"fraction_of_present = -inf\n", "finite"),
    "a huge whole parameter": (b'[rules."probation.length"]\nmonths = 9223372036854775807\n',
                               "from 0 to 1,200 (months)"),
    "a number of 4,301 digits": (b'[rules."probation.length"]\nmonths = ' + b"9" * 4301 + b"\n",
                                 "line 2"),
    "a huge tolerance": (b'[rules."record.future_date"]\ntolerance_days = 100000000\n',
                         "from 0 to 36,600 (days)"),
    "a talk deadline of a million months": (
        b'[rules."applicant.talk_deadline"]\nmonths = 1000000\n', "line 2"),
    "an assembly a million months before the pre-review": (
        b'[rules."admission.assembly_after_prereview"]\nwithin_months = -1000000\n', "line 2"),
    "a term reminder a million months ahead": (
        b'[rules."branch.term_reminder"]\nmonths_before = 1000000\n', "line 2"),
    "a dated conversion deadline of minus a million months": (
        b'[[versions]]\nid = "v2"\neffective_from = 2020-01-01\n'
        b'[versions.rules."conversion.approval_deadline"]\nnormal_months = -1000000\n', "line 5"),
    "a theme day on the 32nd": (b'[rules."theme_day.schedule"]\nday_of_month = 32\n',
                                "day of the month"),
    "a version id of 65 characters": (b'[[versions]]\nid = "' + b"v" * 65
                                      + b'"\neffective_from = 2020-01-01\n', "64 characters"),
}  # fmt: skip


@pytest.mark.parametrize(("text", "problem"), RULEBOOKS.values(), ids=RULEBOOKS.keys())
def test_a_bad_rulebook_file_is_one_line_and_exit_2(
    book: str, tmp_path: Path, text: bytes, problem: str
) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(text)
    for args in (["rules", "check", str(path)], ["--rules", str(path), "rules"],
                 ["--rules", str(path), "member", "show", "F1"]):  # fmt: skip
        result = run(book, *args)
        one_line_error(result)
        assert problem in result.stderr


def test_a_rulebook_file_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(b'\xef\xbb\xbf[rules."record.future_date"]\ntolerance_days = 3\n')
    result = run(f"sqlite:///{tmp_path / 's.db'}", "--rules", str(path), "rules", "--json")
    assert result.exit_code == 0, result.output
    assert '"tolerance_days": 3' in result.stdout


def test_a_bad_rulebook_file_named_by_the_environment_refuses_a_step_and_writes_nothing(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "rules.toml"
    path.write_bytes(b'[rules."applicant.min_age"]\nmin_age_years = ' + b"1" * 4301 + b"\n")
    monkeypatch.setenv("BRANCHBOOK_RULES", str(path))
    before = stored_count(book)
    result = run(book, "member", "apply", "--member", "A9", "--name", "申请人", "--birth",
                 "1990-01-01", "--branch", "B01", "--date", "2016-01-01")  # fmt: skip
    one_line_error(result)
    assert "line 2" in result.stderr
    assert stored_count(book) == before
