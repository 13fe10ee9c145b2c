"""The year's reports people read: a branch's work record book, or a higher organisation's
year over its branches, as one self-contained HTML page with charts, and as A4 PDF."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.as_of import EMPTY, GIVEN, LATEST, AsOf, as_of_for
from branchbook.cli.completion import complete_branch
from branchbook.cli.context import Failure
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY, YEAR

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from branchbook.domain.rules import Rulebook, RulebookVersion

BRANCH = "branch"
ORGANISATION = "organisation"
EVERY = "all"  # the file name's code for an organisation report over every branch
YEAR_END = "the year's last day"  # why a report answers for it, when no day is given


def _report_options(function: Any) -> Any:
    """The options both reports take: the year, the day, the files, --json, the store."""
    for option in reversed(
        (
            click.option(
                "--year",
                callback=YEAR,
                metavar="YYYY",
                help="The calendar year [default: the year of the latest recorded step].",
            ),
            click.option(
                "--as-of",
                callback=DAY,
                metavar="YYYY-MM-DD",
                help="Answer as the record stood on this day of the year [default: the "
                "year's last day, or the latest recorded step if the record ends before it].",
            ),
            click.option(
                "--output",
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE.html",
                help="The HTML file [default: report-CODE-YEAR.html in the current folder].",
            ),
            click.option(
                "--pdf",
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE.pdf",
                help="Also print the page to A4 PDF with headless Chromium (alone, writes "
                "only the PDF).",
            ),
            json_option,
            store_options,
        )
    ):
        function = option(function)
    return function


@click.group(short_help="The year as a document: HTML with charts, and A4 PDF.")
def report() -> None:
    """The year's reports people read, as one self-contained HTML page (no network access;
    charts drawn into the page) that prints to clean A4 pages, and with --pdf as a PDF
    printed by headless Chromium (Chromium or Google Chrome must be installed; exit 9 when
    it is not): a branch's work record book of the year, or a higher
    organisation's year over its branches."""


@report.command("branch", short_help="A branch's work record book of the year.")
@click.argument("code", callback=CODE, shell_complete=complete_branch)
@_report_options
def branch_report(code: str, **options: Any) -> None:
    """The work record book of branch CODE for a year: particulars, leadership and term; the
    roster on the year's first and last day and the changes between; every meeting with
    attendance and decisions (votes that did not carry included); the admission pipeline
    with its deadlines; dues by month; talks and training hours; the compliance report with
    each finding's rule and source; the evaluation when one is recorded. Charts: members by
    status over the years, obligations met by month, the pipeline as a funnel, dues by
    month. --json prints the report's facts instead.

    Example: branchbook report branch B01 --year 2025 --pdf report-B01-2025.pdf

    Exit codes: 2 bad year, date or file, 4 unknown branch, 9 --pdf without Chromium."""
    _report(BRANCH, code, **options)


@report.command("org", short_help="A higher organisation's year over its branches.")
@click.argument("code", callback=CODE, required=False, metavar="[CODE]")
@_report_options
def organisation_report(code: str | None, **options: Any) -> None:
    """The year of the higher organisation CODE over the branches under it (every branch
    without CODE): each branch's size, admissions, conversions and obligations met; the
    statistics; compliance by branch and obligation; overdue elections and approvals. Charts:
    members by status over the years, compliance by branch, admissions and conversions by
    branch. --json prints the report's facts instead.

    Example: branchbook report org TC01 --year 2025

    Exit codes: 2 bad year, date or file, 4 unknown organisation, 9 --pdf without Chromium."""
    _report(ORGANISATION, code, **options)


def _report(
    kind: str,
    code: str | None,
    *,
    year: int | None,
    as_of: date | None,
    output: Path | None,
    pdf: Path | None,
    as_json: bool,
) -> None:
    ctx = context()
    with ctx.views.engine.connect() as conn:
        _known(conn, kind, code)
        latest = as_of_for(conn, None)
        if latest.day is None:
            if as_json:
                emit_json({**latest.as_dict(), "report": None})
            else:
                say(EMPTY)
            return
        if as_json and (output is not None or pdf is not None):
            raise Failure("give --json or --output/--pdf, not both", 2)
        if year is None:
            year = (as_of or latest.day).year
        on = _answer_date(year, as_of, latest.day)
        version = ctx.rulebook.in_force(date(year, 12, 31))
        facts = year_facts(conn, kind, code, year, version=version, on=on, rulebook=ctx.rulebook)
    if as_json:
        emit_json(facts)
        return
    html = write_report(kind, facts, output, pdf, default=_default_name(code, year))
    written = [str(p) for p in (html, pdf) if p is not None]
    when = on.shown().replace(" (", ", ", 1).removesuffix(")")
    say(f"Wrote {' and '.join(written)} ({_title(kind, code, year)}, as of {when})")


def _known(conn: Connection, kind: str, code: str | None) -> None:
    """An unknown branch or organisation is not found (exit 4), with the near miss."""
    if code is None:
        return
    if kind == BRANCH:
        from branchbook.projections.branches.roster import branch_exists

        if not branch_exists(conn, code):
            raise not_found(conn, "branch", code)
        return
    from branchbook.projections.branches.codes import codes

    if code not in codes(conn, "organisation"):
        raise not_found(conn, "organisation", code)


