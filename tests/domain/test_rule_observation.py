"""The check that every checked rule is seen judged both ways fails when one is not, and runs
only when the whole suite does."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rule_observation import RuleObserver, names_every_test, observing, verdict

from branchbook.domain.rules import Citation, Judge, Rule, RulebookVersion, RuleViolation, Severity

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"


def rule(rule_id: str, severity: Severity) -> Rule:
    """A rule of no catalogue, so that judging it here shows nothing of the catalogue's rules."""
    return Rule(
        id=rule_id,
        title="the facts are ok",
        severity=severity,
        citations=(Citation("BOOK"),),
        test=lambda f, p: f["ok"],
        explain=lambda f, p: "not ok",
    )


VERSION = RulebookVersion(
    "T",
    date(2020, 1, 1),
    {r.id: r for r in (rule("t.hard", Severity.HARD), rule("t.soft", Severity.SOFT),
                       rule("t.compute", Severity.COMPUTE))},
)  # fmt: skip


def test_a_rule_seen_only_held_is_named_as_never_seen_broken() -> None:
    seen = {"t.a": {True}, "t.b": {True, False}, "t.c": {False}}
    assert verdict(["t.a", "t.b", "t.c", "t.d"], seen) == [
        "t.a: never seen broken",
        "t.c: never seen held",
        "t.d: never judged by a step",
    ]
    assert verdict(["t.b"], seen) == []


def test_the_judges_are_watched_both_ways_and_apart_for_steps_and_findings() -> None:
    observer = RuleObserver()
    with observing(observer):
        judge = Judge(VERSION)
        judge.check("t.hard", ok=True)
        with pytest.raises(RuleViolation) as refused:
            judge.check("t.hard", ok=False)
        judge.check("t.soft", ok=False)
        judge.check("t.compute", ok=False)
        judge.find("t.hard", ok=False)
    assert refused.value.rule.id == "t.hard"
    assert [w.rule for w in judge.warnings] == ["t.soft", "t.hard"]
    assert observer.seen == {"t.hard": {True, False}, "t.soft": {False}}
    assert observer.found == {"t.hard": {False}}
    # Outside the block nothing more is noted.
    Judge(VERSION).check("t.soft", ok=True)
    assert observer.seen["t.soft"] == {False}


@pytest.mark.parametrize(
    ("named", "here", "whole"),
    [
        (["tests"], ROOT, True),
        (["."], ROOT, True),
        ([str(TESTS)], Path("/"), True),
        (["."], TESTS, True),
        (["tests/domain"], ROOT, False),
        (["."], TESTS / "domain", False),
        (["tests/domain/test_rules.py"], ROOT, False),
        (["tests", "tests/domain/test_rules.py::test_x"], ROOT, False),
    ],
)
def test_only_a_run_of_the_whole_tests_folder_judges_every_rule(
    named: list[str], here: Path, whole: bool
) -> None:
    assert names_every_test(named, here) is whole


def run_catalogue_tests(*options: str) -> subprocess.CompletedProcess[str]:
    """The catalogue's tests alone, in a pytest of their own."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfE"]
    return subprocess.run(
        [*command, "tests/domain/test_catalogue.py", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_part_of_the_suite_deselects_the_check_and_the_option_keeps_it_failing() -> None:
    part = run_catalogue_tests()
    assert part.returncode == 0, part.stdout
    assert "1 deselected" in part.stdout
    # The catalogue's tests judge no step: asked anyway, the check fails and names the rules.
    kept = run_catalogue_tests("--all-rules-both-ways")
    assert kept.returncode == 1, kept.stdout
    assert "FAILED tests/domain/test_catalogue.py::test_every_checked_rule_is_judged" in kept.stdout
    assert "record.chair_present: never judged by a step" in kept.stdout
