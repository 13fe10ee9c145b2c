"""The due list and the statistics."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.as_of import DEFAULT_HELP, EMPTY, AsOf, as_of_for
from branchbook.cli.completion import complete_branch
from branchbook.cli.context import Failure
from branchbook.cli.exports import export_options, exported
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY, LIMIT, WITHIN
from branchbook.cli.wording import counted

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from branchbook.projections.auditors.stats import Stats

AS_OF_HELP = f"Answer as the record stood on this date {DEFAULT_HELP}."


def _as_of_option(function: Any) -> Any:
    return click.option("--as-of", callback=DAY, metavar="YYYY-MM-DD", help=AS_OF_HELP)(function)


def _branch_option(function: Any) -> Any:
    return click.option(
        "--branch",
        callback=CODE,
        metavar="CODE",
        shell_complete=complete_branch,
        help="Only this branch and its members.",
    )(function)


def _resolve(conn: Connection, as_of: date | None, branch: str | None) -> AsOf:
    """The date asked about (or the latest in the record); fails on an unknown branch."""
    from branchbook.projections.branches.roster import branch_exists

    if branch is not None and not branch_exists(conn, branch):
        raise not_found(conn, "branch", branch)
    return as_of_for(conn, as_of)


@click.command(short_help="What falls due or is overdue on a date.")
@click.option(
    "--within",
    type=str,  # the callback reads the number, within its limit
    callback=WITHIN,
    default=30,
    show_default=True,
    metavar="DAYS",
    help="Also list what falls due this many days after the date.",
)
@_as_of_option
@_branch_option
@click.option(
    "--limit", callback=LIMIT, metavar="N", help="At most the first N items (with --json too)."
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every item on a terminal too; by default a terminal is shown a screenful, and "
    "how many more there are.",
)
@json_option
@export_options
@store_options
def due(
    *,
    within: int,
    as_of: date | None,
    branch: str | None,
    limit: int | None,
    every: bool,
    as_json: bool,
) -> None:
    """What is overdue on the date, or falls due within DAYS days after it: talks with
    applicants, assessments, activists becoming eligible, admission votes, approvals of
    resolutions, conversions at the end of probation, rectification orders, intra-party
    probations ending, dues unpaid, transfers required, removals after a suspension, the end
    of branch terms and their reminders, vacant seats, and a branch with nobody on its roll or
    no leadership yet, from its founding. Each item names its rule and source;
    the parameters are those of the rulebook in force on the date.

    On a terminal the list stops after a screenful, with a line saying how many more there
    are; --all lists every item, --limit N the first N. Piped or redirected, and with --json,
    every item is given (the first N with --limit)."""
    from branchbook.cli.export_columns import DUE
    from branchbook.cli.render import cut_line, fits
    from branchbook.projections.auditors.due import OVERDUE, due_items

    if limit is not None and every:
        raise Failure("give --all or --limit, not both", 2)
    ctx = context()
    with ctx.views.engine.connect() as conn:
        when = _resolve(conn, as_of, branch)
        on = when.day
        items = [] if on is None else due_items(conn, on, ctx.rulebook.in_force(on), within, branch)
    if exported(DUE, [i.as_dict() for i in items[:limit]], when):
        return
    if as_json:
        emit_json(
            {**when.as_dict(), "within": within, "items": [i.as_dict() for i in items[:limit]]}
        )
        return
    if on is None:
        say(EMPTY)
        return
    where = f" in {branch}" if branch else ""
    overdue = sum(i.status == OVERDUE for i in items)
    listed = items[: fits(limit, every, reserved=_DUE_FRAME, lines_each=2)]
    table(
        f"Due{where} as of {when.shown()}, within {counted(within, 'day')} ({overdue} overdue, "
        f"{len(items) - overdue} due; rulebook {ctx.rulebook.in_force(on).fingerprint})",
        ("due", "status", "when", "kind", "subject", "name", "step", "rule"),
        (
            (
                i.due,
                i.status,
                _when(i.days),
                i.kind,
                i.subject if branch or i.subject == i.branch else f"{i.subject} ({i.branch})",
                i.name,
                i.step + (f" (at most {i.latest})" if i.latest else ""),
                i.rule,
            )
            for i in listed
        ),
    )
    if len(listed) < len(items):
        say(cut_line(len(listed), len(items), "item", limited=limit is not None))
    for rule, citation in sorted({(i.rule, i.citation) for i in listed}):
        say(f"{rule}: {citation}")


# The lines a screen of the due list keeps for the frame: title, header, bottom, the line
# saying how many more, and a few sources; an item takes about two (its step wraps).
_DUE_FRAME = 12


def _when(days: int) -> str:
    if days == 0:
        return "today"
    return f"in {days} d" if days > 0 else f"{-days} d ago"


@click.command(short_help="Counts of members, steps per year, age and party age on a date.")
@_as_of_option
@_branch_option
@json_option
@export_options
@store_options
def stats(as_of: date | None, branch: str | None, as_json: bool) -> None:
    """The numbers of the record on the date: members by status, by branch and by kind of
    branch; per calendar year admissions, conversions, transfers received, sanctions by kind
    and removals by basis; and the age and party-age distributions of those with membership
    status (admitted, probationary, full, suspended)."""
    from branchbook.cli.export_columns import STATS, stats_rows
    from branchbook.projections.auditors.stats import stats as read_stats

    with context().views.engine.connect() as conn:
        when = _resolve(conn, as_of, branch)
        numbers = None if when.day is None else read_stats(conn, when.day, branch)
    if exported(STATS, [] if numbers is None else stats_rows(numbers.as_dict()), when):
        return
    if numbers is None:
        if as_json:
            emit_json(when.as_dict())
            return
        say(EMPTY)
        return
    if as_json:
        emit_json({**when.as_dict(), **numbers.as_dict()})
        return
    _show_stats(numbers, when)


def _show_stats(s: Stats, when: AsOf) -> None:
    where = f" of {s.branch}" if s.branch else ""
    statuses = list(s.by_status)
    table(
        f"Members{where} by branch and status as of {when.shown()}",
        ("branch", *statuses, "all"),
        [
            *(
                (b, *(c.get(x, 0) for x in statuses), sum(c.values()))
                for b, c in s.by_branch.items()
            ),
            ("all", *(s.by_status[x] for x in statuses), sum(s.by_status.values())),
        ],
    )
    table(
        f"Members{where} by kind of branch as of {s.as_of}",
        ("kind", "open branches", *statuses, "all"),
        (
            (k, s.open_branches_by_kind.get(k, 0), *(c.get(x, 0) for x in statuses),
             sum(c.values()))
            for k, c in s.by_branch_kind.items()
        ),
    )  # fmt: skip
    table(
        f"Steps{where} per calendar year up to {s.as_of}",
        ("year", "admissions", "conversions", "transfers received", "sanctions", "removals"),
        (
            (y.year, y.admissions, y.conversions, y.transfers_received, _pairs(y.sanctions),
             _pairs(y.removals))
            for y in s.years
        ),
    )  # fmt: skip
    table(
        f"Age and party age of the {s.members} with membership status on {s.as_of}",
        ("age", "members", "party age", "members "),
        _side_by_side(s.ages, s.party_ages),
    )


def _pairs(counts: dict[str, int] | Any) -> str:
    return ", ".join(f"{k} {n}" for k, n in counts.items()) or "-"


def _side_by_side(left: Any, right: Any) -> list[tuple[Any, ...]]:
    a, b = list(left.items()), list(right.items())
    rows: list[tuple[Any, ...]] = []
    for n in range(max(len(a), len(b))):
        la, lb = a[n] if n < len(a) else ("", ""), b[n] if n < len(b) else ("", "")
        rows.append((*la, *lb))
    return rows


# The top-level commands this module adds to the CLI.
COMMANDS: list[Any] = [due, stats]
