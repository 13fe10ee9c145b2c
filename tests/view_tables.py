"""What the views hold, table by table: for comparing a rebuild with a catch-up."""

from __future__ import annotations

from sqlalchemy import select

from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.storage.tables import metadata, positions


def dump(views: CatchUp) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every view table but the position of the catch-up."""
    with views.engine.connect() as conn:
        return {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t)))
            for t in metadata.sorted_tables
            if t is not positions
        }
