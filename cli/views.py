"""The read models themselves: rebuilding them from the first event."""

from __future__ import annotations

from typing import Any

# The top-level commands this module adds to the CLI.
COMMANDS: list[Any] = []
