"""Catching up never stops at a stored event: one a projector fails on, or that cannot be
decoded, is left out of the views as a finding and the page goes on; the database failing
still ends the catch-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import Notification
from poison import JOURNAL, POISONS, poisoned_store, record
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from view_tables import dump

from branchbook.projections.auditors.audit_trail import trail
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.catching_up.placing import Projector
from branchbook.projections.catching_up.unplaced import findings
from branchbook.workflows.store.app import BranchBook


def views_of(
    app: BranchBook,
    projector: Projector = project,
    decode: Callable[[Notification], Any] | None = None,
) -> CatchUp:
    return CatchUp(app.engine, app.recorder, decode or app.mapper.to_domain_event, projector)


def failing_at(failing: int, error: Exception) -> Projector:
    def projector(conn: Connection, event: Any, position: int) -> None:
        if position == failing:
            raise error
        project(conn, event, position)

    return projector


def skipping(skipped: int) -> Projector:
    def projector(conn: Connection, event: Any, position: int) -> None:
        if position != skipped:
            project(conn, event, position)

    return projector


@pytest.fixture
def middle(app: BranchBook) -> int:
    """The store holds the journal; the position in the middle of its log."""
    record(app, JOURNAL)
    end = app.recorder.max_notification_id()
    assert end is not None
    return end // 2


def test_an_event_a_projector_fails_on_is_left_out_and_the_rest_of_the_page_placed(
    app: BranchBook, middle: int
) -> None:
    views = views_of(app, failing_at(middle, RuntimeError("fails on purpose")))
    assert views.run() == app.recorder.max_notification_id()
    failed = dump(views)
    assert [(row[0], row[-1]) for row in failed.pop("bb_unplaced")] == [
        (str(middle), "RuntimeError: fails on purpose")
    ]
    # Every other view holds what it holds when that one event is skipped; the audit trail
    # keeps the event in its place.
    in_audit = [row for row in failed["bb_audit"] if row[0] == str(middle)]
    assert len(in_audit) == 1
    failed["bb_audit"].remove(in_audit[0])
    views_of(app, skipping(middle)).rebuild()
    skipped = dump(views_of(app))
    assert skipped.pop("bb_unplaced") == []
    assert failed == skipped


def test_an_event_that_cannot_be_decoded_is_a_finding_with_a_stand_in_in_the_audit(
    app: BranchBook, middle: int
) -> None:
    def decode(notification: Notification) -> Any:
        if notification.id == middle:
            raise ValueError("not JSON")
        return app.mapper.to_domain_event(notification)

    views = views_of(app, decode=decode)
    views.run()
    with views.engine.connect() as conn:
        (found,) = findings(conn)
        row = next(r for r in trail(conn) if r.position == middle)
    assert found.position == middle
    assert found.reason == "cannot be decoded: ValueError: not JSON"
    assert (row.kind, row.subject, row.unplaced) == (found.kind, found.originator, found.reason)
    assert row.effective is None
    assert row.recorded_at is None


def test_a_failing_database_still_ends_the_catch_up_and_records_no_finding(
    app: BranchBook, middle: int
) -> None:
    lost = OperationalError("INSERT ...", {}, Exception("disk I/O error"))
    views = views_of(app, failing_at(middle, lost))
    views.page_size = 5
    with pytest.raises(OperationalError):
        views.run()
    position = views.position()
    assert position is not None
    assert position < middle
    with views.engine.connect() as conn:
        assert findings(conn) == []


def test_a_step_after_an_event_of_its_record_left_out_names_that_event(store_url: str) -> None:
    poison = next(p for p in POISONS if p.name == "NUL character in a name")
    applied = poisoned_store(store_url, poison)
    app = BranchBook(store_url)
    try:
        views = views_of(app)
        views.run()
        with views.engine.connect() as conn:
            first, talk = findings(conn)
    finally:
        app.close()
    assert first.position == applied
    assert first.reason == "bb_members.name: a NUL character, which text in the views cannot hold"
    assert (talk.kind, talk.originator) == ("member.talked-with", first.originator)
    assert talk.reason.startswith(f"an earlier event of its record, #{applied}, was not placed; ")
