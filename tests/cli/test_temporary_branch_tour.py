"""The README's tour of a temporary branch works as written on the demo store: each command
gives the exit code the README says (0 unless a `# exit N` comment says otherwise)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from cli_support import run

README = Path(__file__).parents[2] / "README.md"


def tour() -> list[tuple[list[str], int]]:
    """The commands of the README's temporary-branch tour, with the exit code each expects."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Temporary branches") :]
    block = section[section.index("```sh\n") + len("```sh\n") :]
    block = block[: block.index("```")].replace("\\\n", " ")
    steps: list[tuple[list[str], int]] = []
    for line in block.splitlines():
        command, _, comment = line.partition("  #")
        found = re.search(r"exit (\d+)", comment)
        words = shlex.split(command)
        assert words[0] == "branchbook"
        steps.append((words[1:], int(found.group(1)) if found else 0))
    return steps


@pytest.fixture(scope="module")
def toured(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[tuple[int, int, str]]]:
    """A demo store after the tour: each step's exit code, the one expected, and its output."""
    path = str(tmp_path_factory.mktemp("tour") / "demo.db")
    built = run(path, "demo", "--json")
    assert built.exit_code == 0, built.output
    results = []
    for args, expected in tour():
        result = run(path, *args)
        results.append((result.exit_code, expected, result.output))
    return path, results


def test_the_tour_has_its_refusals_and_its_steps() -> None:
    steps = tour()
    refused = [args[:2] for args, code in steps if code]
    assert refused == [["branch", "appoint"], ["transfer", "request"]]
    assert len(steps) == 13


def test_every_step_of_the_tour_exits_as_the_readme_says(
    toured: tuple[str, list[tuple[int, int, str]]],
) -> None:
    _, results = toured
    assert [(code, expected) for code, expected, _ in results if code != expected] == []


def test_the_refusals_name_their_rules(toured: tuple[str, list[tuple[int, int, str]]]) -> None:
    _, results = toured
    refused = [output for code, _, output in results if code == 3]
    assert "temporary_branch.appointees" in refused[0]
    assert "B0301" in refused[0]
    assert "temporary_branch.relations" in refused[1]


def test_the_temporary_branch_is_led_by_those_appointed_and_holds_no_relation(
    toured: tuple[str, list[tuple[int, int, str]]],
) -> None:
    path, _ = toured
    shown = run(path, "branch", "show", "B05", "--as-of", "2026-10-31", "--json")
    assert shown.exit_code == 0, shown.output
    view = json.loads(shown.stdout)
    leaders = view["leadership"]
    assert (leaders["secretary"], leaders["deputy"], leaders["appointed"]) == (
        "B0103",
        "B0204",
        True,
    )
    member = json.loads(run(path, "member", "show", "V0102", "--json").stdout)
    assert member["branch"] == "V01"


def test_the_meeting_counted_the_leaders_and_not_the_one_taking_part(
    toured: tuple[str, list[tuple[int, int, str]]],
) -> None:
    path, _ = toured
    shown = run(path, "meeting", "show", "B05-2026-09-07-assembly", "--json")
    assert shown.exit_code == 0, shown.output
    meeting = json.loads(shown.stdout)
    assert meeting["present"] == ["B0103", "B0204", "V0102"]
    (decision,) = meeting["decisions"]
    assert decision["decision"] == "designate-activist"
    assert decision["evidence"]["should_attend_members"] == ["B0103", "B0204"]
    assert decision["evidence"]["present_voting_members"] == ["B0103", "B0204"]
