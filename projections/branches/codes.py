"""The codes the record knows: member numbers, branch and organisation codes, to suggest the one
meant when a code given is not found, and to complete one on the command line."""

from __future__ import annotations

from sqlalchemy import Connection, select

from branchbook.projections.storage.tables import branches, members, organisations

# Each kind of code, and the view column that holds every code of that kind.
COLUMNS = {
    "member": members.c.number,
    "branch": branches.c.code,
    "organisation": organisations.c.code,
}


def codes(conn: Connection, kind: str, prefix: str = "") -> list[str]:
    """Every code of `kind` (member, branch, organisation) in the views, in order; only those
    starting with `prefix` when one is given."""
    column = COLUMNS[kind]
    query = select(column).order_by(column)
    if prefix:
        query = query.where(column.startswith(prefix, autoescape=True))
    return list(conn.execute(query).scalars())
