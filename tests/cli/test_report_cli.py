"""`branchbook report branch|org`: the page written whole to its file, --json for the facts,
the default year and date, and one line and a documented exit code for every mistake."""

from __future__ import annotations

import json
import runpy
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_support import empty_store, json_of, record_journal, run

_JOURNALS = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))
JOURNAL: list[str] = [
    *_JOURNALS["OPENING"], *_JOURNALS["EXTENSION"], *_JOURNALS["ADMISSION"], *_JOURNALS["LATER"],
    *_JOURNALS["CASES"],
]  # fmt: skip
LATEST = max(json.loads(line)["date"] for line in JOURNAL)
HOSTILE = '<script>alert("x")</script> & 张三'


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    """A store holding the whole journal of tests/projections/journals.py."""
    return record_journal(store_url, JOURNAL, tmp_path)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _tags(page: str) -> list[str]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_a_branch_report_is_written_to_its_default_name_and_says_so(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    year = int(LATEST[:4])
    said = run(book, "report", "branch", "B01")
    assert said.exit_code == 0, said.output
    written = tmp_path / f"report-B01-{year}.html"
    assert said.stdout.startswith(f"Wrote report-B01-{year}.html (branch B01, {year}, as of ")
    assert said.stdout.strip().endswith(f"as of {LATEST}, the latest recorded step)")
    page = written.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "svg" in _tags(page)
    assert "script" not in _tags(page)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_json_gives_the_facts_the_page_is_drawn_from_with_their_date(book: str) -> None:
    year = int(LATEST[:4])
    facts = json_of(run(book, "report", "branch", "B01", "--year", str(year), "--json"))
    assert (facts["report"], facts["branch"], facts["year"]) == ("branch-year", "B01", year)
    assert (facts["as_of"], facts["as_of_basis"]) == (LATEST, "latest recorded step")
    given = json_of(run(book, "report", "branch", "B01", "--as-of", f"{year}-06-30", "--json"))
    assert (given["as_of"], given["as_of_basis"], given["year"]) == (f"{year}-06-30", "given", year)
    earlier = json_of(run(book, "report", "branch", "B01", "--year", str(year - 1), "--json"))
    assert (earlier["as_of"], earlier["as_of_basis"]) == (
        f"{year - 1}-12-31",
        "the year's last day",
    )
    of_the_day = json_of(
        run(book, "report", "branch", "B01", "--as-of", f"{year - 1}-03-01", "--json")
    )
    assert (of_the_day["year"], of_the_day["as_of"]) == (year - 1, f"{year - 1}-03-01")
    org = json_of(run(book, "report", "org", "--json"))
    assert (org["report"], org["organisation"]) == ("organisation-year", None)
    assert "B01" in [b["code"] for b in org["branches"]]


def test_both_files_are_written_where_named(book: str, tmp_path: Path) -> None:
    out = tmp_path / "book.html"
    said = run(book, "report", "org", "--output", str(out))
    assert said.exit_code == 0, said.output
    assert out.read_text(encoding="utf-8").count("<svg") >= 1


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["branch", "b01"], 4, "branch b01 is not in the record; did you mean B01?"),
        (["org", "NOPE"], 4, "organisation NOPE is not in the record"),
        (["branch", "B01", "--year", "2019", "--as-of", "2018-12-31"], 2, "is not in 2019"),
        (["branch", "B01", "--year", "2031"], 2, "the record does not reach 2031"),
        (["branch", "B01", "--year", "2031", "--as-of", "2031-06-30"], 2, "does not reach 2031"),
        (["branch", "B01", "--year", "20x5"], 2, "--year"),
        (["branch", "B01", "--year", "2014"], 2, "branch B01 was founded on 2015-"),
        (["org", "TC01", "--year", "2014"], 2, "no branch under TC01 was open in 2014"),
        (["branch", "B01", "--json", "--pdf", "r.pdf"], 2, "give --json or --output/--pdf"),
    ],
)
def test_a_mistake_is_one_line_and_its_exit_code(
    book: str, args: list[str], code: int, line: str
) -> None:
    said = run(book, "report", *args)
    assert said.exit_code == code, said.output
    assert line in said.stderr
    assert len(said.stderr.strip().splitlines()) == 1
    assert said.stdout == ""


def test_a_file_that_cannot_be_written_is_one_line_and_exit_2(book: str, tmp_path: Path) -> None:
    said = run(book, "report", "branch", "B01", "--output", str(tmp_path / "no" / "r.html"))
    assert said.exit_code == 2, said.output
    assert said.stderr.startswith("Error: cannot write ")
    assert not (tmp_path / "no").exists()


def test_the_report_never_overwrites_the_store(tmp_path: Path) -> None:
    store = tmp_path / "book.db"
    record_journal(str(store), JOURNAL, tmp_path)
    before = store.read_bytes()
    for option in ("--output", "--pdf"):
        said = run(str(store), "report", "branch", "B01", option, str(store))
        assert said.exit_code == 2, said.output
        assert said.stderr.startswith(f"Error: {option}: {store} is a database")
        assert store.read_bytes() == before


def test_pdf_without_chromium_is_exit_9_and_writes_nothing(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRANCHBOOK_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    for files in (["--pdf", str(pdf)], ["--pdf", str(pdf), "--output", str(html)]):
        said = run(book, "report", "branch", "B01", *files)
        assert said.exit_code == 9, said.output
        assert "Chromium" in said.stderr
        assert len(said.stderr.strip().splitlines()) == 1
        assert not pdf.exists()
        assert not html.exists()


def test_an_empty_store_has_no_year_to_report(store_url: str) -> None:
    empty_store(store_url)
    said = run(store_url, "report", "branch", "B01")
    assert said.exit_code == 4  # no branch is in an empty record
    said = run(store_url, "report", "org")
    assert said.exit_code == 0, said.output
    assert said.stdout.strip() == "The record holds no steps yet."


def test_text_from_the_record_is_escaped_in_the_page(store_url: str, tmp_path: Path) -> None:
    inside = json.dumps(HOSTILE, ensure_ascii=False)[1:-1]  # as the JSON string holds it
    hostile = [line.replace("申请人 N1", inside) for line in JOURNAL]
    assert hostile != JOURNAL
    book = record_journal(store_url, hostile, tmp_path)
    out = tmp_path / "r.html"
    said = run(book, "report", "branch", "B01", "--output", str(out))
    assert said.exit_code == 0, said.output
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "script" not in _tags(page)


def test_a_failed_print_leaves_an_earlier_pdf_as_it_was(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", "false")  # a program that fails at once
    folder = tmp_path / "out"
    folder.mkdir()
    pdf = folder / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4 an earlier report")
    said = run(book, "report", "branch", "B01", "--pdf", str(pdf))
    assert said.exit_code == 1, said.output
    assert f"failed to print {pdf}" in said.stderr
    assert len(said.stderr.strip().splitlines()) == 1
    assert pdf.read_bytes() == b"%PDF-1.4 an earlier report"
    assert sorted(p.name for p in folder.iterdir()) == ["r.pdf"]


@pytest.mark.parametrize(
    ("files", "line"),
    [
        (["--output", "same.x", "--pdf", "same.x"], "--output and --pdf both name"),
        (["--pdf", "no/r.pdf"], "cannot write no/r.pdf"),
    ],
)
def test_a_pdf_that_cannot_be_written_is_refused_before_printing(
    book: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str], line: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("BRANCHBOOK_CHROMIUM", "true")  # would print nothing, were it run
    said = run(book, "report", "branch", "B01", *files)
    assert said.exit_code == 2, said.output
    assert line in said.stderr
    assert list(folder.iterdir()) == []
