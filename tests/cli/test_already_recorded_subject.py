"""A line already recorded names what it is about, as every other outcome line does."""

from __future__ import annotations

from pathlib import Path

from cli_support import TWO_BRANCHES, line, run

JOURNAL = [
    *TWO_BRANCHES,
    line("member.apply", date="2016-01-01", member="A1", name="申请人 A1", birth="1995-01-01",
         branch="B01"),
]  # fmt: skip


def test_already_recorded_names_the_subject(store_url: str, tmp_path: Path) -> None:
    journal = tmp_path / "j.jsonl"
    journal.write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    first = run(store_url, "record", str(journal))
    assert first.exit_code == 0, first.output
    (accepted,) = [s for s in first.stdout.splitlines() if "member.apply" in s]
    assert accepted.startswith(f"line {len(JOURNAL)}: accepted: member.apply A1 (#")
    again = run(store_url, "record", str(journal))
    assert again.exit_code == 0, again.output
    lines = again.stdout.splitlines()
    at = accepted.rsplit(" (", 1)[1]
    assert f"line {len(JOURNAL)}: already recorded: member.apply A1 ({at}" in lines
    assert "line 1: already recorded: org.add TC01 (#1)" in lines
