"""`branchbook demo`: write a realistic multi-year history into an empty store and show it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.context import Context, Failure
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, outcome_line, table
from branchbook.cli.safe_text import say, say_lines
from branchbook.cli.wording import counted, standing

if TYPE_CHECKING:
    from branchbook.projections.auditors.compliance import BranchCompliance
    from branchbook.projections.auditors.due import DueItem
    from branchbook.projections.branches.view import BranchView
    from branchbook.workflows.recording.recorder import Outcome


@click.command(short_help="Write a demo history into an empty store and show it.")
@click.option(
    "--fresh",
    is_flag=True,
    help="Start over: empty the SQLite store first, if it holds nothing but demo history.",
)
@json_option
@store_options
def demo(fresh: bool, as_json: bool) -> None:
    """Write a deterministic demo history (branches, applications, talks) and show it.

    The demo writes only into an empty store, as actor branchbook-demo. With --fresh it
    first empties a SQLite store whose every step the demo recorded; it never touches a
    store that holds anything else.
    """
    from branchbook.cli.report import year_reports
    from branchbook.workflows.demo.actor import DEMO_ACTOR
    from branchbook.workflows.demo.journal import demo_commands
    from branchbook.workflows.demo.routine import REPORT_YEAR
    from branchbook.workflows.recording.recorder import Item, Recorder

    ctx = context()
    if fresh:
        _start_over(ctx)
    held = ctx.app.recorder.max_notification_id()
    if held is not None:
        raise Failure(
            f"the store {ctx.url} already holds {counted(held, 'event')}; the demo writes only "
            "into an empty store (give another --db, or --fresh to replace an earlier demo)",
            5,
        )
    commands = demo_commands()
    items = [Item(n, command) for n, command in enumerate(commands, start=1)]
    recorder = Recorder(ctx.app, ctx.rulebook, DEMO_ACTOR)
    outcomes = _record(recorder.record_many(items), len(items), quiet=as_json)
    branches = sorted({c["code"] for c in commands if c["command"] == "branch.found"})
    reports = year_reports(REPORTS, REPORT_YEAR)
    shown = [str(path.resolve()) for path in reports]
    rows, failed = cases(commands, outcomes), failed_votes(commands, outcomes)
    _show(outcomes, branches, as_json, rows, failed, written=shown)


def _leaders(views: list[BranchView], on: date) -> None:
    """Each branch's kind, leaders and term on the demo's date, and what is out of line."""
    table(
        f"Leaders and terms on {on}",
        ("branch", "kind", "led by", "secretary", "term ends", "term state"),
        (
            (
                v.code,
                v.kind,
                v.office.structure if v.office else None,
                v.office.secretary if v.office else None,
                v.office.term.end if v.office and v.office.term else None,
                v.term_state,
            )
            for v in views
        ),
    )
    for v in views:
        for finding in v.findings:
            say(f"  {v.code}: {finding.rule} — {finding.message}")


def _start_over(ctx: Context) -> None:
    """Empty a SQLite store that holds nothing but demo history, judged and emptied while
    holding its write lock, so no other writer's step can slip in between."""
    from branchbook.workflows.demo.actor import holds_only_demo_history
    from branchbook.workflows.store.location import Found, sqlite_path, survey

    if sqlite_path(ctx.url) is None:
        raise Failure("--fresh replaces SQLite store files only; give an empty store instead", 2)
    if survey(ctx.url) is Found.NOTHING:
        return
    app = ctx.app  # refuses a store that is not branchbook's, or one opened read-only
    with app.writing() as tx:
        if not holds_only_demo_history(app):
            raise Failure(f"--fresh refused: {ctx.url} holds steps not recorded by the demo", 5)
        app.batch_recorder.drop_tables(tx)
    # The dropped tables' pages stay in the file until it is rewritten: an earlier demo's
    # clear names must not outlive it in a store now written with a key.
    with app.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.reopen()


def _record(outcomes: Any, total: int, quiet: bool) -> list[Outcome]:
    from rich.progress import Progress

    done: list[Outcome] = []
    with Progress(transient=True, disable=quiet) as progress:
        task = progress.add_task("recording the demo history", total=total)
        for outcome in outcomes:
            done.append(outcome)
            progress.advance(task)
    return done


CASE_STEPS = frozenset(
    {
        "member.discipline",
        "member.review-sanction",
        "member.rectify",
        "member.urge",
        "member.remove",
        "member.withdraw",
        "member.suspend-membership",
        "member.death",
    }
)


