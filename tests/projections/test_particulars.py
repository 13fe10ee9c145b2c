"""Correcting the particulars a record was opened with: the opening step stays, the correction
names it and why, and is judged again as at the opening."""

from __future__ import annotations

from datetime import date

from journals import OPENING, line
from sqlalchemy import select

from branchbook.domain import ids
from branchbook.domain.member import Member
from branchbook.projections.auditors.audit_trail import AuditFilter, trail
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.history import history
from branchbook.projections.members.view import member
from branchbook.projections.storage.tables import audit
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

APPLY = line("member.apply", date="2016-01-01", member="A1", name="申请人 A1",
             birth="1995-01-01", branch="B01", doc="申请书 A1")  # fmt: skip


def fix(**keys: str) -> str:
    return line("member.correct-particulars", date="2016-01-05", member="A1", **keys)


def record(recorder: Recorder, lines: list[str]) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines)))


def opened(recorder: Recorder, app: BranchBook) -> int:
    outcomes = record(recorder, [*OPENING, APPLY])
    assert all(o.accepted for o in outcomes)
    return outcomes[-1].positions[0]


def views(app: BranchBook) -> CatchUp:
    caught = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
    caught.run()
    return caught


def test_a_corrected_birth_date_replaces_the_old_one_and_names_the_opening_step(
    recorder: Recorder, app: BranchBook
) -> None:
    opening = opened(recorder, app)
    (done,) = record(recorder, [fix(birth="1996-02-03", why="the year was misread")])
    assert done.status == "accepted", done.message
    stored = app.find(ids.member_id("A1"))
    assert isinstance(stored, Member)
    assert (stored.birth, stored.name) == (date(1996, 2, 3), "申请人 A1")
    shown = views(app)
    with shown.engine.connect() as conn:
        view = member(conn, "A1")
        assert view is not None
        assert view.birth == date(1996, 2, 3)
        rows = trail(conn, AuditFilter(member="A1"))
        steps = history(conn, "A1")
    correction = rows[-1]
    assert (correction.kind, correction.corrects, correction.why) == (
        "member.particulars-corrected", opening, "the year was misread",
    )  # fmt: skip
    # The opening step is kept as it was recorded, not voided.
    first = next(r for r in rows if r.position == opening)
    assert (first.details["birth"], first.corrected_by) == ("1995-01-01", None)
    assert steps[-1].summary == (
        f"opening step #{opening} corrected: 申请人 A1, born 1996-02-03 (the year was misread)"
    )


def test_a_name_alone_may_be_corrected(recorder: Recorder, app: BranchBook) -> None:
    opened(recorder, app)
    (done,) = record(recorder, [fix(name="张三", why="the name was a placeholder")])
    assert done.accepted
    stored = app.find(ids.member_id("A1"))
    assert isinstance(stored, Member)
    assert (stored.name, stored.birth) == ("张三", date(1995, 1, 1))


def test_a_birth_date_that_makes_the_applicant_under_age_is_refused_and_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    opened(recorder, app)
    before = app.recorder.max_notification_id()
    # Born 1998-01-02: 17 on the application of 2016-01-01; born 1998-01-01: just 18.
    (refused,) = record(recorder, [fix(birth="1998-01-02", why="typo")])
    assert (refused.status, refused.rule) == ("rejected", "applicant.min_age")
    assert app.recorder.max_notification_id() == before
    (done,) = record(recorder, [fix(birth="1998-01-01", why="typo")])
    assert done.accepted


def test_a_correction_that_changes_nothing_is_bad_input(
    recorder: Recorder, app: BranchBook
) -> None:
    opened(recorder, app)
    before = app.recorder.max_notification_id()
    (nothing,) = record(recorder, [fix(why="no reason")])
    assert nothing.status == "invalid"
    (unknown,) = record(
        recorder,
        [line("member.correct-particulars", date="2016-01-05", member="Z9", name="x", why="y")],
    )
    assert unknown.status == "not-found"
    assert app.recorder.max_notification_id() == before
    with views(app).engine.connect() as conn:
        assert (
            conn.execute(select(audit.c.corrects).where(audit.c.corrects.is_not(None))).all() == []
        )
