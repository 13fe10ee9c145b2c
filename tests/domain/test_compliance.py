"""The recurring obligations judged per window, on both sides of each boundary."""

from __future__ import annotations

from datetime import date

import pytest

from branchbook.domain.branch import Standing
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.catalogue.profiles import S000, S000_S003
from branchbook.domain.compliance import (
    BranchRecord,
    Evaluation,
    MeetingFact,
    OfficeSpell,
    Result,
    judge_obligations,
    summarise,
)
from branchbook.domain.compliance_facts import windows
from branchbook.domain.rules import Rule, RulebookVersion, with_overrides

S000_ONLY = builtin_rulebook(S000).versions[0]
WITH_S003 = builtin_rulebook(S000_S003).versions[0]
YEAR = (date(2024, 1, 1), date(2024, 12, 31))
FOUNDED = date(2020, 1, 1)


def full(since: date = FOUNDED) -> list[Standing]:
    return [Standing(since, "full", True, True)]


def branch(
    *meetings: MeetingFact,
    kind: str = "regular",
    founded: date = FOUNDED,
    dissolved: date | None = None,
    offices: tuple[OfficeSpell, ...] = (OfficeSpell(FOUNDED, True, ("C1", "C2", "C3")),),
    roll: dict[str, list[Standing]] | None = None,
    evaluations: tuple[Evaluation, ...] = (),
) -> BranchRecord:
    return BranchRecord(
        code="B01",
        kind=kind,
        founded=founded,
        dissolved=dissolved,
        meetings=meetings,
        evaluations=evaluations,
        offices=offices,
        roll=roll if roll is not None else {n: full() for n in ("C1", "C2", "C3", "M1")},
    )


def held(
    kind: str, on: str, *present: str, hours: int | None = None, group: str | None = None
) -> MeetingFact:
    day = date.fromisoformat(on)
    return MeetingFact(f"B01-{on}-{kind}", kind, day, present, hours, group)


def results(
    record: BranchRecord,
    rule: str,
    version: RulebookVersion = S000_ONLY,
    period: tuple[date, date] = YEAR,
) -> dict[str, Result]:
    judged = judge_obligations(record, *period, version)
    return {r.window if r.subject is None else f"{r.window} {r.subject}": r
            for r in judged.results if r.rule == rule}  # fmt: skip


def skipped(record: BranchRecord, rule: str, version: RulebookVersion = S000_ONLY) -> list[str]:
    judged = judge_obligations(record, *YEAR, version)
    return [n.reason for n in judged.not_judged if n.rule == rule]


def test_windows_are_calendar_months_quarters_and_years() -> None:
    quarters = windows("quarterly", date(2024, 2, 10), date(2024, 12, 31))
    assert [w.label for w in quarters] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert (quarters[2].start, quarters[2].end) == (date(2024, 7, 1), date(2024, 9, 30))
    assert [w.label for w in windows("monthly", date(2024, 1, 31), date(2024, 2, 1))] == [
        "2024-01",
        "2024-02",
    ]
    assert windows("yearly", *YEAR)[0].label == "2024"
    with pytest.raises(ValueError, match="unknown period"):
        windows("fortnightly", *YEAR)


def test_a_quarter_without_an_assembly_is_missed_and_one_with_an_assembly_is_met() -> None:
    record = branch(held("assembly", "2024-08-15", "C1"))
    found = results(record, "assembly.frequency")
    assert set(found) == {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}
    assert (found["2024-Q3"].found, found["2024-Q3"].met) == (1, True)
    assert (found["2024-Q2"].found, found["2024-Q2"].met) == (0, False)
    assert found["2024-Q3"].citation == S000_ONLY["assembly.frequency"].citation


