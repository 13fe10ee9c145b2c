"""A program a command needs and does not find ends it with exit 9 and one line on stderr, the
same in `--help`'s exit codes and the README's; a browser that prints no PDF ends with exit 1."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from branchbook.cli.main import EPILOG, Group
from branchbook.documents.printing import MissingProgram, PrintFailed

README = Path(__file__).resolve().parents[2] / "README.md"
MESSAGE = "--pdf needs Chromium or Google Chrome: install it (Debian: apt-get install chromium)"


def _group_raising(error: Exception) -> click.Group:
    """A group of branchbook's kind with one command, `go`, that raises error."""
    group = Group("branchbook")

    @group.command("go")
    def go() -> None:
        raise error

    return group


def test_a_missing_program_exits_9_with_one_line() -> None:
    result = CliRunner().invoke(_group_raising(MissingProgram(MESSAGE)), ["go"])
    assert result.exit_code == 9, result.output
    assert result.stderr == f"Error: {MESSAGE}\n"
    assert result.stdout == ""


def test_a_browser_that_prints_nothing_exits_1_with_its_own_line() -> None:
    result = CliRunner().invoke(_group_raising(PrintFailed("chromium wrote no PDF")), ["go"])
    assert result.exit_code == 1, result.output
    assert result.stderr == "Error: chromium wrote no PDF\n"


def test_exit_9_is_documented_in_the_help_and_the_readme() -> None:
    assert "9 a program the command needs is missing" in EPILOG
    readme = " ".join(README.read_text(encoding="utf-8").split())
    assert "9 a program the command needs is missing" in readme


def test_the_help_and_the_readme_list_the_same_exit_codes() -> None:
    listed = re.compile(r"(?:^|, )(\d+) ")
    in_help = listed.findall(EPILOG.removeprefix("Exit codes: "))
    readme = " ".join(README.read_text(encoding="utf-8").split())
    start = readme.index("Exit codes: ")
    passage = readme[start + len("Exit codes: ") : readme.index("Errors are one line", start)]
    # Parenthesised asides in the README may hold commas: take codes only outside them.
    outside = re.sub(r"\([^()]*(?:\([^()]*\)[^()]*)*\)", "", passage)
    assert listed.findall(outside) == in_help
    assert in_help == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "130"]
