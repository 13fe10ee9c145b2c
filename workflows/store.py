"""Where the record book lives: a SQLite file by default, or any SQLAlchemy URL."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "branchbook.db"
APP_NAME = "branchbook"  # fixed: the event table is named after it
EVENTS_TABLE = f"{APP_NAME}_events"  # where the library keeps the events, in log order by id


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL for a --db value: a URL as given, or a SQLite file path."""
    value = db or os.environ.get("BRANCHBOOK_DB") or DEFAULT_DB
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def persistence_env(url: str) -> dict[str, str]:
    """The eventsourcing environment for a store URL."""
    settings = {
        "PERSISTENCE_MODULE": "branchbook.workflows.persistence:Factory",
        "SQLALCHEMY_URL": url,
        "CREATE_TABLE": "y",
    }
    # The library prefers BRANCHBOOK_<KEY> to <KEY>: set both, so no stray variable in the
    # process environment can redirect the store away from --db.
    prefix = APP_NAME.upper() + "_"
    return {**settings, **{prefix + key: value for key, value in settings.items()}}


def remove_sqlite_store(url: str) -> None:
    """Delete a SQLite store file with its write-ahead log; refuses any other kind of store."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise ValueError("only a SQLite file store can be removed")
    path = Path(url[len(prefix) :])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
