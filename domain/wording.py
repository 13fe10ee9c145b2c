"""Counts and articles in words, for the rules' messages: "1 month", "3 months", "an assembly"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """n and the noun, singular for exactly one: counted(1, "month") is "1 month"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def a(word: str) -> str:
    """The word with its indefinite article: "a committee", "an assembly"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def training(days: int, hours: int) -> str:
    """Days of training, and class hours where any were given: "3 days, 24 class hours"."""
    return counted(days, "day") + (f", {counted(hours, 'class hour')}" if hours else "")
