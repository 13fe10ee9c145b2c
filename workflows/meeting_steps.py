"""The commands of recurring branch life: talks, training sessions and democratic evaluations."""

from __future__ import annotations

from workflows.commands import CommandSpec

SPECS: tuple[CommandSpec, ...] = ()
