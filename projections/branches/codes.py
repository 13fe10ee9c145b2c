"""The codes the record knows: member numbers, branch and organisation codes, to suggest the one
meant when a code given is not found, and to complete one on the command line."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, select

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


def known_in(engine: Callable[[], Engine | None]) -> Callable[[str], list[str]]:
    """The codes of each kind the views through `engine()` hold, each kind read once, when
    first asked for; none when there is no engine or the views cannot be read (a suggestion
    is not worth a failure)."""
    read: dict[str, list[str]] = {}

    def known(kind: str) -> list[str]:
        if kind not in read:
            read[kind] = []
            try:
                opened = engine()
                if opened is not None:
                    with opened.connect() as conn:
                        read[kind] = codes(conn, kind)
            except Exception:  # noqa: S110 (no views yet, or not readable: no suggestion)
                pass
        return read[kind]

    return known
