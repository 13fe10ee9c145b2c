"""`branchbook due` and `branchbook stats`: JSON and tables, the default date, exit codes."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
from cli_support import empty_store, invoke, json_of, record_journal, run

_JOURNALS = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))
# The pipeline journal: its members, their steps and a transfer (2015-2019).
JOURNAL: list[str] = [
    *_JOURNALS["OPENING"], *_JOURNALS["EXTENSION"], *_JOURNALS["ADMISSION"], *_JOURNALS["LATER"],
    *_JOURNALS["CASES"],
]  # fmt: skip
LATEST = max(json.loads(line)["date"] for line in JOURNAL)
ITEM_KEYS = [
    "kind", "subject", "name", "branch", "step", "rule", "citation", "due", "earliest", "latest",
    "status", "days",
]  # fmt: skip


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    """A store holding the whole journal of tests/projections/journals.py."""
    return record_journal(store_url, JOURNAL, tmp_path)


def test_due_in_json_is_a_list_of_items_with_stable_keys(book: str) -> None:
    data = json_of(run(book, "due", "--as-of", "2019-04-02", "--within", "0", "--json"))
    assert list(data) == ["as_of", "as_of_basis", "within", "items"]
    assert (data["as_of"], data["as_of_basis"], data["within"]) == ("2019-04-02", "given", 0)
    items = data["items"]
    assert all(list(i) == ITEM_KEYS for i in items)
    talk = next(i for i in items if i["subject"] == "N1")
    assert talk == {
        "kind": "talk", "subject": "N1", "name": "申请人 N1", "branch": "B01",
        "step": "talk with the applicant", "rule": "applicant.talk_deadline",
        "citation": talk["citation"], "due": "2019-04-01", "earliest": None, "latest": None,
        "status": "overdue", "days": -1,
    }  # fmt: skip
    assert talk["citation"].startswith("Member Development Rules")
    on_the_day = json_of(run(book, "due", "--as-of", "2019-04-01", "--within", "0", "--json"))
    found = [(i["status"], i["days"]) for i in on_the_day["items"] if i["subject"] == "N1"]
    assert found == [("due", 0)]


def test_due_defaults_to_the_latest_effective_date_in_the_record(book: str) -> None:
    assert LATEST == "2019-12-10"
    latest = json_of(run(book, "due", "--as-of", LATEST, "--json"))
    default = json_of(run(book, "due", "--json"))
    assert default == {**latest, "as_of_basis": "latest recorded step"}
    later = json_of(run(book, "due", "--as-of", "2019-12-11", "--json"))
    assert later["items"] != latest["items"]
    text = run(book, "due").stdout
    assert f"as of {LATEST} (the latest recorded step), within 30 days" in text
    assert "applicant.talk_deadline:" in text  # the rules' sources under the table


def test_due_for_a_branch_and_in_a_table(book: str) -> None:
    b02 = json_of(run(book, "due", "--branch", "B02", "--as-of", "2019-12-10", "--json"))
    assert {i["branch"] for i in b02["items"]} <= {"B02"}
    result = run(book, "due", "--as-of", "2019-04-02", "--branch", "B01")
    assert result.exit_code == 0, result.output
    assert "Due in B01 as of 2019-04-02 (given)" in result.stdout
    assert "N1" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["due", "--branch", "NOPE"], 4, "branch NOPE is not in the record"),
        (["stats", "--branch", "NOPE"], 4, "branch NOPE is not in the record"),
        (["due", "--as-of", "2019-02-30"], 2, "is not a date"),
        (["stats", "--as-of", "yesterday"], 2, "is not a date"),
        (["due", "--within", "-1"], 2, "--within"),
    ],
)
def test_bad_input_ends_with_one_line_and_its_exit_code(
    book: str, args: list[str], code: int, message: str
) -> None:
    result = run(book, *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_stats_in_json_and_as_tables(book: str) -> None:
    data = json_of(run(book, "stats", "--json"))
    assert list(data) == [
        "as_of", "as_of_basis", "branch", "by_status", "by_branch", "by_branch_kind",
        "open_branches_by_kind", "per_year", "members", "age", "party_age",
    ]  # fmt: skip
    assert (data["as_of"], data["as_of_basis"]) == (LATEST, "latest recorded step")
    assert data["by_status"] == {"applicant": 2, "probationary": 1, "full": 14, "revoked": 1}
    assert [y["year"] for y in data["per_year"]] == [2015, 2016, 2017, 2018, 2019]
    past = json_of(run(book, "stats", "--as-of", "2017-07-31", "--branch", "B01", "--json"))
    assert (past["branch"], past["by_status"]) == ("B01", {"admitted": 1, "full": 10})
    text = run(book, "stats", "--as-of", "2019-12-31").stdout
    assert "Members by branch and status as of 2019-12-31 (given)" in text
    assert "Steps per calendar year up to 2019-12-31" in text
    assert "warning 1" in text


def test_an_empty_record_has_nothing_due_and_no_numbers(store_url: str) -> None:
    empty_store(store_url)
    nothing = {"as_of": None, "as_of_basis": "no step"}
    assert json_of(run(store_url, "due", "--json")) == {**nothing, "within": 30, "items": []}
    assert json_of(run(store_url, "stats", "--json")) == nothing
    assert "holds no steps yet" in run(store_url, "stats").stdout


def test_the_help_says_where_the_default_date_comes_from() -> None:
    for command in ("due", "stats"):
        text = invoke([command, "--help"]).stdout
        assert "latest recorded step" in " ".join(text.split())
        assert "never read" in text
