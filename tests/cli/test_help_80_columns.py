"""At an 80-column terminal each group's --help lists every command with its whole short
description, wrapped onto following lines, never cut short with "...": the commands stay
distinguishable, and every line fits."""

from __future__ import annotations

import click
import pytest
from cli_support import invoke

from branchbook.cli.main import cli
from branchbook.cli.tables import cells


def groups() -> list[list[str]]:
    """Every group of commands, the top level first: a group added later is walked too."""
    with click.Context(cli) as ctx:
        found = [[name] for name in cli.list_commands(ctx)
                 if isinstance(cli.get_command(ctx, name), click.Group)]  # fmt: skip
    return [[], *found]


GROUPS = groups()


def test_every_group_is_walked() -> None:
    walked = {" ".join(g) for g in GROUPS}
    assert {"member", "branch", "rules", "import", "key", "projections", "chain"} <= walked


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "top")
def test_group_help_at_80_columns_cuts_no_description(
    group: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke([*group, "--help"])
    assert result.exit_code == 0, result.output
    lines = result.output.split("\n")
    assert lines[0].startswith("Usage: ")  # its "[ARGS]..." is click's, not a cut
    assert [line for line in lines[1:] if "..." in line] == []
    # A CJK character takes two cells.
    assert [line for line in lines if cells(line) > 80] == []


def test_a_wrapped_description_keeps_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    said = " ".join(invoke(["member", "--help"]).output.split())
    assert "admit The general assembly resolves to admit a development candidate" in said
