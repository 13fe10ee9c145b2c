"""Command groups that load a command's module only when it is asked for, or when --help lists
every command: a query or a recorded step loads its own code, not every other command's."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

import click

# A short description's length limit that cuts none: its first sentence is given whole.
UNCUT = 10_000

# Where a command is defined: its module under branchbook.cli, and its name there.
Place = tuple[str, str]


def load(place: Place) -> click.Command:
    """The command defined at `place`."""
    module, name = place
    command = getattr(import_module(f"branchbook.cli.{module}"), name)
    assert isinstance(command, click.Command)
    return command


def write_rows(formatter: click.HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """Each command name and its description, as click's formatter.write_dl lays them out, but
    wrapped by the cells the text takes: a CJK character takes two."""
    from branchbook.cli.tables import cells

    first = min(max((len(name) for name, _ in rows), default=0), 30) + 2
    indent = " " * (formatter.current_indent + first)
    room = max(formatter.width - formatter.current_indent - first, 10)
    for name, text in rows:
        lines: list[str] = []
        for word in text.split():
            if lines and cells(lines[-1]) + 1 + cells(word) <= room:
                lines[-1] += " " + word
            else:
                lines.append(word)
        head = " " * formatter.current_indent + name
        if len(name) + 2 > first:
            formatter.write(head + "\n")
            head = indent
        else:
            head = head.ljust(formatter.current_indent + first)
        formatter.write(head + (lines[0] if lines else "") + "\n")
        for line in lines[1:]:
            formatter.write(indent + line + "\n")


class LazyGroup(click.Group):
    """A group holding some commands already made and others to make: `commands` holds them all
    (each made on first use of the property); getting one makes only that one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._complete = False
        super().__init__(*args, **kwargs)

    def make(self, name: str) -> click.Command | None:
        """The command `name`, made from its definition; None if the group has no such one."""
        return None

    def names(self) -> list[str]:
        """The names of the commands still to make."""
        return []

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        if not self._complete:
            self._complete = True
            for name in self.names():
                self._made(name)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        self._commands[name or cmd.name or ""] = cmd

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._made(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            # A command name typed a character off, or in the wrong case: say which was meant.
            from branchbook.domain.near import did_you_mean

            near = did_you_mean(args[0], {*self._commands, *self.names()}) if args else ""
            if not near:
                raise
            raise click.UsageError(exc.message.rstrip(".") + near, ctx) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole short description, wrapped onto following lines where the
        screen is narrow (click's own list cuts it short with "...")."""
        rows = self.rows(ctx, self.list_commands(ctx), 0)
        if rows:
            with formatter.section("Commands"):
                write_rows(formatter, rows)

    def rows(self, ctx: click.Context, names: Iterable[str], width: int) -> list[tuple[str, str]]:
        """The listed commands' names (padded to width) and whole short descriptions."""
        found = []
        for name in names:
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                found.append((name.ljust(width), command.get_short_help_str(UNCUT)))
        return found

    def _made(self, name: str) -> click.Command | None:
        if name not in self._commands:
            command = self.make(name)
            if command is None:
                return None
            self._commands[name] = command
        return self._commands[name]


class StepGroup(LazyGroup):
    """A noun's commands: its recorded steps (the catalogue's `noun.verb`) and its queries, each
    made when asked for, so a query or --help does not load the command definitions and the
    domain, and a step builds only its own options."""

    def __init__(self, name: str, help_text: str, queries: dict[str, Place]) -> None:
        super().__init__(name, help=help_text)
        self.queries = queries

    def make(self, name: str) -> click.Command | None:
        if name in self.queries:
            return load(self.queries[name])
        from branchbook.cli.steps import step_command
        from branchbook.workflows.steps.index import spec_of

        spec = spec_of(f"{self.name}.{name}")
        return None if spec is None else step_command(spec, name)

    def names(self) -> list[str]:
        from branchbook.workflows.steps.index import STAGES

        verbs = [n.split(".", 1)[1] for n in STAGES if n.split(".", 1)[0] == self.name]
        return [*self.queries, *verbs]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The recorded steps in sections by stage, in the order they are taken (where the index
        gives the noun sections), then the queries; otherwise one list."""
        from branchbook.workflows.steps.index import SECTIONS

        sections = SECTIONS.get(self.name or "")
        if sections is None:
            super().format_commands(ctx, formatter)
            return
        placed = [name for _, names in sections for name in names]
        others = [n for n in self.list_commands(ctx) if n not in placed and n not in self.queries]
        listed = [
            *sections,
            *((("Other commands", tuple(others)),) if others else ()),
            ("Queries", tuple(self.queries)),
        ]
        width = max(len(name) for _, names in listed for name in names)
        for title, names in listed:
            with formatter.section(title):
                write_rows(formatter, self.rows(ctx, names, width))
