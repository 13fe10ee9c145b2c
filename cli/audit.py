"""The audit trail, corrections and exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from branchbook.cli.completion import complete_branch, complete_member
from branchbook.cli.context import Failure
from branchbook.cli.exports import csv_bytes, dated, said_written, write, xlsx_bytes
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options_but
from branchbook.cli.render import emit_json
from branchbook.cli.safe_text import json_text, say, say_lines
from branchbook.cli.values import CODE, DAY, LIMIT, MOMENT_FROM, MOMENT_TO, NAME

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from branchbook.cli.as_of import AsOf
    from branchbook.projections.auditors.audit_trail import AuditFilter, AuditRow

F = TypeVar("F", bound=Callable[..., Any])

# The options that narrow the audit trail, beside --branch.
FILTERS = ("member", "actor", "date_from", "date_to", "recorded_from", "recorded_to", "rule",
           "warnings", "limit", "reverse")  # fmt: skip


def audit_filters(function: F) -> F:
    """The options that narrow the audit trail (all but --branch)."""
    options = [
        click.option("--member", callback=CODE, metavar="NUMBER", shell_complete=complete_member,
                     help="Only steps concerning this member."),
        click.option("--actor", callback=NAME, metavar="NAME",
                     help="Only steps recorded by this actor."),
        click.option("--from", "date_from", callback=DAY, metavar="YYYY-MM-DD",
                     help="Only steps effective on or after this date."),
        click.option("--to", "date_to", callback=DAY, metavar="YYYY-MM-DD",
                     help="Only steps effective on or before this date."),
        click.option("--recorded-from", callback=MOMENT_FROM, metavar="TS",
                     help="Only steps recorded at or after TS (ISO date or date-time; a date "
                     "alone is from its start; no zone means UTC)."),
        click.option("--recorded-to", callback=MOMENT_TO, metavar="TS",
                     help="Only steps recorded at or before TS (a date alone is to its end)."),
        click.option("--rule", callback=CODE, metavar="ID",
                     help="Only steps recorded with a warning of rule ID."),
        click.option("--warnings", is_flag=True, help="Only steps recorded with warnings."),
        click.option("--limit", callback=LIMIT, metavar="N",
                     help="At most the newest N matching steps (the first N with --reverse)."),
        click.option("--reverse", is_flag=True,
                     help="In the log's order, oldest first (default: newest first)."),
    ]  # fmt: skip
    for option in reversed(options):
        function = option(function)
    return function


def _filter(branch: str | None, values: dict[str, Any]) -> AuditFilter:
    from branchbook.projections.auditors.audit_trail import AuditFilter

    rule = values["rule"]
    if rule is not None:
        known = {r for version in context().rulebook.versions for r in version.rules}
        if rule not in known:
            from branchbook.domain.near import did_you_mean

            near = did_you_mean(rule, known)
            raise Failure(f"unknown rule {rule} (see `branchbook rules`){near}", 2)
    return AuditFilter(
        branch=branch,
        member=values["member"],
        actor=values["actor"],
        effective_from=values["date_from"],
        effective_to=values["date_to"],
        recorded_from=values["recorded_from"],
        recorded_to=values["recorded_to"],
        rule=rule,
        warnings_only=values["warnings"],
        limit=values["limit"],
        newest_first=not values["reverse"],
    )


def _audit_rows(which: AuditFilter) -> list[dict[str, Any]]:
    from branchbook.projections.auditors.audit_trail import trail

    with context().views.engine.connect() as conn:
        _known(conn, which)
        return [row.as_dict() for row in trail(conn, which)]


def _known(conn: Connection, which: AuditFilter) -> None:
    """A member or branch to narrow by that the record does not hold: not found (exit 4),
    with the one meant, as every query says it. The trail is the log: a code its rows name is
    known even where the views could not place its events."""
    from sqlalchemy import exists, select

    from branchbook.projections.branches.codes import codes
    from branchbook.projections.storage.tables import audit

    for kind, code in (("branch", which.branch), ("member", which.member)):
        if code is None or code in codes(conn, kind, code):
            continue
        if not conn.execute(select(exists().where(audit.c[kind] == code))).scalar():
            raise not_found(conn, kind, code)


@click.command("audit", short_help="The audit trail: every recorded step, who, when, on what.")
@click.option(
    "--branch",
    callback=CODE,
    metavar="CODE",
    shell_complete=complete_branch,
    help="Only steps concerning this branch.",
)
@audit_filters
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every matching step on a terminal too; by default a terminal is shown a screenful, "
    "and how many more there are.",
)
@json_option
@store_options_but("actor")
def audit_command(branch: str | None, every: bool, as_json: bool, **values: Any) -> None:
    """List recorded steps, newest first as `git log` does (--reverse: in the log's order):
    position, effective date, when recorded and by whom, what step about whom, the document
    and note, the key it was recorded under, the rulebook version that judged it, its
    warnings, and the corrections linking steps.

    On a terminal the list stops after a screenful, with a line saying how many more events
    match; --all lists every one, --limit N the newest N (the oldest N with --reverse).
    Piped or redirected, and with --json, every matching step is given (N with --limit)."""
    from attrs import evolve

    from branchbook.cli.render import cut_line, fits
    from branchbook.projections.auditors.audit_trail import matching, trail

    if values["limit"] is not None and every:
        raise Failure("give --all or --limit, not both", 2)
    which = _filter(branch, values)
    screen = None if as_json else fits(which.limit, every, reserved=3, lines_each=_ENTRY_LINES)
    with context().views.engine.connect() as conn:
        _known(conn, which)
        cut = screen is not None and which.limit is None
        rows = trail(conn, evolve(which, limit=screen) if cut else which)
        total = matching(conn, which) if cut and len(rows) == screen else len(rows)
    if as_json:
        emit_json([row.as_dict() for row in rows])
        return
    # Each entry is a recorded event; a command may record several (verify counts the same).
    say(f"Audit trail ({total:,} event{'' if total == 1 else 's'})")
    say_lines([line for r in rows for line in _entry(r)])
    if len(rows) < total:
        say(cut_line(len(rows), total, "event", limited=False))


# The lines an entry of the audit trail takes on the screen, most often.
_ENTRY_LINES = 3


def _entry(r: AuditRow) -> list[str]:
    """One step as a few lines, readable at any width: what, when and by whom, on what basis."""
    where = f" in {r.branch}" if r.branch and r.branch != r.subject else ""
    whom = f" about {r.member}" if r.member and r.member != r.subject else ""
    recorded = "?" if r.recorded_at is None else r.recorded_at.strftime("%Y-%m-%d %H:%M:%S")
    lines = [
        f"#{r.position}  {r.effective or '?'}  {r.kind}  {r.subject}{whom}{where}",
        f"    recorded {recorded} UTC by {r.actor or '?'} · rulebook {r.rulebook or '?'}",
    ]
    if r.unplaced is not None:
        lines.append(f"    not placed in the views: {r.unplaced}")
    papers = [
        f"doc {r.doc}" if r.doc else "",
        f"note {r.note}" if r.note else "",
        f"key {r.key}" if r.key else "",
    ]
    if any(papers):
        lines.append("    " + " · ".join(p for p in papers if p))
    lines += [f"    warning {w['rule']} — {w['reason']} [{w['citation']}]" for w in r.warnings]
    if r.links:
        lines.append(f"    {r.links}")
    return lines


@click.command("export", short_help="Export the roster, the members or the audit trail.")
@click.argument("what", type=click.Choice(["roster", "members", "audit"]))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "xlsx"]),
    default="csv",
    show_default=True,
    help="CSV (UTF-8, a header row), JSON, or an Excel workbook (xlsx, with --output); "
    "by default the suffix of --output FILE picks .xlsx or .json, else CSV.",
)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for spreadsheet programs: a UTF-8 byte-order mark and CRLF line ends (cells "
    "that would start a formula get a leading single quote in every CSV, this one too).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Write to FILE (default: standard output).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="The header row of CSV and xlsx: the JSON keys (en) or Chinese (zh).",
)
@click.option(
    "--branch",
    callback=CODE,
    metavar="CODE",
    help="Only this branch (roster and members: every branch if none).",
)
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help="Roster and members as they stood on this date (default: as recorded, party age "
    "and roles as of the latest recorded step).",
)
@audit_filters
@store_options_but("actor")
def export(
    *,
    what: str,
    fmt: str,
    excel: bool,
    output: Path | None,
    lang: str,
    branch: str | None,
    as_of: date | None,
    **values: Any,
) -> None:
    """Export WHAT (roster, members or audit) as CSV, JSON or an Excel workbook.

    The JSON is what the matching query prints with --json, with the exact recorded text;
    CSV cells give lists of names joined by ";" and other nested values as JSON (an empty
    list is an empty cell). CSV is made safe to open in a spreadsheet, with or without
    --excel: a text cell that starts with =, +, -, @, a tab or a carriage return gets a
    leading single quote so it is never run as a formula, and control characters are shown
    as escapes (\\x1b), as on the terminal. A workbook (--format xlsx --output FILE) holds
    text as text, never a formula, dates as dates and counts as numbers. --lang zh gives
    Chinese headers. The audit takes the filters of `branchbook audit`, newest first
    (--reverse: the log's order). Without --as-of, the roster gives party age and roles as of
    the latest recorded step, as `roster` does.

    Without --format, an --output FILE ending in .xlsx or .json is written in that format.
    Exit 2 for bad input or a file that cannot be written, 4 for a branch or member not in
    the record.
    """
    fmt = _format_of(fmt, output)
    if excel and fmt != "csv":
        raise Failure(f"--excel applies to CSV only, not --format {fmt}", 2)
    if lang != "en" and fmt == "json":
        raise Failure("--lang applies to CSV and xlsx, not --format json", 2)
    if fmt == "xlsx" and output is None:
        raise Failure("--format xlsx needs --output FILE", 2)
    if what != "audit":
        given = [name for name in FILTERS if values[name] not in (None, False)]
        if given:
            option = "--" + given[0].replace("date_", "").replace("_", "-")
            raise Failure(f"{option} applies to the audit export only", 2)
        when, rows = _records(what, branch, as_of)
        columns, rows = dated(_columns(what, rows), rows, when)
    else:
        if as_of is not None:
            raise Failure("--as-of applies to roster and members; the audit takes --from/--to", 2)
        when, rows = None, _audit_rows(_filter(branch, values))
        columns = _columns(what, rows)
    if fmt == "json":
        data = (json_text(rows) + "\n").encode()
    elif fmt == "xlsx":
        data = xlsx_bytes(rows, columns, lang=lang, title=what, when=when)
    else:
        data = csv_bytes(rows, columns, excel=excel, lang=lang)
    write(data, output)
    if output is not None:
        said_written(len(rows), output, when)


def _format_of(fmt: str, output: Path | None) -> str:
    """The format asked for, or when none is, the one the output file's suffix names."""
    from click.core import ParameterSource

    given = click.get_current_context().get_parameter_source("fmt") != ParameterSource.DEFAULT
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if not given and suffix in ("xlsx", "json") else fmt


def _records(
    what: str, branch: str | None, as_of: date | None
) -> tuple[AsOf, list[dict[str, Any]]]:
    """The date the rows are for, and the rows of the roster or of the members."""
    from branchbook.cli.as_of import as_of_for
    from branchbook.projections.auditors.exports import member_rows, roster_rows
    from branchbook.projections.branches.codes import codes as known_codes

    with context().views.engine.connect() as conn:
        codes = known_codes(conn, "branch")
        if branch is not None and branch not in codes:
            raise not_found(conn, "branch", branch)
        when = as_of_for(conn, as_of)
        if what == "roster":
            return when, roster_rows(conn, [branch] if branch else codes, as_of, when.day)
        return when, member_rows(conn, branch, as_of)


def _columns(what: str, rows: list[dict[str, Any]]) -> list[str]:
    """The header: the keys of the rows, or of an empty export's kind of row."""
    if rows:
        return list(rows[0])
    if what == "roster":
        from branchbook.cli.export_columns import ROSTER

        return ["branch", *ROSTER]
    if what == "members":
        from branchbook.projections.auditors.exports import MEMBER_COLUMNS

        return ["member", "name", "birth", *MEMBER_COLUMNS]
    from branchbook.projections.storage.tables import audit

    return [c.name for c in audit.columns]


# The top-level commands this module adds to the CLI.
COMMANDS: list[Any] = [audit_command, export]
