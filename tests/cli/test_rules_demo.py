"""`branchbook rules` and `branchbook demo`: the rulebook shown and applied, the demo repeatable."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from cli_support import invoke, stored_count
from click.testing import Result

from branchbook.domain import ids
from branchbook.domain.member import Member
from branchbook.workflows.demo.journal import demo_commands
from branchbook.workflows.store.app import BranchBook

ADD_TC01 = [
    "org", "add", "--code", "TC01", "--name", "城关镇党委", "--kind", "committee",
    "--approves-admissions", "--date", "2020-01-01",
]  # fmt: skip
FOUND_B01 = [
    "branch", "found", "--code", "B01", "--name", "机关第一党支部", "--kind", "regular",
    "--parent", "TC01", "--full-members", "3", "--date", "2020-01-06",
]  # fmt: skip

AGE_16 = """\
# Applicants may apply from 16 (a test rulebook, not the Party's).
[rules."applicant.min_age"]
min_age_years = 16
"""

AGE_16_FROM_2024 = """\
[[versions]]
id = "S000-16"
effective_from = 2024-01-01
[versions.rules."applicant.min_age"]
min_age_years = 16
"""

# The third line names a parameter applicant.min_age does not have.
BAD_PARAMETER = """\
# a rulebook with a typo
[rules."applicant.min_age"]
min_age_yeras = 16
"""


def run(url: str, *args: str) -> Result:
    return invoke(["--db", url, *args])


def json_of(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def rulebook_file(tmp_path: Path, text: str, name: str = "rules.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def apply_17(on: str = "2024-03-01", number: str = "M0017") -> list[str]:
    """An application from someone who is 17 on 2023-12-31 and on 2024-03-01."""
    return [
        "member", "apply", "--member", number, "--name", "赵小雨", "--birth", "2006-09-01",
        "--branch", "B01", "--date", on,
    ]  # fmt: skip


def listed_rules(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in data["rules"]}


# --- rules


def test_rules_json_lists_each_rule_with_severity_parameters_and_citations() -> None:
    rules = listed_rules(json_of(invoke(["rules", "--json"])))
    assert len(rules) > 10
    for rule in rules.values():
        assert {"id", "severity", "params", "citations"} <= set(rule)
        assert rule["severity"] in {"hard", "soft", "compute"}
        assert rule["citations"]
    min_age = rules["applicant.min_age"]
    assert min_age["severity"] == "hard"
    assert min_age["params"] == {"min_age_years": 18}
    assert {"source": "PC", "article": "art. 1"}.items() <= min_age["citations"][0].items()
    assert rules["applicant.talk_deadline"]["severity"] == "soft"


def test_rules_as_a_table_name_the_rules() -> None:
    result = invoke(["rules"])
    assert result.exit_code == 0, result.output
    assert "applicant.min_age" in result.stdout
    assert result.stderr == ""


def test_rules_as_of_a_date_list_the_version_in_force_then(tmp_path: Path) -> None:
    rules_file = rulebook_file(tmp_path, AGE_16_FROM_2024)
    before = json_of(invoke(["--rules", rules_file, "rules", "--as-of", "2023-12-31", "--json"]))
    on = json_of(invoke(["--rules", rules_file, "rules", "--as-of", "2024-01-01", "--json"]))
    latest = json_of(invoke(["--rules", rules_file, "rules", "--json"]))
    assert before["version"] == "S000"
    assert listed_rules(before)["applicant.min_age"]["params"]["min_age_years"] == 18
    assert on["version"] == "S000-16"
    assert listed_rules(on)["applicant.min_age"]["params"]["min_age_years"] == 16
    assert latest["fingerprint"] == on["fingerprint"] != before["fingerprint"]
    assert [v["id"] for v in on["versions"]] == ["S000", "S000-16"]


def test_rules_as_of_a_bad_date_is_a_usage_error() -> None:
    result = invoke(["rules", "--as-of", "2024-13-01"])
    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    assert "Traceback" not in result.output


def test_rules_check_accepts_a_valid_file(tmp_path: Path) -> None:
    for text in (AGE_16, AGE_16_FROM_2024):
        result = invoke(["rules", "check", rulebook_file(tmp_path, text)])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


def test_rules_check_refuses_a_bad_file_naming_its_line(tmp_path: Path) -> None:
    result = invoke(["rules", "check", rulebook_file(tmp_path, BAD_PARAMETER)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "line 3" in lines[0]
    assert "min_age_yeras" in lines[0]
    assert result.stdout == ""


def test_rules_check_refuses_a_file_that_is_not_toml(tmp_path: Path) -> None:
    result = invoke(["rules", "check", rulebook_file(tmp_path, "[rules\nx = 1\n")])
    assert result.exit_code == 2
    assert "line 1" in result.stderr
    assert "Traceback" not in result.output


def test_rules_check_of_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    result = invoke(["rules", "check", str(tmp_path / "nowhere.toml")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("where", ["group", "subcommand"])
def test_a_rules_file_changes_the_parameter_the_cli_judges_by(
    store_url: str, tmp_path: Path, where: str
) -> None:
    assert run(store_url, *ADD_TC01).exit_code == 0
    assert run(store_url, *FOUND_B01).exit_code == 0
    refused = run(store_url, *apply_17())
    assert refused.exit_code == 3
    assert "applicant.min_age" in refused.stderr
    rules_file = rulebook_file(tmp_path, AGE_16)
    if where == "group":
        accepted = run(store_url, "--rules", rules_file, *apply_17())
    else:
        accepted = run(store_url, *apply_17(), "--rules", rules_file)
    assert accepted.exit_code == 0, accepted.output
    assert accepted.stdout.startswith("accepted")


def test_a_dated_version_judges_steps_from_its_date_and_is_named_in_the_event(
    store_url: str, tmp_path: Path
) -> None:
    rules_file = rulebook_file(tmp_path, AGE_16_FROM_2024)
    versions = json_of(invoke(["--rules", rules_file, "rules", "--json"]))["versions"]
    assert run(store_url, *ADD_TC01).exit_code == 0
    assert run(store_url, "--rules", rules_file, *FOUND_B01).exit_code == 0
    before = run(store_url, "--rules", rules_file, *apply_17("2023-12-31", "M0001"))
    assert before.exit_code == 3
    after = run(store_url, "--rules", rules_file, *apply_17("2024-01-01", "M0002"))
    assert after.exit_code == 0, after.output
    app = BranchBook(store_url)
    try:
        (applied,) = app.events.get(ids.member_id("M0002"))
        assert app.find(ids.member_id("M0001")) is None
    finally:
        app.close()
    assert isinstance(applied, Member.Applied)
    assert applied.step.rulebook == versions[1]["fingerprint"]


def test_a_bad_rules_file_stops_a_step_with_bad_input(store_url: str, tmp_path: Path) -> None:
    assert run(store_url, *ADD_TC01).exit_code == 0
    assert run(store_url, *FOUND_B01).exit_code == 0
    result = run(store_url, "--rules", rulebook_file(tmp_path, BAD_PARAMETER), *apply_17())
    assert result.exit_code == 2
    assert "line 3" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert stored_count(store_url) == 2  # the organisation and the branch


# --- demo


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo writes its reports beside a SQLite store, and in the current folder for a
    server's: a folder of the test's own."""
    monkeypatch.chdir(tmp_path)


