"""Corrections: a new step that voids a mistaken one, naming it and why."""

from __future__ import annotations

from workflows.commands import CommandSpec

SPECS: tuple[CommandSpec, ...] = ()
