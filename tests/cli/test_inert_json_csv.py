"""Hostile text in --json and in exports: JSON escapes every control character yet gives back
the exact text; CSV shows them as the terminal does and neutralises cells a spreadsheet would
take as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import json_of, run
from hostile_support import ACTIVE, FORMULAS, HOSTILE, LITERALS, hostile_store


@pytest.fixture
def book(store_url: str, tmp_path: Path) -> str:
    return hostile_store(store_url, tmp_path)


def strings(data: Any) -> Iterator[str]:
    """Every string in a JSON value, keys left out."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


JSON_QUERIES = {
    "roster": ["roster", "B01"],
    "member show": ["member", "show", "A1", "--as-of", "2016-03-02"],
    "member history": ["member", "history", "A1"],
    "audit": ["audit", "--member", "A1"],
    "due": ["due", "--as-of", "2016-02-15"],
    "branch show": ["branch", "show", "B01", "--as-of", "2016-03-01"],
    "branch list": ["branch", "list", "--as-of", "2016-03-01"],
    "org list": ["org", "list"],
    "compliance": ["compliance", "--year", "2016", "--branch", "B01"],
    "export roster": ["export", "roster", "--format", "json"],
    "export members": ["export", "members", "--format", "json"],
    "export audit": ["export", "audit", "--format", "json"],
}


@pytest.mark.parametrize("args", JSON_QUERIES.values(), ids=JSON_QUERIES.keys())
def test_json_escapes_every_control_character_and_gives_back_the_exact_text(
    book: str, args: list[str]
) -> None:
    result = run(book, *args, *(() if args[0] == "export" else ("--json",)))
    assert not ACTIVE.search(result.stdout), repr(ACTIVE.findall(result.stdout))
    assert "\\u009b" in result.stdout
    assert "\\u202e" in result.stdout
    assert HOSTILE in set(strings(json_of(result)))


def test_json_keeps_formula_like_names_exactly(book: str) -> None:
    rows = json_of(run(book, "export", "roster", "--format", "json"))
    assert {r["member"]: r["name"] for r in rows if r["member"].startswith("C")} == {
        f"C{n}": name for n, name in enumerate(FORMULAS, start=1)
    }


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# How each formula-like name reads in a CSV cell: a leading quote, the tab shown as \t.
NEUTRALISED = {
    "C1": '\'=HYPERLINK("http://x","y")',
    "C2": "'+1",
    "C3": "'-1",
    "C4": "'@SUM(1)",
    "C5": "'\\t=1",
}


@pytest.mark.parametrize("what", ["roster", "members"])
@pytest.mark.parametrize("excel", [False, True], ids=["plain", "excel"])
def test_csv_neutralises_formulas_and_shows_control_characters(
    book: str, what: str, excel: bool
) -> None:
    result = run(book, "export", what, "--branch", "B01", *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8-sig")
    assert not ACTIVE.search(text.replace("\r\n", "\n"))
    rows = {r["member"]: r for r in csv_rows(result.stdout_bytes)}
    assert {m: rows[m]["name"] for m in NEUTRALISED} == NEUTRALISED
    for literal in LITERALS:
        assert literal in rows["A1"]["name"]
    assert rows["A1"]["birth"] == "1990-01-01"
    assert rows["C3"]["birth"] == "1990-01-01"


def test_audit_csv_shows_the_document_note_and_actor_inertly(book: str) -> None:
    result = run(book, "export", "audit", "--member", "A1", "--excel")
    assert result.exit_code == 0, result.output
    assert not ACTIVE.search(result.stdout_bytes.decode("utf-8-sig").replace("\r\n", "\n"))
    rows = csv_rows(result.stdout_bytes)
    assert len(rows) == 2
    for row in rows:
        for column in ("doc", "note", "actor"):
            for literal in LITERALS:
                assert literal in row[column], (column, literal)
        assert row["position"].isdigit()
        assert row["effective"].startswith("2016-")


def test_json_and_csv_of_the_same_export_agree_but_for_the_neutralised_cells(
    book: str,
) -> None:
    as_json = json_of(run(book, "export", "roster", "--format", "json"))
    as_csv = csv_rows(run(book, "export", "roster").stdout_bytes)
    assert [r["member"] for r in as_json] == [r["member"] for r in as_csv]
    for j, c in zip(as_json, as_csv, strict=True):
        for key in ("standing_since", "member_since", "full_since"):
            assert c[key] == (j[key] or "")
        assert c["party_age"] == ("" if j["party_age"] is None else str(j["party_age"]))
        if not j["name"].startswith(("=", "+", "-", "@", "\t")) and j["name"] != HOSTILE:
            assert c["name"] == j["name"]


def test_the_export_help_says_how_formulas_are_neutralised() -> None:
    result = run("unused.db", "export", "--help")
    assert result.exit_code == 0
    assert "single quote" in " ".join(result.stdout.split())
