"""The scoring schemes' queries: an organisation's evaluation for a year, the evaluation table,
and members' points for a year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from branchbook.cli.completion import complete_branch, complete_member
from branchbook.cli.context import Failure
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, YEAR
from branchbook.cli.wording import counted

if TYPE_CHECKING:
    from branchbook.projections.auditors.scoring import EvaluationReport

SOURCES = {"given": "given", "per-time": "per time", "record": "record", None: "not scored"}


@click.command("show", short_help="A branch's S003 evaluation for a year, graded.")
@click.argument("code", callback=CODE, shell_complete=complete_branch)
@click.option("--year", callback=YEAR, metavar="YYYY", required=True, help="The year evaluated.")
@json_option
@store_options
def evaluation_show(code: str, year: int, as_json: bool) -> None:
    """Show the S003 evaluation of the branch CODE for a year: every item of the 100-point
    table with its points and where they come from (given, per time, pre-filled from the
    record), the section totals, the total and its grade (合格 80 and over, 基本合格 60 to
    under 80, 不合格 under 60, by the rulebook's boundary_mode), a note when the total sits on
    a boundary, the ▲ items short of full points that cap the grade at 基本合格, and the
    consequences S003 §三.3 attaches to the grade, including two 不合格 years in a row.
    The rulebook version is the one in force on the year's last day.
    Exit codes: 4 unknown branch or no evaluation recorded for the year."""
    from branchbook.projections.auditors.scoring import evaluation
    from branchbook.projections.branches.roster import branch_exists

    ctx = context()
    with ctx.views.engine.connect() as conn:
        if not branch_exists(conn, code):
            raise not_found(conn, "branch", code)
        try:
            report = evaluation(conn, code, year, ctx.rulebook)
        except ValueError as exc:  # a rulebook file with a boundary mode or cap not known
            raise Failure(f"rulebook: {exc}", 2) from None
    if report is None:
        raise Failure(f"no evaluation of {code} for {year} is in the record", 4)
    if as_json:
        emit_json(report.as_dict())
        return
    _show(report)


def _show(report: EvaluationReport) -> None:
    g = report.grade
    table(
        f"Evaluation of {g.branch} for {g.year} (S003 annex), rulebook {g.rulebook}",
        ("item", "▲", "max", "points", "from", "label", "detail"),
        (
            (r.item.id, "▲" if r.item.triangle else "", r.item.points,
             "—" if r.mark.points is None else r.mark.points, SOURCES[r.mark.source],
             r.item.en, r.mark.detail)
            for r in g.items
        ),
    )  # fmt: skip
    table(
        "Sections",
        ("section", "points", "weight"),
        ((numeral, points, weight) for numeral, points, weight in g.sections),
    )
    say(f"total: {g.total} — band {g.score_grade}; grade {g.grade}")
    if g.boundary:
        say(f"boundary: {g.boundary}")
    if g.triangle_short:
        say("▲ short of full points: " + ", ".join(g.triangle_short))
    say("pre-filled from the record: " + (", ".join(g.prefilled) or "none"))
    for item, why in report.left.items():
        say(f"not pre-filled: {item} — {why}")
    if report.open_windows:
        still = f"open windows: {report.open_windows}, not scored yet"
        say(f"{still} (not over by the latest recorded step)")
    for note in g.notes:
        say(f"note: {note}")
    for year, grade in report.earlier:
        say(f"{year}: {grade or 'no evaluation recorded'}")
    for consequence in g.consequences:
        say(f"consequence: {consequence} [S003 §三.3]")
    if not g.consequences:
        say("consequence: none")


@click.command("items", short_help="The S003 evaluation table: 55 items, 100 points.")
@json_option
def evaluation_items(as_json: bool) -> None:
    """List the items of the S003 evaluation table (涪陵区国有企业党组织规范化建设评分标准): id,
    section, ▲, points, how each is scored and its opening words."""
    from branchbook.domain.eval_table import ITEMS

    if as_json:
        emit_json({"items": [item.as_dict() for item in ITEMS]})
        return
    table(
        "S003 evaluation table",
        ("item", "section", "▲", "max", "scored", "label", "text"),
        (
            (i.id, i.section, "▲" if i.triangle else "", i.points, i.scored, i.en, i.zh)
            for i in ITEMS
        ),
    )


@click.command("show", short_help="Members' S002 points for a year, with the annual total.")
@click.option("--year", callback=YEAR, metavar="YYYY", required=True, help="The year.")
@click.option(
    "--member",
    callback=CODE,
    metavar="NUMBER",
    shell_complete=complete_member,
    help="Only this member.",
)
@click.option(
    "--branch",
    callback=CODE,
    metavar="CODE",
    shell_complete=complete_branch,
    help="Only this branch's members.",
)
@json_option
@store_options
def points_show(year: int, member: str | None, branch: str | None, as_json: bool) -> None:
    """Show the S002 points recorded for a year: each member's category, individual, group
    and annual evaluation scores, and the annual total 0.5·I + 0.3·G + 0.2·E (the weights of
    the rulebook in force on the year's last day), with the members in each category.
    Exit codes: 4 unknown member or branch."""
    from datetime import date

    from branchbook.projections.auditors.scoring import categories, member_points
    from branchbook.projections.branches.roster import branch_exists
    from branchbook.projections.members.view import member as member_view

    ctx = context()
    version = ctx.rulebook.in_force(date(year, 12, 31))
    with ctx.views.engine.connect() as conn:
        if branch is not None and not branch_exists(conn, branch):
            raise not_found(conn, "branch", branch)
        if member is not None and member_view(conn, member) is None:
            raise not_found(conn, "member", member)
        found = member_points(conn, year, version, member=member, branch=branch)
    counts = categories(found)
    if as_json:
        emit_json(
            {
                "year": year,
                "rulebook": version.fingerprint,
                "members": [p.as_dict() for p in found],
                "categories": counts,
            }
        )
        return
    table(
        f"Member points for {year}, rulebook {version.fingerprint}",
        ("member", "branch", "category", "individual", "group", "annual", "total"),
        (
            (p.member, p.branch, p.category or "—", *(_shown(p.scores.get(c)) for c in
             ("individual", "group", "annual")), _shown(p.total))
            for p in found
        ),
    )  # fmt: skip
    if not found:
        say(f"No points are recorded for {year}.")
    for category, count in counts.items():
        say(f"category {category}: {counted(count, 'member')}")


def _shown(value: object) -> str:
    return "—" if value is None else str(value)
