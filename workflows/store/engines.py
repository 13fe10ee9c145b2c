"""Engines on the store: how long each connection waits for a lock, and whether it may write.

Kept apart from the event store's machinery, so that a query whose views are current opens the
database without loading it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from branchbook.workflows.store.statements import settings


def connection_settings(engine: Engine, wait: float, read_only: bool) -> Any:
    """What every new connection is told: how long to wait for a lock, and whether it may
    write."""
    statements = settings(engine.dialect.name, wait, read_only)

    def configure(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
        finally:
            cursor.close()
        if engine.dialect.name != "sqlite":
            dbapi_connection.commit()

    return configure


def open_engine(url: str, wait: float, read_only: bool = False) -> Engine:
    """An engine on the store for the read models, with the same lock wait as the writer and,
    when read-only, no way to write."""
    engine = create_engine(url)
    event.listen(engine, "connect", connection_settings(engine, wait, read_only))
    return engine
