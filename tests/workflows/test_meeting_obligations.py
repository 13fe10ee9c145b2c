"""Recording talks, training sessions and democratic evaluations, and the meeting views of them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from branchbook.domain import ids
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.catalogue.profiles import S000_S003
from branchbook.domain.meeting import Meeting
from branchbook.projections.branches.meetings import meeting
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.storage.tables import meetings, ratings
from branchbook.workflows.recording.recorder import Outcome, Recorder
from branchbook.workflows.store.app import BranchBook

MEMBERS = [f"F{i:02d}" for i in range(1, 21)]
OPENING: list[tuple[str, dict[str, Any]]] = [
    ("org.add", {"date": "2015-01-01", "code": "TC01", "name": "城关镇党委", "kind": "committee",
                 "approves-admissions": True}),
    ("branch.found", {"date": "2015-01-01", "code": "B01", "name": "一支部", "kind": "regular",
                      "parent": "TC01", "full-members": 20}),
    *(
        ("member.enrol", {"date": "2015-01-02", "member": n, "name": f"党员 {n}",
                          "birth": "1970-01-01", "branch": "B01", "status": "full",
                          "admitted": "2000-01-01", "full-since": "2001-01-01"})
        for n in MEMBERS
    ),
    ("member.apply", {"date": "2015-02-01", "member": "A1", "name": "申请人", "birth": "1990-01-01",
                      "branch": "B01"}),
    ("meeting.hold", {"date": "2024-12-01", "branch": "B01", "kind": "evaluation",
                      "present": ",".join(MEMBERS), "chair": "F01"}),
]  # fmt: skip
EVALUATION = "B01-2024-12-01-evaluation"


def book(recorder: Recorder) -> Recorder:
    for command, raw in OPENING:
        outcome = recorder.record(command, raw)
        assert outcome.accepted, outcome.message
    return recorder


def rate(recorder: Recorder, **grades: str) -> Outcome:
    return recorder.record("meeting.rate", {"date": "2024-12-01", "meeting": EVALUATION, **grades})


def hold(recorder: Recorder, kind: str, present: str, **more: Any) -> Outcome:
    raw = {"date": "2024-03-01", "branch": "B01", "kind": kind, "present": present,
           "chair": present.split(",", maxsplit=1)[0], **more}  # fmt: skip
    return recorder.record("meeting.hold", raw)


@pytest.mark.parametrize(("present", "accepted"), [("F01,F02", True), ("F01,F02,F03", False)])
def test_a_talk_is_between_exactly_two_people(
    recorder: Recorder, present: str, accepted: bool
) -> None:
    outcome = hold(book(recorder), "talk", present)
    assert outcome.accepted is accepted
    if not accepted:
        assert outcome.rule == "record.talk_pair"


@pytest.mark.parametrize(("hours", "rule"), [(None, "record.training_hours"),
                                             (0, "record.training_hours"), (1, None)])  # fmt: skip
def test_a_training_session_gives_more_than_no_class_hours(
    recorder: Recorder, hours: int | None, rule: str | None
) -> None:
    more = {} if hours is None else {"hours": hours}
    outcome = hold(book(recorder), "training", "F01,F02", **more)
    assert outcome.rule == rule
    assert outcome.accepted is (rule is None)


def test_the_hours_and_the_group_are_kept_with_the_meeting(app: BranchBook) -> None:
    recorder = book(Recorder(app, builtin_rulebook(), "tester"))
    assert hold(recorder, "training", "F01,F02", hours=8).accepted
    assert hold(recorder, "group", "F03,F04", group="一组").accepted
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
    views.run()
    with app.engine.connect() as conn:
        rows = conn.execute(select(meetings.c.kind, meetings.c.hours, meetings.c.party_group)
                            .where(meetings.c.kind.in_(["training", "group"]))).all()  # fmt: skip
    assert sorted(map(tuple, rows)) == [("group", None, "一组"), ("training", 8, None)]


def test_ratings_are_projected_and_shown_with_the_meeting(app: BranchBook) -> None:
    recorder = book(Recorder(app, builtin_rulebook(), "tester"))
    assert rate(recorder, excellent="F01", qualified="F02,F03", unqualified="F04").accepted
    views = CatchUp(app.engine, app.recorder, app.mapper.to_domain_event, project)
    views.run()
    with app.engine.connect() as conn:
        rows = conn.execute(select(ratings.c.member, ratings.c.rating)).all()
        view = meeting(conn, EVALUATION)
    assert sorted(map(tuple, rows)) == [
        ("F01", "excellent"), ("F02", "qualified"), ("F03", "qualified"), ("F04", "unqualified")
    ]  # fmt: skip
    assert view is not None
    assert view.as_dict()["ratings"]["F04"] == "unqualified"


def test_only_members_on_the_roll_are_rated_and_each_once(recorder: Recorder) -> None:
    book(recorder)
    off_roll = rate(recorder, qualified="F01,A1")
    assert (off_roll.status, off_roll.rule) == ("rejected", "record.ratings")
    assert "A1" in (off_roll.message or "")
    assert rate(recorder, qualified="F01").accepted
    again = rate(recorder, excellent="F01")
    assert (again.rule, again.status) == ("record.ratings", "rejected")
    both = rate(recorder, excellent="F02", qualified="F02")
    assert both.status == "invalid"


def test_ratings_are_given_only_at_an_evaluation(recorder: Recorder) -> None:
    book(recorder)
    assert hold(recorder, "assembly", "F01,F02").accepted
    outcome = recorder.record("meeting.rate", {"date": "2024-03-01",
                                               "meeting": "B01-2024-03-01-assembly",
                                               "qualified": "F01"})  # fmt: skip
    assert outcome.rule == "record.ratings"


@pytest.mark.parametrize(("excellent", "warned"), [(3, False), (4, True)])
def test_more_than_fifteen_percent_excellent_warns_under_s003(
    app: BranchBook, excellent: int, warned: bool
) -> None:
    recorder = book(Recorder(app, builtin_rulebook(S000_S003), "tester"))
    top, rest = MEMBERS[:excellent], MEMBERS[excellent:]
    outcome = rate(recorder, excellent=",".join(top), qualified=",".join(rest))
    assert outcome.accepted
    assert [w.rule for w in outcome.warnings] == (
        ["democratic_evaluation.excellent_cap"] if warned else []
    )


def test_s000_sets_no_excellent_cap(recorder: Recorder) -> None:
    book(recorder)
    outcome = rate(recorder, excellent=",".join(MEMBERS[:10]), qualified=",".join(MEMBERS[10:]))
    assert outcome.accepted
    assert outcome.warnings == ()


def test_a_meeting_held_before_hours_and_groups_were_kept_still_decodes(app: BranchBook) -> None:
    recorder = book(Recorder(app, builtin_rulebook(), "tester"))
    assert hold(recorder, "assembly", "F01,F02").accepted
    meeting_id = ids.meeting_id("B01-2024-03-01-assembly")
    (stored,) = app.recorder.select_events(meeting_id)
    transcoder = app.mapper.transcoder
    state = transcoder.decode(stored.state)
    assert state.pop("hours") is None
    assert state.pop("party_group") is None
    assert state.pop("class_version") == 2  # written as before version 2: none
    old = type(stored)(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=transcoder.encode(state),
    )
    event = app.mapper.to_domain_event(old)
    assert isinstance(event, Meeting.Held)
    assert (event.hours, event.party_group) == (None, None)
    held = event.mutate(None)
    assert isinstance(held, Meeting)
    assert (held.hours, held.party_group, held.held) == (None, None, date(2024, 3, 1))
    assert json.loads(json.dumps(event.present)) == ["F01", "F02"]
