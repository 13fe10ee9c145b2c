"""The roster on a date as it was known at a recording time: a late approval changes what is
known about the past, not the date it took effect; party age and roles on the roster's date."""

from __future__ import annotations

from datetime import date

import pytest
from journals import JOURNAL

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.auditors.exports import member_rows
from branchbook.projections.branches.roster import roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.show import member_case
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

# A1's probation ends on 2018-06-21; the assembly converts that day; TC01 approves 2018-10-01.
APPROVAL = next(
    i for i, text in enumerate(JOURNAL) if '"2018-10-01"' in text and "member.approve" in text
)


@pytest.fixture
def known(recorder: Recorder, app: BranchBook) -> tuple[CatchUp, int]:
    """The journal recorded in two parts: up to the late approval, and from it on; with the
    last position recorded before the approval."""
    assert all(o.accepted for o in recorder.record_many(parse_journal(JOURNAL[:APPROVAL])))
    before = app.recorder.max_notification_id()
    assert before is not None
    assert all(o.accepted for o in recorder.record_many(parse_journal(JOURNAL[APPROVAL:])))
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
    views.run()
    return views, before


def a1(views: CatchUp, on: date, known: int | None = None) -> tuple[str, date, int | None]:
    with views.engine.connect() as conn:
        rows = {r.number: r for r in roster(conn, "B01", on, known=known)}
    row = rows["A1"]
    return row.status, row.standing_since, row.party_age


def test_a_late_conversion_is_full_from_the_end_of_probation_as_known_now(
    known: tuple[CatchUp, int],
) -> None:
    views, _ = known
    assert a1(views, date(2018, 6, 20))[0] == "probationary"
    assert a1(views, date(2018, 6, 21)) == ("full", date(2018, 10, 1), 0)
    assert a1(views, date(2018, 7, 1)) == ("full", date(2018, 10, 1), 0)


def test_before_the_approval_was_recorded_the_same_date_showed_a_probationary_member(
    known: tuple[CatchUp, int],
) -> None:
    views, before = known
    assert a1(views, date(2018, 7, 1), before)[0] == "probationary"
    assert a1(views, date(2018, 7, 1), before + 1)[0] == "full"


def test_party_age_counts_completed_years_from_full_membership(
    known: tuple[CatchUp, int],
) -> None:
    views, _ = known
    assert a1(views, date(2019, 6, 20))[2] == 0
    assert a1(views, date(2019, 6, 21))[2] == 1


def test_roles_are_those_of_the_leadership_in_force_on_the_date(
    known: tuple[CatchUp, int],
) -> None:
    views, _ = known
    with views.engine.connect() as conn:
        opening = {r.number: r.roles for r in roster(conn, "B01", date(2015, 1, 3))}
        elected = {r.number: r.roles for r in roster(conn, "B01", date(2018, 1, 3))}
        before = {r.number: r.roles for r in roster(conn, "B01", date(2015, 1, 2))}
    assert opening["F1"] == ("secretary",)
    assert opening["F2"] == opening["F3"] == ("committee member",)
    assert not any(opening[n] for n in ("F4", "P1"))
    assert not any(before.values())
    # The election seats F1-F3 again; no officers are elected afterwards in this journal.
    assert elected["F1"] == ("committee member",)


def test_every_reader_of_a_past_date_takes_the_row_recorded_last(
    known: tuple[CatchUp, int],
) -> None:
    # P1's extended probation ends on 2016-03-01; the assembly converts on 2016-03-05 and
    # TC01 approves on 2016-04-01, with effect from 2016-03-01: earlier than the resolution.
    views, _ = known
    version = builtin_rulebook().in_force(date(2016, 4, 15))
    with views.engine.connect() as conn:
        assert member_case(conn, "P1", date(2016, 4, 15), version).status == "full"
        assert member_case(conn, "P1", date(2016, 2, 29), version).status == "probationary"
        exported = {r["member"]: r for r in member_rows(conn, as_of=date(2016, 4, 15))}
        rostered = {r.number: r for r in roster(conn, "B01", date(2016, 4, 15))}
    assert exported["P1"]["status"] == rostered["P1"].status == "full"
