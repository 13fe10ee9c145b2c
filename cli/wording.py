"""Counts in words: "1 line", "2 lines", with thousands separated."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """n and the noun, singular for exactly one: counted(1, "line") is "1 line"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
