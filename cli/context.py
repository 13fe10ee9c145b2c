"""What every command shares: the store, the rulebook and the actor, opened only when needed."""

from __future__ import annotations

import getpass
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from branchbook.domain.rules import Rulebook
    from branchbook.projections.catchup import CatchUp
    from branchbook.workflows.app import BranchBook
    from branchbook.workflows.recorder import Recorder


class Failure(click.ClickException):
    """Raised to end a command with one line on stderr and a documented exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        # click declares exit_code on the class; each failure here carries its own.
        vars(self)["exit_code"] = code


class Views:
    """Read models already current: queries read them through this engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine


class Context:
    """The options of the run, and the application built from them on first use."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.rules: str | None = os.environ.get("BRANCHBOOK_RULES") or None
        self.actor: str = os.environ.get("BRANCHBOOK_ACTOR") or _os_user()
        self.profile: str | None = os.environ.get("BRANCHBOOK_PROFILE") or None
        self._engines: list[Engine] = []

    def close(self) -> None:
        """Release the store: the application if it was opened, and any engine of the views."""
        opened = vars(self).get("app")
        if opened is not None:
            opened.close()
        for engine in self._engines:
            engine.dispose()
        self._engines.clear()

    @cached_property
    def url(self) -> str:
        from branchbook.workflows.store import database_url

        return database_url(self.db)

    @cached_property
    def app(self) -> BranchBook:
        from branchbook.workflows.app import BranchBook
        from branchbook.workflows.errors import StorageFailure

        try:
            return BranchBook(self.url)
        except Exception as exc:
            raise StorageFailure(f"cannot open the store {self.url}: {_first_line(exc)}") from exc

    @cached_property
    def rulebook(self) -> Rulebook:
        from branchbook.domain.catalogue import builtin_rulebook
        from branchbook.domain.catalogue.profiles import S000
        from branchbook.domain.rulefile import RulebookError, load_rulebook

        try:
            base = builtin_rulebook(self.profile or S000)
        except ValueError as exc:
            raise Failure(str(exc), 2) from None
        if not self.rules:
            return base
        path = Path(self.rules)
        try:
            return load_rulebook(rulebook_bytes(path), base)
        except RulebookError as exc:
            raise Failure(f"{path}: {exc}", 2) from None

    @cached_property
    def recorder(self) -> Recorder:
        from branchbook.workflows.recorder import Recorder

        return Recorder(self.app, self.rulebook, self.actor)

    @cached_property
    def views(self) -> Views | CatchUp:
        """The read models, caught up with the store before they answer. When they already
        hold every event, only the database is opened: not the event store's machinery."""
        from sqlalchemy import create_engine

        from branchbook.projections.catchup import current
        from branchbook.workflows.store import EVENTS_TABLE

        if "app" not in vars(self):
            engine = create_engine(self.url)
            if current(engine, EVENTS_TABLE):
                self._engines.append(engine)
                return Views(engine)
            engine.dispose()
        return self.caught_up()

    def catch_up(self) -> CatchUp:
        """The read models through the event store, not yet caught up."""
        from branchbook.projections import audit
        from branchbook.projections.catchup import CatchUp
        from branchbook.projections.roster import project

        app = self.app
        return CatchUp(
            app.engine, app.recorder, app.mapper.to_domain_event, project, audit=audit.project
        )

    def caught_up(self) -> CatchUp:
        """The read models through the event store, after applying whatever they lack."""
        views = self.catch_up()
        views.run()
        return views


def rulebook_bytes(path: Path) -> bytes:
    """A rulebook file's bytes, read no further than one past the size a rulebook may be."""
    from branchbook.domain.rulefile import FILE_MAX_BYTES

    try:
        with path.open("rb") as file:
            return file.read(FILE_MAX_BYTES + 1)
    except OSError as exc:
        raise Failure(f"cannot read rulebook file {path}: {exc.strerror}", 2) from None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
