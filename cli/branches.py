"""Queries on branches and organisations: a branch on a date, every branch, the tree."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click

from branchbook.cli.as_of import DEFAULT_HELP, EMPTY, as_of_for
from branchbook.cli.completion import complete_branch
from branchbook.cli.near import not_found
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY
from branchbook.cli.wording import counted

if TYPE_CHECKING:
    from branchbook.projections.branches.view import BranchView

AS_OF = click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help=f"The roll, leadership, term and rulebook parameters as of this date {DEFAULT_HELP}.",
)


@click.command("show", short_help="A branch: roll, leadership, term and findings on a date.")
@click.argument("code", callback=CODE, shell_complete=complete_branch)
@AS_OF
@json_option
@store_options
def branch_show(code: str, as_of: date | None, as_json: bool) -> None:
    """Show the branch CODE as of a date: kind, parent organisations, size, the leadership in
    force with each member's roles, vacancies, the term with its reminder and state, the
    elections held, and what is out of line with the rulebook."""
    from branchbook.projections.branches.roster import branch_exists
    from branchbook.projections.branches.view import branch_view

    ctx = context()
    with ctx.views.engine.connect() as conn:
        if not branch_exists(conn, code):
            raise not_found(conn, "branch", code)
        when = as_of_for(conn, as_of)
        on = when.on
        version = ctx.rulebook.in_force(on)
        view = branch_view(conn, code, on, version)
        if view is None:
            raise not_found(conn, "branch", code)
    if as_json:
        emit_json({**when.as_dict(), **view.as_dict()})
        return
    table(f"Branch {view.code} {view.name} on {when.shown()}", ("", ""), _branch_lines(view))
    _leadership(view)
    _term(view)
    _elections(view)
    if not view.findings:
        say(f"Nothing out of line as of {on} (rulebook {view.rulebook}).")
        return
    table(
        f"Findings as of {on} (rulebook {view.rulebook})",
        ("rule", "finding", "source"),
        ((f.rule, f.message, f.citation) for f in view.findings),
    )


def _branch_lines(view: BranchView) -> list[tuple[str, Any]]:
    founding = str(view.founded)
    if view.approved_by:
        founding += f", approved by {view.approved_by}"
    if view.full_members_at_founding is not None:
        founding += f", {view.full_members_at_founding} full members"
    lines: list[tuple[str, Any]] = [
        ("kind", view.kind),
        ("status", view.status),
        ("organisations above", " < ".join(f"{o.code} {o.name}" for o in view.chain) or None),
        ("units", ", ".join(view.units) or None),
        ("founded", founding),
        ("dissolved", view.dissolved),
        (f"members on {view.as_of}", view.counts.size),
        ("full members", view.counts.full),
        ("voting members", view.counts.voters),
    ]
    return [(label, value) for label, value in lines if value is not None]


def _leadership(view: BranchView) -> None:
    office = view.office
    if office is None:
        say(f"No leadership is recorded as of {view.as_of}.")
        return
    table(
        f"Leadership since {office.since}: {office.structure}, {counted(office.seats, 'seat')}",
        ("member", "name", "roles"),
        ((m, view.names.get(m), ", ".join(office.role_of(m))) for m in office.members),
    )
    pending = None
    if office.pending is not None:
        secretary, deputy = office.pending
        pending = ", ".join(
            f"{title} {who}" for title, who in (("secretary", secretary), ("deputy", deputy)) if who
        )
    how = None
    if office.approved_by:
        how = f"{'appointed' if office.appointed else 'approved'} by {office.approved_by}"
    lines = [
        ("secretary", office.secretary or "none"),
        ("deputy", office.deputy),
        ("awaiting approval", pending),
        ("appointed/approved", how),
    ]
    table("Offices", ("", ""), [(k, v) for k, v in lines if v is not None])
    if view.vacancies:
        table(
            "Vacancies",
            ("since", "seat of", "reason", "days", ""),
            (
                (
                    v.since,
                    v.member or "(unfilled)",
                    v.reason,
                    v.days,
                    "overdue" if v.overdue else "",
                )
                for v in view.vacancies
            ),
        )


def _term(view: BranchView) -> None:
    term = view.office.term if view.office is not None else None
    if term is None:
        say(f"Term: {view.term_state}.")
        return
    lines: list[tuple[str, Any]] = [
        ("start", term.start),
        ("years", term.years),
        ("ordinary end", term.ordinary_end),
        ("extended", f"{counted(term.extended, 'month')}" if term.extended else None),
        (
            "advanced",
            f"{counted(term.advanced, 'month')}, from {term.earliest}" if term.advanced else None,
        ),
        ("end", term.end),
        ("reminder", view.reminder),
        (f"state on {view.as_of}", view.term_state),
    ]
    table("Term", ("", ""), [(k, v) for k, v in lines if v is not None])


def _elections(view: BranchView) -> None:
    if not view.elections:
        return
    table(
        "Elections",
        ("meeting", "held", "kind", "outcome"),
        (
            (e["meeting"], e["held"], e["kind"], _outcome(e))
            for e in (election.as_dict() for election in view.elections)
        ),
    )


def _outcome(election: dict[str, Any]) -> str:
    """Who filled how many of the seats, the seats left unfilled, and any tie."""
    elected: list[str] = election["elected"]
    text = (
        f"{len(elected)} of {counted(election['seats'], 'seat')}: {', '.join(elected) or 'no one'}"
    )
    if election["unfilled"]:
        text += f"; {election['unfilled']} unfilled"
    if election["tied"]:
        text += f"; tied for a re-vote: {', '.join(election['tied'])}"
    return text


@click.command("list", short_help="Every branch: size, leadership and term on a date.")
@AS_OF
@json_option
@store_options
def branch_list(as_of: date | None, as_json: bool) -> None:
    """Every branch by code as of a date: kind, parent, size, structure, secretary, the end of
    its term and the term's state (running, reminder due, overdue, no term)."""
    from branchbook.projections.branches.view import branch_list as read_list

    ctx = context()
    with ctx.views.engine.connect() as conn:
        when = as_of_for(conn, as_of)
        on = when.day
        rows = [] if on is None else read_list(conn, on, ctx.rulebook.in_force(on))
    if as_json:
        emit_json({**when.as_dict(), "branches": [r.as_dict() for r in rows]})
        return
    if on is None:
        say(EMPTY)
        return
    table(
        f"Branches as of {when.shown()} ({len(rows)})",
        ("code", "name", "kind", "parent", "size", "led by", "secretary", "term end", "term"),
        (
            (
                r.code,
                r.name,
                r.kind,
                r.parent,
                r.size,
                r.structure,
                r.secretary,
                r.term_end,
                r.term_state if r.status == "open" else r.status,
            )
            for r in rows
        ),
        atoms=("term",),
        wrap=("name",),
    )


@click.command("list", short_help="The tree of higher organisations and their branches.")
@json_option
@store_options
def org_list(as_json: bool) -> None:
    """Every higher organisation, as a tree from the top ones down, with the branches
    directly under each."""
    from branchbook.projections.branches.organisations import organisation_tree

    with context().views.engine.connect() as conn:
        nodes = organisation_tree(conn)
    if as_json:
        emit_json({"organisations": [n.as_dict() for n in nodes]})
        return
    table(
        f"Organisations ({len(nodes)})",
        ("code", "name", "kind", "approves admissions", "branches"),
        (
            (
                "  " * n.depth + n.organisation.code,
                n.organisation.name,
                n.organisation.kind,
                "yes" if n.organisation.authority else "",
                ", ".join(n.branches),
            )
            for n in nodes
        ),
        atoms=("code",),
        wrap=("name",),
    )