def test_the_demo_on_an_empty_store_shows_the_refusals_and_the_admissions(
    store_url: str, tmp_path: Path
) -> None:
    result = run(store_url, "demo")
    assert result.exit_code == 0, result.output
    refused = [t for t in result.stdout.splitlines() if "rejected" in t and "line " in t]
    assert len(refused) == 4
    assert "assembly.quorum" in refused[0]
    assert "temporary_branch.forbidden_actions" in refused[1]
    assert "applicant.min_age" in refused[2]
    assert "discipline.removal_from_post_bar" in refused[3]
    assert "Admitted by assembly vote" in result.stdout
    assert "Branches" in result.stdout
    assert stored_count(store_url) > 0
    reports = [Path(line.strip()) for line in result.stdout.splitlines()[-2:]]
    beside = Path(store_url.removeprefix("sqlite:///")).parent if "sqlite" in store_url else None
    assert [p.name for p in reports] == ["report-B01-2025.html", "report-TC01-2025.html"]
    assert all(p.parent == (beside or tmp_path).resolve() and p.is_file() for p in reports)


def test_the_demo_in_json_refuses_four_steps_and_admits_through_votes(store_url: str) -> None:
    data = json_of(run(store_url, "demo", "--json"))
    refused = {o["rule"]: o for o in data["not_accepted"]}
    assert set(refused) == {
        "applicant.min_age",
        "assembly.quorum",
        "temporary_branch.forbidden_actions",
        "discipline.removal_from_post_bar",
    }
    barred = refused["discipline.removal_from_post_bar"]
    assert barred["command"] == "branch.elect"
    assert "B0104" in demo_commands()[barred["line"] - 1]["candidates"]
    assert refused["applicant.min_age"]["command"] == "member.apply"
    assert refused["assembly.quorum"]["command"] == "member.admit"
    temporary = refused["temporary_branch.forbidden_actions"]
    assert temporary["command"] == "member.admit"
    assert demo_commands()[temporary["line"] - 1]["member"] == "M9002"
    warned = Counter(w["warnings"][0]["rule"] for w in data["warnings"])
    assert set(warned) == {"applicant.talk_deadline", "branch.term_overdue", "approval.deadline"}
    late = [w for w in data["warnings"] if w["warnings"][0]["rule"] == "branch.term_overdue"]
    assert [(w["command"], w["subject"]) for w in late] == [("branch.elect", "B02")]
    approval = [w for w in data["warnings"] if w["warnings"][0]["rule"] == "approval.deadline"]
    assert [(w["command"], w["subject"]) for w in approval] == [("member.approve", "M0055")]
    branches = {b["code"]: b for b in data["branches"]}
    assert branches["B02"]["term_state"] == "overdue"
    assert branches["V01"]["term"]["years"] == 5
    rosters = data["rosters"]
    assert set(rosters) == {"B01", "B02", "B03", "B04", "V01"}
    on_books = [m["member"] for rows in rosters.values() for m in rows]
    assert len(on_books) == len(set(on_books))
    # Everyone accepted into the record (application or opening entry) is on exactly one roster.
    refused_lines = {o["line"] for o in data["not_accepted"]}
    entered = {
        command["member"]
        for n, command in enumerate(demo_commands(), start=1)
        if command["command"] in ("member.apply", "member.enrol") and n not in refused_lines
    }
    # ... except the member removed as self-withdrawn, who is off the books.
    assert set(on_books) == entered - {"V0106"}
    admitted = {m["member"]: m for m in data["admitted"]}
    statuses = Counter(m["status"] for m in admitted.values())
    assert statuses["revoked"] == 1
    assert statuses["full"] >= 10
    assert [m for m in admitted.values() if m["extensions"]] == [admitted["M0004"]]
    for m in admitted.values():
        if m["status"] == "full":
            assert m["full_since"] == m["probation_end"]
    assert stored_count(store_url) == data["events"]