def test_windows_cut_by_the_period_or_the_branchs_life_are_not_judged() -> None:
    record = branch(founded=date(2024, 2, 10), dissolved=date(2024, 11, 1))
    found = results(record, "assembly.frequency")
    assert set(found) == {"2024-Q2", "2024-Q3"}  # Q1 before the founding, Q4 ends dissolved
    reasons = skipped(record, "assembly.frequency")
    assert reasons == ["only partly within the period or the branch's life: 2024-Q1, 2024-Q4"]
    # A period that ends mid-quarter judges no window the period cuts.
    part = results(branch(), "assembly.frequency", period=(date(2024, 1, 1), date(2024, 5, 15)))
    assert set(part) == {"2024-Q1"}


def test_a_branch_dissolved_on_the_day_after_a_window_keeps_that_window() -> None:
    record = branch(dissolved=date(2024, 10, 1))
    assert "2024-Q3" in results(record, "assembly.frequency")
    assert "2024-Q3" not in results(branch(dissolved=date(2024, 9, 30)), "assembly.frequency")


def test_committee_meetings_are_judged_only_while_a_committee_is_in_office() -> None:
    offices = (
        OfficeSpell(FOUNDED, False, ("C1",)),
        OfficeSpell(date(2024, 3, 15), True, ("C1", "C2", "C3")),
    )
    record = branch(held("committee", "2024-04-02", "C1", "C2"), offices=offices)
    found = results(record, "committee_meeting.frequency")
    assert min(found) == "2024-04"  # March has the secretary alone for half the month
    assert found["2024-04"].met
    assert not found["2024-05"].met
    assert skipped(record, "committee_meeting.frequency") == [
        "no committee in office throughout: 2024-01, 2024-02, 2024-03"
    ]


def test_each_party_group_is_judged_from_its_first_meeting() -> None:
    record = branch(
        held("group", "2023-05-03", "M1", group="一组"),
        held("group", "2024-01-09", "M1", group="一组"),
        held("group", "2024-11-20", "C2", group="二组"),
    )
    found = results(record, "group_meeting.frequency")
    assert found["2024-01 一组"].met
    assert not found["2024-02 一组"].met
    assert "2024-10 二组" not in found
    assert found["2024-11 二组"].met
    assert not found["2024-12 二组"].met
    summary = {s.subject: s for s in summarise(found.values())}
    assert (summary["一组"].judged, summary["一组"].met) == (12, 1)
    assert summary["二组"].missed == ("2024-12",)


def test_lectures_are_judged_only_when_the_profile_sets_a_period() -> None:
    record = branch(held("lecture", "2024-02-01", "C1"))
    assert results(record, "lecture.frequency") == {}
    assert skipped(record, "lecture.frequency")
    with_s003 = results(record, "lecture.frequency", WITH_S003)
    assert with_s003["2024-Q1"].met
    assert not with_s003["2024-Q2"].met


@pytest.mark.parametrize(("day", "s000", "s003"), [(10, True, True), (11, True, False)])
def test_the_theme_day_is_on_the_tenth_under_s003_and_on_any_day_under_s000(
    day: int, s000: bool, s003: bool
) -> None:
    record = branch(held("theme-day", f"2024-05-{day:02d}", "C1"))
    assert results(record, "theme_day.schedule")["2024-05"].met is s000
    assert results(record, "theme_day.schedule", WITH_S003)["2024-05"].met is s003


def test_the_set_day_is_clamped_to_the_end_of_a_short_month() -> None:
    version = WITH_S003.amended(
        "late", WITH_S003.effective_from, {"theme_day.schedule": _day(WITH_S003, 31)}
    )
    record = branch(held("theme-day", "2024-02-29", "C1"), held("theme-day", "2024-03-30", "C1"))
    found = results(record, "theme_day.schedule", version)
    assert found["2024-02"].met
    assert not found["2024-03"].met


def _day(version: RulebookVersion, day: int) -> Rule:
    return with_overrides(version["theme_day.schedule"], None, {"day_of_month": day})


