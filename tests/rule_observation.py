"""Which way the steps judge each rule during a test run.

While the tests run, every rule a step judges (`Judge.check`) or a finding of a date judges
(`Judge.find`), unless compute-only, is noted with its outcome, the two kinds apart: the rule
held, or it was broken. A run of the whole suite ends with one more test, marked
`after_the_whole_suite`, that requires every checked rule to have been seen both ways: a check
deleted from a step, or a rule whose test can no longer fail, leaves the rule unseen on one side
and fails that test. A run of part of the suite deselects it ("1 deselected"), since part of the
suite need not judge every rule; `--all-rules-both-ways` keeps it in any run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from branchbook.domain.catalogue import builtin_rules
from branchbook.domain.rules import Judge, Severity

MARK = "after_the_whole_suite"
OPTION = "--all-rules-both-ways"
HELD, BROKEN = True, False
Check = Callable[..., None]


class RuleObserver:
    """The outcomes seen for each rule id, and whether this run must judge every rule."""

    def __init__(self) -> None:
        self.seen: defaultdict[str, set[bool]] = defaultdict(set)  # judged by steps
        self.found: defaultdict[str, set[bool]] = defaultdict(set)  # judged as findings
        self.deselected = 0
        self.judges_every_rule = False

    # The hooks pytest calls on this observer once it is registered as a plugin.

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        last = [item for item in items if item.get_closest_marker(MARK)]
        rest = [item for item in items if not item.get_closest_marker(MARK)]
        self.judges_every_rule = bool(config.getoption(OPTION)) or (
            self.deselected == 0 and runs_the_whole_suite(config)
        )
        if self.judges_every_rule:
            items[:] = rest + last
            return
        items[:] = rest
        if last:
            config.hook.pytest_deselected(items=last)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.judges_every_rule:
            catalogue = builtin_rules()  # not the rules some tests make up for themselves
            steps = [outcomes for r, outcomes in self.seen.items() if r in catalogue]
            found = [r for r in self.found if r in catalogue]
            both = sum(1 for outcomes in steps if len(outcomes) == 2)
            terminalreporter.write_line(
                f"rules of the catalogue judged by the steps: {len(steps)}, of which {both} both "
                f"held and broken; judged as findings of a date: {len(found)}"
            )


def runs_the_whole_suite(config: pytest.Config) -> bool:
    """Whether the run was asked for every test: nothing selected by keyword or mark, nothing
    ignored, and the tests named whole."""
    if config.getoption("keyword") or config.getoption("markexpr"):
        return False
    if config.getoption("ignore") or config.getoption("ignore_glob"):
        return False
    return names_every_test([str(a) for a in config.args], config.invocation_params.dir)


def names_every_test(named: list[str], here: Path) -> bool:
    """Whether the paths named from the folder `here` take in the whole tests folder (it, or a
    folder above it), with no test picked out of a module."""
    tests = Path(__file__).resolve().parent
    if any("::" in arg for arg in named):
        return False
    return any(
        tests == path or path in tests.parents for path in ((here / a).resolve() for a in named)
    )


def verdict(checked: Iterable[str], seen: Mapping[str, Set[bool]]) -> list[str]:
    """One line for each checked rule not seen both held and broken; empty when all were."""
    lines = []
    for rule_id in sorted(checked):
        outcomes = seen.get(rule_id, set())
        if outcomes == {HELD, BROKEN}:
            continue
        if not outcomes:
            lines.append(f"{rule_id}: never judged by a step")
        else:
            missing = "broken" if HELD in outcomes else "held"
            lines.append(f"{rule_id}: never seen {missing}")
    return lines


def noting(before: Check, seen: defaultdict[str, set[bool]]) -> Check:
    """The judge's method `before`, noting in `seen` each rule it judges and the outcome."""

    def judged(judge: Judge, rule_id: str, **facts: Any) -> None:
        rule = judge.version[rule_id]
        if rule.severity is not Severity.COMPUTE:
            seen[rule_id].add(rule.holds(facts))
        before(judge, rule_id, **facts)

    return judged


@contextmanager
def observing(observer: RuleObserver) -> Iterator[None]:
    """Note each rule the judges check or find, and its outcome, while the block runs."""
    check, find = Judge.check, Judge.find
    Judge.check = noting(check, observer.seen)  # type: ignore[method-assign]
    Judge.find = noting(find, observer.found)  # type: ignore[method-assign]
    try:
        yield
    finally:
        Judge.check, Judge.find = check, find  # type: ignore[method-assign]
