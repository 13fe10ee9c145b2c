"""Shell completion: command names, and the branch codes and member numbers the record holds,
read from the views as they stand; a store that cannot be read completes nothing, silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, record_journal
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from branchbook.cli.completion import codes_in_store
from branchbook.cli.main import cli
from branchbook.workflows.store import engines


@pytest.fixture
def book(tmp_path: Path) -> str:
    return record_journal(f"sqlite:///{tmp_path / 'store.db'}", TWO_BRANCHES, tmp_path)


def completed(args: list[str], incomplete: str) -> list[str]:
    complete = ShellComplete(cli, {}, "branchbook", "_BRANCHBOOK_COMPLETE")
    return [item.value for item in complete.get_completions(args, incomplete)]


def test_command_names_complete() -> None:
    assert completed([], "mem") == ["member"]
    assert {"list", "find", "show", "talk"} <= set(completed(["member"], ""))


def test_branch_codes_complete_for_the_arguments_and_options_that_take_one(book: str) -> None:
    assert completed(["--db", book, "roster"], "") == ["B01", "B02"]
    assert completed(["--db", book, "branch", "show"], "B0") == ["B01", "B02"]
    assert completed(["member", "list", "--db", book, "--branch"], "B02") == ["B02"]
    step = ["--db", book, "member", "apply", "--member", "A1", "--branch"]
    assert completed(step, "") == ["B01", "B02"]


def test_member_numbers_complete(book: str) -> None:
    assert completed(["--db", book, "member", "show"], "G") == ["G1", "G2", "G3"]
    assert completed(["--db", book, "member", "talk", "--member"], "F") == ["F1", "F2", "F3"]


def test_the_store_may_come_from_the_environment(
    book: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRANCHBOOK_DB", book)
    assert completed(["roster"], "") == ["B01", "B02"]


@pytest.mark.parametrize("store", ["missing.db", "junk.db", "postgresql://nobody@127.0.0.1:1/x"])
def test_a_store_that_cannot_be_read_completes_nothing_and_says_nothing(
    tmp_path: Path, store: str
) -> None:
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    db = store if "://" in store else str(tmp_path / store)
    words = f"branchbook --db {db} member show "
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="branchbook",
        env={"_BRANCHBOOK_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "5"},
    )
    assert (result.exit_code, result.stdout.strip(), result.stderr) == (0, "", "")
    assert not (tmp_path / "missing.db").exists()


def test_the_shell_asks_by_environment_variable(book: str) -> None:
    words = f"branchbook --db {book} roster B"
    result = CliRunner().invoke(
        cli,
        [],
        prog_name="branchbook",
        env={"_BRANCHBOOK_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "4"},
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "plain,B01\nplain,B02\n", "")


def test_the_scripts_for_each_shell_are_given() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = CliRunner().invoke(
            cli, [], prog_name="branchbook", env={"_BRANCHBOOK_COMPLETE": f"{shell}_source"}
        )
        assert result.exit_code == 0
        assert "_BRANCHBOOK_COMPLETE" in result.stdout


def test_a_server_store_is_asked_with_a_short_connect_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def refuse(url: str, wait: float, read_only: bool = False) -> None:
        asked.append(url)
        raise OSError("no server here")

    monkeypatch.setattr(engines, "open_engine", refuse)
    assert codes_in_store("postgresql+psycopg://u@db.invalid/x", "branch", "") == []
    assert asked == ["postgresql+psycopg://u@db.invalid/x?connect_timeout=1"]
