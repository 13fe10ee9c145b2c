"""Every command of the record book, by name: the stages' definitions in one catalogue."""

from __future__ import annotations

from branchbook.workflows.steps import (
    admission,
    application,
    branches,
    casework,
    corrections,
    dues,
    leadership,
    meetings,
    probation,
    rights,
    scoring,
    transfers,
)
from branchbook.workflows.steps.commands import CommandSpec

# In this order the CLI registers the commands and the journal schema lists them.
SPECS: tuple[CommandSpec, ...] = (
    *branches.SPECS,
    *leadership.SPECS,
    *application.SPECS,
    meetings.HOLD,
    *admission.SPECS,
    *probation.SPECS,
    *rights.SPECS,
    *transfers.SPECS,
    *casework.SPECS,
    *dues.SPECS,
    meetings.RATE,
    *corrections.SPECS,
    *scoring.SPECS,
)
COMMANDS: dict[str, CommandSpec] = {spec.name: spec for spec in SPECS}
