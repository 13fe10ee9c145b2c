"""The README lists every rule no step checks, with the reason, and no other."""

from __future__ import annotations

import re
from pathlib import Path

from branchbook.domain.catalogue import builtin_rules

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Rules no step checks"
ROW = re.compile(r"^\| `([a-z0-9_.]+)` \| (.+) \|$")


def listed() -> dict[str, str]:
    """The README's rows under the heading: each rule id and the reason given for it."""
    text = README.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines() if line.startswith("| `")]
    assert all(rows), "a row of the list is not `| \\`rule.id\\` | reason |`"
    ids = [row[1] for row in rows if row]
    assert len(ids) == len(set(ids)), "a rule is listed twice"
    return {row[1]: row[2].strip() for row in rows if row}


def test_the_readme_lists_exactly_the_rules_no_step_checks() -> None:
    compute_only = {rule.id for rule in builtin_rules().values() if not rule.checked}
    in_readme = set(listed())
    assert sorted(in_readme - compute_only) == [], "listed in the README but checked now"
    assert sorted(compute_only - in_readme) == [], "compute-only but not in the README"


def test_every_rule_listed_gives_its_reason() -> None:
    assert all(len(reason) > 10 for reason in listed().values())
