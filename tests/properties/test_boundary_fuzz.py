"""Fuzzing the boundary: malformed journal lines, CLI arguments and rulebook files of every
kind end only in documented exit codes (never 1, a fault), write nothing for what is not
accepted, and a journal reports exactly as many lines as it has non-blank lines.

Each test tries BRANCHBOOK_FUZZ_EXAMPLES examples (default 200, some 15 s for the module). By
hand, run at least 10,000 of each and read the statistics:

    BRANCHBOOK_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest \\
        tests/properties/test_boundary_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fuzz_support import journal_lines, query_arguments, rulebook_files, step_arguments
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.workflows.recording.journal import BOM, JSON_SPACE
from branchbook.workflows.store.location import EVENTS_TABLE

EXAMPLES = int(os.environ.get("BRANCHBOOK_FUZZ_EXAMPLES", "200"))
DOCUMENTED = {0, 2, 3, 4, 5}
FAULT = re.compile(r"unexpected \w+:")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

OPENING = [
    {"command": "org.add", "code": "TC01", "name": "城关镇党委", "kind": "committee",
     "approves-admissions": True, "date": "2015-01-01"},
    *({"command": "branch.found", "code": code, "name": f"{code} 党支部", "kind": "regular",
       "parent": "TC01", "full-members": 3, "date": "2015-01-01"} for code in ("B01", "B02")),
    *({"command": "member.enrol", "member": n, "name": f"党员 {n}", "birth": "1970-01-01",
       "branch": f"B0{1 + (n[0] == 'G')}", "status": "full", "admitted": "2000-01-01",
       "full-since": "2001-01-01", "date": "2015-01-02"} for n in ("F1", "F2", "F3", "G1", "G2")),
]  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A SQLite store with two branches, shared by the examples (each only adds to it)."""
    directory = tmp_path_factory.mktemp("fuzz")
    path = directory / "store.db"
    journal = directory / "opening.jsonl"
    journal.write_text("\n".join(json.dumps(c) for c in OPENING) + "\n", encoding="utf-8")
    result = invoke(["--db", str(path), "record", str(journal)])
    assert result.exit_code == 0, result.output
    return str(path), directory


def invoke(args: Sequence[str]) -> Result:
    obj = Context()
    try:
        return CliRunner().invoke(cli, list(args), obj=obj)
    finally:
        obj.close()


def stored(path: str) -> int:
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()  # noqa: S608
    assert isinstance(count, int)
    return count


def no_fault(result: Result) -> None:
    assert result.exit_code in DOCUMENTED, (result.exit_code, result.output, result.exception)
    # A fault is reported "unexpected TypeError: ..."; click's "unexpected extra argument" is not.
    assert not FAULT.search(result.stderr), result.stderr
    assert "Traceback" not in result.output


def numbered_non_blank(data: bytes) -> list[int]:
    """The numbers of a journal's non-blank lines, counted as the journal's reader documents."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if lines and lines[0].startswith(BOM):
        lines[0] = lines[0][len(BOM) :]
    return [n for n, line in enumerate(lines, start=1) if line.strip(JSON_SPACE)]


ACCEPTED = ("accepted", "accepted-with-warnings")  # recorded now, by this run
RECORDED = (*ACCEPTED, "already-recorded")


@FUZZ
@given(st.lists(journal_lines(), min_size=1, max_size=8), st.booleans())
def test_a_journal_reports_every_non_blank_line_and_writes_only_what_it_accepts(
    store: tuple[str, Path], lines: list[bytes], bom: bool
) -> None:
    path, directory = store
    data = (BOM if bom else b"") + b"\n".join(lines) + b"\n"
    journal = directory / "fuzz.jsonl"
    journal.write_bytes(data)
    before = stored(path)
    result = invoke(["--db", path, "record", "--json", str(journal)])
    no_fault(result)
    report = json.loads(result.stdout)
    expected = numbered_non_blank(data)
    assert [line["line"] for line in report["lines"]] == expected
    assert report["summary"]["lines"] == len(expected)
    for line in report["lines"]:
        event(f"line {line['status']}")
    # A line already recorded (by an earlier example on this store) names what it recorded then.
    refused = [line for line in report["lines"] if line["status"] not in RECORDED]
    assert all(line["positions"] == [] for line in refused)
    written = sum(len(line["positions"]) for line in report["lines"] if line["status"] in ACCEPTED)
    assert stored(path) - before == written


@FUZZ
@given(query_arguments())
def test_a_query_with_any_values_ends_in_a_documented_exit_code(
    store: tuple[str, Path], argv: list[str]
) -> None:
    result = invoke(["--db", store[0], *argv])
    event(f"exit {result.exit_code}")
    no_fault(result)
    assert result.exit_code in {0, 2, 4}


@FUZZ
@given(step_arguments())
def test_a_step_with_any_values_is_recorded_or_refused_writing_nothing(
    store: tuple[str, Path], argv: list[str]
) -> None:
    path = store[0]
    before = stored(path)
    result = invoke(["--db", path, *argv])
    event(f"exit {result.exit_code}")
    no_fault(result)
    if result.exit_code != 0:
        assert stored(path) == before


@FUZZ
@given(rulebook_files())
def test_a_rulebook_file_of_any_bytes_is_valid_or_one_line_and_exit_2(
    store: tuple[str, Path], text: bytes
) -> None:
    path = store[1] / "rules.toml"
    path.write_bytes(text)
    for args in (["rules", "check", str(path)], ["--rules", str(path), "rules", "--json"]):
        result = invoke(["--db", store[0], *args])
        event(f"exit {result.exit_code}")
        no_fault(result)
        assert result.exit_code in {0, 2}
        if result.exit_code:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
