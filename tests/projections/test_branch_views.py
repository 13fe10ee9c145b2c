"""The branch views: organisations, branches and their rolls, and the queries on them (a branch on
a date, every branch, the organisation tree), the same after a rebuild."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from branch_views_support import (
    BRANCHES,
    JOURNAL,
    SECRETARY_ONLY,
    VERSION,
    caught_up,
    record,
    show,
    views_of,
)
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, inspect, select, update

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.leadership import Office
from branchbook.projections.branches.organisations import organisation_tree
from branchbook.projections.branches.view import branch_list, branch_view
from branchbook.projections.catching_up.lag import SCHEMA
from branchbook.projections.storage.tables import VIEW_SCHEMA, offices, positions
from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook


@pytest.fixture
def conn(recorder: Recorder, app: BranchBook) -> Iterator[Connection]:
    """A connection to views caught up with the whole journal."""
    with caught_up(recorder, app) as connection:
        yield connection


def test_organisations_form_a_tree_with_their_branches(conn: Connection) -> None:
    tree = [(n.organisation.code, n.depth, n.branches) for n in organisation_tree(conn)]
    assert tree == [("TC", 0, ("T01", "V01")), ("GB", 1, ("C01", "S01"))]
    top = organisation_tree(conn)[0].organisation
    assert (top.name, top.kind, top.parent, top.authority) == (
        "城关镇党委",
        "committee",
        None,
        True,
    )


def test_a_branch_shows_its_founding_and_the_organisations_above_it(conn: Connection) -> None:
    data = show(conn, "S01", "2015-06-01").as_dict()
    assert [(o["code"], o["kind"]) for o in data["chain"]] == [
        ("GB", "general-branch"),
        ("TC", "committee"),
    ]
    assert (data["parent"], data["kind"], data["founded"], data["dissolved"]) == (
        "GB",
        "regular",
        "2015-01-01",
        None,
    )
    assert (data["full_members_at_founding"], data["approved_by"], data["units"]) == (5, "TC", [])
    assert (data["status"], data["size"], data["full_members"]) == ("open", 5, 5)


def test_an_unknown_branch_is_none(conn: Connection) -> None:
    assert branch_view(conn, "X99", date(2020, 1, 1), VERSION) is None


def test_the_roll_counts_members_full_members_and_voters_on_the_date(conn: Connection) -> None:
    before = show(conn, "V01", "2016-12-31").counts
    after = show(conn, "V01", "2017-01-01").counts
    assert (before.size, before.full, before.voters) == (4, 3, 3)
    assert (after.size, after.full, after.voters) == (4, 3, 2)
    assert show(conn, "V01", "2015-02-01").counts.size == 0


def test_the_list_gives_each_branch_its_size_leadership_and_term(conn: Connection) -> None:
    rows = {r.code: r.as_dict() for r in branch_list(conn, date(2017, 7, 3), VERSION)}
    assert list(rows) == sorted(BRANCHES)
    assert rows["S01"] == {
        "code": "S01",
        "name": "秘书支部",
        "kind": "regular",
        "parent": "GB",
        "status": "open",
        "size": 7,
        "structure": "secretary",
        "secretary": "S1",
        "term_end": "2018-01-03",
        "term_state": "reminder due",
    }
    assert (rows["C01"]["structure"], rows["C01"]["term_state"]) == ("committee", "running")
    assert (rows["T01"]["term_end"], rows["T01"]["term_state"]) == (None, "no term")
    assert (rows["V01"]["size"], rows["V01"]["term_end"]) == (4, "2020-03-01")


def test_the_stored_offices_are_the_aggregates_offices(conn: Connection, app: BranchBook) -> None:
    for code in BRANCHES:
        branch = app.find(ids.branch_id(code))
        assert isinstance(branch, Branch)
        stored = conn.execute(
            select(offices.c.office).where(offices.c.branch == code).order_by(offices.c.position)
        )
        assert [Office.from_dict(json.loads(o)) for o in stored.scalars()] == branch.offices
        assert branch.offices


DATES = ("2015-01-01", "2016-01-02", "2016-03-15", "2016-05-02", "2018-01-04", "2019-09-02")


def answers(app: BranchBook) -> list[Any]:
    with app.engine.connect() as conn:
        out: list[Any] = [[n.as_dict() for n in organisation_tree(conn)]]
        for on in DATES:
            day = date.fromisoformat(on)
            out.append([r.as_dict() for r in branch_list(conn, day, VERSION)])
            for code in BRANCHES:
                view = branch_view(conn, code, day, VERSION)
                assert view is not None
                out.append(view.as_dict())
    return out


def test_a_rebuild_from_zero_gives_the_same_answers(recorder: Recorder, app: BranchBook) -> None:
    views = views_of(app, page_size=3)
    for start in range(0, len(JOURNAL), 7):
        record(recorder, JOURNAL[start : start + 7])
        views.run()
    caught_up = answers(app)
    assert views.rebuild() == app.recorder.max_notification_id()
    assert answers(app) == caught_up
    assert any(a.get("findings") for a in caught_up[1:] if isinstance(a, dict))


def test_views_of_schema_2_lose_their_committees_table(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, SECRETARY_ONLY)
    views_of(app).run()
    old = MetaData()
    Table("bb_committees", old, Column("position", Integer, primary_key=True),
          Column("branch", String(64)))  # fmt: skip
    old.create_all(app.engine)
    with app.engine.begin() as connection:
        connection.execute(
            update(positions).where(positions.c.name == SCHEMA).values(position=VIEW_SCHEMA - 1)
        )
    views = views_of(app)
    tables = set(inspect(app.engine).get_table_names())
    assert "bb_committees" not in tables
    assert {"bb_offices", "bb_roll", "bb_elections", "bb_organisations"} <= tables
    assert views.run() == app.recorder.max_notification_id()
    with app.engine.connect() as connection:
        assert show(connection, "S01", "2015-06-01").office is not None
