"""`member --help` and `branch --help` list the recorded steps in sections by stage, in the
order they are taken, then the queries: every command once, none lost."""

from __future__ import annotations

import re

import pytest
from cli_support import invoke

from branchbook.cli.main import QUERIES
from branchbook.workflows.steps.index import SECTIONS, STAGES


def sections_of(output: str) -> dict[str, list[str]]:
    """Each section title of a help text after the options, with the commands it lists."""
    found: dict[str, list[str]] = {}
    title = None
    for line in output.split("\n"):
        if line and not line.startswith(" ") and line.endswith(":"):
            title = line[:-1]
            found[title] = []
        elif title is not None and (command := re.match(r"^  (\S+)  ", line)):
            found[title].append(command.group(1))
    return found


@pytest.mark.parametrize("noun", sorted(SECTIONS))
def test_every_step_of_the_noun_is_in_exactly_one_section(noun: str) -> None:
    placed = [verb for _, verbs in SECTIONS[noun] for verb in verbs]
    steps = [name.split(".", 1)[1] for name in STAGES if name.split(".", 1)[0] == noun]
    assert sorted(placed) == sorted(steps)


def test_member_help_lists_the_steps_by_stage_in_order_then_the_queries() -> None:
    result = invoke(["member", "--help"])
    assert result.exit_code == 0, result.output
    found = sections_of(result.output)
    titles = [t for t in found if t not in ("Usage", "Options")]
    assert titles == [*(title for title, _ in SECTIONS["member"]), "Queries"]
    assert found["Application"] == ["apply", "talk", "enrol"]
    assert found["Admission"] == ["prereview", "admit", "approve"]
    assert found["Queries"] == list(QUERIES["member"])
    listed = [c for t in titles for c in found[t]]
    assert len(listed) == len(set(listed))
    assert set(listed) == {n.split(".", 1)[1] for n in STAGES if n.startswith("member.")} | set(
        QUERIES["member"]
    )


def test_branch_help_is_sectioned_too_and_a_noun_without_sections_is_one_list() -> None:
    found = sections_of(invoke(["branch", "--help"]).output)
    assert found["Founding and structure"] == ["found", "adjust", "dissolve"]
    assert found["Queries"] == ["show", "list"]
    plain = sections_of(invoke(["transfer", "--help"]).output)
    assert plain["Commands"] == ["issue", "receive", "reject", "request"]
