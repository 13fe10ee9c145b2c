"""Queries answered from the read models, caught up before they answer."""

from __future__ import annotations

import click

from cli.context import Failure
from cli.options import context, json_option, store_options
from cli.render import emit_json, table


@click.command(short_help="Who is on a branch's books now.")
@click.argument("branch")
@json_option
@store_options
def roster(branch: str, as_json: bool) -> None:
    """Who is on the books of BRANCH now (by branch code), with status and key dates."""
    from projections.roster import branch_exists
    from projections.roster import roster as read_roster

    views = context().views
    with views.engine.connect() as conn:
        if not branch_exists(conn, branch):
            raise Failure(f"branch {branch} is not in the record", 4)
        rows = read_roster(conn, branch)
    if as_json:
        emit_json({"branch": branch, "members": [r.as_dict() for r in rows]})
        return
    table(
        f"Roster of {branch} ({len(rows)} on the books)",
        ("member", "name", "status", "since", "birth", "talked"),
        ((r.number, r.name, r.status, r.since, r.birth, r.talked) for r in rows),
    )
