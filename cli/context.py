"""What every command shares: the store, the rulebook and the actor, opened only when needed."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from branchbook.domain.inert import shown

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from branchbook.domain.rules import Rulebook
    from branchbook.projections.catching_up.catchup import CatchUp
    from branchbook.workflows.recording.recorder import Recorder
    from branchbook.workflows.store.app import BranchBook
    from branchbook.workflows.store.keyring import Keyring


READER_WAIT = 1.0  # seconds a query waits for the store's lock before answering as things stand


class Failure(click.ClickException):
    """Raised to end a command with one line on stderr and a documented exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        # click declares exit_code on the class; each failure here carries its own.
        vars(self)["exit_code"] = code

    def format_message(self) -> str:
        # The message may quote recorded or given text: show its control characters.
        return shown(self.message)


class Views:
    """Read models already current: queries read them through this engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


class Context:
    """The options of the run, and the application built from them on first use."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.rules: str | None = os.environ.get("BRANCHBOOK_RULES") or None
        self._actor: str | None = os.environ.get("BRANCHBOOK_ACTOR") or None
        self.profile: str | None = os.environ.get("BRANCHBOOK_PROFILE") or None
        self.wait: float | None = None
        self.read_only: bool = False
        self.key_file: str | None = os.environ.get("BRANCHBOOK_KEY_FILE") or None
        self._engines: list[Engine] = []
        self._apps: list[BranchBook] = []  # others than the store's own, closed with it

    @property
    def actor(self) -> str:
        """Who records the steps: --actor, BRANCHBOOK_ACTOR, or the user of the OS (asked
        only by a command that records)."""
        if self._actor is None:
            self._actor = _os_user()
        return self._actor

    @actor.setter
    def actor(self, value: str) -> None:
        self._actor = value

    @property
    def wait_seconds(self) -> float:
        from branchbook.workflows.store.location import DEFAULT_WAIT

        return DEFAULT_WAIT if self.wait is None else self.wait

    @cached_property
    def reading_only(self) -> bool:
        """Whether the store is opened without writing: asked for, or a file this process
        may not write."""
        from branchbook.workflows.store.location import sqlite_path, writable

        path = sqlite_path(self.url)
        return self.read_only or (path is not None and path.exists() and not writable(path))

    def close(self) -> None:
        """Release the store: the application if it was opened, and any engine of the views."""
        opened = vars(self).get("app")
        if opened is not None:
            opened.close()
        for engine in self._engines:
            engine.dispose()
        self._engines.clear()
        for app in self._apps:
            app.close()
        self._apps.clear()

    def closing(self, app: BranchBook) -> None:
        """Close another application (a scratch store, say) when the command ends."""
        self._apps.append(app)

    @cached_property
    def keyring(self) -> Keyring | None:
        """The keys of --key-file, or None when no key is given; a file that is missing,
        unreadable or not a key file is bad input (exit 2)."""
        from branchbook.workflows.store.keyring import read_key_file

        return None if not self.key_file else read_key_file(Path(self.key_file))

    def decrypt_views(self, engine: Engine) -> None:
        """Read the views through this engine with the key they were written with: refused
        (exit 8) when they are encrypted and that key was not given."""
        from sqlalchemy import inspect

        from branchbook.projections.storage.secrecy import check_key, encrypt_views, encrypted_with
        from branchbook.projections.storage.tables import positions

        with engine.connect() as conn:
            encrypted = encrypted_with(conn) if inspect(conn).has_table(positions.name) else None
        check_key(encrypted, self.keyring)
        encrypt_views(engine, self.keyring if encrypted is not None else None)

    @cached_property
    def url(self) -> str:
        from branchbook.workflows.store.location import database_url

        return database_url(self.db)

    @cached_property
    def app(self) -> BranchBook:
        """The application, for recording: the store is created if there is none yet."""
        from branchbook.workflows.errors import StorageFailure
        from branchbook.workflows.store.app import BranchBook
        from branchbook.workflows.store.location import (
            Found,
            foreign_message,
            reason,
            shown,
            survey,
        )

        if self.reading_only:
            raise StorageFailure(
                f"the store {shown(self.url)} is open read-only: nothing can be recorded"
            )
        if survey(self.url) is Found.FOREIGN:
            raise StorageFailure(foreign_message(self.url))
        keyring = self.keyring  # a bad key file is bad input, not a store that cannot open
        try:
            return BranchBook(self.url, wait=self.wait_seconds, keyring=keyring)
        except StorageFailure:
            raise
        except Exception as exc:
            raise StorageFailure(f"cannot open the store {shown(self.url)}: {reason(exc)}") from exc

    def reopen(self) -> None:
        """Close the application, so the next use opens the store afresh."""
        opened = vars(self).pop("app", None)
        if opened is not None:
            opened.close()
        vars(self).pop("recorder", None)

    def existing_app(self) -> BranchBook:
        """The application on a store that must already exist (no new store is made)."""
        from branchbook.workflows.store.location import existing

        existing(self.url)
        return self.app

    @cached_property
    def rulebook(self) -> Rulebook:
        from branchbook.domain.catalogue import builtin_rulebook
        from branchbook.domain.catalogue.profiles import S000

        try:
            base = builtin_rulebook(self.profile or S000)
        except ValueError as exc:
            raise Failure(str(exc), 2) from None
        if not self.rules:
            return base
        from branchbook.domain.rulefile import RulebookError, load_rulebook

        path = Path(self.rules)
        try:
            return load_rulebook(rulebook_bytes(path), base)
        except RulebookError as exc:
            raise Failure(f"{path}: {exc}", 2) from None

    @cached_property
    def recorder(self) -> Recorder:
        from branchbook.cli.known import known_in
        from branchbook.workflows.recording.recorder import Recorder

        recorder = Recorder(self.app, self.rulebook, self.actor)
        # The views of a store in memory share the recording's one connection: not read then.
        recorder.known = known_in(lambda: None if self.app.database.memory else self.app.engine)
        return recorder

    @cached_property
    def views(self) -> Views | CatchUp:
        """The read models, caught up with the store before they answer. When they already
        hold every event, only the database is opened: not the event store's machinery.
        A store opened read-only answers from the views as they stand."""
        from branchbook.projections.catching_up.lag import current
        from branchbook.workflows.store.engines import open_engine
        from branchbook.workflows.store.location import EVENTS_TABLE, existing

        self.keyring  # noqa: B018 (a bad key file is bad input before anything is read)
        existing(self.url)
        if self.reading_only:
            views_now = self._views_as_they_stand()
            note_unplaced(views_now.engine)
            return views_now
        views: Views | CatchUp | None = None
        if "app" not in vars(self):
            engine = open_engine(self.url, self.wait_seconds)
            if current(engine, EVENTS_TABLE) and self._encrypted_as_asked(engine):
                self._engines.append(engine)
                views = Views(engine)
            else:
                engine.dispose()
        views = views or self.caught_up()
        note_unplaced(views.engine)
        return views

    def _encrypted_as_asked(self, engine: Engine) -> bool:
        """Whether the views are encrypted if and only if they should be (else a catch-up encrypts
        them, rebuilding them); refused (exit 8) when encrypted views lack their key."""
        from branchbook.projections.storage.secrecy import keyring_of

        self.decrypt_views(engine)
        return (keyring_of(engine) is not None) == (self.view_keyring(engine) is not None)

    def view_keyring(self, engine: Engine) -> Keyring | None:
        """The keyring the views are written with: the key given, once the store holds an
        encrypted event (the views of a store whose events are all clear stay clear).
        Refused (exit 8) when the store is encrypted and its latest key was not given, before
        anything of the views is touched."""
        from branchbook.workflows.errors import Encrypted
        from branchbook.workflows.store.key_ids import latest_key_id
        from branchbook.workflows.store.keyring import NO_KEY

        with engine.connect() as conn:
            latest = latest_key_id(conn)
        if latest is None:
            return None
        if self.keyring is None:
            raise Encrypted(NO_KEY)
        self.keyring.require(latest)
        return self.keyring

    def read_only_engine(self) -> Engine:
        """An engine that reads the store and writes nothing, creating no file beside it."""
        from branchbook.workflows.store.engines import open_engine
        from branchbook.workflows.store.location import read_only_url, sqlite_path

        path = sqlite_path(self.url)
        url = self.url if path is None else read_only_url(path)
        if path is not None and "immutable=1" in url and unread_log(path):
            from branchbook.cli.safe_text import say

            say(
                f"note: {path}-wal holds {unread_log(path):,} bytes of steps not yet merged "
                "into the store, which SQLite cannot read without write access to the folder "
                "(or the -shm file beside it); answers leave them out",
                err=True,
            )
        engine = open_engine(url, self.wait_seconds, read_only=True)
        self._engines.append(engine)
        self.decrypt_views(engine)
        return engine

    def _views_as_they_stand(self, why: str = "read-only store") -> Views:
        """The views without catching up (the store is read-only, or another writer holds
        it); stderr says how far they lag."""
        from branchbook.projections.catching_up.broken_log import beyond_end
        from branchbook.projections.catching_up.lag import lag
        from branchbook.projections.storage.tables import VIEW_SCHEMA
        from branchbook.workflows.errors import StorageFailure
        from branchbook.workflows.store.location import EVENTS_TABLE

        engine = self.read_only_engine()
        applied, end, schema = lag(engine, EVENTS_TABLE)
        if applied is not None and applied > end:
            raise beyond_end(applied, end)
        if applied is None or schema != VIEW_SCHEMA:
            state = "not built" if applied is None else f"of another version ({schema})"
            if why != "read-only store":
                raise StorageFailure(f"{why} and the views are {state}; ask again once it is done")
            raise StorageFailure(
                f"the store is open read-only and its views are {state}; open it once with "
                "write access (any query, or `projections rebuild`)"
            )
        if end > applied:
            from branchbook.cli.safe_text import say

            say(
                f"note: {why}: the views are {end - applied} "
                f"event{'' if end - applied == 1 else 's'} behind the log "
                f"(at #{applied} of #{end}); answers are as of #{applied}",
                err=True,
            )
        return Views(engine)

    def catch_up(self, lock_wait: float | None = None) -> CatchUp:
        """The read models through the event store, not yet caught up; their writes wait
        `lock_wait` seconds for the store's lock (default: --wait)."""
        from branchbook.projections.auditors import audit_trail as audit
        from branchbook.projections.catching_up.catchup import CatchUp
        from branchbook.projections.catching_up.every_view import project
        from branchbook.workflows.errors import Encrypted
        from branchbook.workflows.store.engines import open_engine
        from branchbook.workflows.store.schema import CHAIN_TABLE

        app = self.existing_app()
        engine = app.engine
        if lock_wait is not None:
            engine = open_engine(self.url, lock_wait)
            self._engines.append(engine)
        return CatchUp(
            engine,
            app.recorder,
            app.mapper.to_domain_event,
            project,
            audit=audit.project,
            chain=CHAIN_TABLE,
            keyring=self.view_keyring(engine),
            fatal=(Encrypted,),
        )

    def caught_up(self) -> Views | CatchUp:
        """The read models through the event store, after applying whatever they lack. A
        query does not wait on another writer: while one holds the store, it answers from the
        views as they stand and says so."""
        from branchbook.workflows.store.location import is_locked

        try:
            views = self.catch_up(lock_wait=min(READER_WAIT, self.wait_seconds))
            views.run()
        except Exception as exc:
            if not is_locked(exc):
                raise
            return self._views_as_they_stand("another writer holds the store")
        return views


