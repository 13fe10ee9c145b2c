"""The demo's scoring chapter: B01's 2025 evaluation, pre-filled from the record where it can
be, and four members' 2025 points."""

from __future__ import annotations

import pytest
from cli_support import json_of, run


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The demo's store and what the demo printed."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    result = run(url, "demo")
    assert result.exit_code == 0
    return url, result.stdout


@pytest.fixture
def demo(recorded: tuple[str, str]) -> str:
    return recorded[0]


def test_the_demo_prints_the_evaluation_with_its_grade_and_what_capped_it(
    recorded: tuple[str, str],
) -> None:
    said = recorded[1]
    heading = "Evaluation of B01 for 2025 (S003): 92 points, grade 基本合格 (basically qualified)"
    assert heading in said
    assert "capped at 基本合格 from 合格: ▲ items short of full points: 4.1, 4.4, 5.3, 5.4" in said
    assert "branchbook evaluation show B01 --year 2025" in said


def test_b01_for_2025_scores_92_and_is_capped_at_basic_by_its_triangle_items(demo: str) -> None:
    data = json_of(run(demo, "evaluation", "show", "B01", "--year", "2025", "--json"))
    assert (data["total"], data["score_grade"], data["grade"]) == ("92", "合格", "基本合格")
    assert data["triangle_short"] == ["4.1", "4.4", "5.3", "5.4"]
    assert data["consequences"][0].startswith("谈话提醒")
    assert data["earlier"] == [{"year": 2024, "grade": None}]
    items = {i["id"]: i for i in data["items"]}
    assert (items["7.4"]["points"], items["7.4"]["source"]) == ("1", "per-time")
    assert (items["4.1"]["points"], items["4.1"]["source"]) == ("9", "given")


def test_what_the_record_knows_is_pre_filled_and_said_so(demo: str) -> None:
    data = json_of(run(demo, "evaluation", "show", "B01", "--year", "2025", "--json"))
    assert data["prefilled"] == ["2.1", "4.3", "4.4", "4.5", "5.6"]
    # The S000 profile sets no class hours: training is left to the evaluator, and says why.
    assert data["not_scored"] == ["5.3"]
    assert "training.annual_hours" in data["not_prefilled"]["5.3"]
    s003 = json_of(run(demo, "--profile", "S000+S003", "evaluation", "show", "B01", "--year",
                       "2025", "--json"))  # fmt: skip
    assert s003["prefilled"] == ["2.1", "4.3", "4.4", "4.5", "5.3", "5.6"]
    assert s003["not_scored"] == []


def test_four_b01_members_have_their_2025_points(demo: str) -> None:
    data = json_of(run(demo, "points", "show", "--year", "2025", "--branch", "B01", "--json"))
    totals = [(p["member"], p["category"], p["total"]) for p in data["members"]]
    assert totals == [
        ("B0101", "A", "90.4"),
        ("B0102", "C", "85.15"),
        ("B0103", "C", "80.4"),
        ("B0104", "B", "86.6"),
    ]
    assert data["categories"] == {"A": 1, "B": 1, "C": 2}
