"""The roster view: kept current from the notification log, incrementally and from zero."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import Notification
from sqlalchemy import select

from branchbook.projections.branches.roster import RosterRow, branch_exists, roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.catching_up.lag import VIEWS
from branchbook.projections.storage.tables import positions
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook


def line(command: str, **keys: object) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


ORG = line(
    "org.add", code="TC01", name="城关镇党委", kind="committee", approves_admissions=True,
    date="2020-01-06",
)  # fmt: skip


def found(code: str) -> str:
    return line(
        "branch.found", code=code, name=f"{code} 党支部", kind="regular", parent="TC01",
        full_members=3, date="2020-01-06",
    )  # fmt: skip


def apply(number: str, birth: str, on: str, branch: str = "B01") -> str:
    return line(
        "member.apply", member=number, name=f"申请人 {number}", birth=birth, branch=branch, date=on
    )


def talk(number: str, on: str) -> str:
    return line("member.talk", member=number, by="组织委员", date=on)


FIRST = [
    ORG,
    found("B01"),
    found("B02"),
    apply("M0001", "1990-05-01", "2024-03-01"),
    apply("M0002", "2006-09-01", "2024-03-01"),  # 17: rejected
    apply("M0003", "1985-11-20", "2024-03-04"),
    apply("M0004", "1979-02-14", "2024-03-05", branch="B02"),
    talk("M0001", "2024-03-20"),
]
SECOND = [
    apply("M0005", "1995-07-07", "2024-04-01"),
    talk("M0003", "2024-04-02"),
    talk("M0001", "2024-05-01"),  # a second talk: the first date stays
]


def record(recorder: Recorder, lines: Sequence[str]) -> list[str]:
    return [o.status for o in recorder.record_many(parse_journal(lines))]


def views_of(app: BranchBook) -> CatchUp:
    return CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)


def rows(views: CatchUp, code: str) -> list[RosterRow]:
    with views.engine.connect() as conn:
        return roster(conn, code)


def stored_position(views: CatchUp) -> int | None:
    with views.engine.connect() as conn:
        return conn.execute(
            select(positions.c.position).where(positions.c.name == VIEWS)
        ).scalar_one_or_none()


@pytest.fixture
def second_app(store_url: str, app: BranchBook) -> Iterator[BranchBook]:
    """Another application on the same store, as a second process would open it."""
    other = BranchBook(store_url)
    try:
        yield other
    finally:
        other.close()


def test_the_roster_lists_exactly_the_accepted_applicants_of_the_branch(
    recorder: Recorder, app: BranchBook
) -> None:
    assert record(recorder, FIRST).count("rejected") == 1
    views = views_of(app)
    assert views.run() == 7
    assert rows(views, "B01") == [
        RosterRow("M0001", "申请人 M0001", date(1990, 5, 1), "applicant", date(2024, 3, 1),
                  None, None, date(2024, 3, 1), date(2024, 3, 20)),
        RosterRow("M0003", "申请人 M0003", date(1985, 11, 20), "applicant", date(2024, 3, 4),
                  None, None, date(2024, 3, 4), None),
    ]  # fmt: skip
    assert [r.number for r in rows(views, "B02")] == ["M0004"]
    with views.engine.connect() as conn:
        assert branch_exists(conn, "B01")
        assert not branch_exists(conn, "B99")


def test_catch_up_applies_only_the_new_notifications(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, FIRST)
    views = views_of(app)
    assert views.run() == 7
    assert views.run() == 0
    assert record(recorder, SECOND) == ["accepted"] * 3
    applied: list[int] = []
    assert views.run(progress=applied.append) == 3
    assert sum(applied) == 3
    by_number = {r.number: r for r in rows(views, "B01")}
    assert sorted(by_number) == ["M0001", "M0003", "M0005"]
    assert by_number["M0001"].talked == date(2024, 3, 20)
    assert by_number["M0003"].talked == date(2024, 4, 2)
    assert by_number["M0005"].talked is None


def test_catch_up_reads_in_pages_and_counts_every_notification(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, FIRST + SECOND)
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size=3)
    pages: list[int] = []
    assert views.run(progress=pages.append) == 10
    assert pages == [3, 3, 3, 1]
    assert len(rows(views, "B01")) == 3


def test_rebuild_gives_the_rows_of_the_incremental_path(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, FIRST)
    views = views_of(app)
    views.run()
    record(recorder, SECOND)
    views.run()
    incremental = {code: rows(views, code) for code in ("B01", "B02")}
    assert views.rebuild() == 10
    assert {code: rows(views, code) for code in ("B01", "B02")} == incremental
    assert stored_position(views) == app.recorder.max_notification_id()


def test_the_position_is_stored_with_the_views(recorder: Recorder, app: BranchBook) -> None:
    views = views_of(app)
    assert views.position() is None
    assert views.run() == 0
    assert stored_position(views) is None
    record(recorder, FIRST)
    views.run()
    assert stored_position(views) == app.recorder.max_notification_id()
    assert views.position() == stored_position(views)


def test_two_catch_ups_on_one_store_share_the_work(
    recorder: Recorder, app: BranchBook, second_app: BranchBook
) -> None:
    mine, theirs = views_of(app), views_of(second_app)
    record(recorder, FIRST)
    assert theirs.run() == 7
    assert mine.run() == 0
    record(recorder, SECOND)
    assert mine.run() == 3
    assert theirs.run() == 0
    assert rows(mine, "B01") == rows(theirs, "B01")
    assert [r.number for r in rows(mine, "B01")] == ["M0001", "M0003", "M0005"]
    assert stored_position(mine) == app.recorder.max_notification_id()


def race(monkeypatch: pytest.MonkeyPatch, views: CatchUp, rival: CatchUp) -> list[int]:
    """Let the rival catch up between this view's reading a page and applying it."""
    rival_applied: list[int] = []
    real = views.recorder.select_notifications

    def select_then_let_rival_run(*args: Any, **kwargs: Any) -> Sequence[Notification]:
        page = real(*args, **kwargs)
        if page and not rival_applied:
            rival_applied.append(rival.run())
        return page

    monkeypatch.setattr(views.recorder, "select_notifications", select_then_let_rival_run)
    return rival_applied


@pytest.mark.parametrize("first_run", [True, False], ids=["first page", "later page"])
def test_a_page_applied_by_a_rival_meanwhile_is_not_applied_again(
    recorder: Recorder,
    app: BranchBook,
    second_app: BranchBook,
    monkeypatch: pytest.MonkeyPatch,
    first_run: bool,
) -> None:
    mine, theirs = views_of(app), views_of(second_app)
    record(recorder, FIRST)
    expected = 7
    if not first_run:
        assert mine.run() == 7
        record(recorder, SECOND)
        expected = 3
    rival_applied = race(monkeypatch, mine, theirs)
    assert mine.run() == 0
    assert rival_applied == [expected]
    assert stored_position(mine) == app.recorder.max_notification_id()
    numbers = [r.number for r in rows(mine, "B01")]
    assert len(numbers) == len(set(numbers))
    assert rows(mine, "B01") == rows(theirs, "B01")


def test_the_roster_of_a_branch_with_nobody_is_empty(recorder: Recorder, app: BranchBook) -> None:
    assert record(recorder, [ORG, found("B03")]) == ["accepted", "accepted"]
    views = views_of(app)
    views.run()
    assert rows(views, "B03") == []
    with views.engine.connect() as conn:
        assert branch_exists(conn, "B03")
