"""Where the record book lives: a SQLite file by default, or any SQLAlchemy URL; and what is
found there before anything is opened for writing."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote, urlsplit

from branchbook.workflows.errors import BadInput, NotFound, StorageFailure

DEFAULT_DB = "branchbook.db"
APP_NAME = "branchbook"  # fixed: the event table is named after it
EVENTS_TABLE = f"{APP_NAME}_events"  # where the library keeps the events, in log order by id
KEYS_TABLE = f"{APP_NAME}_keys"  # the idempotency key of every recorded command
SQLITE_PREFIX = "sqlite:///"
DEFAULT_WAIT = 30.0  # seconds a writer waits for the store's write lock before giving up
WAIT_MAX = 3600.0  # the longest wait that may be asked for
# The databases, and their drivers, that branchbook is tested on.
DRIVERS = ("sqlite", "sqlite+pysqlite", "postgresql+psycopg")


class Found(Enum):
    """What a store location holds."""

    NOTHING = "nothing"  # no file, or a database without tables
    BRANCHBOOK = "branchbook"  # a branchbook store
    FOREIGN = "foreign"  # a database with tables, none of them branchbook's


def database_url(db: str | None) -> str:
    """The SQLAlchemy URL for a --db value: a URL as given, or a SQLite file path."""
    value = db or os.environ.get("BRANCHBOOK_DB") or DEFAULT_DB
    if "://" in value:
        check_url(value)
        return value
    if any(ch in value for ch in "?#"):
        raise BadInput(f"--db: a store path may not hold '?' or '#': {value!r}")
    return f"{SQLITE_PREFIX}{Path(value).expanduser().resolve()}"


def check_url(url: str) -> None:
    """Refuse a URL that is not of a database branchbook can keep its record in, with the
    driver it is tested with (SQLite; PostgreSQL through psycopg). Read as SQLAlchemy reads
    a URL, without loading it: a step recorded into a store named by URL needs none of it."""
    drivername = url.split("://", 1)[0]
    try:
        if not re.fullmatch(r"[\w+]+", drivername):
            raise ValueError(drivername)
        urlsplit(url).port  # noqa: B018 (a port that is not a number fails here, not later)
    except ValueError:
        raise BadInput(f"--db: {shown(url)} is not a database URL") from None
    if drivername not in DRIVERS:
        raise BadInput(
            f"--db: {drivername!r} is not a supported store; give a SQLite file path, "
            "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )
    if drivername.startswith("postgresql") and find_spec("psycopg") is None:
        raise BadInput(
            f"--db: the driver for {drivername} is not installed; "
            "pip install 'branchbook[postgres]'"
        )


def shown(url: str) -> str:
    """A store URL as it may be printed: without its password, or anything after a '?'."""
    if url.startswith(SQLITE_PREFIX) and "?" not in url:
        return url  # a file path holds no password
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).set(query={}).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "the given URL"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite file store, or None for any other store (or SQLite in memory)."""
    if url.startswith(SQLITE_PREFIX) and not any(ch in url for ch in "?#%@"):
        # What --db makes of a path: read without loading SQLAlchemy to parse it.
        given = url[len(SQLITE_PREFIX) :]
        plain = given and given != ":memory:" and not given.startswith("file:")
        return Path(given) if plain else None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database:
        return None
    if database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def persistence_env(
    url: str, wait: float = DEFAULT_WAIT, read_only: bool = False
) -> dict[str, str]:
    """The eventsourcing environment for a store URL."""
    settings = {
        "PERSISTENCE_MODULE": "branchbook.workflows.store.persistence:Factory",
        "SQLALCHEMY_URL": url,
        "CREATE_TABLE": "n" if read_only else "y",
        "STORE_WAIT_SECONDS": str(wait),
        "STORE_READ_ONLY": "y" if read_only else "n",
    }
    # The library prefers BRANCHBOOK_<KEY> to <KEY>: set both, so no stray variable in the
    # process environment can redirect the store away from --db.
    prefix = APP_NAME.upper() + "_"
    return {**settings, **{prefix + key: value for key, value in settings.items()}}


def writable(path: Path) -> bool:
    """Whether this process may write the store file and the journal files SQLite keeps
    beside it (which it can only create in a folder it may write)."""
    if not os.access(path, os.W_OK):
        return False
    wal = Path(f"{path}-wal")
    return os.access(path.parent, os.W_OK) or (wal.exists() and os.access(wal, os.W_OK))


