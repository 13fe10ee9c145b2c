"""Counts in the rules' messages read as English: "1 month", "184 days", never "month(s)"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from branchbook.domain.wording import a, counted, training

ROOT = Path(__file__).resolve().parents[2]
# A count written as a placeholder followed by a "(s)" plural: `{months} month(s)`.
HEDGED = re.compile(r"\}\s*(?:[a-z]+ )*[a-z]+\(s\)|\b[a-z]+\(s\)")


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [(1, "month", "1 month"), (184, "day", "184 days"), (0, "full member", "0 full members"),
     (3, "seat", "3 seats"), (1, "time", "1 time"), (2, "class hour", "2 class hours")],
)  # fmt: skip
def test_a_count_is_singular_for_one_and_plural_otherwise(n: int, noun: str, said: str) -> None:
    assert counted(n, noun) == said


def test_an_irregular_plural_is_given() -> None:
    assert counted(2, "child", "children") == "2 children"
    assert counted(1, "child", "children") == "1 child"


def test_the_article_follows_the_sound() -> None:
    assert a("assembly") == "an assembly"
    assert a("committee") == "a committee"


def test_training_names_class_hours_only_where_given() -> None:
    assert training(3, 0) == "3 days"
    assert training(1, 24) == "1 day, 24 class hours"


def test_no_message_counts_with_a_hedged_plural() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for layer in ("domain", "projections", "workflows", "cli")
        for path in sorted((ROOT / layer).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if '"' in line and HEDGED.search(line.split("#")[0])
    ]
    assert found == []
