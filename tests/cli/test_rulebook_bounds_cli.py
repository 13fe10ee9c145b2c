"""Rulebook parameters anywhere within their bounds: the queries and the talk step on the demo
store end in a documented exit code (0, 3 or 4), never 1, a fault.

Every month, day and year parameter is set to the low and to the high end of its bounds, by
kind and all at once; a hypothesis test mixes ends and values within. It tries
BRANCHBOOK_FUZZ_EXAMPLES / 20 examples (10 by default).
"""

from __future__ import annotations

import os
import sqlite3
from collections import defaultdict
from contextlib import closing
from pathlib import Path

import pytest
from cli_support import line, record_journal, run
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branchbook.domain.catalogue import builtin_rules
from branchbook.domain.rules import DAY_OF_MONTH, DAYS, MONTHS, YEARS, Bounds

RULES = builtin_rules()
DATED = (MONTHS, DAYS, YEARS, DAY_OF_MONTH)
# Every parameter that moves or picks a date: (rule id, parameter, bounds).
DATE_PARAMS = sorted(
    (rule.id, name, bounds)
    for rule in RULES.values()
    for name, bounds in rule.bounds.items()
    if bounds in DATED
)
EXAMPLES = max(int(os.environ.get("BRANCHBOOK_FUZZ_EXAMPLES", "200")) // 20, 1)

# After the demo's last step: a committee seat falls vacant, a member out of contact is
# suspended, another takes part in B02 at a fixed place, and T1 applies (no talk yet).
AFTER_THE_DEMO = [
    line("member.death", date="2026-06-01", member="B0105"),
    line("member.suspend-membership", date="2026-02-01", member="B0108", reason="lost-contact",
         since="2025-06-01"),
    line("member.participate", date="2026-03-01", member="B0106", branch="B02", basis="mobile",
         fixed_place=True),
    line("member.apply", date="2026-10-01", member="T1", name="申请人 T1", birth="1990-01-01",
         branch="B01"),
]  # fmt: skip
QUERIES = [
    ["due"],
    *(["due", "--as-of", day, "--within", "3660"] for day in ("2020-01-01", "2024-01-01")),
    *(["member", "show", n] for n in ("T1", "M0053", "M0004", "M9002", "B0108", "B0106", "V0106")),
    *(["branch", "show", code] for code in ("B01", "B02", "B03", "B04", "V01")),
    ["compliance", "--year", "2025"],
]
TALK = ["member", "talk", "--member", "T1", "--by", "李明", "--date", "2026-10-20"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store and the steps after it; each run of the talk step takes a copy."""
    directory = tmp_path_factory.mktemp("bounds")
    path = directory / "demo.db"
    assert run(f"sqlite:///{path}", "demo").exit_code == 0
    record_journal(f"sqlite:///{path}", AFTER_THE_DEMO, directory)
    return path


def rulebook(values: dict[tuple[str, str], int], path: Path) -> Path:
    """A rulebook file giving each parameter its value (a list parameter, that one item)."""
    tables: dict[str, list[str]] = defaultdict(list)
    for (rule_id, name), value in values.items():
        shown = f"[{value}]" if isinstance(RULES[rule_id].params[name], list) else str(value)
        tables[rule_id].append(f"{name} = {shown}")
    path.write_text(
        "".join(
            f'[rules."{rule_id}"]\n' + "\n".join(lines) + "\n" for rule_id, lines in tables.items()
        ),
        encoding="utf-8",
    )
    return path


def documented(result: Result, args: list[str]) -> None:
    assert result.exit_code in {0, 3, 4}, (args, result.output, result.exception)
    assert "unexpected" not in result.stderr, (args, result.stderr)


def queries_and_the_talk_end_documented(store: Path, rules: Path) -> None:
    assert run(f"sqlite:///{store}", "rules", "check", str(rules)).exit_code == 0
    for args in QUERIES:
        documented(run(f"sqlite:///{store}", "--rules", str(rules), *args), args)
    copy = store.with_name("talk.db")
    copy.unlink(missing_ok=True)
    with closing(sqlite3.connect(store)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    documented(run(f"sqlite:///{copy}", "--rules", str(rules), *TALK), TALK)


# The parameters set at once: those of each kind, then all of them.
KINDS = {**{kind.measures: (kind,) for kind in DATED}, "all": DATED}


def ends(choose: str, kinds: tuple[Bounds, ...]) -> dict[tuple[str, str], int]:
    return {
        (rule_id, name): getattr(bounds, choose)
        for rule_id, name, bounds in DATE_PARAMS
        if bounds in kinds
    }


@pytest.mark.parametrize("choose", ["low", "high"])
@pytest.mark.parametrize("kind", KINDS)
def test_date_parameters_at_an_end_of_their_bounds_leave_every_query_documented(
    demo: Path, choose: str, kind: str
) -> None:
    rules = rulebook(ends(choose, KINDS[kind]), demo.with_name("rules.toml"))
    queries_and_the_talk_end_documented(demo, rules)


@st.composite
def date_values(draw: st.DrawFn) -> dict[tuple[str, str], int]:
    """Some date parameters, each at an end of its bounds or anywhere within."""
    chosen = draw(st.lists(st.sampled_from(DATE_PARAMS), unique=True, min_size=1))
    return {
        (rule_id, name): draw(
            st.one_of(
                st.sampled_from([bounds.low, bounds.high]), st.integers(bounds.low, bounds.high)
            )
        )
        for rule_id, name, bounds in chosen
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=date_values())
def test_date_parameters_anywhere_within_their_bounds_leave_every_query_documented(
    demo: Path, values: dict[tuple[str, str], int]
) -> None:
    rules = rulebook(values, demo.with_name("rules.toml"))
    queries_and_the_talk_end_documented(demo, rules)
