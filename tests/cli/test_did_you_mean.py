"""A code, key, command or rule id not found says which one was likely meant (exit code as
before): a member number, branch or organisation code in a query or a step, a journal's key or
command, a rule id of --rule or of a rulebook file. A journal key may be spelt as --json spells
it (full_members), not both ways at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import TWO_BRANCHES, invoke, json_of, record_journal, run


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return record_journal(store_url, TWO_BRANCHES, tmp_path)


def record(url: str, *lines: dict[str, object]) -> tuple[int, list[dict[str, object]]]:
    journal = "\n".join(json.dumps(raw, ensure_ascii=False) for raw in lines) + "\n"
    result = invoke(["--db", url, "record", "-", "--json"], stdin=journal)
    return result.exit_code, json.loads(result.stdout)["lines"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("member", "show", "f1"), "member f1 is not in the record; did you mean F1?"),
        (("member", "history", "G01"), "member G01 is not in the record; did you mean G1?"),
        (("roster", "b02"), "branch b02 is not in the record; did you mean B02?"),
        (("branch", "show", "B2"), "branch B2 is not in the record; did you mean B02?"),
        (("roster", "X99"), "branch X99 is not in the record"),
    ],
)
def test_a_query_on_a_code_not_found_names_the_one_meant(
    book: str, args: tuple[str, ...], said: str
) -> None:
    result = run(book, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (4, "", f"Error: {said}\n")


def test_a_step_on_a_code_not_found_names_the_one_meant(book: str) -> None:
    result = run(book, "member", "talk", "--member", "f2", "--by", "书记", "--date", "2016-01-01")
    assert result.exit_code == 4
    assert result.stderr == (
        "Error: not-found: member.talk f2: member f2 is not in the record; did you mean F2?\n"
    )


def test_a_journal_names_the_code_key_and_command_meant(book: str) -> None:
    code, lines = record(
        book,
        {"command": "branch.found", "date": "2016-01-01", "code": "B03", "name": "三支部",
         "kind": "regular", "parent": "tc01", "full-members": 3},
        {"command": "member.tlak", "date": "2016-01-01", "member": "F1", "by": "书记"},
        {"command": "member.talk", "dat": "2016-01-01", "member": "F1", "by": "书记"},
    )  # fmt: skip
    assert code == 2  # the worst line: invalid
    assert [(x["status"], x["message"]) for x in lines] == [
        ("not-found", "organisation tc01 is not in the record; did you mean TC01?"),
        ("invalid", "unknown command 'member.tlak'; did you mean member.talk?"),
        ("invalid", "unknown key 'dat'; did you mean date?"),
    ]


def test_a_journal_key_may_be_spelt_as_json_output_spells_it(book: str) -> None:
    found = {"command": "branch.found", "date": "2016-01-01", "code": "B03", "name": "三支部",
             "kind": "regular", "parent": "TC01", "full_members": 3}  # fmt: skip
    code, lines = record(book, found)
    assert (code, lines[0]["status"]) == (0, "accepted")
    shown = json_of(run(book, "branch", "show", "B03", "--as-of", "2016-06-01", "--json"))
    assert shown["full_members_at_founding"] == 3


def test_a_journal_line_giving_both_spellings_of_a_key_is_bad_input(book: str) -> None:
    both = {"command": "branch.found", "date": "2016-01-01", "code": "B03", "name": "三支部",
            "kind": "regular", "parent": "TC01", "full_members": 3, "full-members": 3}  # fmt: skip
    code, lines = record(book, both)
    assert code == 2
    assert lines[0]["message"] == "'full_members' and 'full-members' are the same key"
    text = invoke(["--db", book, "record", "-"], stdin=json.dumps(both) + "\n")
    assert text.exit_code == 2
    assert "line 1: invalid: " in text.stdout
    assert text.stderr.count("\n") == 1


def test_an_unknown_rule_id_names_the_rule_meant(book: str, tmp_path: Path) -> None:
    audit = run(book, "audit", "--rule", "activist.after_aplication")
    assert audit.exit_code == 2
    assert audit.stderr == (
        "Error: unknown rule activist.after_aplication (see `branchbook rules`); "
        "did you mean activist.after_application?\n"
    )
    rulebook = tmp_path / "rules.toml"
    rulebook.write_text('[rules."activist.after_aplication"]\nmin_months = 3\n', encoding="utf-8")
    checked = invoke(["rules", "check", str(rulebook)])
    assert checked.exit_code == 2
    assert checked.stderr.endswith(
        "no rule has this id; did you mean activist.after_application?\n"
    )
    assert checked.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("membr", "list"), "No such command 'membr'; did you mean member?"),
        (("member", "LIST"), "No such command 'LIST'; did you mean list?"),
        (("member", "xyz"), "No such command 'xyz'."),
    ],
)
def test_a_command_typed_a_character_off_names_the_one_meant(
    args: tuple[str, ...], said: str
) -> None:
    result = invoke(list(args))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Error: {said} (see '")
    assert result.stderr.count("\n") == 1


def test_a_long_journal_of_codes_not_found_looks_for_near_misses_in_its_first_lines_only(
    book: str,
) -> None:
    talk: dict[str, object] = {"command": "member.talk", "date": "2016-01-01", "by": "书记"}
    code, lines = record(book, *({**talk, "member": "F01"} for _ in range(21)),
                         {**talk, "member": "f1"})  # fmt: skip
    assert code == 4
    said = [x["message"] for x in lines]
    assert said[:20] == ["member F01 is not in the record; did you mean F1?"] * 20
    assert said[20:] == [
        "member F01 is not in the record",
        "member f1 is not in the record; did you mean F1?",
    ]
