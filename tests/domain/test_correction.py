"""Voided events and the fold: a voided event stays in the stream but no longer counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.correction import Voided, check_correction, fold, voided_versions
from branchbook.domain.rules import Judge, RuleViolation
from branchbook.domain.step import Step

ON = date(2024, 3, 1)
STEP = Step(effective=ON, actor="tester", command="c0ffee")


class Tally(Aggregate):
    """A small aggregate: a running total of the numbers added."""

    def __init__(self) -> None:
        self.total = 0
        self.added: list[int] = []

    @event("Added")
    def add(self, n: int) -> None:
        self.total += n
        self.added.append(n)


def voided(tally: Tally, version: int, position: int = 0) -> None:
    tally.trigger_event(
        Voided, corrects=position, corrects_version=version, why="mistyped", step=STEP
    )


def stream(*numbers: int) -> Tally:
    tally = Tally()
    for n in numbers:
        tally.add(n)
    return tally


def state(tally: Any) -> tuple[int, list[int], int]:
    return tally.total, tally.added, tally.version


def test_a_step_stored_before_commands_had_ids_decodes_without_one() -> None:
    old = STEP.as_dict()
    del old["command"]
    assert Step.from_dict(old) == Step(effective=ON, actor="tester")
    assert Step.from_dict(old).command is None


def test_a_step_keeps_its_command_id_through_storage() -> None:
    assert Step.from_dict(STEP.as_dict()) == STEP
    assert STEP.as_dict()["command"] == "c0ffee"


def test_an_aggregate_whose_latest_event_is_voided_folds_to_the_state_before_it() -> None:
    tally = stream(1, 2)
    voided(tally, version=3)
    events = tally.collect_events()
    folded = fold(None, events)
    # As after adding 1 only; the version counts the voided event and the Voided one.
    assert state(folded) == (1, [1], 4)
    assert [type(e).__name__ for e in events] == ["Created", "Added", "Added", "Voided"]
    assert voided_versions(events) == {3}


def test_without_a_voided_event_the_fold_is_the_plain_replay() -> None:
    events = stream(1, 2).collect_events()
    assert state(fold(None, events)) == (3, [1, 2], 3)


def test_replaying_twice_gives_the_same_state() -> None:
    tally = stream(1, 2, 4)
    voided(tally, version=4)
    events = tally.collect_events()
    assert state(fold(None, events)) == state(fold(None, events)) == (3, [1, 2], 5)


def test_the_folded_aggregate_takes_the_next_event() -> None:
    tally = stream(1, 2)
    voided(tally, version=3)
    saved = tally.collect_events()
    folded = fold(None, saved)
    folded.add(5)
    assert state(folded) == (6, [1, 5], 5)
    assert state(fold(None, [*saved, *folded.collect_events()])) == state(folded)


def test_a_voided_event_in_the_middle_is_skipped_and_the_rest_kept() -> None:
    tally = stream(1, 2)
    voided(tally, version=2)
    tally.add(7)
    assert state(fold(None, tally.collect_events())) == (9, [2, 7], 5)


def test_an_empty_stream_folds_to_nothing() -> None:
    assert fold(None, []) is None


# --- Judging a correction of one record, given its stream of (position, event).

JUDGE_ON = builtin_rulebook().in_force(ON)


def positioned(tally: Tally) -> list[tuple[int | None, Any]]:
    return [(10 + e.originator_version, e) for e in tally.collect_events()]


def judge_voiding(records: Sequence[tuple[int | None, Any]], versions: set[int]) -> None:
    check_correction(Judge(JUDGE_ON), step=12, record="tally T", stream=records, versions=versions)


def refusal(records: Sequence[tuple[int | None, Any]], versions: set[int]) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        judge_voiding(records, versions)
    return caught.value


def test_the_latest_events_of_a_record_may_be_voided() -> None:
    records = positioned(stream(1, 2))
    judge_voiding(records, {3})
    judge_voiding(records, {2, 3})


def test_an_event_with_later_standing_events_may_not_be_voided() -> None:
    violation = refusal(positioned(stream(1, 2, 4)), {2})
    assert violation.rule.id == "record.correction_latest"
    assert violation.facts["later"] == "#13, #14"
    assert "tally T's record has later steps (#13, #14)" in violation.reason


def test_later_events_already_voided_do_not_stand_in_the_way() -> None:
    tally = stream(1, 2)
    voided(tally, version=3)
    judge_voiding(positioned(tally), {2})


def test_a_later_event_not_yet_saved_is_named_as_one_of_the_batch() -> None:
    pending = stream(1, 2, 4).collect_events()
    records = [(10 + e.originator_version, e) for e in pending[:3]] + [(None, pending[3])]
    violation = refusal(records, {3})
    assert violation.facts["later"] == "a step earlier in this batch"


def test_an_event_already_voided_is_not_voided_again() -> None:
    tally = stream(1, 2)
    voided(tally, version=3)
    violation = refusal(positioned(tally), {3})
    assert (violation.rule.id, violation.facts["by"]) == ("record.correction_once", "#14")


def test_a_correction_is_not_itself_corrected() -> None:
    tally = stream(1, 2)
    voided(tally, version=3)
    violation = refusal(positioned(tally), {4})
    assert violation.rule.id == "record.correction_target"


def test_the_event_that_opened_a_record_is_not_voided() -> None:
    violation = refusal(positioned(stream()), {1})
    assert violation.rule.id == "record.correction_opening"
    assert "opened tally T's record" in violation.reason
