"""Command groups that load a command's module only when it is asked for, or when --help lists
every command: a query or a recorded step loads its own code, not every other command's."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

# Where a command is defined: its module under branchbook.cli, and its name there.
Place = tuple[str, str]


def load(place: Place) -> click.Command:
    """The command defined at `place`."""
    module, name = place
    command = getattr(import_module(f"branchbook.cli.{module}"), name)
    assert isinstance(command, click.Command)
    return command


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
        gives the noun sections), then the queries; otherwise one list, as click gives it."""
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
        limit = formatter.width - 6 - width
        for title, names in listed:
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name.ljust(width), command.get_short_help_str(limit)))
            with formatter.section(title):
                formatter.write_dl(rows)