def cases(commands: list[dict[str, Any]], outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """The transfers, discipline and disposal steps of the demo, with their approvals."""
    involved = {c["member"] for c in commands if c["command"] in CASE_STEPS}
    rows: list[dict[str, Any]] = []
    for command, outcome in zip(commands, outcomes, strict=True):
        name = command["command"]
        in_case = name in CASE_STEPS or (name == "member.approve" and command["member"] in involved)
        if outcome.accepted and (name.startswith("transfer.") or in_case):
            detail = {
                k: v
                for k, v in command.items()
                if k in ("to", "branch", "by", "reason", "sanction", "months", "outcome", "basis")
            }
            rows.append(
                {"date": command["date"], "member": command["member"], "step": name, **detail}
            )
    return rows


def failed_votes(commands: list[dict[str, Any]], outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """The votes the demo records as failed and the elections it records as void."""
    return [
        {
            "date": command["date"],
            "subject": command.get("member") or command["branch"],
            "step": command["command"],
            "meeting": command["meeting"],
            "outcome": command["outcome"],
        }
        for command, outcome in zip(commands, outcomes, strict=True)
        if outcome.accepted and command.get("outcome") in ("failed", "void")
    ]


def _cases(rows: list[dict[str, Any]], on: date) -> None:
    table(
        f"Transfers, discipline and lapses to {on} ({counted(len(rows), 'step')})",
        ("date", "member", "step", "detail"),
        (
            (
                r["date"],
                r["member"],
                r["step"],
                ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("date", "member", "step")),
            )
            for r in rows
        ),
    )


# How far ahead the demo's due list looks from its date.
DUE_WITHIN = 90
# The reports the demo writes of its report year: a branch's, and its township's.
REPORTS = [("branch", "B01"), ("organisation", "TC01")]


def _compliance(reports: list[BranchCompliance], year: int, on: date) -> None:
    """Each branch's year in a row: obligations met, windows missed, findings by rule."""
    table(
        f"Compliance in {year} as of {on} (branchbook compliance --year {year})",
        ("branch", "windows met", "missed", "findings"),
        (
            (
                r.code,
                f"{sum(s.met for s in r.summary)}/{sum(s.judged for s in r.summary)}",
                "; ".join(_missed(s.rule, s.missed) for s in r.summary if s.missed) or "—",
                "; ".join(f"{rule} ×{n}" for rule, n in Counter(f.rule for f in r.findings).items())
                or "—",
            )
            for r in reports
        ),
    )


def _missed(rule: str, windows: tuple[str, ...]) -> str:
    return f"{rule} {windows[0]}" if len(windows) == 1 else f"{rule} ×{len(windows)}"


def _due(items: list[DueItem], on: date) -> None:
    table(
        f"Due or overdue on {on}, and due within {DUE_WITHIN} days (branchbook due)",
        ("due", "status", "kind", "subject", "rule"),
        ((i.due, i.status, i.kind, i.subject, i.rule) for i in items),
    )


def _show(
    outcomes: list[Outcome],
    branches: list[str],
    as_json: bool,
    case_rows: list[dict[str, Any]],
    failed: list[dict[str, Any]],
    *,
    written: list[str],
) -> None:
    from branchbook.cli.as_of import as_of_for
    from branchbook.projections.auditors.compliance import branch_codes, compliance
    from branchbook.projections.auditors.due import due_items
    from branchbook.projections.auditors.scoring import evaluation
    from branchbook.projections.branches.roster import roster
    from branchbook.projections.branches.view import branch_view
    from branchbook.projections.members.view import admitted
    from branchbook.workflows.demo import scoring
    from branchbook.workflows.demo.routine import REPORT_YEAR

    counts = Counter(o.status for o in outcomes)
    warned = [o for o in outcomes if o.warnings]
    refused = [o for o in outcomes if not o.accepted]
    with context().views.engine.connect() as conn:
        # The date every dated query answers for by default: the latest recorded step.
        as_of = as_of_for(conn, None)
        on = as_of.on
        version = context().rulebook.in_force(on)
        rosters = {code: roster(conn, code, latest=on) for code in branches}
        path = admitted(conn)
        views = [v for code in branches if (v := branch_view(conn, code, on, version))]
        first, last = date(REPORT_YEAR, 1, 1), date(REPORT_YEAR, 12, 31)
        yearly = context().rulebook.in_force(last)
        reports = [
            r
            for code in branch_codes(conn, first, last)
            if (r := compliance(conn, code, first, last, yearly, as_of=on))
        ]
        due = due_items(conn, on, version, DUE_WITHIN)
        graded = evaluation(conn, scoring.BRANCH, scoring.YEAR, context().rulebook)
    graded_said = graded.as_dict() if graded is not None else None
    if as_json:
        emit_json(
            {
                **as_of.as_dict(),
                "recorded": dict(counts),
                "events": sum(len(o.positions) for o in outcomes),
                "warnings": [o.as_dict() for o in warned],
                "not_accepted": [o.as_dict() for o in refused],
                "rosters": {code: [r.as_dict() for r in rows] for code, rows in rosters.items()},
                "branches": [v.as_dict() for v in views],
                "admitted": [m.as_dict() for m in path],
                "cases": case_rows,
                "failed_votes": failed,
                "reports": written,
                "evaluation": graded_said,
                "compliance": [
                    {
                        "branch": r.code,
                        "year": REPORT_YEAR,
                        "as_of": r.as_of.isoformat(),
                        "summary": [x.as_dict() for x in r.summary],
                        "findings": [f.as_dict() for f in r.findings],
                    }
                    for r in reports
                ],
                "due": {
                    "as_of": on.isoformat(),
                    "within": DUE_WITHIN,
                    "items": [i.as_dict() for i in due],
                },
            }
        )
        return
    tally = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    say(f"Recorded {counted(len(outcomes), 'step')}: {tally}")
    say()
    say(f"Soft rules broken ({len(warned)}), recorded with a warning:")
    for outcome in warned:
        say(f"  {outcome.subject}: {outcome.warnings[0]}")
    say()
    say(f"Steps the rulebook refused ({len(refused)}), nothing of them written:")
    for outcome in refused:
        say(f"  {outcome_line(outcome)}")
    say()
    table(
        f"Branches on {on}",
        ("branch", "people on the books", "full members", "probationary", "in the pipeline"),
        (
            (
                code,
                len(rows),
                sum(r.status == "full" for r in rows),
                sum(r.status in ("admitted", "probationary") for r in rows),
                sum(r.status in ("applicant", "activist", "candidate") for r in rows),
            )
            for code, rows in rosters.items()
        ),
    )
    _leaders(views, on)
    _cases(case_rows, on)
    table(
        f"Votes that did not carry to {on} ({len(failed)}), kept with their counts",
        ("date", "subject", "step", "meeting", "outcome"),
        ((r["date"], r["subject"], r["step"], r["meeting"], r["outcome"]) for r in failed),
    )
    _compliance(reports, REPORT_YEAR, min(on, last))
    if graded_said is not None:
        _evaluation(graded_said)
    _due(due, on)
    table(
        f"Admitted by assembly vote to {on} ({len(path)})",
        ("member", "branch", "status", "admitted", "probation ends", "full since"),
        (
            (
                m.number,
                m.branch,
                standing(m.status, m.extensions),
                m.admitted_on,
                m.probation_end,
                m.full_since,
            )
            for m in path
        ),
        atoms=("status",),
    )
    _try(path, case_rows, failed)
    say()
    say(f"The {REPORT_YEAR} reports, to open in a browser or print:")
    say_lines([f"  {report}" for report in written])


def _evaluation(said: dict[str, Any]) -> None:
    """The S003 evaluation the demo records: its total, grade and what capped the grade."""
    say(
        f"Evaluation of {said['branch']} for {said['year']} (S003): {said['total']} points, "
        f"grade {said['grade']} ({said['grade_en']})"
    )
    if said["triangle_short"]:
        items = ", ".join(str(item) for item in said["triangle_short"])
        said_grade = said["score_grade"]
        say(f"  capped at 基本合格 from {said_grade}: ▲ items short of full points: {items}")
    say()


def _try(path: list[Any], case_rows: list[dict[str, Any]], failed: list[dict[str, Any]]) -> None:
    """The queries to try next on the demo's store."""
    from branchbook.workflows.demo import scoring
    from branchbook.workflows.demo.routine import REPORT_YEAR

    sample = next((m.number for m in path if m.extensions), path[0].number if path else None)
    meeting = path[0].admitted_at if path else None
    hints = ["branchbook roster B01", "branchbook branch show B02", "branchbook branch list"]
    hints += [
        f"branchbook compliance --year {REPORT_YEAR} --branch V01",
        f"branchbook due --within {DUE_WITHIN}",
        "branchbook audit --warnings",
        "branchbook roster B02 --as-of 2023-03-19",
    ]
    hints += [f"branchbook member show {m}" for m in sorted({r["member"] for r in case_rows})]
    if sample:
        hints += [f"branchbook member show {sample}", f"branchbook member history {sample}"]
    if meeting:
        hints.append(f"branchbook meeting show {meeting}")
    hints += [f"branchbook meeting show {r['meeting']}" for r in failed]
    hints.append(f"branchbook evaluation show {scoring.BRANCH} --year {scoring.YEAR}")
    say("Try: " + " · ".join(hints))
