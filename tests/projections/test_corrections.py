"""Correcting a recorded step: the record and the views follow, the audit trail keeps both."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from journals import ADMISSION, OPENING, line
from sqlalchemy import select

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.correction import Voided
from branchbook.domain.member import Member
from branchbook.projections.auditors import audit_trail as audit
from branchbook.projections.catching_up.catchup import CatchUp
from branchbook.projections.catching_up.every_view import project
from branchbook.projections.members.view import member
from branchbook.projections.storage.tables import audit as audit_table
from branchbook.projections.storage.tables import metadata, positions, voided
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

APPLY = line("member.apply", date="2016-01-01", member="A1", name="申请人 A1",
             birth="1995-01-01", branch="B01")  # fmt: skip
TALK = line("member.talk", date="2016-01-20", member="A1", by="F1")


def run(recorder: Recorder, lines: list[str]) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines)))


def accepted(recorder: Recorder, lines: list[str]) -> list[Outcome]:
    outcomes = run(recorder, lines)
    assert [o.status for o in outcomes] == ["accepted"] * len(lines), [
        (o.rule, o.message) for o in outcomes if not o.accepted
    ]
    return outcomes


def correction(
    position: int, why: str = "recorded with the wrong date", on: str = "2016-02-01"
) -> str:
    return line("step.correct", step=position, why=why, date=on)


def correct(recorder: Recorder, position: int, why: str = "wrong date") -> Outcome:
    return run(recorder, [correction(position, why)])[0]


def state(aggregate: Any) -> dict[str, Any]:
    """What an aggregate says, leaving out its version and the time of its last event."""
    hidden = {"_version", "_modified_on", "_pending_events"}
    return {k: v for k, v in vars(aggregate).items() if k not in hidden}


def found(app: BranchBook, aggregate_id: UUID) -> Any:
    aggregate = app.find(aggregate_id)
    assert aggregate is not None
    return aggregate


def stored(app: BranchBook) -> int:
    return app.recorder.max_notification_id() or 0


def views_of(app: BranchBook, page_size: int = 1000) -> CatchUp:
    views = CatchUp(
        app.engine,
        app.recorder,
        app.mapper.to_domain_event,
        project,
        page_size,
        audit=audit.project,
    )
    views.run()
    return views


def trail(app: BranchBook) -> dict[int, Any]:
    with app.engine.connect() as conn:
        return {r.position: r for r in conn.execute(select(audit_table))}


def voided_rows(app: BranchBook) -> list[tuple[int, int]]:
    with app.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(voided).order_by(voided.c.position))]


A1 = ids.member_id("A1")


@pytest.fixture
def talked(recorder: Recorder) -> int:
    """B01 with nine full members; A1 applied and talked with on the wrong date."""
    accepted(recorder, [*OPENING, APPLY])
    [talk] = accepted(recorder, [TALK])
    [position] = talk.positions
    return position


def test_correcting_a_talk_restores_the_member_and_lets_the_right_talk_be_recorded(
    recorder: Recorder, app: BranchBook, talked: int
) -> None:
    views_of(app)  # the views have seen the mistaken talk
    before_talk = state(found(app, A1))
    before_talk["talks"] = []

    done = correct(recorder, talked, "the talk was on the 25th")
    assert done.accepted, done.message
    [by] = done.positions
    assert state(found(app, A1)) == {**before_talk, "talks": []}
    assert found(app, A1).talks == []

    accepted(recorder, [line("member.talk", date="2016-01-25", member="A1", by="F1")])
    assert found(app, A1).talks == [date(2016, 1, 25)]
    events = [type(e) for _, e in app.stream(A1)]
    assert events == [Member.Applied, Member.TalkedWith, Voided, Member.TalkedWith]

    views = views_of(app)
    with views.engine.connect() as conn:
        view = member(conn, "A1")
    assert view is not None
    assert view.talked == date(2016, 1, 25)
    rows = trail(app)
    assert rows[talked].corrected_by == by
    assert (rows[by].corrects, rows[by].why) == (talked, "the talk was on the 25th")
    assert rows[by].corrected_by is None
    assert voided_rows(app) == [(talked, by)]


def test_the_views_before_the_right_step_is_recorded_show_no_talk(
    recorder: Recorder, app: BranchBook, talked: int
) -> None:
    views = views_of(app)
    with views.engine.connect() as conn:
        assert member(conn, "A1").talked == date(2016, 1, 20)  # type: ignore[union-attr]
    assert correct(recorder, talked).accepted
    views.run()
    with views.engine.connect() as conn:
        assert member(conn, "A1").talked is None  # type: ignore[union-attr]


def test_an_admission_is_voided_on_the_meeting_the_member_and_the_roll(
    recorder: Recorder, app: BranchBook
) -> None:
    admit_at = next(i for i, text in enumerate(ADMISSION) if '"member.admit"' in text)
    accepted(recorder, [*OPENING, *ADMISSION[:admit_at]])
    touched = {
        "member": ids.member_id("A1"),
        "branch": ids.branch_id("B01"),
        "meeting": ids.meeting_id("B01-2017-06-21-assembly"),
    }
    before = {name: state(found(app, i)) for name, i in touched.items()}
    [admit] = accepted(recorder, [ADMISSION[admit_at]])
    assert len(admit.positions) >= 3
    assert found(app, touched["member"]).status.value == "admitted"

    done = correct(recorder, admit.positions[-1], "the vote was counted wrongly")
    assert done.accepted, done.message
    assert len(done.positions) == len(admit.positions)
    assert {name: state(found(app, i)) for name, i in touched.items()} == before
    kinds = {name: type(app.stream(i)[-1][1]) for name, i in touched.items()}
    assert kinds == {"member": Voided, "branch": Voided, "meeting": Voided}

    # Recorded again: the voided step keeps its key, so the new one is given an id of its own.
    again = json.loads(ADMISSION[admit_at])
    assert run(recorder, [ADMISSION[admit_at]])[0].status == "already-recorded"
    accepted(recorder, [json.dumps({**again, "id": "admission-recounted"}, ensure_ascii=False)])
    assert found(app, touched["member"]).status.value == "admitted"
    views_of(app)
    rows = trail(app)
    assert {rows[p].corrected_by for p in admit.positions} == set(done.positions)
    assert sorted(p for p, _ in voided_rows(app)) == sorted(admit.positions)


def test_a_step_with_later_steps_on_the_record_is_not_corrected(
    recorder: Recorder, app: BranchBook, talked: int
) -> None:
    [second] = accepted(recorder, [line("member.talk", date="2016-02-20", member="A1", by="F2")])
    count = stored(app)
    refused = correct(recorder, talked)
    assert (refused.status, refused.rule) == ("rejected", "record.correction_latest")
    assert refused.message == (
        f"member A1's record has later steps (#{second.positions[0]}); correct those first"
    )
    assert stored(app) == count
    # Corrected from the latest back, both go.
    assert correct(recorder, second.positions[0]).accepted
    assert correct(recorder, talked).accepted
    assert found(app, A1).talks == []


def test_a_step_is_corrected_only_once(recorder: Recorder, app: BranchBook, talked: int) -> None:
    [by] = correct(recorder, talked).positions
    count = stored(app)
    assert correct(recorder, talked).status == "already-recorded"  # the same correction
    again = correct(recorder, talked, why="another reason")
    assert (again.status, again.rule) == ("rejected", "record.correction_once")
    assert again.facts["by"] == f"#{by}"
    of_correction = correct(recorder, by)
    assert (of_correction.status, of_correction.rule) == ("rejected", "record.correction_target")
    assert stored(app) == count


@pytest.mark.parametrize("why", ["", "   "])
def test_a_correction_says_why(recorder: Recorder, app: BranchBook, talked: int, why: str) -> None:
    count = stored(app)
    refused = correct(recorder, talked, why)
    assert (refused.status, refused.message) == (
        "invalid",
        f"why: expected non-empty text, got {why!r}",
    )
    assert stored(app) == count


@pytest.mark.parametrize("offset", [1, 1000])
def test_a_position_past_the_end_is_not_found(
    recorder: Recorder, app: BranchBook, talked: int, offset: int
) -> None:
    count = stored(app)
    missing = correct(recorder, count + offset)
    assert (missing.status, missing.message) == (
        "not-found",
        f"no step #{count + offset} in the record",
    )
    assert correct(recorder, 0).status == "not-found"
    assert stored(app) == count


def test_the_step_that_opened_a_record_is_not_corrected(
    recorder: Recorder, app: BranchBook, talked: int
) -> None:
    opened = talked - 1  # the application: the only event of its command
    refused = correct(recorder, opened)
    assert (refused.status, refused.rule) == ("rejected", "record.correction_opening")


SUSPEND = line("member.suspend-rights", date="2019-01-10", member="F9", reason="detained")
F9 = ids.member_id("F9")


def test_later_commands_of_the_batch_see_the_record_without_the_voided_step(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, OPENING)
    [suspended] = accepted(recorder, [SUSPEND])
    assert found(app, F9).rights_suspended
    again = line("member.suspend-rights", date="2019-01-12", member="F9", reason="detained")
    # Without the correction, suspending again is refused: the rights are suspended already.
    assert run(recorder, [again])[0].rule == "record.transition"
    outcomes = accepted(recorder, [correction(suspended.positions[0], on="2019-01-12"), again])
    assert found(app, F9).rights_suspended
    assert found(app, F9).last_change == date(2019, 1, 12)
    assert len(outcomes[0].positions) == len(suspended.positions) == 2  # member and roll
    views_of(app)
    assert len(voided_rows(app)) == 2


def test_a_rejected_command_after_a_correction_in_one_batch_keeps_the_correction(
    recorder: Recorder, app: BranchBook
) -> None:
    accepted(recorder, OPENING)
    [suspended] = accepted(recorder, [SUSPEND])
    restore = line("member.restore-rights", date="2019-01-12", member="F9")
    outcomes = run(recorder, [correction(suspended.positions[0], on="2019-01-12"), restore])
    assert [o.status for o in outcomes] == ["accepted", "rejected"]
    assert not found(app, F9).rights_suspended
    assert type(app.stream(F9)[-1][1]) is Voided
    assert isinstance(found(app, ids.branch_id("B01")), Branch)


def test_rebuilding_the_views_equals_catching_up_across_corrections(
    recorder: Recorder, app: BranchBook, talked: int
) -> None:
    views = views_of(app, page_size=3)
    assert correct(recorder, talked).accepted
    accepted(recorder, [line("member.talk", date="2016-01-25", member="A1", by="F1")])
    views.run()
    incremental = dump(views)
    views.rebuild()
    assert dump(views) == incremental
    assert incremental["bb_voided"]


def dump(views: CatchUp) -> dict[str, list[tuple[Any, ...]]]:
    with views.engine.connect() as conn:
        return {
            t.name: sorted(tuple(map(repr, r)) for r in conn.execute(select(t)))
            for t in metadata.sorted_tables
            if t is not positions
        }
