"""The shared table renderer: values that are atoms stay whole on one line, text wraps, and a
table that cannot fit the screen prints a block per row, every line within the width."""

from __future__ import annotations

import pytest

from branchbook.cli.render import table
from branchbook.cli.tables import atom_columns, is_atom

NOTE = (
    "the assembly met in the branch office and heard the applicant's report, the introducers' "
    "opinions and the committee's review before the secret ballot"
)


def drawn(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    width: int,
    *args: object,
    **kwargs: object,
) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    table(*args, **kwargs)  # type: ignore[arg-type]
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= width
    return lines


def test_dates_codes_and_rule_ids_read_as_atoms_and_text_does_not() -> None:
    for atom in ("2019-01-08", "B0101", "admission.assembly_after_prereview", "30/31", "1,003"):
        assert is_atom(atom)
    for text in ("no term", "机关第一党支部", "Member Development Rules art. 8", ""):
        assert not is_atom(text)
    header = ["when", "status", "note"]
    body = [["2024-01-02", "probationary (extended)", "a note"]]
    assert atom_columns(header, body) == [True, False, False]
    assert atom_columns(header, body, atoms=("status",), wrap=("when",)) == [False, True, False]


def test_a_table_that_fits_wraps_its_text_and_keeps_its_atoms_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [("2023-03-23", "overdue", "admission.assembly_after_prereview", NOTE)]
    lines = drawn(capsys, monkeypatch, 80, "Due", ("due", "status", "rule", "note"), rows)
    assert lines[0] == "Due"
    row = next(line for line in lines if "2023-03-23" in line)
    assert "│ overdue │ admission.assembly_after_prereview │" in row
    assert len([line for line in lines if line.startswith("│")]) > 2  # the note wraps


def test_a_declared_atom_is_kept_on_one_line_where_it_would_wrap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = ("member", "status", "note")
    rows = [("M0004", "probationary (extended)", NOTE)]
    folded = drawn(capsys, monkeypatch, 40, "Members", columns, rows)
    assert not any("probationary (extended)" in line for line in folded)
    whole = drawn(capsys, monkeypatch, 40, "Members", columns, rows, atoms=("status",))
    assert any("probationary (extended)" in line for line in whole)


def test_a_table_too_wide_for_the_screen_prints_a_block_per_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    columns = ("due", "status", "kind", "subject", "rule", "earliest", "latest", "note")
    rows = [
        ("2023-03-23", "overdue", "admission-vote", "M9002", "admission.assembly_after_prereview",
         "2023-02-23", "2023-03-23", NOTE),
        ("2026-12-25", "due", "approval", "M0053", "conversion.approval_deadline", None, None, ""),
    ]  # fmt: skip
    lines = drawn(capsys, monkeypatch, 80, "Due", columns, rows)
    assert lines[:5] == [
        "Due",
        "due: 2023-03-23",
        "  status: overdue",
        "  kind: admission-vote",
        "  subject: M9002",
    ]
    assert "  rule: admission.assembly_after_prereview" in lines
    note = lines.index(next(line for line in lines if line.startswith("  note: ")))
    assert lines[note + 1].startswith("      ")  # the note wraps under itself
    second = lines.index("due: 2026-12-25")
    assert lines[second:] == [
        "due: 2026-12-25",
        "  status: due",
        "  kind: approval",
        "  subject: M0053",
        "  rule: conversion.approval_deadline",
    ]


def test_a_key_value_table_has_no_header_row_and_reads_as_lines_when_narrow(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [("status", "probationary"), ("admitted", "2025-08-19 B01-2025-08-19-assembly")]
    wide = drawn(capsys, monkeypatch, 80, "Member M0004", ("", ""), rows)
    assert wide[1].startswith("┌")
    assert wide[2].startswith("│ status ")
    narrow = drawn(capsys, monkeypatch, 30, "Member M0004", ("", ""), rows)
    assert narrow[1:] == [
        "status: probationary",
        "admitted: 2025-08-19",
        "    B01-2025-08-19-assembly",
    ]
