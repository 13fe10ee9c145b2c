"""A store holding a journal, with its read models caught up: for tests that only query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook


@contextmanager
def recorded_views(path: Path, journal: Sequence[str]) -> Iterator[Engine]:
    """Record every line of the journal (each must be accepted) into a SQLite store at path,
    catch the views up, and yield the engine they are read through."""
    app = BranchBook(f"sqlite:///{path}")
    try:
        recorder = Recorder(app, builtin_rulebook(), actor="tester")
        outcomes = list(recorder.record_many(parse_journal(journal)))
        assert [o.message for o in outcomes if not o.accepted] == []
        views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
        views.run()
        yield views.engine
    finally:
        app.close()