def test_the_demo_moves_refuses_sanctions_restores_and_removes_a_lapsed_member(
    store_url: str,
) -> None:
    data = json_of(run(store_url, "demo", "--json"))
    steps = {(c["member"], c["step"]): c for c in data["cases"]}
    assert steps[("B0108", "transfer.receive")]["branch"] == "B02"
    refused = steps[("V0105", "transfer.reject")]
    assert refused["by"] == "B03"
    assert refused["reason"]
    assert steps[("B0206", "member.discipline")]["sanction"] == "probation"
    assert steps[("B0206", "member.review-sanction")]["outcome"] == "restore"
    assert steps[("V0106", "member.remove")]["basis"] == "self-withdrawal"
    rosters = {code: {m["member"] for m in rows} for code, rows in data["rosters"].items()}
    assert "B0108" in rosters["B02"]
    assert "B0108" not in rosters["B01"]
    assert "V0105" in rosters["V01"]
    assert all("V0106" not in members for members in rosters.values())


def test_a_second_demo_on_the_same_store_is_a_conflict_and_writes_nothing(store_url: str) -> None:
    assert run(store_url, "demo", "--json").exit_code == 0
    count = stored_count(store_url)
    again = run(store_url, "demo")
    assert again.exit_code == 5
    assert len(again.stderr.strip().splitlines()) == 1
    assert again.stdout == ""
    assert stored_count(store_url) == count


def test_the_demo_is_deterministic(store_url: str, tmp_path: Path) -> None:
    first = json_of(run(store_url, "demo", "--json"))
    second = json_of(run(f"sqlite:///{tmp_path / 'second.db'}", "demo", "--json"))
    assert first["rosters"] == second["rosters"]
    assert first["recorded"] == second["recorded"]
    assert first["not_accepted"] == second["not_accepted"]
    assert first["compliance"] == second["compliance"]
    assert first["due"] == second["due"]
    roster = json_of(run(store_url, "roster", "B02", "--json"))
    assert roster["members"] == first["rosters"]["B02"]


def test_the_demo_finds_a_missed_assembly_an_overdue_election_and_a_late_approval(
    store_url: str,
) -> None:
    shown = json_of(run(store_url, "demo", "--json"))
    missed = {
        (b["branch"], window)
        for b in shown["compliance"]
        for s in b["summary"]
        if s["rule"] == "assembly.frequency"
        for window in s["missed"]
    }
    assert ("V01", "2025-Q3") in missed
    findings = {(b["branch"], f["rule"]) for b in shown["compliance"] for f in b["findings"]}
    assert ("B02", "branch.term_overdue") in findings
    assert ("V01", "approval.deadline") in findings
    overdue = {(i["subject"], i["rule"]) for i in shown["due"]["items"] if i["status"] == "overdue"}
    assert ("B02", "branch.term_overdue") in overdue
    # The same report from the command, as an auditor would ask for it.
    asked = json_of(run(store_url, "compliance", "--year", "2025", "--branch", "V01", "--json"))
    assert asked["branches"][0]["summary"] == next(
        b["summary"] for b in shown["compliance"] if b["branch"] == "V01"
    )


def test_the_demo_on_an_unreachable_store_is_a_storage_failure() -> None:
    result = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "demo")
    assert result.exit_code == 6
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
