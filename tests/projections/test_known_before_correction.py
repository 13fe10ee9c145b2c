"""The state history as known before a correction: kept beside the corrected views, the same
whether the views caught up step by step or were rebuilt, in pages of any size."""

from __future__ import annotations

from datetime import date

from journals import ADMISSION, OPENING, line
from sqlalchemy import select
from view_tables import dump

from branchbook.projections.auditors import audit_trail as audit
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.as_of import state_of, states_on
from branchbook.projections.storage.tables import member_states
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

UP_TO_ADMISSION = ADMISSION[: next(i for i, s in enumerate(ADMISSION) if "member.admit" in s) + 1]
ON = date(2017, 7, 1)


def recorded(recorder: Recorder, lines: list[str]) -> list[int]:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert all(o.accepted for o in outcomes), [o.message for o in outcomes]
    return [p for o in outcomes for p in o.positions]


def views_of(app: BranchBook, page_size: int = 1000) -> CatchUp:
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size,
                    audit=audit.project)  # fmt: skip
    views.run()
    return views


def correction(position: int) -> str:
    return line("step.correct", step=position, why="recorded in error", date="2017-06-30")


def a1_status(views: CatchUp, known: int | None) -> str | None:
    with views.engine.connect() as conn:
        found = [s.view.status for s in states_on(conn, ON, "B01", known=known)
                 if s.view.number == "A1"]  # fmt: skip
    return found[0] if found else None


def test_the_admission_stands_as_known_until_its_correction(
    recorder: Recorder, app: BranchBook
) -> None:
    recorded(recorder, [*OPENING, *UP_TO_ADMISSION])
    views = views_of(app)  # the views see the admission before it is corrected
    admit = views.position()
    assert admit is not None
    admitted = [p for p in range(1, admit + 1) if a1_status(views, p) == "admitted"]
    first = admitted[0]  # the admission's first event
    [by, *_] = recorded(recorder, [correction(first)])
    views.run()  # meets the correction: the views are rebuilt knowing it
    assert a1_status(views, first - 1) == "candidate"  # the last position before it
    assert a1_status(views, first) == "admitted"
    assert a1_status(views, by - 1) == "admitted"  # just before the correction
    assert a1_status(views, by) == "candidate"
    assert a1_status(views, None) == "candidate"
    with views.engine.connect() as conn:
        row = state_of(conn, "A1", ON, known=by - 1)
        assert row is not None
        assert (row.status, row.admitted_on, row.known_until) == ("admitted", date(2017, 6, 21), by)
        now = state_of(conn, "A1", ON)
        assert now is not None
        assert (now.status, now.admitted_on, now.known_until) == ("candidate", None, None)


def test_corrections_one_after_another_leave_the_same_rows_by_any_page_size(
    recorder: Recorder, app: BranchBook
) -> None:
    recorded(recorder, [*OPENING, *UP_TO_ADMISSION])
    views = views_of(app, page_size=3)
    s = member_states.c
    with views.engine.connect() as conn:
        history = list(conn.execute(select(s.position, s.status).where(s.member == "A1")))
    admit = next(p for p, status in history if status == "admitted")
    prereview = max(p for p, _ in history if p < admit)
    recorded(recorder, [correction(admit)])
    views.run()
    recorded(recorder, [correction(prereview)])
    views.run()  # caught up step by step, in pages of three
    last = recorded(recorder, [line("member.prereview", date="2017-06-05", member="A1",
                                    body="城关镇党委")])[-1]  # fmt: skip
    views.run()
    stepwise = dump(views)
    statuses = [a1_status(views, k) for k in range(1, last + 1)]
    for size in (1, 2, 1000):
        rebuilt = views_of(app, page_size=size)
        rebuilt.rebuild()
        assert dump(rebuilt) == stepwise, size
        assert [a1_status(rebuilt, k) for k in range(1, last + 1)] == statuses
    with views.engine.connect() as conn:
        for known, expected in [(admit - 1, date(2017, 6, 1)), (admit, date(2017, 6, 1)),
                                (last - 1, None), (last, date(2017, 6, 5)),
                                (None, date(2017, 6, 5))]:  # fmt: skip
            row = state_of(conn, "A1", ON, known=known)
            assert row is not None
            assert row.prereviewed_on == expected, known
    assert statuses[admit - 1] == "admitted"
    assert statuses[-1] == "candidate"