def unread_log(path: Path) -> int:
    """The size of a write-ahead log beside a store, 0 if there is none."""
    wal = Path(f"{path}-wal")
    return wal.stat().st_size if wal.exists() else 0


def note_unplaced(engine: Engine) -> None:
    """Say in one line on stderr when the views left recorded events out of every answer."""
    from branchbook.projections.catching_up.lag import unplaced_count

    with engine.connect() as conn:
        left_out = unplaced_count(conn)
    if left_out:
        from branchbook.cli.safe_text import say

        s = "" if left_out == 1 else "s"
        say(
            f"note: {left_out} recorded event{s} could not be placed in the views; "
            "see `branchbook projections status`",
            err=True,
        )


def rulebook_bytes(path: Path) -> bytes:
    """A rulebook file's bytes, read no further than one past the size a rulebook may be."""
    from branchbook.domain.rulefile import FILE_MAX_BYTES

    try:
        with path.open("rb") as file:
            return file.read(FILE_MAX_BYTES + 1)
    except OSError as exc:
        raise Failure(f"cannot read rulebook file {path}: {exc.strerror}", 2) from None


def _os_user() -> str:
    """The login name, found as getpass.getuser finds it (without loading getpass, which
    loads the terminal's machinery)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        user = os.environ.get(name)
        if user:
            return user
    try:
        import pwd

        return pwd.getpwuid(os.getuid())[0]
    except (ImportError, KeyError, OSError):
        return "unknown"
