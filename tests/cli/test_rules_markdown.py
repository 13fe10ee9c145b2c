"""docs/rules.md is `branchbook rules --markdown` as the catalogue stands: every rule once, with
its severity, whether a step checks it, its parameters and its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import invoke

from branchbook.cli.rules_markdown import COMMAND
from branchbook.domain.catalogue import builtin_rules

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


@pytest.fixture
def markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRANCHBOOK_PROFILE", raising=False)
    result = invoke(["rules", "--markdown"])
    assert result.exit_code == 0, result.output
    assert list(tmp_path.iterdir()) == []  # no store was opened
    return result.stdout


def test_docs_rules_md_is_the_commands_output(markdown: str) -> None:
    assert DOC.read_text("utf-8") == markdown, f"docs/rules.md is stale: run `{COMMAND}`"


def test_every_rule_is_one_row_with_its_severity_judgement_and_first_source(markdown: str) -> None:
    rows = [
        cells
        for cells in (line.strip("| ").split(" | ") for line in markdown.splitlines())
        if len(cells) == 6 and re.fullmatch(r"`[a-z0-9_]+(\.[a-z0-9_]+)+`", cells[0])
    ]
    rules = builtin_rules()
    assert sorted(cells[0].strip("`") for cells in rows) == sorted(rules)
    for rule_id, title, severity, judged, params, sources in rows:
        rule = rules[rule_id.strip("`")]
        assert (title, severity) == (rule.title, rule.severity.value)
        assert judged == ("checked" if rule.checked else "compute-only")
        assert str(rule.citations[0]) in sources
        assert all(f"`{name}` = " in params for name in rule.params)


def test_a_parameter_shows_its_default_and_bounds(markdown: str) -> None:
    assert "`min_age_years` = `18` (0–100 years)" in markdown
    assert "| `training.annual_hours.member_min_hours_per_year` | `32` |" in markdown


def test_markdown_and_json_together_are_bad_input() -> None:
    result = invoke(["rules", "--markdown", "--json"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --markdown and --json cannot be given together"
