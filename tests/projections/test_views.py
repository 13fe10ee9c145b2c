"""The member and meeting views agree with the aggregates, and catching up equals rebuilding."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from journals import JOURNAL, MEMBERS
from sqlalchemy import select

from branchbook.domain import ids
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member, Status
from branchbook.projections.branches.meetings import meeting
from branchbook.projections.branches.roster import roster
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.history import history
from branchbook.projections.members.view import ENDED, MemberView, member
from branchbook.projections.storage.tables import metadata, positions
from branchbook.workflows.recording.recorder import Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook


def record(recorder: Recorder, lines: list[str]) -> None:
    outcomes = list(recorder.record_many(parse_journal(lines)))
    assert [o.status for o in outcomes] == ["accepted"] * len(lines), [
        o.message for o in outcomes if not o.accepted
    ]


def views_of(app: BranchBook, page_size: int = 1000) -> CatchUp:
    return CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project, page_size)


def as_view(m: Member) -> MemberView:
    """What the views should say of a member: read off the aggregate itself."""
    pending = m.pending
    return MemberView(
        number=m.number, name=m.name, birth=m.birth, branch=m.branch, status=m.status.value,
        since=m.last_change, enrolled=m.enrolled, applied=m.applied,
        talked=m.talks[0] if m.talks else None, activist_on=m.activist_on,
        assessed_on=max(m.assessments, default=None), candidate_on=m.candidate_on,
        reviewed_on=m.reviewed_on, review_passed=m.review_passed,
        training_days=sum(t.days for t in m.trainings),
        training_hours=sum(t.hours for t in m.trainings), introducers=m.introducers,
        prereviewed_on=m.prereviewed_on, admitted_on=m.admitted_on, admitted_at=m.admitted_at,
        probation_months=m.probation_months, extensions=tuple(m.extensions),
        probation_end=m.probation_end, approved_on=m.approved_on, approved_by=m.approved_by,
        oath_on=m.oath_on, pending=pending.decision if pending else None,
        pending_on=pending.on if pending else None,
        pending_meeting=pending.meeting if pending else None,
        pending_months=pending.months if pending else None,
        full_since=m.full_since, ended_on=m.ended_on, rights_suspended=m.rights_suspended,
        excluded=m.excluded,
    )  # fmt: skip


def dump(views: CatchUp) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every view table."""
    with views.engine.connect() as conn:
        return {
            t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t)))
            for t in metadata.sorted_tables
            if t is not positions
        }