def test_organisational_life_and_the_evaluation_are_yearly() -> None:
    none = branch()
    assert not results(none, "org_life_meeting.frequency")["2024"].met
    assert not results(none, "democratic_evaluation.frequency")["2024"].met
    some = branch(held("org-life", "2024-06-01", "C1"), held("evaluation", "2024-12-01", "C1"))
    life = results(some, "org_life_meeting.frequency")["2024"]
    assert life.met
    assert "none in Q4" in life.detail
    assert results(some, "democratic_evaluation.frequency")["2024"].met


def evaluation(excellent: int, rated: int) -> Evaluation:
    ratings = {f"M{i}": "excellent" if i < excellent else "qualified" for i in range(rated)}
    return Evaluation("B01-2024-12-01-evaluation", date(2024, 12, 1), ratings)


@pytest.mark.parametrize(("excellent", "met"), [(3, True), (4, False)])
def test_the_excellent_cap_is_fifteen_percent_under_s003(excellent: int, met: bool) -> None:
    record = branch(evaluations=(evaluation(excellent, 20),))
    (found,) = results(record, "democratic_evaluation.excellent_cap", WITH_S003).values()
    assert (found.met, found.found, found.required, found.bound) == (met, excellent, 3, "at most")
    assert found.subject == "B01-2024-12-01-evaluation"


def test_the_excellent_cap_is_not_judged_under_s000() -> None:
    record = branch(evaluations=(evaluation(10, 20),))
    assert results(record, "democratic_evaluation.excellent_cap") == {}
    assert skipped(record, "democratic_evaluation.excellent_cap")


def test_talks_cover_each_leader_with_each_member_on_the_roll() -> None:
    talks = [held("talk", "2024-03-01", c, m) for c in ("C1", "C2", "C3") for m in ("M1",)]
    talks += [held("talk", "2024-03-02", "C1", "C2"), held("talk", "2024-03-03", "C1", "C3")]
    short = results(branch(*talks), "talks.per_pair")["2024"]
    assert (short.required, short.found, short.met) == (6, 5, False)
    assert "1 missing: C2–C3" in short.detail
    done = results(branch(*talks, held("talk", "2024-09-09", "C3", "C2")), "talks.per_pair")
    assert (done["2024"].found, done["2024"].met) == (6, True)


def test_members_who_join_during_the_year_are_not_judged_for_it() -> None:
    roll = {n: full() for n in ("C1", "C2", "C3")} | {"M1": full(date(2024, 6, 1))}
    talks = [held("talk", "2024-03-02", "C1", "C2"), held("talk", "2024-03-03", "C1", "C3"),
             held("talk", "2024-03-04", "C2", "C3")]  # fmt: skip
    found = results(branch(*talks, roll=roll), "talks.per_pair")["2024"]
    assert (found.required, found.met) == (3, True)


@pytest.mark.parametrize(("member_hours", "leader_hours", "met"),
                         [(32, 56, True), (31, 56, False), (32, 55, False)])  # fmt: skip
def test_training_hours_are_32_for_members_and_56_for_the_leadership_under_s003(
    member_hours: int, leader_hours: int, met: bool
) -> None:
    roll = {"C1": full(), "M1": full()}
    offices = (OfficeSpell(FOUNDED, False, ("C1",)),)
    record = branch(
        held("training", "2024-04-01", "C1", "M1", hours=member_hours),
        held("training", "2024-05-01", "C1", hours=leader_hours - member_hours),
        offices=offices,
        roll=roll,
    )
    (found,) = results(record, "training.annual_hours", WITH_S003).values()
    assert (found.required, found.met) == (2, met)
    assert results(record, "training.annual_hours") == {}


def test_a_temporary_branch_is_judged_on_its_meetings_only() -> None:
    record = branch(kind="temporary")
    judged = judge_obligations(record, *YEAR, WITH_S003)
    rules = {r.rule for r in judged.results}
    assert "assembly.frequency" in rules
    assert not rules & {"talks.per_pair", "training.annual_hours", "org_life_meeting.frequency"}
    assert any(n.rule == "talks.per_pair" for n in judged.not_judged)
