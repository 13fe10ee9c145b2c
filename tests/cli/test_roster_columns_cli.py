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
