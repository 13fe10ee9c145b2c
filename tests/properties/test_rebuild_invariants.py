"""Rebuilding the read models from zero gives exactly the tables that catching up gave.

Random histories of transfers, discipline and disposal (the steps of relation_support) are
recorded while the views catch up at random points with random page sizes, as queries would
between commands; now and then the latest accepted step is corrected (voided), which the
catch-up follows by replaying the log without it. Then every row of every view table, and the
roster of every branch on every date of the history, must be the same after `rebuild` as they
were incrementally.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from relation_support import BRANCHES, NUMBERS, Driver, Op, fresh_store, opening, ops
from view_tables import dump

from branchbook.projections.branches.roster import roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project

histories = st.tuples(
    st.lists(st.sampled_from([True, True, False]), min_size=len(NUMBERS), max_size=len(NUMBERS)),
    st.lists(
        st.tuples(ops, st.booleans(), st.sampled_from([False] * 4 + [True])),
        min_size=5,
        max_size=30,
    ),
    st.sampled_from([1, 2, 3, 7, 50, 1000]),
)


def answers(views: CatchUp, dates: list[date]) -> dict[tuple[str, date], list[dict[str, Any]]]:
    with views.engine.connect() as conn:
        return {
            (code, on): [r.as_dict() for r in roster(conn, code, on)]
            for code in BRANCHES
            for on in dates
        }


def _correct_latest(driver: Driver) -> None:
    """Void the latest accepted step, when nothing recorded since stands on it."""
    done = [o for _, o in driver.outcomes if o.accepted and o.positions]
    if done:
        outcome = driver.now("step.correct", step=done[-1].positions[-1], why="recorded in error")
        event(f"correction {outcome.status}")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories)
def test_a_rebuild_gives_exactly_the_tables_and_answers_of_the_incremental_catch_up(
    history: tuple[list[bool], list[tuple[Op, bool, bool]], int],
) -> None:
    full, steps, page_size = history
    with fresh_store() as app:
        views = CatchUp(
            app.engine, app.recorder, app.mapper.to_domain_event, project, page_size=page_size
        )
        driver = Driver(app)
        for line in opening(full):
            assert driver.record(line).accepted, line
        for op, catch_up, correct in steps:
            driver.play(op)
            if correct:
                _correct_latest(driver)
            if catch_up:
                views.run()
        views.run()
        dates = driver.check_dates()
        incremental, before = dump(views), answers(views, dates)

        assert views.rebuild() == app.recorder.max_notification_id()
        assert dump(views) == incremental
        assert answers(views, dates) == before
