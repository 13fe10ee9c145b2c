"""An event placed alone, when its page cannot go in whole, goes through the same code as a
page, as a page of one: views built an event at a time equal those built a page at a time, row
by row, and a step of a member left out of the views is a finding in the database's words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, create_engine, select

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.auditors.audit_trail import trail
from branchbook.projections.catching_up import catchup, placing
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.catching_up.placing import Projector
from branchbook.projections.catching_up.rebuild_check import differences
from branchbook.projections.catching_up.unplaced import UnplacedRow, findings
from branchbook.projections.members.row import project as project_member
from branchbook.projections.storage.tables import members
from branchbook.workflows.demo.journal import demo_commands
from branchbook.workflows.recording.recorder import Item, Recorder
from branchbook.workflows.store.app import BranchBook


@pytest.fixture
def demo(app: BranchBook) -> BranchBook:
    """The store holds the demo's history: every kind of member step, casework and meetings."""
    recorder = Recorder(app, builtin_rulebook(), actor="tester")
    items = [Item(n, command) for n, command in enumerate(demo_commands(), start=1)]
    accepted = [o for o in recorder.record_many(items) if o.accepted]
    assert len(accepted) > len(items) // 2  # a few of its steps are refused on purpose
    return app


def views(app: BranchBook, engine: Engine, projector: Projector = project) -> CatchUp:
    return CatchUp(engine, app.recorder, app.mapper.to_domain_event, projector)


def one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Have every page placed event by event, as a page that cannot go in whole is; the sizes
    of the pages so placed."""
    placed: list[int] = []
    place_each = placing.place_each

    def each(conn: Connection, *args: Any) -> None:
        placed.append(len(args[2]))
        place_each(conn, *args)

    monkeypatch.setattr(catchup, "place_page", lambda *args: False)
    monkeypatch.setattr(catchup, "place_each", each)
    return placed


def scratch(tmp_path: Path, name: str) -> Engine:
    return create_engine(f"sqlite:///{tmp_path / name}")


def test_views_placed_an_event_at_a_time_equal_a_rebuild_a_page_at_a_time(
    demo: BranchBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_page = scratch(tmp_path, "pages.db")
    assert views(demo, by_page).rebuild() == demo.recorder.max_notification_id()
    placed = one_at_a_time(monkeypatch)
    alone = views(demo, demo.engine)
    assert alone.rebuild() == sum(placed) == demo.recorder.max_notification_id()
    with demo.engine.connect() as conn:
        assert findings(conn) == []
        assert len(conn.execute(select(members.c.number)).all()) >= 90
    assert differences(demo.engine, by_page) == []
    by_page.dispose()


def test_a_rebuild_in_pages_of_one_equals_one_in_pages_of_a_thousand(
    demo: BranchBook, tmp_path: Path
) -> None:
    by_page = scratch(tmp_path, "pages.db")
    views(demo, by_page).rebuild()
    single = views(demo, demo.engine)
    single.page_size = 1
    single.rebuild()
    assert differences(demo.engine, by_page) == []
    by_page.dispose()


def failing_at(failing: int) -> Projector:
    def projector(conn: Connection, event: Any, position: int) -> None:
        if position == failing:
            raise RuntimeError("fails on purpose")
        project(conn, event, position)

    return projector


def left_out(app: BranchBook, position: int, ready: Callable[[], object]) -> list[UnplacedRow]:
    ready()
    built = views(app, app.engine, failing_at(position))
    built.rebuild()
    with app.engine.connect() as conn:
        return findings(conn)


def test_each_later_step_of_a_member_left_out_is_a_finding_in_the_databases_words(
    demo: BranchBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    with views(demo, demo.engine).engine.connect() as conn:
        views(demo, demo.engine).run()
        rows = trail(conn)
    sanctioned = next(r.member for r in rows if r.kind == "member.sanctioned")
    opened, *later = [r for r in rows if r.member == sanctioned and r.aggregate == "member"]
    assert opened.kind in {"member.applied", "member.enrolled"}
    in_pages = left_out(demo, opened.position, lambda: None)
    alone = left_out(demo, opened.position, lambda: one_at_a_time(monkeypatch))
    assert alone == in_pages
    first, *after = in_pages
    assert (first.position, first.reason) == (opened.position, "RuntimeError: fails on purpose")
    assert [f.position for f in after] == [r.position for r in later]
    kinds = {r.position: r.kind for r in later}
    for found in after:
        assert found.reason.startswith(f"an earlier event of its record, #{first.position}, ")
        # The step's history row (or sanction) has no member: the database refuses it; an
        # approval, whose change is made from the row, finds none.
        words = {"member.approved": "NoResultFound", "member.sanctioned": "bb_sanctions",
                 "member.sanction-reviewed": "bb_sanctions"}  # fmt: skip
        assert words.get(kinds[found.position], "bb_member_events") in found.reason, found


def test_a_member_event_is_placed_only_within_a_page(demo: BranchBook) -> None:
    event = next(
        demo.mapper.to_domain_event(n)
        for n in demo.recorder.select_notifications(start=None, limit=50)
        if n.topic.endswith("Member.Applied")
    )
    views(demo, demo.engine).run()
    with demo.engine.connect() as conn, pytest.raises(RuntimeError, match="within a page"):
        project_member(conn, event, 10**6)