def _answer_date(year: int, as_of: date | None, latest: date) -> AsOf:
    """The day the report answers for: --as-of within the year; else the year's last day, or
    the latest recorded step when the record ends before it. A year the record does not
    reach is refused: it would report nothing."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if latest < first:
        raise Failure(f"the record does not reach {year}: its latest recorded step is {latest}", 2)
    if as_of is not None:
        if not first <= as_of <= last:
            raise Failure(f"--as-of {as_of} is not in {year}", 2)
        return AsOf(as_of, GIVEN)
    if latest < last:
        return AsOf(latest, LATEST)
    return AsOf(last, YEAR_END)


def year_facts(
    conn: Connection,
    kind: str,
    code: str | None,
    year: int,
    *,
    version: RulebookVersion,
    on: AsOf,
    rulebook: Rulebook,
) -> dict[str, Any]:
    """The report's facts as the page and --json give them, with the date they answer for."""
    if kind == BRANCH:
        from branchbook.projections.yearbook.branch_year import branch_year

        assert code is not None
        found: Any = branch_year(conn, code, year, version, on.on, rulebook=rulebook)
    else:
        from branchbook.projections.yearbook.organisation_year import organisation_year

        found = organisation_year(conn, code, year, version, on.on, rulebook=rulebook)
    if found is None:  # a code that exists but the views could not place
        raise Failure(f"{kind} {code} has no year {year} in the record", 4)
    facts: dict[str, Any] = found.as_dict()
    if kind == BRANCH:
        _lived_in(code, year, facts["particulars"])
    elif not facts["branches"]:
        under = f"under {code} " if code else ""
        raise Failure(f"no branch {under}was open in {year}: there is no year to report", 2)
    return {**facts, **on.as_dict()}


def _lived_in(code: str | None, year: int, particulars: dict[str, Any]) -> None:
    """A branch's report is of a year of its life: not before its founding, nor wholly after
    its dissolution (exit 2)."""
    founded, dissolved = particulars["founded"], particulars["dissolved"]
    if year < int(founded[:4]):
        raise Failure(f"branch {code} was founded on {founded}: it has no {year} to report", 2)
    if dissolved is not None and date(year, 1, 1) >= date.fromisoformat(dissolved):
        raise Failure(f"branch {code} was dissolved on {dissolved}: it has no {year} to report", 2)


def write_report(
    kind: str, facts: dict[str, Any], output: Path | None, pdf: Path | None, default: str
) -> Path | None:
    """The page written to `output` (the default name when neither file is named), and
    printed to `pdf` when asked; the HTML file written, or None when only the PDF was."""
    from branchbook.documents.charts import branch_charts, organisation_charts
    from branchbook.documents.pages import branch_page, organisation_page

    if kind == BRANCH:
        page = branch_page(facts, branch_charts(facts))
    else:
        page = organisation_page(facts, organisation_charts(facts))
    data = page.encode("utf-8")
    if pdf is not None:  # no browser, nothing written (exit 9)
        from branchbook.documents.printing import chromium

        chromium()
    if output is None and pdf is None:
        output = Path(default)
    if output is not None and pdf is not None and output.resolve() == pdf.resolve():
        raise Failure(f"--output and --pdf both name {pdf}; give two files", 2)
    if output is not None:
        _write(data, output)
    if pdf is not None:
        _print(data, output, pdf)
    return output


def _write(data: bytes, output: Path) -> None:
    """The page to its file whole or not at all: written beside it, then renamed over it."""
    from branchbook.cli.exports import refuse_to_overwrite_a_store

    refuse_to_overwrite_a_store(output)
    folder = output.parent if str(output.parent) else Path()
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise Failure(f"cannot write {output}: {exc.strerror or exc}", 2) from None


def _print(data: bytes, html: Path | None, pdf: Path) -> None:
    """The page printed to A4 PDF by headless Chromium, from its file or a temporary copy."""
    from branchbook.cli.exports import refuse_to_overwrite_a_store
    from branchbook.documents.printing import print_pdf

    refuse_to_overwrite_a_store(pdf, "--pdf")
    try:
        if html is not None:
            print_pdf(html, pdf)
            return
        with tempfile.TemporaryDirectory(prefix="branchbook-report-") as folder:
            page = Path(folder) / "report.html"
            page.write_bytes(data)
            print_pdf(page, pdf)
    except OSError as exc:  # the PDF's folder cannot be written: nothing was printed
        raise Failure(f"cannot write {pdf}: {exc.strerror or exc}", 2) from None


def _default_name(code: str | None, year: int) -> str:
    return f"report-{code or EVERY}-{year}.html"


def _title(kind: str, code: str | None, year: int) -> str:
    if kind == BRANCH:
        return f"branch {code}, {year}"
    return f"organisation {code}, {year}" if code else f"every branch, {year}"


def year_reports(wanted: list[tuple[str, str]], year: int) -> list[Path]:
    """The reports of a year (kind and code each) written beside the SQLite store, or in the
    current folder for a server's store, under their default names; the files written."""
    from branchbook.workflows.store.location import sqlite_path

    ctx = context()
    store = sqlite_path(ctx.url)
    folder = Path(store).parent if store else Path()
    with ctx.views.engine.connect() as conn:
        latest = as_of_for(conn, None).day
        if latest is None:
            return []
        on = _answer_date(year, None, latest)
        version = ctx.rulebook.in_force(date(year, 12, 31))
        facts = [
            (
                kind,
                year_facts(conn, kind, code, year, version=version, on=on, rulebook=ctx.rulebook),
            )
            for kind, code in wanted
        ]
    paths = [folder / _default_name(code, year) for _, code in wanted]
    for (kind, found), path in zip(facts, paths, strict=True):
        write_report(kind, found, path, None, default=str(path))
    return paths


# The top-level commands this module adds to the CLI.
COMMANDS: list[Any] = [report]
