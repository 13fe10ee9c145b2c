"""What a step says when it is refused (with --json: the outcome on stdout and one line on
stderr), a refused transfer's reason first, a correction by any position of a command, and
`rules check --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import FIVE_FULL_IN_B01, run
from click.testing import Result

MEETING = "B01-2024-01-15-assembly"


@pytest.fixture
def awaiting(store_url: str) -> str:
    """Branch B01 (five full members, F1-F5) and B02; P1 probationary in B01, the resolution
    converting P1 awaiting approval."""
    steps = [
        *FIVE_FULL_IN_B01,
        ["branch", "found", "--code", "B02", "--name", "二支部", "--kind", "regular", "--parent",
         "TC01", "--full-members", "3", "--date", "2015-01-01"],
        ["member", "enrol", "--member", "P1", "--name", "预备", "--birth", "1990-01-01",
         "--branch", "B01", "--status", "probationary", "--admitted", "2023-01-10",
         "--date", "2023-02-01"],
        ["meeting", "hold", "--branch", "B01", "--kind", "assembly", "--present",
         "F1,F2,F3,F4,F5,P1", "--chair", "F1", "--date", "2024-01-15"],
        ["member", "convert", "--member", "P1", "--meeting", MEETING, "--yes", "5",
         "--date", "2024-01-15"],
    ]  # fmt: skip
    for step in steps:
        result = run(store_url, *step)
        assert result.exit_code == 0, (step, result.output)
    return store_url


def transfer(url: str, *more: str) -> Result:
    return run(url, "transfer", "request", "--member", "P1", "--to", "B02", "--reason", "工作调动",
               "--date", "2024-01-20", *more)  # fmt: skip


def test_a_refused_transfer_leads_with_the_resolution_awaiting_approval(awaiting: str) -> None:
    result = transfer(awaiting)
    assert result.exit_code == 3
    said = result.stderr.strip()
    reason = said.split(" — ", 1)[1]
    assert reason.startswith("P1 is awaiting approval of the convert resolution"), said
    assert "applies to" not in said


def test_with_json_a_refused_step_prints_its_outcome_and_one_line_on_stderr(
    awaiting: str,
) -> None:
    result = transfer(awaiting, "--json")
    assert result.exit_code == 3
    outcome = json.loads(result.stdout)
    assert (outcome["status"], outcome["rule"], outcome["subject"]) == (
        "rejected",
        "record.transition",
        "P1",
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: rejected: transfer.request P1: record.transition")


def test_a_correction_takes_any_position_of_a_command_and_names_them_all(awaiting: str) -> None:
    convert = json.loads(
        run(
            awaiting,
            "member",
            "convert",
            "--member",
            "P1",
            "--meeting",
            MEETING,
            "--yes",
            "5",
            "--date",
            "2024-01-15",
            "--json",
        ).stdout
    )
    first, last = convert["positions"][0], convert["positions"][-1]
    assert last > first
    result = run(awaiting, "step", "correct", "--step", str(last), "--why", "wrong day",
                 "--date", "2024-01-16", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    corrected = json.loads(result.stdout)
    assert corrected["subject"] == ", ".join(f"#{p}" for p in convert["positions"])
    trail = json.loads(run(awaiting, "audit", "--member", "P1", "--json").stdout)
    voided = {r["position"]: r["corrected_by"] for r in trail}
    assert all(voided[p] is not None for p in convert["positions"])
    assert "any of the" in run(awaiting, "step", "correct", "--help").stdout


def write_rulebook(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_check_json_lists_the_versions_of_a_valid_file(tmp_path: Path) -> None:
    path = write_rulebook(tmp_path, '[[versions]]\nid = "v2"\neffective_from = 2020-01-01\n')
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "rules", "check", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert data["error"] is None
    assert [v["effective_from"] for v in data["versions"]][-1] == "2020-01-01"
    assert all(v["fingerprint"] and v["id"] for v in data["versions"])


@pytest.mark.parametrize(
    "text", ['[rules."probation.length"]\nmonths = 9223372036854775807\n', None],
    ids=["invalid", "missing"],
)  # fmt: skip
def test_rules_check_json_of_a_bad_file_says_why_on_both_streams(
    tmp_path: Path, text: str | None
) -> None:
    path = write_rulebook(tmp_path, text) if text else tmp_path / "absent.toml"
    result = run(f"sqlite:///{tmp_path / 'none.db'}", "rules", "check", str(path), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert (data["valid"], data["versions"]) == (False, [])
    assert result.stderr == f"Error: {data['error']}\n"
