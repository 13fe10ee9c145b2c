"""Who goes by this name? Members found by their name's blind index, in clear and encrypted views
alike (projections.storage.secrecy): the exact name as recorded, or as last corrected."""

from __future__ import annotations

from sqlalchemy import Connection, select

from branchbook.projections.members.view import MemberView, member
from branchbook.projections.storage.tables import members


def named(conn: Connection, name: str) -> list[MemberView]:
    """Every member whose name is `name`, by member number."""
    numbers = conn.execute(
        select(members.c.number).where(members.c.name_index == name).order_by(members.c.number)
    ).scalars()
    return [view for number in list(numbers) if (view := member(conn, number)) is not None]
