"""Exactly once: every command is recorded under a key, and a key already stored writes nothing."""

from __future__ import annotations

import json
from collections import Counter

from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import EVENTS_TABLE
from sqlalchemy import text

OPENING = [
    {"command": "org.add", "date": "2015-01-01", "code": "TC01", "name": "城关镇党委",
     "kind": "committee", "approves-admissions": True},
    {"command": "branch.found", "date": "2015-01-01", "code": "B01", "name": "机关第一党支部",
     "kind": "regular", "parent": "TC01", "full-members": 3},
]  # fmt: skip


def applicant(n: int) -> dict[str, object]:
    return {"command": "member.apply", "date": "2024-03-01", "member": f"A{n}",
            "name": f"申请人 {n}", "birth": "1990-05-01", "branch": "B01"}  # fmt: skip


def talk(n: int, by: str = "书记") -> dict[str, object]:
    return {"command": "member.talk", "date": "2024-03-20", "member": f"A{n}", "by": by}


JOURNAL = [*OPENING, *(applicant(n) for n in range(1, 6)), *(talk(n) for n in range(1, 6))]


def record(
    recorder: Recorder, lines: list[dict[str, object]], batch_size: int = 500
) -> list[Outcome]:
    texts = [json.dumps(line, ensure_ascii=False) for line in lines]
    return list(recorder.record_many(parse_journal(texts), batch_size=batch_size))


def stored_keys(app: BranchBook) -> Counter[str]:
    """How many commands recorded events under each key, read from the events themselves."""
    with app.engine.connect() as conn:
        states = conn.execute(text(f"SELECT state FROM {EVENTS_TABLE}")).scalars()  # noqa: S608
        steps = [json.loads(bytes(s))["step"]["_data_"] for s in states]
    return Counter(key for key, _ in {(step["key"], step["command"]) for step in steps})


def event_count(app: BranchBook) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {EVENTS_TABLE}")).scalar_one())  # noqa: S608


def test_a_journal_run_again_records_nothing_and_says_where_each_line_is(
    recorder: Recorder, app: BranchBook
) -> None:
    first = record(recorder, JOURNAL)
    assert {o.status for o in first} == {"accepted"}
    count = event_count(app)

    again = record(recorder, JOURNAL)

    assert [o.status for o in again] == ["already-recorded"] * len(JOURNAL)
    assert [o.positions for o in again] == [o.positions for o in first]
    assert [o.key for o in again] == [o.key for o in first]
    assert event_count(app) == count


def test_a_journal_cut_short_and_run_again_records_the_rest_once(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, JOURNAL[:7], batch_size=3)
    outcomes = record(recorder, JOURNAL, batch_size=3)
    assert [o.status for o in outcomes] == ["already-recorded"] * 7 + ["accepted"] * 5
    reference = BranchBook("sqlite:///:memory:")
    try:
        record(Recorder(reference, recorder.rulebook, "tester"), JOURNAL)
        assert event_count(app) == event_count(reference)
    finally:
        reference.close()


def test_a_line_repeated_within_a_batch_is_recorded_once(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, [*OPENING, applicant(1), applicant(1), talk(1), talk(1)])
    assert [o.status for o in outcomes] == [
        "accepted", "accepted", "accepted", "already-recorded", "accepted", "already-recorded"
    ]  # fmt: skip
    assert outcomes[3].positions == outcomes[2].positions
    assert outcomes[5].positions == outcomes[4].positions
    assert event_count(app) == sum(len(o.positions) for o in outcomes if o.accepted)


def test_the_same_content_under_two_ids_is_recorded_twice(recorder: Recorder) -> None:
    outcomes = record(
        recorder, [*OPENING, applicant(1), {**talk(1), "id": "t-1"}, {**talk(1), "id": "t-2"}]
    )
    assert [o.status for o in outcomes[3:]] == ["accepted", "accepted"]
    assert [o.key for o in outcomes[3:]] == ["t-1", "t-2"]


def test_an_id_used_again_for_another_command_is_a_conflict_and_writes_nothing(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, [*OPENING, applicant(1), {**talk(1), "id": "talk-1"}])
    count = event_count(app)
    [outcome] = record(recorder, [{**talk(1, by="副书记"), "id": "talk-1"}])
    assert outcome.status == "conflict"
    assert "talk-1" in (outcome.message or "")
    assert event_count(app) == count


def test_every_event_carries_its_command_key_and_each_key_is_stored_once(
    recorder: Recorder, app: BranchBook
) -> None:
    outcomes = record(recorder, JOURNAL)
    record(recorder, JOURNAL)
    keys = stored_keys(app)
    assert set(keys) == {o.key for o in outcomes}
    assert set(keys.values()) == {1}


def test_a_rejected_line_leaves_its_key_free(recorder: Recorder, app: BranchBook) -> None:
    early = {**applicant(1), "date": "2014-01-01"}  # before the branch was founded
    record(recorder, OPENING)
    [rejected] = record(recorder, [early])
    assert rejected.status == "rejected"
    [again] = record(recorder, [early])
    assert again.status == "rejected"
    assert event_count(app) == 2


def test_a_key_is_derived_from_what_the_step_says_not_from_how_it_is_written(
    recorder: Recorder,
) -> None:
    record(recorder, OPENING)
    written = {**applicant(1), "name": "  申请人 1 ", "doc": None}
    [first] = record(recorder, [written])
    [second] = record(recorder, [applicant(1)])
    assert first.status == "accepted"
    assert second.status == "already-recorded"
    assert (first.key or "").startswith("auto:")


def test_an_id_is_checked_at_the_boundary(recorder: Recorder, app: BranchBook) -> None:
    record(recorder, OPENING)
    bad = [{**applicant(1), "id": value} for value in ("", "x" * 129, "a\x1bb", "auto:1", 7)]
    outcomes = record(recorder, bad)
    assert {o.status for o in outcomes} == {"invalid"}
    assert event_count(app) == 2


def test_an_id_used_twice_in_one_batch_for_two_commands_records_the_first_only(
    recorder: Recorder, app: BranchBook
) -> None:
    record(recorder, [*OPENING, applicant(1)])
    count = event_count(app)
    outcomes = record(recorder, [{**talk(1), "id": "t"}, {**talk(1, by="副书记"), "id": "t"}])
    assert [o.status for o in outcomes] == ["accepted", "conflict"]
    assert event_count(app) == count + 1