def test_every_member_view_says_what_the_aggregate_says(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = views_of(app)
    views.run()
    with views.engine.connect() as conn:
        for number in MEMBERS:
            aggregate: Member = app.repository.get(ids.member_id(number))
            assert isinstance(aggregate, Member)
            assert member(conn, number) == as_view(aggregate), number
        assert member(conn, "X1") is None


def test_the_view_keeps_the_dates_of_each_path(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, JOURNAL)
    views = views_of(app)
    views.run()
    with views.engine.connect() as conn:
        p1, a1, f8, f9 = (member(conn, n) for n in ("P1", "A1", "F8", "F9"))
    assert p1 is not None
    assert a1 is not None
    assert f8 is not None
    assert f9 is not None
    # Six months' extension moves the end of probation, and party age counts from there.
    assert (p1.status, p1.extensions, p1.probation_end) == ("full", (6,), date(2016, 3, 1))
    assert p1.full_since == date(2016, 3, 1)
    assert p1.applied is None
    assert p1.enrolled
    assert (a1.status, a1.admitted_on, a1.full_since) == (
        "full",
        date(2017, 6, 21),
        date(2018, 6, 21),
    )
    assert (a1.training_days, a1.training_hours, a1.introducers) == (3, 18, ("F4", "F5"))
    assert a1.assessed_on == date(2017, 4, 1)
    assert a1.pending is None
    assert (f9.rights_suspended, f9.since, f8.excluded) == (True, date(2019, 1, 10), "abroad")
    with views.engine.connect() as conn:
        p2, p3, f7 = (member(conn, n) for n in ("P2", "P3", "F7"))
    assert p2 is not None
    assert p3 is not None
    assert f7 is not None
    assert (p2.status, p2.ended_on, p2.pending) == ("revoked", date(2019, 7, 1), None)
    assert (p3.status, p3.pending, p3.full_since) == ("probationary", None, None)
    assert (f7.excluded, f7.since) == (None, date(2019, 9, 1))


def test_enrolled_members_are_on_the_roster_with_their_status(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = views_of(app)
    views.run()
    with views.engine.connect() as conn:
        rows = {r.number: r for r in roster(conn, "B01")}
    assert sorted(rows) == sorted(MEMBERS)
    assert rows["F1"].status == "full"
    assert rows["F1"].applied is None
    assert rows["F1"].as_dict()["applied"] is None
    assert rows["N1"].status == "applicant"
    assert rows["N1"].applied == date(2019, 3, 1)


def test_the_history_lists_each_step_of_the_member_in_the_logs_order(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = views_of(app)
    views.run()
    with views.engine.connect() as conn:
        steps = history(conn, "A1")
        p1 = history(conn, "P1")
    stored: list[Any] = list(app.events.get(ids.member_id("A1")))
    assert [s.effective for s in steps] == [e.step.effective for e in stored]
    assert [s.recorded_at for s in steps] == [e.timestamp for e in stored]
    assert [s.kind for s in steps] == [
        "applied", "talked", "designated-activist", "assessed", "assessed",
        "designated-candidate", "reviewed", "trained", "trained", "introducers-named",
        "prereviewed", "admitted", "approved", "sworn-in", "resolved", "approved",
    ]  # fmt: skip
    positions_ = [s.position for s in steps]
    assert positions_ == sorted(positions_)
    assert {s.actor for s in steps} == {"tester"}
    admitted = steps[11]
    assert admitted.doc == "会议记录 17"
    assert admitted.details == {"meeting": "B01-2017-06-21-assembly", "probation_months": 12}
    assert admitted.rulebook == stored[11].step.rulebook != ""
    late = steps[-1]
    assert [w["rule"] for w in late.warnings] == ["conversion.approval_deadline"]
    assert late.note == "late"
    assert late.summary == "convert approved by TC01"
    assert all(s.warnings == () for s in steps[:-1])
    assert [s.kind for s in p1] == ["enrolled", "resolved", "approved", "resolved", "approved"]
    assert p1[1].details == {
        "decision": "extend",
        "meeting": "B01-2015-09-10-assembly",
        "months": 6,
    }
    assert p1[0].doc == "档案 2015-1"


def test_a_meeting_view_holds_each_decision_with_the_evidence_it_was_judged_on(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL)
    views = views_of(app)
    views.run()
    code = "B01-2017-06-21-assembly"
    with views.engine.connect() as conn:
        held = meeting(conn, code)
        assert meeting(conn, "B01-1999-01-01-assembly") is None
    assert held is not None
    assert (held.branch, held.kind, held.held, held.chair) == (
        "B01",
        "assembly",
        date(2017, 6, 21),
        "F1",
    )
    assert held.present == ("F1", "F2", "F3", "F4", "F5", "P1")
    events = list(app.events.get(ids.meeting_id(code)))
    resolved = [e for e in events if isinstance(e, Meeting.Resolved)]
    assert [(d.member, d.decision, dict(d.evidence), d.rulebook) for d in held.decisions] == [
        (e.member, e.decision, e.evidence, e.step.rulebook) for e in resolved
    ]
    (admit,) = held.decisions
    assert admit.evidence["written_for"] == ["F6"]
    assert admit.evidence["yes_total"] == 6
    assert json.loads(json.dumps(held.as_dict()))["decisions"][0]["member"] == "A1"


def test_catching_up_page_by_page_gives_the_rows_of_a_rebuild(
    recorder: Recorder, app: BranchBook
) -> None:
    half = len(JOURNAL) // 2
    record(recorder, JOURNAL[:half])
    views = views_of(app, page_size=3)
    views.run()
    record(recorder, JOURNAL[half:])
    views.run()
    incremental = dump(views)
    # Every view holds rows; none is left out of them, so there is no finding.
    assert [name for name, rows in incremental.items() if not rows] == ["bb_unplaced"]
    assert views.rebuild() == app.recorder.max_notification_id()
    assert dump(views) == incremental
    assert views_of(app).run() == 0


def test_the_statuses_that_end_membership_are_those_of_the_aggregate() -> None:
    # The views name them without loading the aggregate, so they are compared here.
    assert set(ENDED) == {Status.EXPELLED.value, Status.REMOVED.value, Status.DECEASED.value}
