"""`branchbook guide`: each guide's commands, in order, record its procedure in a store from
empty; its intervals come from the rulebook in force, so a rulebook file changes them."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from cli_support import invoke

from branchbook.domain.catalogue import builtin_rules
from branchbook.workflows.steps.guides import GUIDES, guide_of
from branchbook.workflows.steps.index import spec_of

# The branches the guides other than admission assume: B01 of nine full members F1-F9 and B02
# of three, under TC01.
PRELUDE = [
    "branchbook org add --code TC01 --name 城关镇党委 --kind committee --approves-admissions "
    "--date 2018-12-01",
    *(
        f"branchbook branch found --code {code} --name 支部{code} --kind regular --parent TC01 "
        f"--full-members {size} --approved-by TC01 --date 2019-01-08"
        for code, size in (("B01", 9), ("B02", 3))
    ),
    *(
        f"branchbook member enrol --member F{i} --name 成员{i} --birth 1980-02-01 "
        f"--branch {'B01' if i < 10 else 'B02'} --status full --admitted 2010-06-01 "
        "--full-since 2011-06-01 --date 2019-01-08"
        for i in range(1, 13)
    ),
]


def story(name: str, *, cases: bool = False) -> list[str]:
    """The guide's command lines; the steps taken only in some cases too if `cases`."""
    found = guide_of(name)
    assert found is not None
    return [s.example for part in found.parts for s in part.stops if cases or not s.case]


def record(db: str, lines: list[str]) -> None:
    """Record each line into the store; each is accepted without a warning."""
    for line in lines:
        result = invoke(["--db", db, *shlex.split(line)[1:]])
        assert result.exit_code == 0, (line, result.output)
        assert result.output.startswith("accepted: "), (line, result.output)


def shown(db: str, member: str, key: str = "status") -> str:
    result = invoke(["--db", db, "member", "show", member, "--json"])
    assert result.exit_code == 0, result.output
    value: str = json.loads(result.stdout)[key]
    return value


def test_the_admission_guide_takes_a_person_from_an_empty_store_to_full_member(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    lines = story("admission")
    assert lines[0].startswith("branchbook org add")  # from an empty record
    record(db, lines[:-1])
    assert shown(db, "M0001") == "probationary"
    record(db, lines[-1:])
    assert shown(db, "M0001") == "full"


def test_the_transfer_guide_moves_the_relation(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    record(db, [*PRELUDE, *story("transfer")])
    assert shown(db, "F9", "relation_branch") == "B02"


def test_the_election_and_discipline_guides_record_their_procedures(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    record(db, [*PRELUDE, *story("election")])
    branch = invoke(["--db", db, "branch", "show", "B01", "--as-of", "2024-12-31", "--json"])
    leadership = json.loads(branch.stdout)["leadership"]
    assert (leadership["structure"], leadership["secretary"], leadership["approved_by"]) == (
        "committee",
        "F1",
        "TC01",
    )
    assert [v["member"] for v in leadership["vacancies"]] == ["F5"]
    record(db, story("discipline", cases=True))
    assert shown(db, "F8") == "removed"
    assert shown(db, "F9") == "full"  # rights restored at the end of the probation


def test_guide_lists_the_guides_and_admission_prints_the_path_in_order() -> None:
    listed = invoke(["guide"])
    assert listed.exit_code == 0, listed.output
    for name in ("admission", "transfer", "election", "discipline"):
        assert f"  {name} " in listed.output
    result = invoke(["guide", "admission"])
    assert result.exit_code == 0, result.output
    assert ", in force always." in result.output  # as `rules` says it, not "from 0001-01-01"
    commands = [
        line.split(". ", 1)[1].split("  (")[0]
        for line in result.output.splitlines()
        if line[:3].strip().isdigit()
    ]
    assert commands[6:10] == ["member apply", "member talk", "meeting hold", "member "
                              "designate-activist"]  # fmt: skip
    assert commands[-1] == "member approve"
    assert "Decided by: the branch committee, or the branch assembly where there is no " in (
        result.output
    )
    assert "Requires: at least 12 months after becoming an activist" in result.output
    assert "Rules: activist.min_cultivation, pipeline.decision_body" in result.output


def test_the_intervals_are_those_of_the_rulebook_in_force(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[rules."activist.min_cultivation"]\nmonths = 18\n'
        '[rules."applicant.talk_deadline"]\nmonths = 2\n',
        encoding="utf-8",
    )
    result = invoke(["guide", "admission", "--rules", str(rules), "--json"])
    assert result.exit_code == 0, result.output
    steps = {s["command"]: s for s in json.loads(result.stdout)["steps"]}
    assert steps["member designate-candidate"]["when"] == (
        "at least 18 months after becoming an activist"
    )
    assert steps["member talk"]["when"] == "within 2 months of the application"
    builtin = invoke(["guide", "admission", "--json"])
    steps = {s["command"]: s for s in json.loads(builtin.stdout)["steps"]}
    assert steps["member talk"]["when"] == "within 1 month of the application"
    assert steps["member talk"]["rules"][0]["id"] == "applicant.talk_deadline"
    assert steps["member talk"]["rules"][0]["source"]


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_every_step_of_a_guide_parses_and_names_known_rules(name: str) -> None:
    found = guide_of(name)
    assert found is not None
    known = builtin_rules()
    for part in found.parts:
        for stop in part.stops:
            spec = spec_of(stop.name)
            assert spec is not None, stop.example
            line = spec.line_of(stop.example)
            spec.parse({k: v for k, v in line.items() if k != "command"})
            assert set(stop.rules) <= set(known), stop.rules


def test_an_unknown_guide_is_bad_input() -> None:
    result = invoke(["guide", "onboarding"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "Error: no guide 'onboarding'; the guides are admission, transfer, discipline, election"
    ]


def help_example(command: str) -> str:
    """The example a step's --help gives: the line after "Example:"."""
    result = invoke([*command.split(" "), "--help"])
    assert result.exit_code == 0, result.output
    return result.output.split("Example:\n", 1)[1].split("\n", 1)[0].strip()


def test_the_help_examples_of_the_admission_steps_run_in_the_guide_order(tmp_path: Path) -> None:
    """Each step's --help example stands in for the guide's first line of that step: followed in
    order, as the guide sets the record up, each is accepted."""
    db = f"sqlite:///{tmp_path / 'store.db'}"
    lines, seen = [], set()
    for line in story("admission"):
        command = " ".join(shlex.split(line)[1:3])
        lines.append(line if command in seen else help_example(command))
        seen.add(command)
    record(db, lines)
    assert shown(db, "M0001") == "full"


def test_an_oath_before_the_approval_names_the_approval_as_the_step_first(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    lines = story("admission")
    record(db, lines[: next(i for i, x in enumerate(lines) if "member approve" in x)])
    result = invoke(["--db", db, "member", "oath", "--member", "M0001", "--date", "2025-12-10"])
    assert result.exit_code == 3
    assert "M0001 is admitted; oath applies to: probationary, not yet sworn in; record " in (
        result.stderr
    )
    assert "; record `member approve` first [" in result.stderr


def test_training_without_class_hours_is_shown_in_days_alone(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    lines = story("admission")
    at = next(i for i, x in enumerate(lines) if "member train" in x)
    record(db, [*lines[:at], lines[at].replace(" --hours 24", "")])
    result = invoke(["--db", db, "member", "show", "M0001"])
    assert result.exit_code == 0, result.output
    assert "3 days" in result.output
    assert "hour" not in result.output
    assert "(s)" not in result.output
