"""Views built with another table shape are dropped and rebuilt from the first notification."""

from __future__ import annotations

from journals import JOURNAL, MEMBERS, OPENING
from sqlalchemy import Column, Date, Integer, MetaData, String, Table, inspect, select, update

from branchbook.projections.branches.roster import roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.catching_up.lag import SCHEMA, VIEWS
from branchbook.projections.members.view import member
from branchbook.projections.storage.tables import VIEW_SCHEMA, positions
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook


def record(recorder: Recorder, lines: list[str]) -> None:
    assert all(o.accepted for o in recorder.record_many(parse_journal(lines)))


def views_of(app: BranchBook) -> CatchUp:
    return CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)


def old_views(app: BranchBook, position: int) -> None:
    """The views as the first release left them: bb_members with `applied` required."""
    old = MetaData()
    Table("bb_view_positions", old, Column("name", String(64), primary_key=True),
          Column("position", Integer, nullable=False))  # fmt: skip
    Table("bb_members", old, Column("id", String(32), primary_key=True),
          Column("number", String(64)), Column("applied", Date, nullable=False))  # fmt: skip
    old.create_all(app.engine)
    with app.engine.begin() as conn:
        conn.execute(old.tables["bb_view_positions"].insert().values(name=VIEWS, position=position))


def test_views_of_the_first_release_are_rebuilt_with_the_enrolled_members(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    last = app.recorder.max_notification_id()
    assert last is not None
    old_views(app, last)
    views = views_of(app)
    assert views.schema() == VIEW_SCHEMA
    assert views.position() is None
    assert "enrolled" in {c["name"] for c in inspect(app.engine).get_columns("bb_members")}
    assert views.run() == last
    with views.engine.connect() as conn:
        assert sorted(r.number for r in roster(conn, "B01")) == sorted(MEMBERS)
        f1 = member(conn, "F1")
    assert f1 is not None
    assert f1.status == "full"


def test_views_built_with_another_schema_number_are_rebuilt(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, OPENING)
    views = views_of(app)
    assert views.run() > 0
    with app.engine.begin() as conn:
        conn.execute(
            update(positions).where(positions.c.name == SCHEMA).values(position=VIEW_SCHEMA - 1)
        )
    reopened = views_of(app)
    assert reopened.schema() == VIEW_SCHEMA
    assert reopened.position() is None
    with app.engine.connect() as conn:
        assert roster(conn, "B01") == []
    assert reopened.run() == app.recorder.max_notification_id()
    with app.engine.connect() as conn:
        assert len(roster(conn, "B01")) == 10


def test_views_of_the_current_schema_are_kept(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, OPENING)
    views_of(app).run()
    reopened = views_of(app)
    assert reopened.position() == app.recorder.max_notification_id()
    assert reopened.run() == 0
    with app.engine.connect() as conn:
        assert len(roster(conn, "B01")) == 10


def test_a_rebuild_keeps_the_schema_number(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, OPENING)
    views = views_of(app)
    assert views.rebuild() == app.recorder.max_notification_id()
    with app.engine.connect() as conn:
        stored = conn.execute(select(positions.c.position).where(positions.c.name == SCHEMA))
        assert stored.scalar_one() == VIEW_SCHEMA
    assert views_of(app).position() == app.recorder.max_notification_id()
