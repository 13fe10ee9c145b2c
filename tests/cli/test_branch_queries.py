"""`branch show`, `branch list` and `org list`: human and JSON output, --as-of, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke, json_of, record_journal, run


def line(command: str, **keys: Any) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def enrol(on: str, branch: str, numbers: list[str]) -> list[str]:
    return [
        line("member.enrol", date=on, member=n, name=f"党员 {n}", birth="1970-01-01",
             branch=branch, status="full", admitted="2000-01-01", full_since="2001-01-01")
        for n in numbers
    ]  # fmt: skip


# S01 is led by a secretary and deputy from 2015-01-03 (a three-year term), reaches seven full
# members on 2016-01-02, and loses its deputy on 2016-02-01. C01 elects a committee whose
# officers await approval.
JOURNAL = [
    line("org.add", date="2014-01-01", code="TC", name="城关镇党委", kind="committee",
         approves_admissions=True),
    line("org.add", date="2014-01-01", code="GB", name="机关党总支", kind="general-branch",
         parent="TC"),
    line("branch.found", date="2015-01-01", code="S01", name="秘书支部", kind="regular",
         parent="GB", full_members=5),
    *enrol("2015-01-02", "S01", [f"S{i}" for i in range(1, 6)]),
    line("branch.leadership", date="2015-01-03", branch="S01", secretary="S1", deputy="S2",
         term_start="2015-01-03"),
    *enrol("2016-01-02", "S01", ["S6", "S7"]),
    line("branch.vacate", date="2016-02-01", branch="S01", member="S2", reason="transfer"),
    line("branch.found", date="2016-01-01", code="C01", name="委员会支部", kind="regular",
         parent="TC", full_members=9),
    *enrol("2016-01-02", "C01", [f"C{i}" for i in range(1, 10)]),
    line("meeting.hold", date="2016-03-01", branch="C01", kind="assembly",
         present="C1,C2,C3,C4,C5,C6,C7,C8", chair="C1"),
    line("branch.elect", date="2016-03-01", branch="C01", meeting="C01-2016-03-01-assembly",
         seats=3, candidates="C1,C2,C3,C4", issued=8, returned=8, votes="C1=8,C2=7,C3=6,C4=2"),
    line("meeting.hold", date="2016-03-02", branch="C01", kind="committee", present="C1,C2,C3",
         chair="C1"),
    line("branch.elect-officers", date="2016-03-02", branch="C01",
         meeting="C01-2016-03-02-committee", secretary="C1", deputy="C2",
         roles="organisation=C3"),
]  # fmt: skip


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    """A store holding the journal above."""
    return record_journal(store_url, JOURNAL, tmp_path)


def test_branch_show_gives_the_roll_leadership_term_and_findings_as_of_a_date(book: str) -> None:
    data = json_of(run(book, "branch", "show", "S01", "--as-of", "2017-07-03", "--json"))
    assert (data["code"], data["name"], data["kind"], data["parent"]) == (
        "S01",
        "秘书支部",
        "regular",
        "GB",
    )
    assert [o["code"] for o in data["chain"]] == ["GB", "TC"]
    assert (data["as_of"], data["size"], data["full_members"], data["voting_members"]) == (
        "2017-07-03",
        7,
        7,
        7,
    )
    leadership = data["leadership"]
    assert (leadership["structure"], leadership["secretary"], leadership["deputy"]) == (
        "secretary",
        "S1",
        None,
    )
    assert [(v["member"], v["days"], v["overdue"]) for v in leadership["vacancies"]] == [
        ("S2", 518, True)
    ]
    assert (data["term"]["end"], data["term"]["reminder"], data["term_state"]) == (
        "2018-01-03",
        "2017-07-03",
        "reminder due",
    )
    assert [f["rule"] for f in data["findings"]] == [
        "branch.committee_required",
        "branch.vacancy_fill",
    ]
    assert all(f["citation"] for f in data["findings"])
    assert data["rulebook"].startswith("S000#")


@pytest.mark.parametrize(
    ("as_of", "state"),
    [
        ("2017-07-02", "running"),
        ("2017-07-03", "reminder due"),
        ("2018-01-03", "reminder due"),
        ("2018-01-04", "overdue"),
    ],
)
def test_branch_show_turns_the_term_state_on_the_boundary_dates(
    book: str, as_of: str, state: str
) -> None:
    data = json_of(run(book, "branch", "show", "S01", "--as-of", as_of, "--json"))
    assert data["term_state"] == state
    assert ("branch.term_overdue" in [f["rule"] for f in data["findings"]]) is (state == "overdue")


def test_branch_show_in_human_form(book: str) -> None:
    result = run(book, "branch", "show", "S01", "--as-of", "2018-01-04")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout
    for text in (
        "Branch S01 秘书支部",
        "GB 机关党总支 < TC 城关镇党委",
        "Leadership since 2016-02-01: secretary, 2 seats",
        "Vacancies",
        "overdue",
        "2017-07-03",
        "branch.term_overdue",
        "branch.vacancy_fill",
        "Findings as of 2018-01-04",
    ):
        assert text in out


def test_branch_show_lists_elections_and_officers_awaiting_approval(book: str) -> None:
    data = json_of(run(book, "branch", "show", "C01", "--as-of", "2016-03-02", "--json"))
    assert data["leadership"]["pending"] == {"secretary": "C1", "deputy": "C2"}
    assert data["leadership"]["secretary"] is None
    [election] = data["elections"]
    assert (election["held"], election["kind"], election["seats"], election["elected"]) == (
        "2016-03-01",
        "first",
        3,
        ["C1", "C2", "C3"],
    )
    human = run(book, "branch", "show", "C01", "--as-of", "2016-03-02")
    assert human.exit_code == 0, human.output
    assert "awaiting approval" in human.stdout
    assert "secretary C1, deputy C2" in human.stdout
    assert "Elections" in human.stdout
    assert "C01-2016-03-01-assembly" in human.stdout


def test_branch_show_before_any_leadership_says_so(book: str) -> None:
    result = run(book, "branch", "show", "C01", "--as-of", "2016-02-01")
    assert result.exit_code == 0, result.output
    assert "No leadership is recorded as of 2016-02-01." in result.stdout
    assert "election.body" in result.stdout


def test_branch_show_without_as_of_reports_as_of_the_latest_recorded_step(book: str) -> None:
    latest = max(json.loads(text)["date"] for text in JOURNAL)
    data = json_of(run(book, "branch", "show", "S01", "--json"))
    assert (data["as_of"], data["as_of_basis"]) == (latest, "latest recorded step")
    assert data["term_state"] == "running"  # the term ends on 2018-01-03, whatever the clock
    shown = run(book, "branch", "show", "S01").stdout
    assert f"Branch S01 秘书支部 on {latest} (the latest recorded step)" in shown


def test_branch_list_gives_every_branch_as_of_a_date(book: str) -> None:
    data = json_of(run(book, "branch", "list", "--as-of", "2016-03-02", "--json"))
    assert data["as_of"] == "2016-03-02"
    rows = {r["code"]: r for r in data["branches"]}
    assert list(rows) == ["C01", "S01"]
    assert (rows["S01"]["size"], rows["S01"]["structure"], rows["S01"]["secretary"]) == (
        7,
        "secretary",
        "S1",
    )
    assert (rows["C01"]["structure"], rows["C01"]["secretary"], rows["C01"]["term_end"]) == (
        "committee",
        None,
        "2019-03-01",
    )
    early = json_of(run(book, "branch", "list", "--as-of", "2015-06-01", "--json"))
    assert [(r["code"], r["status"]) for r in early["branches"]] == [
        ("C01", "not founded yet"),
        ("S01", "open"),
    ]
    human = run(book, "branch", "list", "--as-of", "2016-03-02")
    assert human.exit_code == 0, human.output
    assert "Branches as of 2016-03-02 (given) (2)" in human.stdout


def test_org_list_gives_the_tree(book: str) -> None:
    data = json_of(run(book, "org", "list", "--json"))
    assert [(o["code"], o["depth"], o["branches"]) for o in data["organisations"]] == [
        ("TC", 0, ["C01"]),
        ("GB", 1, ["S01"]),
    ]
    human = run(book, "org", "list")
    assert human.exit_code == 0, human.output
    assert "城关镇党委" in human.stdout
    assert "  GB" in human.stdout


def test_an_unknown_branch_is_not_found(book: str) -> None:
    result = run(book, "branch", "show", "X99", "--as-of", "2020-01-01")
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "branch X99 is not in the record" in lines[0]


def test_a_bad_as_of_date_is_a_usage_error(book: str) -> None:
    result = run(book, "branch", "list", "--as-of", "2020-02-30")
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_the_queries_sit_in_their_groups() -> None:
    branch = invoke(["branch", "--help"])
    org = invoke(["org", "--help"])
    assert branch.exit_code == org.exit_code == 0
    assert "show" in branch.stdout
    assert "list" in branch.stdout
    assert "list" in org.stdout
