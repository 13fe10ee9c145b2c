"""Counts in words: "1 line", "2 lines", with thousands separated; a member's standing as
`member show` and the demo label it (rosters and member lists give the status as recorded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """n and the noun, singular for exactly one: counted(1, "line") is "1 line"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def standing(status: str, extensions: Sequence[int]) -> str:
    """A member's standing as shown: "probationary (extended)" while a probation that has been
    extended runs, else the status as recorded."""
    return f"{status} (extended)" if status == "probationary" and extensions else status


def in_force_since(day: date) -> str:
    """When a rulebook version came into force, as a reader says it: `always` for one in
    force from the first day there is."""
    return "always" if day == date.min else f"from {day.isoformat()}"
