"""Every command's help cites the source documents, never the research notes they were read
from."""

from __future__ import annotations

from collections.abc import Iterator

import click

from branchbook.cli.main import cli


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        yield " ".join((*path, name)), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def test_no_help_names_the_research_notes() -> None:
    named = [
        path
        for path, command in commands(cli)
        if "RULES.md" in (command.help or "") + (command.short_help or "")
        or any("RULES.md" in (getattr(p, "help", None) or "") for p in command.params)
    ]
    assert len(list(commands(cli))) > 50
    assert named == []
