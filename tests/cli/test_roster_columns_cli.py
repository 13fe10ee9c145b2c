"""The roster's columns: the officers of a branch led by a secretary named as such, and the
dates of standing, membership and full membership told apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import TWO_BRANCHES, json_of, line, record_journal, run


def roles(url: str, on: str) -> dict[str, Any]:
    data = json_of(run(url, "roster", "B01", "--as-of", on, "--json"))
    return {m["member"]: m["roles"] for m in data["members"] if m["roles"]}


def test_a_secretary_led_branch_calls_its_officers_secretary_and_deputy_secretary(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the roster's columns side by side, none cut
    url = record_journal(store_url, [
        *TWO_BRANCHES,
        line("meeting.hold", date="2015-03-01", branch="B01", kind="assembly",
             present="F1,F2,F3", chair="F1"),
        line("branch.elect", date="2015-03-01", branch="B01", meeting="B01-2015-03-01-assembly",
             seats=2, candidates="F1,F2", issued=3, returned=3, votes="F1=3,F2=3",
             secretary="F1", deputy="F2"),
        line("branch.approve-officers", date="2015-03-10", branch="B01", body="TC01"),
    ], tmp_path)  # fmt: skip
    assert roles(url, "2015-03-01") == {
        "F1": ["secretary (awaiting approval)"],
        "F2": ["deputy secretary (awaiting approval)"],
    }
    assert roles(url, "2015-03-10") == {"F1": ["secretary"], "F2": ["deputy secretary"]}
    text = run(url, "roster", "B01").stdout
    assert "deputy secretary" in text
    assert "committee member" not in text


def test_the_roster_tells_membership_full_membership_and_standing_dates_apart(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the roster's columns side by side, none cut
    url = record_journal(store_url, [
        *TWO_BRANCHES,
        line("member.enrol", date="2015-01-03", member="P1", name="预备党员", birth="1990-01-01",
             branch="B01", status="probationary", admitted="2015-01-02"),
        line("meeting.hold", date="2016-02-01", branch="B01", kind="assembly",
             present="F1,F2,F3", chair="F1"),
        line("member.convert", date="2016-02-01", member="P1",
             meeting="B01-2016-02-01-assembly", yes=3),
        line("member.approve", date="2016-03-01", member="P1", body="TC01"),
    ], tmp_path)  # fmt: skip
    data = json_of(run(url, "roster", "B01", "--json"))
    [p1] = [m for m in data["members"] if m["member"] == "P1"]
    # Admitted 2015-01-02; full from the end of probation, 2016-01-02; approved 2016-03-01.
    assert (p1["status"], p1["member_since"], p1["full_since"], p1["standing_since"]) == (
        "full",
        "2015-01-02",
        "2016-01-02",
        "2016-03-01",
    )
    before = json_of(run(url, "roster", "B01", "--as-of", "2015-12-31", "--json"))
    [probationary] = [m for m in before["members"] if m["member"] == "P1"]
    assert (probationary["status"], probationary["full_since"]) == ("probationary", None)
    text = run(url, "roster", "B01").stdout
    for heading in ("member since", "full since", "standing since"):
        assert heading in text
