"""`due` names what a new branch still lacks: the full members it was founded with, while none is
on its roll, and a leadership, while none is recorded; each item names its rule."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke

FOUNDING = [
    "org add --code TC01 --name 城关镇党委 --kind committee --approves-admissions "
    "--date 2018-12-01",
    "branch found --code B01 --name 机关第一党支部 --kind regular --parent TC01 --full-members 3 "
    "--approved-by TC01 --date 2019-01-08",
]
ENROLMENTS = [
    f"member enrol --member F{i} --name 成员{i} --birth 1980-02-01 --branch B01 --status full "
    "--admitted 2010-06-01 --full-since 2011-06-01 --date 2019-01-10"
    for i in (1, 2, 3)
]
LEADERSHIP = "branch leadership --branch B01 --secretary F1 --deputy F2 --date 2019-01-12"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def record(db: str, *lines: str) -> None:
    for line in lines:
        result = invoke(["--db", db, *shlex.split(line)])
        assert result.exit_code == 0, (line, result.output)


def due(db: str, on: str, *more: str) -> list[dict[str, Any]]:
    result = invoke(["--db", db, "due", "--as-of", on, "--json", *more])
    assert result.exit_code == 0, result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["items"]
    return items


def of_branch(items: list[dict[str, Any]], code: str) -> dict[str, dict[str, Any]]:
    return {i["kind"]: i for i in items if i["subject"] == code}


def test_a_branch_founded_with_nobody_on_its_roll_and_no_leadership_shows_both(db: str) -> None:
    record(db, *FOUNDING)
    items = of_branch(due(db, "2019-01-08"), "B01")
    assert set(items) == {"roll", "leadership"}
    roll = items["roll"]
    assert (roll["rule"], roll["due"], roll["status"]) == (
        "branch.founding_members",
        "2019-01-08",
        "due",
    )
    assert "member enrol" in roll["step"]
    assert "3 full members" in roll["step"]
    lead = items["leadership"]
    assert (lead["rule"], lead["due"], lead["status"]) == ("election.body", "2019-01-08", "due")
    assert "branch elect" in lead["step"]
    assert "branch leadership" in lead["step"]
    # Later, both are overdue; the text table names them too.
    later = of_branch(due(db, "2019-05-01"), "B01")
    assert {k: i["status"] for k, i in later.items()} == {
        "roll": "overdue",
        "leadership": "overdue",
    }
    shown = invoke(["--db", db, "due", "--as-of", "2019-05-01", "--all"])
    assert "branch.founding_members" in shown.output
    assert "election.body" in shown.output


def test_the_items_go_once_the_members_and_the_leadership_are_recorded(db: str) -> None:
    record(db, *FOUNDING, *ENROLMENTS)
    assert set(of_branch(due(db, "2019-01-10"), "B01")) == {"leadership"}
    # Before the enrolment's date the roll was still empty.
    assert set(of_branch(due(db, "2019-01-09"), "B01")) == {"roll", "leadership"}
    record(db, LEADERSHIP)
    assert of_branch(due(db, "2019-01-12"), "B01") == {}
    assert set(of_branch(due(db, "2019-01-11"), "B01")) == {"leadership"}


def test_a_temporary_branch_needs_no_roll_and_its_leadership_is_appointed(db: str) -> None:
    record(
        db,
        *FOUNDING,
        "branch found --code B05 --name 项目临时党支部 --kind temporary --parent TC01 "
        "--full-members 3 --approved-by TC01 --date 2019-02-01",
    )
    items = of_branch(due(db, "2019-02-01", "--branch", "B05"), "B05")
    assert set(items) == {"leadership"}
    assert "branch appoint" in items["leadership"]["step"]


def test_the_roll_item_comes_back_when_nobody_is_left_on_the_roll(db: str) -> None:
    record(db, *FOUNDING, ENROLMENTS[0])
    assert "roll" not in of_branch(due(db, "2019-01-10"), "B01")
    record(db, "member death --member F1 --date 2019-03-01")
    assert "roll" not in of_branch(due(db, "2019-02-28"), "B01")
    assert "roll" in of_branch(due(db, "2019-03-01"), "B01")
