"""The demo's 2025 reports as a reader sees them: opened in the system's Chromium at the
printable width of A4, their charts drawn and not empty, their tables holding what the
record says (each value taken from the same report's --json), nothing running past the page,
a screenshot of each saved; and printed to PDF, every page A4 and numbered."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import browser_support
import pytest
from browser_support import page_at_a4, pdf_pages, program
from click.testing import CliRunner, Result
from playwright.sync_api import Browser, Page

from branchbook.cli.main import cli

browser = browser_support.browser
screenshots = browser_support.screenshots
pytestmark = [browser_support.needs_chromium, browser_support.needs_poppler]

YEAR = 2025
WRITTEN = (f"report-B01-{YEAR}.html", f"report-TC01-{YEAR}.html")
# The charts each report draws, by the name the figure holding each carries.
BRANCH_CHARTS = ("members_by_status", "obligations_by_month", "pipeline", "dues_by_month")
ORG_CHARTS = ("members_by_status", "compliance_by_branch", "admissions_by_branch")
# A4 at 50 dpi, in pixels (210 × 297 mm).
A4_AT_50 = (413, 585)

# Each chart's drawn marks and its size on the page.
CHARTS_JS = """() => [...document.querySelectorAll("svg")].map((svg) => {
  const box = svg.getBoundingClientRect();
  return {
    label: svg.getAttribute("aria-label") || "",
    width: box.width, height: box.height,
    marks: svg.querySelectorAll("path, rect, use, polygon").length,
    text: svg.textContent,
  };
})"""
ROWS_JS = """() => [...document.querySelectorAll("tr")].map((tr) => tr.innerText)"""


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The folder the demo ran in (its store and its two reports), and what it said."""
    folder = tmp_path_factory.mktemp("demo")
    said = _run("--db", str(folder / "branchbook.db"), "demo")
    assert said.exit_code == 0, said.output
    return folder, said.stdout


def _facts(folder: Path, *args: str) -> dict[str, Any]:
    said = _run(
        "--db", str(folder / "branchbook.db"), "report", *args, "--year", str(YEAR), "--json"
    )
    assert said.exit_code == 0, said.output
    facts: dict[str, Any] = json.loads(said.stdout)
    return facts


def _open(browser: Browser, path: Path) -> Page:
    page = page_at_a4(browser, path)
    page.wait_for_load_state("load")
    return page


def test_the_demo_ends_by_saying_where_its_two_reports_are(demo: tuple[Path, str]) -> None:
    folder, said = demo
    last = said.rstrip().splitlines()[-3:]
    assert last[0] == f"The {YEAR} reports, to open in a browser or print:"
    assert [line.strip() for line in last[1:]] == [str(folder / name) for name in WRITTEN]
    assert all((folder / name).stat().st_size > 10_000 for name in WRITTEN)


@pytest.mark.parametrize(
    ("name", "charts"), [(WRITTEN[0], BRANCH_CHARTS), (WRITTEN[1], ORG_CHARTS)]
)
def test_every_chart_is_drawn_and_holds_marks(
    browser: Browser, demo: tuple[Path, str], name: str, charts: tuple[str, ...]
) -> None:
    page = _open(browser, demo[0] / name)
    drawn = page.evaluate(CHARTS_JS)
    assert len(drawn) == len(charts), [d["label"] for d in drawn]
    for chart in drawn:
        assert chart["width"] > 200, chart["label"]
        assert chart["height"] > 80, chart["label"]
        assert chart["marks"] > 10, chart["label"]
        assert chart["label"], "every chart names what it shows"
    for chart in charts:
        assert page.locator(f'figure[data-chart="{chart}"] svg').count() == 1, chart


def test_the_branch_report_holds_the_record_of_its_year(
    browser: Browser, demo: tuple[Path, str]
) -> None:
    folder = demo[0]
    facts = _facts(folder, "branch", "B01")
    page = _open(browser, folder / WRITTEN[0])
    text = page.inner_text("body")
    assert "机关第一党支部" in text
    roster = page.inner_text("#roster")
    assert facts["roster"]["end"], "the demo's B01 has members at the year's end"
    for row in facts["roster"]["end"]:
        assert row["member"] in roster
    meetings = page.inner_text("#meetings")
    assert facts["meetings"]
    for meeting in facts["meetings"]:
        assert meeting["held"] in meetings
    compliance = page.inner_text("#compliance")
    for summary in facts["compliance"]["summary"]:
        assert summary["rule"] in compliance
    for finding in facts["compliance"]["findings"]:
        assert finding["rule"] in compliance
    evaluation = page.inner_text("#evaluation")
    assert facts["evaluation"] is not None
    assert str(facts["evaluation"]["total"]) in evaluation


def test_the_township_report_shows_v01_missing_its_third_quarter_assembly(
    browser: Browser, demo: tuple[Path, str]
) -> None:
    folder = demo[0]
    facts = _facts(folder, "org", "TC01")
    v01 = next(c for c in facts["compliance"] if c["branch"] == "V01")
    missed = [(r["rule"], r["window"]) for r in v01["results"] if r["status"] == "missed"]
    assert ("assembly.frequency", f"{YEAR}-Q3") in missed
    page = _open(browser, folder / WRITTEN[1])
    rows = page.evaluate(ROWS_JS)
    assert any(
        "V01" in row and "assembly.frequency" in row and f"{YEAR}-Q3" in row for row in rows
    ), [row for row in rows if "V01" in row]
    branches = page.inner_text("#branches")
    for branch in facts["branches"]:
        assert branch["code"] in branches


@pytest.mark.parametrize("name", WRITTEN)
def test_nothing_runs_past_the_width_of_an_a4_page(
    browser: Browser, demo: tuple[Path, str], screenshots: Path, name: str
) -> None:
    page = _open(browser, demo[0] / name)
    assert browser_support.overflowing(page) == []
    shot = screenshots / name.replace(".html", ".png")
    page.screenshot(path=str(shot), full_page=True)
    assert browser_support.png_size(shot)[1] > 2000  # the whole page, not one screen


@pytest.mark.parametrize(("args", "least"), [(("branch", "B01"), 4), (("org", "TC01"), 2)])
def test_the_printed_pdf_is_numbered_a4_pages(
    browser: Browser, demo: tuple[Path, str], tmp_path: Path, args: tuple[str, ...], least: int
) -> None:
    pdf = tmp_path / "report.pdf"
    store = str(demo[0] / "branchbook.db")
    said = _run("--db", store, "report", *args, "--year", str(YEAR), "--pdf", str(pdf))
    assert said.exit_code == 0, said.output
    assert said.stdout.startswith(f"Wrote {pdf} (")
    pages = pdf_pages(pdf, 50)
    assert len(pages) >= least
    assert all(abs(w - A4_AT_50[0]) <= 1 and abs(h - A4_AT_50[1]) <= 1 for w, h in pages), pages
    pdftotext = program("pdftotext")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"page 1 of {len(pages)}" in text
    assert f"page {len(pages)} of {len(pages)}" in text
