"""`branchbook record`: a journal applied line by line, its schema, its report and exit code."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
import pytest
from cli_support import invoke, stored_count
from click.testing import Result

from branchbook.cli.main import cli
from branchbook.cli.safe_text import json_text
from branchbook.workflows.steps.catalogue import COMMANDS


def line(command: str, **keys: object) -> str:
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


# The township committee the branches are founded under.
ORG = line(
    "org.add", code="TC01", name="城关镇党委", kind="committee", approves_admissions=True,
    date="2020-01-06",
)  # fmt: skip


def found(code: str) -> str:
    return line(
        "branch.found", code=code, name=f"{code} 党支部", kind="regular", parent="TC01",
        full_members=3, date="2020-01-06",
    )  # fmt: skip


def apply(number: str, birth: str, branch: str = "B01", on: str = "2024-03-01") -> str:
    return line(
        "member.apply", member=number, name=f"申请人 {number}", birth=birth, branch=branch, date=on
    )


# The journal, recorded into a store that holds branch B01: line 2 is 17 on the day.
ACCEPTANCE = [
    apply("M0001", "1990-05-01"),
    apply("M0002", "2006-09-01"),
    apply("M0003", "1985-11-20"),
]
ACCEPTED = ["M0001", "M0003"]


def run(url: str, *args: str, stdin: str | None = None) -> Result:
    return invoke(["--db", url, *args], stdin)


def write(tmp_path: Path, lines: Sequence[str], name: str = "journal.jsonl") -> str:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def roster_numbers(url: str, code: str = "B01") -> list[str]:
    result = run(url, "roster", code, "--json")
    assert result.exit_code == 0, result.output
    return [m["member"] for m in json.loads(result.stdout)["members"]]


def report(result: Result) -> dict[str, str]:
    """The report's lines by journal line ('line 2'), and the summary under 'summary'."""
    out: dict[str, str] = {}
    for text in result.stdout.splitlines():
        if text.startswith("line "):
            where, rest = text.split(": ", 1)
            out[where] = rest
        elif not text.startswith(" "):
            out["summary"] = text
    return out


@pytest.fixture
def with_branch(store_url: str) -> str:
    """A store holding organisation TC01 and its branch B01."""
    assert run(store_url, "record", "-", stdin=f"{ORG}\n{found('B01')}\n").exit_code == 0
    return store_url


def check_acceptance_report(result: Result) -> None:
    assert result.exit_code == 3
    lines = report(result)
    assert lines["line 1"].startswith("accepted")
    assert lines["line 2"].startswith("rejected")
    assert "applicant.min_age" in lines["line 2"]
    assert "Party Constitution art. 1" in lines["line 2"]
    assert lines["line 3"].startswith("accepted")
    assert lines["summary"].startswith("3 lines: 2 accepted")
    assert "1 rejected" in lines["summary"]
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error:")


def test_the_acceptance_journal_rejects_line_2_and_records_the_rest(
    with_branch: str, tmp_path: Path
) -> None:
    result = run(with_branch, "record", write(tmp_path, ACCEPTANCE))
    check_acceptance_report(result)
    assert stored_count(with_branch) == 4
    assert roster_numbers(with_branch) == ACCEPTED


def test_a_journal_read_from_stdin_is_recorded_the_same_way(with_branch: str) -> None:
    result = run(with_branch, "record", "-", stdin="\n".join(ACCEPTANCE) + "\n")
    check_acceptance_report(result)
    assert roster_numbers(with_branch) == ACCEPTED


def test_json_reports_every_line_and_a_summary(with_branch: str, tmp_path: Path) -> None:
    result = run(with_branch, "record", "--json", write(tmp_path, ACCEPTANCE))
    assert result.exit_code == 3
    assert result.stderr == "Error: 1 line rejected; see the report\n"
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "lines": 3, "accepted": 2, "with_warnings": 0, "already_recorded": 0, "error": 0,
        "broken-record": 0, "storage-failure": 0, "invalid": 0, "conflict": 0, "not-found": 0,
        "rejected": 1,
    }  # fmt: skip
    assert [(x["line"], x["status"]) for x in data["lines"]] == [
        (1, "accepted"),
        (2, "rejected"),
        (3, "accepted"),
    ]
    assert data["lines"][1]["rule"] == "applicant.min_age"
    # The lines are written out as they are decided; the whole prints as one document would.
    assert result.stdout == json_text(data) + "\n"
    assert data["lines"][1]["positions"] == []
    assert [x["subject"] for x in data["lines"] if x["status"] == "accepted"] == ACCEPTED


