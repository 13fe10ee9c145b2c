"""record.future_date: a step is judged against the day it is recorded, which comes in as a fact."""

from __future__ import annotations

from datetime import date

import pytest

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rules import Judge, RuleViolation, with_overrides
from branchbook.domain.step import Step, check_recorded_on

RECORDED = date(2024, 3, 1)


def judge(tolerance: int | None = None) -> Judge:
    version = builtin_rulebook().versions[0]
    if tolerance is not None:
        rule = with_overrides(version["record.future_date"], None, {"tolerance_days": tolerance})
        version = version.amended("test", version.effective_from, {rule.id: rule})
    return Judge(version)


def step(on: date) -> Step:
    return Step(effective=on, actor="tester")


@pytest.mark.parametrize("on", [date(1900, 1, 1), RECORDED, date(2024, 3, 2)])
def test_a_step_up_to_a_day_after_the_recording_day_holds(on: date) -> None:
    check_recorded_on(judge(), step(on), "member.apply", RECORDED)


def test_a_step_two_days_after_breaks_the_rule_with_its_facts() -> None:
    with pytest.raises(RuleViolation) as broken:
        check_recorded_on(judge(), step(date(2024, 3, 3)), "member.apply", RECORDED)
    assert broken.value.rule.id == "record.future_date"
    assert broken.value.facts == {
        "step": "member.apply",
        "on": date(2024, 3, 3),
        "recorded": RECORDED,
    }


def test_any_tolerance_a_rulebook_gives_is_compared_without_overflow() -> None:
    check_recorded_on(judge(10**6), step(date(2099, 12, 31)), "member.apply", RECORDED)
    with pytest.raises(RuleViolation):
        check_recorded_on(judge(-(10**6)), step(RECORDED), "member.apply", RECORDED)
