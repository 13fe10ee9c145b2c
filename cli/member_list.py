"""`branchbook member list`: members now or on a date, by branch, standing or part of a name."""

from __future__ import annotations

from datetime import date

import click

from branchbook.cli.as_of import DEFAULT_HELP, as_of_for
from branchbook.cli.completion import complete_branch
from branchbook.cli.exports import export_options, exported
from branchbook.cli.options import context, json_option, store_options
from branchbook.cli.render import emit_json, table
from branchbook.cli.safe_text import say
from branchbook.cli.values import CODE, DAY, NAME

# The standings a member may be in (projections.members.listing.STATUSES), not imported here
# so that --help reads no database code; a test holds the two equal.
STATUSES = (
    "applicant",
    "activist",
    "candidate",
    "admitted",
    "probationary",
    "full",
    "not-approved",
    "revoked",
    "suspended",
    "expelled",
    "removed",
    "deceased",
)


@click.command("list", short_help="Members, by branch, standing or part of a name.")
@click.option(
    "--branch",
    callback=CODE,
    metavar="CODE",
    shell_complete=complete_branch,
    help="Only the members of this branch (on --as-of).",
)
@click.option(
    "--status",
    type=click.Choice(STATUSES, case_sensitive=False),
    help="Only the members in this standing (on --as-of).",
)
@click.option(
    "--name",
    callback=NAME,
    metavar="TEXT",
    help="Only the members whose name holds TEXT (case ignored: --name 王 finds 王芳 and 王小明).",
)
@click.option(
    "--as-of",
    callback=DAY,
    metavar="YYYY-MM-DD",
    help=f"The members the record knows on this date, as they stood then {DEFAULT_HELP}.",
)
@json_option
@export_options
@store_options
def member_list(
    branch: str | None, status: str | None, name: str | None, as_of: date | None, as_json: bool
) -> None:
    """Every member by member number, with name, birth date, branch, standing and since when,
    as the record stands now or on --as-of: everyone the record knows, ended memberships too
    (narrow with --status). The names are read to be matched: an encrypted store needs its key
    (exit 8 without it). Exit 4 for a branch not in the record; no member matching is not an
    error (exit 0)."""
    from branchbook.cli.near import not_found
    from branchbook.projections.branches.roster import branch_exists
    from branchbook.projections.members.listing import COLUMNS, member_rows

    status = status.lower() if status else None
    with context().views.engine.connect() as conn:
        if branch is not None and not branch_exists(conn, branch):
            raise not_found(conn, "branch", branch)
        when = as_of_for(conn, as_of)
        # Without --as-of the record as it stands is the latest recorded step's.
        rows = member_rows(conn, branch=branch, status=status, name=name, on=as_of)
    if exported(COLUMNS, rows, when):
        return
    if as_json:
        asked = {"branch": branch, "status": status, "name": name}
        emit_json({**when.as_dict(), **asked, "members": rows})
        return
    if not rows:
        say(f"No member matches on {when.shown()}.")
        return
    table(
        f"Members on {when.shown()} ({len(rows)})",
        ("member", "name", "birth", "branch", "status", "since"),
        ((r["member"], r["name"], r["birth"], r["branch"], r["status"], r["since"]) for r in rows),
    )