def test_stop_on_reject_reports_and_records_nothing_after_the_first_refusal(
    with_branch: str, tmp_path: Path
) -> None:
    result = run(with_branch, "record", "--stop-on-reject", write(tmp_path, ACCEPTANCE))
    assert result.exit_code == 3
    lines = report(result)
    assert sorted(k for k in lines if k.startswith("line")) == ["line 1", "line 2"]
    assert lines["summary"].startswith("2 lines: 1 accepted")
    assert roster_numbers(with_branch) == ["M0001"]


def test_the_roster_after_recording_shows_exactly_the_accepted_members(
    store_url: str, tmp_path: Path
) -> None:
    journal = [ORG, found("B01"), found("B02"), *ACCEPTANCE, apply("M0004", "1980-01-01", "B02")]
    result = run(store_url, "record", "--batch-size", "2", write(tmp_path, journal))
    assert result.exit_code == 3
    assert roster_numbers(store_url) == ACCEPTED
    assert roster_numbers(store_url, "B02") == ["M0004"]


BASE = [ORG, found("B01"), apply("M0001", "1990-05-01")]
REJECTED = apply("M0002", "2006-09-01")
NOT_FOUND = apply("M0003", "1990-01-01", branch="B99")
CONFLICT = apply("M0001", "1970-01-01")
INVALID = '{"command": "member.apply", "member": '


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ([], 0),
        ([REJECTED], 3),
        ([REJECTED, NOT_FOUND], 4),
        ([NOT_FOUND, CONFLICT, REJECTED], 5),
        ([CONFLICT, REJECTED, INVALID, NOT_FOUND], 2),
    ],
    ids=["all accepted", "rejected", "not found", "conflict", "invalid"],
)
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_exit_code_is_that_of_the_worst_line(
    store_url: str, tmp_path: Path, extra: list[str], code: int, as_json: bool
) -> None:
    flags = ["--json"] if as_json else []
    result = run(store_url, "record", *flags, write(tmp_path, BASE + extra))
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert stored_count(store_url) == 3
    if as_json:
        data = json.loads(result.stdout)
        assert data["summary"]["lines"] == len(BASE) + len(extra)
    elif code:
        assert len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.stderr == ""


def test_record_without_a_journal_is_a_usage_error(store_url: str) -> None:
    result = run(store_url, "record")
    assert result.exit_code == 2
    assert "JOURNAL" in result.stderr


