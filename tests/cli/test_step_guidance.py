"""Each recorded step's help teaches the procedure: a whole example command, the steps that come
before it, and who decides. The examples are parsed as the CLI and the journal parse them, so
they cannot drift from the options."""

from __future__ import annotations

import shlex

import click
import pytest
from cli_support import invoke

from branchbook.cli.main import cli
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.steps.commands import CommandSpec

# The commands spelt as typed (`member apply`), each with its definition.
TYPED = {spec.command: spec for spec in COMMANDS.values()}
# A first step needs nothing before it: an organisation entered, or a step corrected.
FIRST_STEPS = {"org.add", "step.correct"}


def subcommand(spec: CommandSpec) -> click.Command:
    noun, verb = spec.name.split(".", 1)
    group = cli.commands[noun]
    assert isinstance(group, click.Group)
    command = group.commands[verb]
    assert isinstance(command, click.Command)
    return command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_step_has_an_example_the_cli_parses(name: str) -> None:
    spec = COMMANDS[name]
    words = shlex.split(spec.example)
    prefix = ["branchbook", *spec.command.split(" ")]
    assert words[: len(prefix)] == prefix, spec.example
    command = subcommand(spec)
    # click's own parser: every required option given, each choice one of its choices.
    parsed = command.make_context(spec.command, words[len(prefix) :])
    assert parsed.params["date"] is not None
    # The fields' own parsing, as a recorded step or a journal line is parsed: no store needed.
    line = spec.example_line()
    assert line["command"] == name
    values, step = spec.parse({k: v for k, v in line.items() if k != "command"})
    assert step.effective.isoformat() == line["date"]
    assert set(line) - {"command", "date", "doc", "note"} <= set(values)


def test_an_example_with_an_unknown_option_would_fail_the_parse() -> None:
    """What the test above relies on: a mistyped option in an example is caught."""
    spec = COMMANDS["member.talk"]
    words = shlex.split(spec.example)[3:]
    with pytest.raises(click.NoSuchOption):
        subcommand(spec).make_context(spec.command, [*words, "--speaker", "x"])
    with pytest.raises(click.MissingParameter):
        subcommand(spec).make_context(spec.command, ["--member", "M0001", "--date", "2024-03-20"])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_step_says_who_decides_and_what_comes_before(name: str) -> None:
    spec = COMMANDS[name]
    assert spec.decided_by.strip()
    assert bool(spec.after) == (name not in FIRST_STEPS)
    for entry in spec.after:
        for command in entry.split(" or "):
            assert command in TYPED, f"{name}: {command!r} is not a command"
            assert command != spec.command


def test_the_help_of_a_step_gives_the_example_whole_and_the_decider() -> None:
    result = invoke(["member", "designate-activist", "--help"])
    assert result.exit_code == 0, result.output
    spec = COMMANDS["member.designate-activist"]
    assert f"  {spec.example}\n" in result.output  # one line, not rewrapped
    assert "Before it, record:\n    member apply\n    member talk\n    meeting hold\n" in (
        result.output
    )
    said = " ".join(result.output.split("Decided by:", 1)[1].split())
    assert said == "the branch committee, or the branch assembly where there is no committee."


def test_the_journal_schema_carries_the_example_as_a_journal_line() -> None:
    schema = COMMANDS["member.apply"].schema()
    assert schema["examples"] == [
        {
            "command": "member.apply",
            "member": "M0001",
            "name": "王芳",
            "birth": "1990-05-01",
            "branch": "B01",
            "date": "2024-03-01",
        }
    ]
    assert schema["x-after"] == ["branch found"]
    assert schema["x-decided-by"].startswith("the applicant")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_choice_of_more_than_two_says_what_each_choice_is(name: str) -> None:
    for f in COMMANDS[name].fields:
        if f.kind == "choice" and len(f.choices) > 2:
            unsaid = [c for c in f.choices if c not in f.help]
            assert not unsaid, f"{name} --{f.name}: {unsaid}"


def test_the_grounds_of_a_removal_are_explained_in_its_help() -> None:
    result = invoke(["member", "remove", "--help"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "--basis" in said
    assert "Why" not in said
    for meaning in (
        "refused-urging (劝而不退: urged to withdraw, did not)",
        "say which with --grounds",
        "lost-contact (still out of contact 2 years after the membership was suspended)",
        "give --missing-since",
    ):
        assert meaning in said.replace("self- withdrawal", "self-withdrawal"), meaning
