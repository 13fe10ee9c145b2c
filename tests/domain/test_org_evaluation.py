"""The S003 evaluation of an organisation: the table, the bands and their boundaries, the ▲
cap, the notice board, the consequences, and the scores the rulebook refuses."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from pipeline_support import BUILTIN, amended, step

from branchbook.domain.eval_grade import BASIC, QUALIFIED, UNQUALIFIED, Mark, band, grade_of
from branchbook.domain.eval_table import ITEMS, NOTICE_BOARD, SECTIONS, plain
from branchbook.domain.org_evaluation import OrgEvaluation, given_marks, notice_board_points
from branchbook.domain.rules import Judge, RuleViolation

D = Decimal
EVALUATED = date(2026, 1, 20)


def full_marks(**short: str) -> dict[str, Mark]:
    """Every item at its points, but the items named (4_1 for 4.1) at the points given."""
    lowered = {k.replace("_", "."): D(v) for k, v in short.items()}
    return {i.id: Mark(lowered.get(i.id, i.points), "given") for i in ITEMS}


def scored_to(total: str, item: str = "8.1") -> dict[str, Mark]:
    """Full marks but a non-▲ item, lowered so that the total is `total` (at most 100)."""
    marks = full_marks()
    marks.update(lower_to(marks, total, item))
    return marks


def lower_to(marks: dict[str, Mark], total: str, first: str) -> dict[str, Mark]:
    """Non-▲ items from `first` on, then ▲ items (below 70), lowered to add up to `total`."""
    gap = D(100) - D(total)
    out: dict[str, Mark] = {}
    plain_items = [i for i in ITEMS if not i.triangle]
    start = next(n for n, i in enumerate(plain_items) if i.id == first)
    order = plain_items[start:] + plain_items[:start] + [i for i in ITEMS if i.triangle]
    for item in order:
        if gap <= 0:
            break
        cut = min(gap, item.points)
        out[item.id] = Mark(item.points - cut, "given")
        gap -= cut
    assert gap == 0
    return out


def test_the_table_has_55_items_in_8_sections_of_the_annex_weights_and_35_triangle_items() -> None:
    assert len(ITEMS) == 55
    weights = BUILTIN["eval003.section_weights"].params["weights"]
    assert isinstance(weights, dict)
    per_section: Counter[str] = Counter()
    for item in ITEMS:
        per_section[item.section] += int(item.points)
    assert dict(per_section) == weights
    assert list(per_section) == list(SECTIONS)
    triangle = [i for i in ITEMS if i.triangle]
    assert (len(triangle), sum(i.points for i in triangle)) == (35, 70)
    assert [i.id for i in ITEMS if i.section == "八"] == ["8.1", "8.2", "8.3", "8.4"]
    assert not any(i.triangle for i in ITEMS if i.section in ("八",))
    assert all(i.triangle for i in ITEMS if i.section == "二")


@pytest.mark.parametrize(
    ("total", "grade", "on_boundary"),
    [
        ("100", QUALIFIED, False),
        ("80.5", QUALIFIED, False),
        ("80", QUALIFIED, True),
        ("79.5", BASIC, False),
        ("60.5", BASIC, False),
        ("60", BASIC, True),
        ("59.5", UNQUALIFIED, False),
        ("0", UNQUALIFIED, False),
    ],
)
def test_the_total_falls_in_its_band_and_a_boundary_says_so(
    total: str, grade: str, on_boundary: bool
) -> None:
    result = grade_of("B01", 2025, scored_to(total), BUILTIN)
    assert result.total == D(total)
    assert (result.score_grade, result.grade) == (grade, grade)
    assert (result.boundary is not None) == on_boundary
    # Only the 30 points of plain items were lowered down to 70; below, ▲ items too.
    assert (result.triangle_short == ()) == (D(total) >= 70)


@pytest.mark.parametrize(
    ("mode", "eighty", "sixty"),
    [
        ("ge80_qualified,ge60_basic", QUALIFIED, BASIC),
        ("gt80_qualified,ge60_basic", BASIC, BASIC),
        ("ge80_qualified,gt60_basic", QUALIFIED, UNQUALIFIED),
        ("gt80_qualified,gt60_basic", BASIC, UNQUALIFIED),
    ],
)
def test_the_boundary_mode_decides_where_80_and_60_fall(mode: str, eighty: str, sixty: str) -> None:
    version = amended({"eval003.bands": {"boundary_mode": mode}})
    assert band(D(80), version)[0] == eighty
    assert band(D(60), version)[0] == sixty
    assert band(D("80.01"), version)[0] == QUALIFIED
    assert band(D("59.99"), version)[0] == UNQUALIFIED
    note = band(D(80), version)[1]
    assert note is not None
    assert mode in note
    assert eighty in note


def test_a_boundary_mode_that_names_other_minimums_is_refused() -> None:
    version = amended({"eval003.bands": {"boundary_mode": "ge75_qualified,ge60_basic"}})
    with pytest.raises(ValueError, match="boundary_mode"):
        band(D(80), version)


def test_a_triangle_item_short_by_half_a_point_caps_the_grade_at_basic() -> None:
    result = grade_of("B01", 2025, full_marks(**{"4_2": "0.5"}), BUILTIN)
    assert result.total == D("99.5")
    assert (result.score_grade, result.grade) == (QUALIFIED, BASIC)
    assert result.triangle_short == ("4.2",)
    assert any("4.2" in note and BASIC in note for note in result.notes)


def test_a_plain_item_short_by_half_a_point_leaves_the_grade_qualified() -> None:
    result = grade_of("B01", 2025, full_marks(**{"8_1": "2.5"}), BUILTIN)
    assert (result.total, result.grade, result.triangle_short) == (D("99.5"), QUALIFIED, ())


def test_a_triangle_item_not_scored_is_short_and_counts_zero() -> None:
    marks = full_marks()
    del marks["4.1"]
    result = grade_of("B01", 2025, marks, BUILTIN)
    assert result.total == D(89)
    assert result.not_scored == ("4.1",)
    assert (result.score_grade, result.grade, result.triangle_short) == (QUALIFIED, BASIC, ("4.1",))


def test_the_triangle_cap_does_not_raise_an_unqualified_grade() -> None:
    marks = scored_to("80")
    marks["4.1"] = Mark(D(0), "given")  # 69 points, and a ▲ item short
    result = grade_of("B01", 2025, marks, BUILTIN)
    assert (result.total, result.score_grade, result.grade) == (D(69), BASIC, BASIC)
    for item in ("2.5", "3.1", "3.3"):  # 5 + 3 + 3 more: 58 points
        marks[item] = Mark(D(0), "given")
    lower = grade_of("B01", 2025, marks, BUILTIN)
    assert (lower.total, lower.score_grade, lower.grade) == (D(58), UNQUALIFIED, UNQUALIFIED)


def test_the_triangle_cap_may_be_set_to_unqualified_and_met_to_any_points() -> None:
    harsh = amended({"eval003.triangle": {"unmet_cap": "unqualified"}})
    assert grade_of("B01", 2025, full_marks(**{"4_2": "0.5"}), harsh).grade == UNQUALIFIED
    lenient = amended({"eval003.triangle": {"met_rule": "any_points"}})
    result = grade_of("B01", 2025, full_marks(**{"4_2": "0.5"}), lenient)
    assert (result.grade, result.triangle_short) == (QUALIFIED, ())
    result = grade_of("B01", 2025, full_marks(**{"4_2": "0"}), lenient)
    assert (result.grade, result.triangle_short) == (BASIC, ("4.2",))


@pytest.mark.parametrize(("times", "points"), [(0, "0"), (1, "0.5"), (2, "1"), (3, "1"), (4, "1")])
def test_the_notice_board_scores_half_a_point_a_time_up_to_its_cap(times: int, points: str) -> None:
    params = BUILTIN["eval003.notice_board_cap"].params
    assert notice_board_points(times, params) == D(points)
    marks, _ = given_marks([{"scores": {}, "notice_board": times}], params)
    assert marks[NOTICE_BOARD].points == D(points)
    assert marks[NOTICE_BOARD].source == "per-time"


def test_a_later_scoring_replaces_the_items_it_names_and_keeps_the_others() -> None:
    params = BUILTIN["eval003.notice_board_cap"].params
    marks, from_record = given_marks(
        [
            {"scores": {"1.1": "1", "4.1": "9"}, "notice_board": 1, "from_record": True},
            {"scores": {"4.1": "10.5", NOTICE_BOARD: "1"}, "notice_board": None},
        ],
        params,
    )
    assert {k: m.points for k, m in marks.items()} == {"1.1": 1, "4.1": D("10.5"), "7.4": 1}
    assert marks[NOTICE_BOARD].source == "given"
    assert from_record is False


@pytest.mark.parametrize(
    ("grade", "earlier", "expected"),
    [
        (QUALIFIED, [UNQUALIFIED], []),
        (BASIC, [UNQUALIFIED], ["谈话提醒"]),
        (UNQUALIFIED, [], ["组织诫勉", "纳入后进党组织"]),
        (UNQUALIFIED, [None], ["组织诫勉", "纳入后进党组织"]),
        (UNQUALIFIED, [BASIC], ["组织诫勉", "纳入后进党组织"]),
        (UNQUALIFIED, [UNQUALIFIED], ["组织诫勉", "纳入后进党组织", "调整"]),
    ],
)
def test_the_consequences_follow_the_grade_and_two_unqualified_years_in_a_row(
    grade: str, earlier: list[str | None], expected: list[str]
) -> None:
    total = {QUALIFIED: "90", BASIC: "70", UNQUALIFIED: "50"}[grade]
    result = grade_of("B01", 2025, scored_to(total, "3.5"), BUILTIN, earlier)
    assert result.grade == grade
    assert [c.split(":")[0] for c in result.consequences] == expected


def test_three_unqualified_years_are_needed_when_the_rulebook_says_three() -> None:
    version = amended({"eval003.consequences": {"replace_after_unqualified_years": 3}})
    marks = scored_to("50", "3.5")
    two = grade_of("B01", 2025, marks, version, [UNQUALIFIED])
    three = grade_of("B01", 2025, marks, version, [UNQUALIFIED, UNQUALIFIED])
    assert not any(c.startswith("调整") for c in two.consequences)
    assert any(c.startswith("调整") for c in three.consequences)


FOUNDED = date(2019, 1, 8)


def evaluation() -> OrgEvaluation:
    return OrgEvaluation.open(branch="B01", year=2025, founded=FOUNDED, dissolved=None,
                              step=step(EVALUATED), judge=Judge(BUILTIN))  # fmt: skip


@pytest.mark.parametrize("item", [i.id for i in ITEMS])
def test_every_item_takes_its_points_and_refuses_a_hundredth_more(item: str) -> None:
    points = next(i.points for i in ITEMS if i.id == item)
    ev = evaluation()
    ev.score(scores={item: points}, notice_board=None, from_record=False,
             step=step(EVALUATED), judge=Judge(BUILTIN))  # fmt: skip
    assert ev.scores[item] == points
    with pytest.raises(RuleViolation) as refused:
        ev.score(scores={item: points + D("0.01")}, notice_board=None, from_record=False,
                 step=step(EVALUATED), judge=Judge(BUILTIN))  # fmt: skip
    assert refused.value.rule.id == "eval003.item_max"
    assert item in str(refused.value)
    assert ev.scores[item] == points  # nothing of the refused step is kept


def test_an_evaluation_is_for_a_year_that_has_begun() -> None:
    OrgEvaluation.open(branch="B01", year=2026, founded=FOUNDED, dissolved=None,
                       step=step(date(2026, 1, 1)), judge=Judge(BUILTIN))  # fmt: skip
    with pytest.raises(RuleViolation) as refused:
        OrgEvaluation.open(branch="B01", year=2026, founded=FOUNDED, dissolved=None,
                           step=step(date(2025, 12, 31)), judge=Judge(BUILTIN))  # fmt: skip
    assert refused.value.rule.id == "eval003.year_begun"


@pytest.mark.parametrize(
    ("founded", "dissolved", "accepted"),
    [
        (date(2025, 12, 31), None, True),
        (date(2026, 1, 1), None, False),
        (date(2019, 1, 8), date(2025, 1, 2), True),
        (date(2019, 1, 8), date(2025, 1, 1), False),
    ],
)
def test_an_evaluation_is_for_a_year_the_branch_existed_in(
    founded: date, dissolved: date | None, accepted: bool
) -> None:
    def opened() -> OrgEvaluation:
        return OrgEvaluation.open(branch="B01", year=2025, founded=founded, dissolved=dissolved,
                                  step=step(EVALUATED), judge=Judge(BUILTIN))  # fmt: skip

    if accepted:
        assert opened().year == 2025
        return
    with pytest.raises(RuleViolation) as refused:
        opened()
    assert refused.value.rule.id == "eval003.branch_in_year"


def test_plain_points_never_show_an_exponent() -> None:
    assert [str(plain(D(v))) for v in ("80.00", "80", "0.50", "100", "0")] == [
        "80", "80", "0.5", "100", "0",
    ]  # fmt: skip