def test_a_journal_file_that_does_not_exist_is_a_usage_error(
    store_url: str, tmp_path: Path
) -> None:
    result = run(store_url, "record", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- The schema: one definition feeds the CLI options and the journal keys.


def schema() -> dict[str, Any]:
    result = invoke(["record", "--schema"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def branches_by_command() -> dict[str, dict[str, Any]]:
    return {b["properties"]["command"]["const"]: b for b in schema()["oneOf"]}


def step_options(name: str) -> dict[str, click.Option]:
    """The options of a step's subcommand that carry the step's own input."""
    group_name, verb = name.split(".", 1)
    group = cli.commands[group_name]
    assert isinstance(group, click.Group)
    command = group.commands[verb]
    return {
        p.name.replace("_", "-"): p
        for p in command.params
        if isinstance(p, click.Option) and p.expose_value and p.name and p.name != "as_json"
    }


def test_the_schema_covers_every_command() -> None:
    assert set(branches_by_command()) == set(COMMANDS)
    assert schema()["oneOf"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_schema_keys_are_the_options_of_the_subcommand(name: str) -> None:
    branch = branches_by_command()[name]
    options = step_options(name)
    properties = {k: v for k, v in branch["properties"].items() if k != "command"}
    assert set(properties) == set(options)
    assert set(branch["required"]) == {"command"} | {k for k, o in options.items() if o.required}
    assert branch["additionalProperties"] is False
    for key, option in options.items():
        prop = properties[key]
        assert prop["description"] == option.help
        assert option.opts == [f"--{key}"]
        if isinstance(option.type, click.Choice):
            assert prop["enum"] == list(option.type.choices)
        assert (prop.get("format") == "date") == (option.metavar == "YYYY-MM-DD")


def problems(branch: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    """A tiny JSON Schema check: required, additionalProperties, const, enum, string, date."""
    found = [f"missing {k}" for k in branch["required"] if k not in raw]
    properties = branch["properties"]
    if branch.get("additionalProperties") is False:
        found += [f"unexpected {k}" for k in raw if k not in properties]
    for key, value in raw.items():
        prop = properties.get(key, {})
        if "const" in prop and value != prop["const"]:
            found.append(f"{key} is not {prop['const']}")
        if prop.get("type") == "string" and not isinstance(value, str):
            found.append(f"{key} is not a string")
        if prop.get("type") == "integer" and (type(value) is not int or value < prop["minimum"]):
            found.append(f"{key} is not a whole number")
        if prop.get("type") == "boolean" and not isinstance(value, bool):
            found.append(f"{key} is not true or false")
        if "enum" in prop and value not in prop["enum"]:
            found.append(f"{key} is not one of {prop['enum']}")
        if prop.get("format") == "date":
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                found.append(f"{key} is not a date")
    return found


def matches(raw: dict[str, Any]) -> list[str]:
    return [name for name, branch in branches_by_command().items() if not problems(branch, raw)]


def sample(prop: dict[str, Any]) -> object:
    mapping = next((o for o in prop.get("oneOf", ()) if o.get("type") == "object"), None)
    if mapping is not None:  # NAME=VALUE pairs, given as a JSON object
        names = mapping.get("propertyNames", {}).get("enum", ["x"])
        return {str(names[0]): sample(mapping["additionalProperties"])}
    by_type: dict[str, object] = {"integer": 1, "boolean": True}
    if prop.get("type") in by_type:
        return by_type[prop["type"]]
    if "const" in prop:
        return str(prop["const"])
    if "examples" in prop:
        return str(prop["examples"][0])
    if "enum" in prop:
        return str(prop["enum"][0])
    return "2024-03-01" if prop.get("format") == "date" else "x"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_line_of_the_schemas_required_keys_validates_and_parses(name: str) -> None:
    branch = branches_by_command()[name]
    raw = {key: sample(branch["properties"][key]) for key in branch["required"]}
    assert matches(raw) == [name]
    # The recorder's parser takes the same line: schema and parser agree.
    values, step = COMMANDS[name].parse({k: v for k, v in raw.items() if k != "command"})
    assert step.effective == date(2024, 3, 1)
    assert set(raw) - {"command", "date"} <= set(values)
    assert set(values) - set(raw) <= {
        f.name for f in COMMANDS[name].fields if f.default is not None
    }


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_schema_refuses_a_line_missing_a_key_or_with_an_extra_one(name: str) -> None:
    branch = branches_by_command()[name]
    raw = {key: sample(branch["properties"][key]) for key in branch["required"]}
    assert problems(branch, {**raw, "colour": "red"}) == ["unexpected colour"]
    assert problems(branch, {k: v for k, v in raw.items() if k != "date"}) == ["missing date"]
    assert problems(branch, {**raw, "date": "2024-02-30"}) == ["date is not a date"]


def test_every_line_of_the_acceptance_journal_validates() -> None:
    for text in [ORG, found("B01"), *ACCEPTANCE]:
        raw = json.loads(text)
        assert matches(raw) == [raw["command"]]


def test_recording_into_an_unreachable_store_is_a_storage_failure(tmp_path: Path) -> None:
    result = run(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", "record", write(tmp_path, ACCEPTANCE)
    )
    assert result.exit_code == 6
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
