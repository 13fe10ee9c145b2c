"""Answers on the demo store that must agree with each other and with the rules: a member's
standing labelled by one function everywhere, the next-steps table with every column named,
and a due list that never asks a temporary branch for a step it may not take."""

from __future__ import annotations

import json
import re

import pytest
from cli_support import run

# The demo's member whose probation was extended, and its member of a temporary branch whose
# admission the rules refuse there.
EXTENDED = "M0004"
IN_TEMPORARY = "M9002"
WHERE = "B04"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The demo store, and what the demo said of it."""
    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    said = run(path, "demo")
    assert said.exit_code == 0, said.output
    return path, said.stdout


@pytest.fixture
def demo(recorded: tuple[str, str]) -> str:
    return recorded[0]


def _cells(row: str) -> list[str]:
    return [c.strip() for c in re.split(r"[│┃]", row)[1:-1]]


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def test_member_show_says_an_extended_probation_as_the_demo_does(
    recorded: tuple[str, str],
) -> None:
    demo, said = recorded
    (row,) = [s for s in said.splitlines() if s.strip("│┃ ").startswith(EXTENDED)]
    assert "probationary (extended)" in row
    shown = run(demo, "member", "show", EXTENDED).stdout
    standing = [s for s in shown.splitlines() if "probationary" in s]
    assert len(standing) == 2  # the member's status, and the case's status on the date
    assert all("probationary (extended)" in s for s in standing)


def test_the_next_steps_table_names_every_column(demo: str) -> None:
    shown = run(demo, "member", "show", IN_TEMPORARY).stdout.splitlines()
    (title,) = [i for i, s in enumerate(shown) if s.startswith("Next steps as of")]
    header, first = (_cells(shown[title + n]) for n in (2, 4))
    assert header == ["due", "status", "step", "earliest", "rule"]
    assert first[1] == "overdue"


def test_the_due_list_asks_no_temporary_branch_to_admit(demo: str) -> None:
    items = json.loads(run(demo, "due", "--within", "3660", "--json").stdout)["items"]
    branches = json.loads(run(demo, "branch", "list", "--json").stdout)["branches"]
    temporary = {b["code"] for b in branches if b["kind"] == "temporary"}
    assert WHERE in temporary
    forbidden = {"admission-vote", "conversion", "probation-end", "rectification", "lost-contact"}
    assert [i for i in items if i["branch"] in temporary and i["kind"] in forbidden] == []
    (instead,) = [i for i in items if i["subject"] == IN_TEMPORARY]
    assert instead["kind"] == "transfer"
    assert instead["rule"] == "temporary_branch.forbidden_actions"
    assert instead["step"].startswith("transfer to a regular branch for the admission vote")
    assert f"{WHERE} is a temporary branch and may not admit members" in instead["step"]
