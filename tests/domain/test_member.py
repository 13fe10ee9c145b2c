"""Founding a branch, receiving an application and the talk with the applicant, judged in memory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchbook.domain import ids
from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member, Status
from branchbook.domain.rules import Judge, RulebookVersion, RuleViolation, Severity, with_overrides
from branchbook.domain.step import Step

BUILTIN = builtin_rulebook().versions[0]
FOUNDED = date(2010, 3, 1)
ACTOR = "clerk"


def judge(version: RulebookVersion = BUILTIN) -> Judge:
    return Judge(version)


def step(on: date, doc: str | None = None) -> Step:
    return Step(effective=on, actor=ACTOR, doc=doc)


def branch(founded: date = FOUNDED) -> Branch:
    return Branch.found(
        code="B01",
        name="First branch",
        kind=BranchKind.REGULAR,
        parent="Primary committee",
        full_members=3,
        step=step(founded, doc="approval 2010/1"),
        judge=judge(),
    )


def apply(
    birth: date, on: date, version: RulebookVersion = BUILTIN, number: str = "M0001"
) -> Member:
    return Member.apply(
        number=number,
        name="Li Lei",
        birth=birth,
        branch=branch(),
        step=step(on),
        judge=judge(version),
    )


def violation(birth: date, on: date, version: RulebookVersion = BUILTIN) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        apply(birth, on, version)
    return err.value


def amended(rule_id: str, severity: Severity | None = None, **params: int) -> RulebookVersion:
    rule = with_overrides(BUILTIN[rule_id], severity, params)
    return BUILTIN.amended("local", date(2000, 1, 1), {rule_id: rule})


# --- the branch ---------------------------------------------------------------------------------


def test_a_founded_branch_holds_its_code_name_kind_parent_and_founding_date() -> None:
    b = Branch.found(
        code="B07",
        name="Workshop branch",
        kind=BranchKind.TEMPORARY,
        parent="Plant committee",
        full_members=5,
        step=step(date(2015, 5, 4)),
        judge=judge(),
    )

    assert (b.code, b.name, b.kind, b.parent) == (
        "B07",
        "Workshop branch",
        BranchKind.TEMPORARY,
        "Plant committee",
    )
    assert b.founded == date(2015, 5, 4)
    assert b.id == ids.branch_id("B07")
    assert b.version == 1


def test_the_founding_event_carries_the_step_with_the_rulebook_and_the_actor() -> None:
    b = branch()

    (founded,) = b.pending_events
    assert isinstance(founded, Branch.Founded)
    assert founded.step.effective == FOUNDED
    assert founded.step.actor == ACTOR
    assert founded.step.doc == "approval 2010/1"
    assert founded.step.rulebook == BUILTIN.fingerprint
    assert founded.step.warnings == ()
    assert founded.full_members == 3


# --- the application: age ------------------------------------------------------------------------


def test_an_applicant_who_turns_18_on_the_application_date_is_accepted() -> None:
    member = apply(birth=date(2000, 6, 15), on=date(2018, 6, 15))

    assert member.status is Status.APPLICANT
    assert member.applied == date(2018, 6, 15)


def test_an_applicant_one_day_short_of_18_is_rejected_by_the_minimum_age() -> None:
    err = violation(birth=date(2000, 6, 15), on=date(2018, 6, 14))

    assert err.rule.id == "applicant.min_age"
    assert err.facts["age"] == 17


def test_someone_born_on_29_february_is_17_on_28_february_of_the_year_they_turn_18() -> None:
    err = violation(birth=date(2004, 2, 29), on=date(2022, 2, 28))

    assert err.rule.id == "applicant.min_age"
    assert err.facts["age"] == 17


def test_someone_born_on_29_february_is_18_on_1_march_of_the_year_they_turn_18() -> None:
    member = apply(birth=date(2004, 2, 29), on=date(2022, 3, 1))

    assert member.birth == date(2004, 2, 29)


def test_lowering_the_minimum_age_in_a_new_version_accepts_a_16_year_old() -> None:
    sixteen = amended("applicant.min_age", min_age_years=16)
    birth, on = date(2004, 9, 1), date(2020, 9, 1)

    assert violation(birth, on).rule.id == "applicant.min_age"
    assert apply(birth, on, sixteen).applied == on
    assert violation(birth, on - timedelta(days=1), sixteen).rule.id == "applicant.min_age"
    assert sixteen.fingerprint != BUILTIN.fingerprint


# --- the application: the record's own order ----------------------------------------------------


def test_an_application_dated_before_the_branch_was_founded_is_rejected() -> None:
    err = violation(birth=date(1980, 1, 1), on=FOUNDED - timedelta(days=1))

    assert err.rule.id == "record.branch_founded"
    assert err.facts["founded"] == FOUNDED


def test_an_application_on_the_founding_day_is_accepted() -> None:
    assert apply(birth=date(1980, 1, 1), on=FOUNDED).applied == FOUNDED


@pytest.mark.parametrize("days_after", [0, 1, 400])
def test_a_birth_date_not_before_the_application_is_rejected(days_after: int) -> None:
    on = date(2020, 1, 1)

    err = violation(birth=on + timedelta(days=days_after), on=on)

    assert err.rule.id == "record.birth_before_step"


def test_an_application_records_one_event_with_the_step_and_the_rulebook_that_judged_it() -> None:
    member = apply(birth=date(1990, 1, 1), on=date(2020, 5, 6))

    (applied,) = member.pending_events
    assert isinstance(applied, Member.Applied)
    assert (applied.number, applied.branch, applied.birth) == ("M0001", "B01", date(1990, 1, 1))
    assert applied.step == Step(
        effective=date(2020, 5, 6), actor=ACTOR, rulebook=BUILTIN.fingerprint
    )
    assert member.id == ids.member_id("M0001")
    assert member.talks == []


def test_the_event_names_the_version_that_judged_it_not_the_built_in_one() -> None:
    sixteen = amended("applicant.min_age", min_age_years=16)

    member = apply(birth=date(1990, 1, 1), on=date(2020, 5, 6), version=sixteen)

    applied = member.pending_events[0]
    assert isinstance(applied, Member.Applied)
    assert applied.step.rulebook == sixteen.fingerprint


# --- the talk ------------------------------------------------------------------------------------

DEADLINES = [
    (date(2021, 1, 31), date(2021, 2, 28)),
    (date(2020, 1, 31), date(2020, 2, 29)),
    (date(2020, 5, 15), date(2020, 6, 15)),
    (date(2020, 12, 31), date(2021, 1, 31)),
]


def applicant(applied: date) -> Member:
    return apply(birth=date(1990, 1, 1), on=applied)


def talk(member: Member, on: date, version: RulebookVersion = BUILTIN) -> Judge:
    j = judge(version)
    member.talk(by="Secretary Wang", step=step(on), judge=j)
    return j


@pytest.mark.parametrize(("applied", "deadline"), DEADLINES)
def test_a_talk_on_the_last_day_of_the_deadline_is_clean(applied: date, deadline: date) -> None:
    member = applicant(applied)

    j = talk(member, deadline)

    assert j.warnings == []
    assert member.talks == [deadline]
    event = member.pending_events[-1]
    assert isinstance(event, Member.TalkedWith)
    assert event.step.warnings == ()
    assert member.version == 2


@pytest.mark.parametrize(("applied", "deadline"), DEADLINES)
def test_a_talk_one_day_after_the_deadline_is_recorded_with_a_warning(
    applied: date, deadline: date
) -> None:
    member = applicant(applied)
    late = deadline + timedelta(days=1)

    j = talk(member, late)

    assert [w.rule for w in j.warnings] == ["applicant.talk_deadline"]
    event = member.pending_events[-1]
    assert isinstance(event, Member.TalkedWith)
    assert [w.rule for w in event.step.warnings] == ["applicant.talk_deadline"]
    assert event.step.rulebook == BUILTIN.fingerprint
    assert event.step.actor == ACTOR
    assert event.by == "Secretary Wang"
    assert member.talks == [late]


def test_a_talk_on_the_application_day_is_clean() -> None:
    member = applicant(date(2020, 5, 6))

    assert talk(member, date(2020, 5, 6)).warnings == []


def test_a_talk_dated_before_the_application_is_rejected_and_changes_nothing() -> None:
    member = applicant(date(2020, 5, 6))

    with pytest.raises(RuleViolation) as err:
        talk(member, date(2020, 5, 5))

    assert err.value.rule.id == "record.step_order"
    assert member.talks == []
    assert member.version == 1
    assert len(member.pending_events) == 1


def test_only_the_first_talk_is_held_to_the_deadline() -> None:
    member = applicant(date(2020, 5, 6))
    talk(member, date(2020, 5, 20))

    j = talk(member, date(2020, 9, 1))

    assert j.warnings == []
    assert member.talks == [date(2020, 5, 20), date(2020, 9, 1)]
    assert member.version == 3


def test_a_longer_deadline_in_a_new_version_makes_a_late_talk_clean() -> None:
    two_months = amended("applicant.talk_deadline", months=2)
    late = date(2020, 6, 7)

    assert [w.rule for w in talk(applicant(date(2020, 5, 6)), late).warnings] == [
        "applicant.talk_deadline"
    ]
    assert talk(applicant(date(2020, 5, 6)), late, two_months).warnings == []


def test_a_talk_deadline_made_hard_rejects_a_late_talk() -> None:
    strict = amended("applicant.talk_deadline", Severity.HARD)
    member = applicant(date(2020, 5, 6))

    with pytest.raises(RuleViolation) as err:
        talk(member, date(2020, 6, 7), strict)

    assert err.value.rule.id == "applicant.talk_deadline"
    assert member.talks == []
