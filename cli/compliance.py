"""The compliance report: recurring obligations met or missed, and structural findings."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.as_of import EMPTY, GIVEN, LATEST, NO_STEP, AsOf, as_of_for
from branchbook.cli.completion import complete_branch
from branchbook.cli.context import Failure
from branchbook.cli.exports import export_options, exported
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY, YEAR

if TYPE_CHECKING:
    from branchbook.projections.auditors.compliance import BranchCompliance


def period_of(year: int | None, start: date | None, end: date | None) -> tuple[date, date] | None:
    """The period asked for, or None when none is given; bad combinations are usage errors."""
    if year is not None and (start is not None or end is not None):
        raise Failure("give either --year or --from and --to, not both", 2)
    if year is not None:
        if not 1 <= year <= 9999:
            raise Failure(f"--year {year} is not a year", 2)
        return date(year, 1, 1), date(year, 12, 31)
    if (start is None) != (end is None):
        raise Failure("--from and --to go together", 2)
    if start is None or end is None:
        return None
    if end < start:
        raise Failure(f"--to {end} is before --from {start}", 2)
    return start, end


# Why a report covers its period when none is given.
YEAR_OF_LATEST = "calendar year of the latest recorded step"
# Why a report on a period wholly after the record judges nothing and finds nothing.
BEFORE_PERIOD = "The record does not reach this period"


@click.command(short_help="Recurring obligations met or missed, and findings, by branch.")
@click.option(
    "--branch",
    callback=CODE,
    metavar="CODE",
    shell_complete=complete_branch,
    help="Only this branch (default: every branch).",
)
@click.option("--year", callback=YEAR, metavar="YYYY", help="The calendar year to report on.")
@click.option(
    "--from", "start", callback=DAY, metavar="YYYY-MM-DD", help="First day of the period."
)
@click.option("--to", "end", callback=DAY, metavar="YYYY-MM-DD", help="Last day of the period.")
@json_option
@export_options
@store_options
def compliance(
    branch: str | None, year: int | None, start: date | None, end: date | None, as_json: bool
) -> None:
    """The recurring obligations (Branch Work Regulations (trial) arts. 11–19: assemblies,
    committee, group and theme-day meetings, lectures, organisational life, democratic
    evaluation and its excellent cap, talks, training hours) judged per calendar window, with
    the findings: overdue elections and vacancies, committee structure and size, approvals
    overdue or recorded late, and members whose dues lapse.

    The period is --year YYYY or --from and --to; by default the calendar year of the date
    of the latest recorded step in the store (the clock is never read). The report answers
    for the period's last day if the record reaches it, else for the date of the latest
    recorded step: a window not over by that date is open (not over yet, neither met nor
    missed), and the findings are those of that date; a record that ends before the period
    lists no findings and says so. Only windows wholly within the period
    and the branch's life are judged; the others are listed as not judged. The rulebook
    version is the one in force on the period's last day, under the --profile chosen.
    Exit codes: 2 bad period, 4 unknown branch."""
    from branchbook.cli.export_columns import COMPLIANCE, compliance_rows
    from branchbook.projections.auditors.compliance import reports as reports_of
    from branchbook.projections.branches.roster import branch_exists

    ctx = context()
    asked = period_of(year, start, end)
    with ctx.views.engine.connect() as conn:
        if branch is not None and not branch_exists(conn, branch):
            raise not_found(conn, "branch", branch)
        latest = as_of_for(conn, None).day
        period_basis = GIVEN
        if asked is None:
            if latest is None:  # as due and stats say it: nothing to judge, and no year
                _say_empty()
                return
            asked = (date(latest.year, 1, 1), date(latest.year, 12, 31))
            period_basis = YEAR_OF_LATEST
        first, last = asked
        on = answer_date(last, latest)
        version = ctx.rulebook.in_force(last)
        try:
            reports = reports_of(conn, first, last, version, branch, as_of=on.on)
        except ValueError as exc:  # a rulebook file naming a period the report does not know
            raise Failure(f"rulebook {version.id}: {exc}", 2) from None
    if exported(COMPLIANCE, compliance_rows([r.as_dict() for r in reports]), on):
        return
    short = None if on.on >= first else f"{BEFORE_PERIOD} (its latest recorded step is {on.on})"
    if as_json:
        emit_json(
            {
                **on.as_dict(),
                **({} if short is None else {"note": short}),
                "latest_recorded_step": latest.isoformat() if latest else None,
                "from": first.isoformat(),
                "to": last.isoformat(),
                "period_basis": period_basis,
                "default_period": year is None and start is None,
                "rulebook": version.fingerprint,
                "branches": [r.as_dict() for r in reports],
            }
        )
        return
    why = GIVEN if period_basis == GIVEN else f"the {period_basis}, {latest}"
    rulebook = version.fingerprint
    say(f"Compliance {first} – {last} ({why}), as of {on.shown()}, rulebook {rulebook}")
    if short is not None:
        say(f"{short}: every window is open and no finding is listed.")
    elif on.on < last:
        say(f"Windows not over by {on.on} are open (not over yet): neither met nor missed.")
    if not reports:
        say("No branch was open in the period.")
    for report in reports:
        _show(report)


def _say_empty() -> None:
    """A store with no step yet, and no period given: no year to judge, nothing to judge."""
    from branchbook.cli.export_columns import COMPLIANCE

    if exported(COMPLIANCE, [], AsOf(None, NO_STEP)):
        return
    if click.get_current_context().params.get("as_json"):
        emit_json({**AsOf(None, NO_STEP).as_dict(), "branches": []})
        return
    say(EMPTY)


def answer_date(last: date, latest: date | None) -> AsOf:
    """The date a report on a period ending `last` answers for: that last day if the record
    reaches it (or holds no step), else the date of the latest recorded step."""
    if latest is None or last <= latest:
        return AsOf(last, GIVEN)
    return AsOf(latest, LATEST)


def _show(report: BranchCompliance) -> None:
    dissolved = f", dissolved {report.dissolved}" if report.dissolved else ""
    table(
        f"{report.code} {report.name} ({report.kind}, founded {report.founded}{dissolved})",
        ("obligation", "group / meeting", "met / judged", "missed"),
        (
            (s.rule, s.subject, f"{s.met}/{s.judged}", _missed(s.missed, s.open))
            for s in report.summary
        ),
    )
    for rule, citation in {s.rule: s.citation for s in report.summary}.items():
        say(f"source: {rule} [{citation}]")
    for n in report.not_judged:
        whose = f" ({n.subject})" if n.subject else ""
        say(f"not judged: {n.rule}{whose} — {n.reason}")
    for r in report.results:
        if r.missed and r.rule in _DETAILED:
            say(f"missed: {r.rule} {r.window} — {r.detail}")
    if not report.findings and report.as_of >= report.start:
        say(f"No findings for {report.code} on {report.as_of}.")
    for f in report.findings:
        say(f"finding: {f.rule} — {f.message} [{f.citation}]")


def _missed(windows: tuple[str, ...], still_open: tuple[str, ...] = ()) -> str:
    """The windows missed, then those still open, shortened when many (the JSON lists every
    one)."""
    said = _windows(windows)
    if still_open:
        said = ("" if said == "—" else f"{said}; ") + f"open: {_windows(still_open)}"
    return said


def _windows(windows: tuple[str, ...]) -> str:
    if len(windows) <= 4:
        return ", ".join(windows) or "—"
    return f"{windows[0]} … {windows[-1]} ({len(windows)})"


# Obligations whose misses need their detail: who or which pair falls short.
_DETAILED = ("talks.per_pair", "training.annual_hours", "democratic_evaluation.excellent_cap")

# The top-level commands this module adds to the CLI.
COMMANDS: list[Any] = [compliance]
