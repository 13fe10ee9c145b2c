"""Every command's help cites the source documents, never the research notes they were read
from."""

from __future__ import annotations

from collections.abc import Iterator

import click

from branchbook.cli.main import cli

# The research notes the sources were read from, which are not part of the repository.
NOTES = tuple(f"{name}.md" for name in ("RULES", "DESIGN", "STYLE"))


def names_notes(text: str | None) -> bool:
    return any(note in (text or "") for note in NOTES)


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
        if names_notes(command.help)
        or names_notes(command.short_help)
        or any(names_notes(getattr(p, "help", None)) for p in command.params)
    ]
    assert len(list(commands(cli))) > 50
    assert named == []
