"""Step subcommands end to end: exit codes, stdout and stderr apart, nothing written on error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import click
import pytest
from cli_support import invoke
from click.testing import Result

from branchbook.cli.main import cli
from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member
from branchbook.workflows.store.app import BranchBook

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"

ADD_TC01 = [
    "org", "add", "--code", "TC01", "--name", "城关镇党委", "--kind", "committee",
    "--approves-admissions", "--date", "2020-01-06",
]  # fmt: skip
FOUND_B01 = [
    "branch", "found", "--code", "B01", "--name", "机关第一党支部", "--kind", "regular",
    "--parent", "TC01", "--full-members", "3", "--date", "2020-01-06",
]  # fmt: skip


def apply_args(number: str, birth: str, branch: str = "B01", on: str = "2024-03-01") -> list[str]:
    return [
        "member", "apply", "--member", number, "--name", f"申请人 {number}", "--birth", birth,
        "--branch", branch, "--date", on,
    ]  # fmt: skip


def run(url: str, *args: str) -> Result:
    return invoke(["--db", url, *args])


def one_error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def stored_events(url: str, aggregate_id: Any = None) -> list[Any]:
    app = BranchBook(url)
    try:
        if aggregate_id is not None:
            return list(app.events.get(aggregate_id))
        return [
            app.mapper.to_domain_event(n)
            for n in app.recorder.select_notifications(start=None, limit=100_000)
        ]
    finally:
        app.close()


def roster_json(url: str, code: str = "B01") -> dict[str, Any]:
    result = run(url, "roster", code, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def with_org(store_url: str) -> str:
    """A store holding the township committee TC01, which branches are founded under."""
    added = run(store_url, *ADD_TC01)
    assert added.exit_code == 0, added.output
    return store_url


@pytest.fixture
def with_branch(with_org: str) -> str:
    """A store holding TC01, its branch B01 and one applicant, M0001."""
    store_url = with_org
    assert run(store_url, *FOUND_B01).exit_code == 0
    assert run(store_url, *apply_args("M0001", "1990-05-01")).exit_code == 0
    return store_url


def test_founding_a_branch_and_applying_are_accepted(with_org: str) -> None:
    store_url = with_org
    founded = run(store_url, *FOUND_B01)
    assert founded.exit_code == 0, founded.output
    assert founded.stdout.startswith("accepted")
    assert founded.stderr == ""
    applied = run(store_url, *apply_args("M0001", "1990-05-01"))
    assert applied.exit_code == 0, applied.output
    assert applied.stdout.startswith("accepted")
    assert "M0001" in applied.stdout
    members = roster_json(store_url)["members"]
    assert [(m["member"], m["status"]) for m in members] == [("M0001", "applicant")]


def test_an_under_age_application_is_rejected_and_writes_nothing(with_branch: str) -> None:
    before = roster_json(with_branch)
    count = len(stored_events(with_branch))
    result = run(with_branch, *apply_args("M0002", "2006-09-01"))
    assert result.exit_code == 3
    error = one_error_line(result)
    assert error.startswith("Error: rejected")
    assert "applicant.min_age" in error
    assert result.stdout == ""
    assert roster_json(with_branch) == before
    assert len(stored_events(with_branch)) == count


def test_the_rejection_as_json_names_the_rule_and_its_source(with_branch: str) -> None:
    result = run(with_branch, *apply_args("M0002", "2006-09-01"), "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["status"] == "rejected"
    assert data["rule"] == "applicant.min_age"
    assert "Party Constitution art. 1" in data["citation"]
    assert data["positions"] == []


def test_applying_with_a_member_number_already_recorded_is_a_conflict(with_branch: str) -> None:
    count = len(stored_events(with_branch))
    result = run(with_branch, *apply_args("M0001", "1970-01-01"))
    assert result.exit_code == 5
    assert "M0001" in one_error_line(result)
    assert result.stdout == ""
    assert len(stored_events(with_branch)) == count


def test_founding_a_branch_again_is_already_recorded_and_another_with_its_code_a_conflict(
    with_branch: str,
) -> None:
    count = len(stored_events(with_branch))
    again = run(with_branch, *FOUND_B01)
    assert again.exit_code == 0
    assert again.stdout.startswith("already recorded: branch.found B01 (#")
    renamed = [v if v != "机关第一党支部" else "机关第二党支部" for v in FOUND_B01]
    result = run(with_branch, *renamed)
    assert result.exit_code == 5
    one_error_line(result)
    assert len(stored_events(with_branch)) == count


def test_founding_a_branch_under_an_organisation_not_in_the_record_is_not_found(
    store_url: str,
) -> None:
    result = run(store_url, *FOUND_B01)
    assert result.exit_code == 4
    assert "TC01" in one_error_line(result)
    assert result.stdout == ""
    assert stored_events(store_url) == []


def test_applying_to_an_unknown_branch_is_not_found(with_branch: str) -> None:
    count = len(stored_events(with_branch))
    result = run(with_branch, *apply_args("M0002", "1990-01-01", branch="B99"))
    assert result.exit_code == 4
    assert "B99" in one_error_line(result)
    assert len(stored_events(with_branch)) == count


def test_a_talk_with_an_unknown_member_is_not_found(with_branch: str) -> None:
    result = run(
        with_branch, "member", "talk", "--member", "M0404", "--by", "王芳", "--date", "2024-03-05"
    )
    assert result.exit_code == 4
    one_error_line(result)


def test_a_late_talk_is_accepted_with_the_warning_on_stdout(with_branch: str) -> None:
    result = run(
        with_branch, "member", "talk", "--member", "M0001", "--by", "王芳", "--date", "2024-05-20"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("accepted with warnings")
    assert "applicant.talk_deadline" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("birth", "on"),
    [("1990-02-30", "2024-03-01"), ("1990-01-01", "01/03/2024"), ("1990-01-01", "yesterday")],
)
def test_a_bad_date_is_bad_input_without_a_traceback(with_branch: str, birth: str, on: str) -> None:
    count = len(stored_events(with_branch))
    result = run(with_branch, *apply_args("M0002", birth, on=on))
    assert result.exit_code == 2
    one_error_line(result)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(stored_events(with_branch)) == count


def test_an_unknown_branch_kind_is_a_usage_error(store_url: str) -> None:
    args = [a if a != "regular" else "secret" for a in FOUND_B01]
    result = run(store_url, *args)
    assert result.exit_code == 2
    assert "--kind" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_required_option_is_a_usage_error(store_url: str) -> None:
    args = apply_args("M0002", "1990-01-01")
    name_at = args.index("--name")
    result = run(store_url, *args[:name_at], *args[name_at + 2 :])
    assert result.exit_code == 2
    assert "--name" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_json_prints_the_outcome_as_an_object(with_org: str) -> None:
    result = run(with_org, *FOUND_B01, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["status"] == "accepted"
    assert data["command"] == "branch.found"
    assert data["subject"] == "B01"
    assert len(data["positions"]) == 1


@pytest.mark.parametrize("where", ["group", "subcommand"])
def test_the_actor_is_stored_with_the_event(with_org: str, where: str) -> None:
    store_url = with_org
    args = (
        ["--actor", "组织部 李明", *FOUND_B01]
        if where == "group"
        else [*FOUND_B01, "--actor", "组织部 李明"]
    )
    assert run(store_url, *args).exit_code == 0
    (founded,) = stored_events(store_url, ids.branch_id("B01"))
    assert isinstance(founded, Branch.Founded)
    assert founded.step.actor == "组织部 李明"


def test_the_actor_comes_from_the_environment_when_not_given(
    with_org: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_url = with_org
    monkeypatch.setenv("BRANCHBOOK_ACTOR", "clerk-from-env")
    assert run(store_url, *FOUND_B01).exit_code == 0
    assert run(store_url, *apply_args("M0001", "1990-05-01"), "--actor", "clerk-2").exit_code == 0
    (founded,) = stored_events(store_url, ids.branch_id("B01"))
    assert isinstance(founded, Branch.Founded)
    assert founded.step.actor == "clerk-from-env"
    (applied,) = stored_events(store_url, ids.member_id("M0001"))
    assert isinstance(applied, Member.Applied)
    assert applied.step.actor == "clerk-2"


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))


def test_the_command_tree_holds_every_step_and_query() -> None:
    paths = set(command_paths(cli))
    assert {("branch", "found"), ("member", "apply"), ("member", "talk")} <= paths
    assert {("record",), ("roster",), ("rules",), ("rules", "check"), ("demo",)} <= paths


@pytest.mark.parametrize("path", [(), *sorted(command_paths(cli))], ids=" ".join)
def test_every_help_page_exits_0_and_writes_only_stdout(path: tuple[str, ...]) -> None:
    result = invoke([*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage:")
    assert result.stderr == ""


def test_the_group_help_documents_the_exit_codes() -> None:
    words = " ".join(invoke(["--help"]).stdout.split())
    for code in ("0 ok", "2 usage", "3 rejected", "4 not found", "5 conflict", "6 storage"):
        assert code in words


@pytest.mark.parametrize(
    "args", [FOUND_B01, ["roster", "B01"], ["roster", "B01", "--json"]], ids=" ".join
)
def test_an_unreachable_store_is_a_storage_failure_in_one_line(args: list[str]) -> None:
    result = run(UNREACHABLE, *args)
    assert result.exit_code == 6
    assert one_error_line(result).startswith("Error:")
    assert result.stdout == ""


def test_the_roster_of_an_unknown_branch_is_not_found(with_branch: str) -> None:
    result = run(with_branch, "roster", "B99")
    assert result.exit_code == 4
    one_error_line(result)
