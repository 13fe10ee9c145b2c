"""The demo's chapter of votes that fail: M7001 not admitted by B01's assembly, and B01's first
change of term void and held again at once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_support import invoke

from branchbook.workflows.demo.failed_votes import CANDIDATE, VOID_ELECTION
from branchbook.workflows.demo.journal import demo_commands


def query(url: str, *args: str) -> Any:
    result = invoke(["--db", url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    return url, query(url, "demo")


def test_the_demo_lists_a_failed_admission_and_a_void_election(demo: tuple[str, Any]) -> None:
    _, data = demo
    assert [(r["subject"], r["step"], r["outcome"]) for r in data["failed_votes"]] == [
        ("B01", "branch.elect", "void"),
        (CANDIDATE, "member.admit", "failed"),
    ]


def test_the_candidate_not_admitted_stays_a_candidate(demo: tuple[str, Any]) -> None:
    url, data = demo
    (failed,) = [r for r in data["failed_votes"] if r["subject"] == CANDIDATE]
    (decided,) = query(url, "meeting", "show", failed["meeting"])["decisions"]
    assert (decided["member"], decided["outcome"]) == (CANDIDATE, "failed")
    evidence = decided["evidence"]
    assert evidence["yes_total"] < evidence["pass_needed"]
    assert evidence["written_late"] == []
    assert query(url, "member", "show", CANDIDATE)["status"] == "candidate"
    history = query(url, "member", "history", CANDIDATE)["steps"]
    assert history[-1]["kind"] == "vote-failed"


def test_the_void_election_is_held_again_the_same_day(demo: tuple[str, Any]) -> None:
    url, _ = demo
    meeting = f"B01-{VOID_ELECTION.isoformat()}-assembly"
    (void,) = query(url, "meeting", "show", meeting)["decisions"]
    assert (void["decision"], void["outcome"]) == ("election", "void")
    assert void["evidence"]["ballots"]["returned"] == void["evidence"]["ballots"]["issued"] + 1
    elections = [
        c for c in demo_commands() if c["command"] == "branch.elect" and c["meeting"] == meeting
    ]
    assert [c.get("outcome", "valid") for c in elections] == ["void", "valid"]
    branch = query(url, "branch", "show", "B01", "--as-of", VOID_ELECTION.isoformat())
    assert branch["leadership"]["since"] == VOID_ELECTION.isoformat()


def test_without_its_later_chapters_the_demo_has_no_failed_vote() -> None:
    assert not [
        c
        for c in demo_commands(later=False)
        if "outcome" in c and c["command"] in ("member.admit", "branch.elect")
    ]
