"""Query options within their limits: a bad value is one line on stderr and exit 2."""

from __future__ import annotations

import pytest
from cli_support import TWO_BRANCHES, record_journal, run
from click.testing import Result


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite store for the module: these tests only read it."""
    directory = tmp_path_factory.mktemp("queries")
    return record_journal(f"sqlite:///{directory / 'store.db'}", TWO_BRANCHES, directory)


def one_line_error(result: Result, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "unexpected" not in result.stderr


BAD_OPTIONS = {
    "due --as-of 9999-12-31": ["due", "--as-of", "9999-12-31"],
    "due --as-of 20240301": ["due", "--as-of", "20240301"],
    "due --within 100000000": ["due", "--within", "100000000"],
    "due --within 5,000 digits": ["due", "--within", "9" * 5000],
    "due --within -1": ["due", "--within", "-1"],
    "roster --as-known-at year 9999 in -14:00": ["roster", "B01", "--as-known-at",
                                                 "9999-12-31T23:59:59-14:00"],
    "roster --as-of 2100-01-01": ["roster", "B01", "--as-of", "2100-01-01"],
    "audit --limit 10^23": ["audit", "--limit", "99999999999999999999999"],
    "audit --recorded-from ISO week": ["audit", "--recorded-from", "2024-W01-1T10:00"],
    "audit --recorded-to year 9999": ["audit", "--recorded-to", "9999-12-31"],
    "audit --member from undecodable argv": ["audit", "--member", "\udcff"],
    "audit --actor with a control": ["audit", "--actor", "clerk\x1b[2J"],
    "audit --from 0001-01-01": ["audit", "--from", "0001-01-01"],
    "compliance --year 99999": ["compliance", "--year", "99999"],
    "compliance --year 1899": ["compliance", "--year", "1899"],
    "compliance --to 9999-12-31": ["compliance", "--from", "2024-01-01", "--to", "9999-12-31"],
    "stats --branch with a space": ["stats", "--branch", "B 01"],
    "export --as-of 9999-12-31": ["export", "roster", "--as-of", "9999-12-31"],
    "member show \\xff": ["member", "show", "\udcff"],
    "member history \\xff": ["member", "history", "\udcff"],
    "roster \\xff": ["roster", "\udcff"],
    "meeting show \\xff": ["meeting", "show", "\udcff"],
    "meeting show 129 characters": ["meeting", "show", "m" * 129],
    "branch show 65 characters": ["branch", "show", "B" * 65],
    "branch show --as-of 2100-01-01": ["branch", "show", "B01", "--as-of", "2100-01-01"],
    "rules --as-of 9999-12-31": ["rules", "--as-of", "9999-12-31"],
}  # fmt: skip


@pytest.mark.parametrize("args", BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys())
def test_a_query_option_outside_its_limits_is_one_line_and_exit_2(
    book: str, args: list[str]
) -> None:
    one_line_error(run(book, *args))


GOOD_EDGES = {
    "due --as-of 2099-12-31 --within 3660": ["due", "--as-of", "2099-12-31", "--within", "3660"],
    "due --as-of 1900-01-01": ["due", "--as-of", "1900-01-01"],
    "roster --as-known-at 2099-12-31 in -14:00": ["roster", "B01", "--as-known-at",
                                                  "2099-12-31T23:59:59-14:00"],
    "audit --limit 10000000": ["audit", "--limit", "10000000"],
    "audit --recorded-from with Z": ["audit", "--recorded-from", "2024-01-01T00:00Z"],
    "compliance --year 2099": ["compliance", "--year", "2099"],
    "stats --branch B01": ["stats", "--branch", "B01"],
}  # fmt: skip


@pytest.mark.parametrize("args", GOOD_EDGES.values(), ids=GOOD_EDGES.keys())
def test_a_query_option_at_the_edge_of_its_limits_answers(book: str, args: list[str]) -> None:
    result = run(book, *args)
    assert result.exit_code == 0, result.output


def test_a_well_formed_code_not_in_the_record_is_not_found(book: str) -> None:
    one_line_error(run(book, "member", "show", "城关镇党委"), 4)
    one_line_error(run(book, "meeting", "show", "m" * 128), 4)
