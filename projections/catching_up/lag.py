"""How far the views stand against the log, read without writing: whether they hold every event
(a query then needs no catch-up), or the last event they applied and the log's end."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, column, func, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

from branchbook.projections.storage.tables import VIEW_SCHEMA, positions, unplaced

VIEWS = "views"
# The row of bb_view_positions that holds the VIEW_SCHEMA the views were built with.
SCHEMA = "schema"


def current(engine: Engine, log: str) -> bool:
    """Whether views of this VIEW_SCHEMA have applied every event of the log table `log`:
    then a query needs no catch-up, and nothing of the event store need be opened."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(positions.name):
                return False
            rows = conn.execute(select(positions.c.name, positions.c.position)).all()
            held = {row.name: row.position for row in rows}
            end = conn.execute(select(func.max(column("id"))).select_from(table(log))).scalar()
    except SQLAlchemyError:
        return False
    return end is not None and held.get(SCHEMA) == VIEW_SCHEMA and held.get(VIEWS) == end


def lag(engine: Engine, log: str) -> tuple[int | None, int, int | None]:
    """How far the views stand: the last event they applied (None if they were never built),
    the end of the log table `log`, and their VIEW_SCHEMA."""
    with engine.connect() as conn:
        end = conn.execute(select(func.max(column("id"))).select_from(table(log))).scalar() or 0
        if not inspect(conn).has_table(positions.name):
            return None, int(end), None
        rows = conn.execute(select(positions.c.name, positions.c.position)).all()
    held = {row.name: row.position for row in rows}
    return held.get(VIEWS), int(end), held.get(SCHEMA)


def unplaced_count(conn: Connection) -> int:
    """How many recorded events the views could not place (listed by catching_up.unplaced)."""
    return int(conn.execute(select(func.count()).select_from(unplaced)).scalar_one())