def read_only_url(path: Path) -> str:
    """A URL that opens a SQLite store without writing a byte or creating a file.

    While a writer has the store open, its write-ahead log exists and is read through the
    shared-memory index beside it (mode=ro). Otherwise the file is opened as immutable, so
    SQLite creates no -wal or -shm file in a folder that is not ours.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    mode = "mode=ro" if wal.exists() and shm.exists() else "immutable=1"
    return f"{SQLITE_PREFIX}file:{quote(str(path))}?{mode}&uri=true"


def survey_sqlite(path: Path) -> Found:
    """What a SQLite file holds, read without creating or changing anything."""
    if not path.exists():
        return Found.NOTHING
    if path.is_dir():
        raise StorageFailure(f"{path} is a folder, not a store file")
    if path.stat().st_size == 0:
        return Found.NOTHING
    uri = f"file:{quote(str(path))}?{read_only_url(path).rsplit('?', 1)[1]}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StorageFailure(f"cannot open the store {path}: {exc}") from None
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({EVENTS_TABLE})")}
    except sqlite3.DatabaseError as exc:
        raise StorageFailure(f"{path} is not a branchbook store: {exc}") from None
    finally:
        conn.close()
    return _found(names, columns)


def survey_server(url: str) -> Found:
    """What a database server's store holds: whether branchbook's tables are there."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            seen = inspect(conn)
            names = set(seen.get_table_names())
            columns = (
                {c["name"] for c in seen.get_columns(EVENTS_TABLE)}
                if EVENTS_TABLE in names
                else set()
            )
    except SQLAlchemyError as exc:
        raise StorageFailure(f"cannot open the store {shown(url)}: {reason(exc)}") from None
    finally:
        engine.dispose()
    # A server database is shared by design: other tables beside branchbook's are no sign
    # that the store is someone else's; an events table of another shape is.
    found = _found(names, columns)
    return Found.NOTHING if found is Found.FOREIGN and EVENTS_TABLE not in names else found


# The columns of the events table as the library makes it.
EVENT_COLUMNS = frozenset({"id", "originator_id", "originator_version", "topic", "state"})


def _found(names: set[str], columns: set[str]) -> Found:
    if EVENTS_TABLE in names:
        return Found.BRANCHBOOK if columns >= EVENT_COLUMNS else Found.FOREIGN
    return Found.FOREIGN if names else Found.NOTHING


def survey(url: str) -> Found:
    """What the store at `url` holds, found without writing anything."""
    path = sqlite_path(url)
    if path is not None:
        return survey_sqlite(path)
    if url.startswith("sqlite"):
        return Found.NOTHING  # in memory: always new
    return survey_server(url)


def existing(url: str) -> Found:
    """The store at `url` for a query: refused when there is none, or it is not branchbook's."""
    found = survey(url)
    if found is Found.NOTHING:
        path = sqlite_path(url)
        # A URL's path is relative to the working folder (sqlite:///x.db): say where that is.
        raise NotFound(f"no store at {path.absolute() if path is not None else shown(url)}")
    if found is Found.FOREIGN:
        raise StorageFailure(foreign_message(url))
    return found


def foreign_message(url: str) -> str:
    path = sqlite_path(url)
    where = path if path is not None else shown(url)
    return f"{where} is a database with tables of its own, not a branchbook store; not touched"


def create_private_file(path: Path) -> None:
    """Create an empty store file that only its owner may read; SQLite gives the files it
    keeps beside it the same permissions."""
    if not path.parent.is_dir():
        raise StorageFailure(f"cannot create the store {path}: no folder {path.parent}")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageFailure(f"cannot create the store {path}: {exc.strerror}") from None
    os.close(fd)


def reason(exc: BaseException) -> str:
    """What went wrong in a database error, in one line, without the statement or its
    parameters (which may hold a person's name or birth date)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException):
            current = orig
            break
        if current.__cause__ is None:
            break
        current = current.__cause__
    text = str(current).strip() if current is not None else ""
    line = text.splitlines()[0] if text else type(exc).__name__
    return line.split("[SQL:", 1)[0].strip() or type(exc).__name__


def is_locked(exc: BaseException) -> bool:
    """Whether a database error says another writer holds the lock."""
    text = reason(exc).lower()
    return "database is locked" in text or "lock timeout" in text or "could not obtain lock" in text


def storage_message(exc: BaseException, wait: float) -> str | None:
    """One line for an error raised by the database, or None if it is not one."""
    if not isinstance(exc, sqlite3.Error) and not _loaded_error(exc):
        return None
    if is_locked(exc):
        return f"the store is locked by another writer; still locked after {wait:g} s (see --wait)"
    return f"storage failure: {reason(exc)}"


def _loaded_error(exc: BaseException) -> bool:
    """Whether the event store, SQLAlchemy or PostgreSQL's driver raised this. A command that
    never loaded one of their modules cannot have met its errors, so none is loaded to ask."""
    for module, name in (
        ("eventsourcing.persistence", "PersistenceError"),
        ("sqlalchemy.exc", "SQLAlchemyError"),
        ("psycopg", "Error"),
    ):
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False
