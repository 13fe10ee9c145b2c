"""Member points (S002) and the evaluation marks the record already knows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pipeline_support import BUILTIN, amended, step

from branchbook.domain.compliance_facts import NotJudged, Result
from branchbook.domain.eval_record import open_windows, record_marks
from branchbook.domain.member_points import MemberPoints, Membership, points_of
from branchbook.domain.rules import Judge, RuleViolation

D = Decimal
PARAMS = BUILTIN["points002.annual_total"].params
ON = date(2025, 12, 28)


def recorded(**scores: str) -> dict[str, object]:
    return {"member": "M1", "branch": "B01", "category": "C", "scores": scores}


def test_the_annual_total_is_half_individual_three_tenths_group_one_fifth_annual() -> None:
    points = points_of("M1", 2025, [recorded(individual="90", group="85.5", annual="80")], PARAMS)
    assert points.total == D("86.65")  # 45 + 25.65 + 16
    assert points.category == "C"
    assert points.missing == ()


def test_the_weights_are_the_rulebook_s() -> None:
    even = amended({"points002.annual_total": {"weights": {"individual": 0.4, "group": 0.4,
                                                           "annual": 0.2}}})  # fmt: skip
    fields = [recorded(individual="90", group="80", annual="70")]
    assert points_of("M1", 2025, fields, even["points002.annual_total"].params).total == D(82)
    assert points_of("M1", 2025, fields, PARAMS).total == D(83)


def test_no_total_until_every_component_is_known_and_a_later_record_fills_in() -> None:
    first = recorded(individual="90")
    assert points_of("M1", 2025, [first], PARAMS).total is None
    assert points_of("M1", 2025, [first], PARAMS).missing == ("group", "annual")
    later = {**recorded(group="80", annual="100", individual="60"), "category": None}
    both = points_of("M1", 2025, [first, later], PARAMS)
    assert (both.total, both.category) == (D(74), "C")  # 30 + 24 + 20; the category kept


FULL = Membership(status="full", since=date(2010, 5, 1), ended=None)


def ledger() -> MemberPoints:
    return MemberPoints.open(member="M1", year=2025, branch="B01", step=step(ON),
                             judge=Judge(BUILTIN))  # fmt: skip


@pytest.mark.parametrize("component", ["individual", "group", "annual"])
@pytest.mark.parametrize(("points", "accepted"), [("0", True), ("100", True), ("100.01", False)])
def test_each_component_is_from_0_to_the_scale(component: str, points: str, accepted: bool) -> None:
    mine = ledger()

    def record() -> None:
        mine.record(branch="B01", category=None, scores={component: D(points)},
                    membership=FULL, step=step(ON), judge=Judge(BUILTIN))  # fmt: skip

    if accepted:
        record()
        assert mine.scores[component] == D(points)
        return
    with pytest.raises(RuleViolation) as refused:
        record()
    assert refused.value.rule.id == "points002.component_range"
    assert component not in mine.scores


def test_points_are_for_a_year_that_has_begun() -> None:
    with pytest.raises(RuleViolation) as refused:
        MemberPoints.open(member="M1", year=2026, branch="B01", step=step(date(2025, 12, 31)),
                          judge=Judge(BUILTIN))  # fmt: skip
    assert refused.value.rule.id == "points002.year_begun"


@pytest.mark.parametrize(
    ("membership", "accepted"),
    [
        (FULL, True),
        (Membership(status="probationary", since=date(2025, 12, 28), ended=None), True),
        (Membership(status="probationary", since=date(2025, 12, 29), ended=None), False),
        (Membership(status="deceased", since=date(2010, 5, 1), ended=date(2025, 1, 1)), True),
        (Membership(status="expelled", since=date(2010, 5, 1), ended=date(2024, 12, 31)), False),
        (Membership(status="applicant", since=None, ended=None), False),
        (Membership(status="not-approved", since=None, ended=date(2025, 3, 1)), False),
    ],
)
def test_points_are_for_a_probationary_or_full_member_in_the_year_by_the_step(
    membership: Membership, accepted: bool
) -> None:
    mine = ledger()

    def record() -> None:
        mine.record(branch="B01", category="C", scores={"individual": D(80)},
                    membership=membership, step=step(ON), judge=Judge(BUILTIN))  # fmt: skip

    if accepted:
        record()
        assert mine.scores == {"individual": D(80)}
        return
    with pytest.raises(RuleViolation) as refused:
        record()
    assert refused.value.rule.id == "points002.party_member"
    assert mine.scores == {}


def judged(rule: str, *met: bool, subject: str | None = None) -> list[Result]:
    return [
        Result(rule, "", f"w{n}", date(2025, 1, 1), date(2025, 12, 31), 1, int(m), m, "",
               subject=subject)
        for n, m in enumerate(met)
    ]  # fmt: skip


ALL_MET = [
    *judged("assembly.frequency", *[True] * 4),
    *judged("committee_meeting.frequency", *[True] * 12),
    *judged("group_meeting.frequency", *[True] * 12, subject="一组"),
    *judged("lecture.frequency", *[True] * 4),
    *judged("theme_day.schedule", *[True] * 12),
    *judged("talks.per_pair", True),
    *judged("org_life_meeting.frequency", True),
    *judged("training.annual_hours", True),
    *judged("democratic_evaluation.frequency", True),
]


def test_a_year_with_every_obligation_met_fills_the_record_items_in_full() -> None:
    marks, left = record_marks(ALL_MET, [], [])
    assert left == {}
    assert {k: m.points for k, m in marks.items()} == {
        "4.1": 11, "4.3": 2, "4.4": 1, "4.5": 2, "5.3": 2, "5.6": 3, "2.1": 1,
    }  # fmt: skip
    assert all(m.source == "record" for m in marks.values())


def test_a_missed_window_gives_its_share_rounded_down_and_never_full_points() -> None:
    results = [r for r in ALL_MET if r.rule not in ("committee_meeting.frequency",
                                                    "theme_day.schedule")]  # fmt: skip
    results += judged("committee_meeting.frequency", *[True] * 11, False)
    results += judged("theme_day.schedule", *[True] * 11, False)
    marks, _ = record_marks(results, [], [])
    assert marks["4.1"].points == D("10.75")  # 4 + 3·11/12 + 2 + 2
    assert marks["4.3"].points == D("1.83")  # 2·11/12 = 1.8333…, rounded down
    assert "11/12" in marks["4.3"].detail


def test_an_obligation_not_judged_leaves_its_item_to_the_evaluator_with_the_reason() -> None:
    results = [r for r in ALL_MET if r.rule != "lecture.frequency"]
    skipped = [NotJudged("lecture.frequency", "", "the profile sets no lecture frequency")]
    marks, left = record_marks(results, skipped, [])
    assert "4.1" not in marks
    assert "the profile sets no lecture frequency" in left["4.1"]


@pytest.mark.parametrize(
    ("rule", "full"),
    [("branch.term_overdue", False), ("branch.vacancy_fill", False),
     ("branch.committee_size", False), ("branch.max_members", True)],
)  # fmt: skip
def test_the_team_item_is_lost_to_an_overdue_term_or_an_unfilled_seat(
    rule: str, full: bool
) -> None:
    marks, _ = record_marks(ALL_MET, [], [(rule, "B01: something")])
    assert marks["2.1"].points == (D(1) if full else D(0))


def test_an_open_window_leaves_its_item_to_the_evaluator_and_is_not_missed() -> None:
    results = [r for r in ALL_MET if r.rule != "theme_day.schedule"]
    results += judged("theme_day.schedule", *[True] * 6)
    results += [
        Result("theme_day.schedule", "", f"o{n}", date(2025, 1, 1), date(2025, 12, 31), 1, 0,
               False, "", still_open=True)
        for n in range(6)
    ]  # fmt: skip
    marks, left = record_marks(results, [], [])
    assert "4.3" not in marks
    assert "6/6 met, 6 open" in left["4.3"]
    assert marks["4.1"].points == 11
    assert open_windows(results) == 6
