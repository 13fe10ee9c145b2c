"""The organisation the benchmarks record (bench/demo_journal.py): copies of the demo's history
that share no code, each recording the events the generator counts on, as many copies as a
number of events asks for."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cli_support import run, stored_count

BENCH = str(Path(__file__).resolve().parents[2] / "bench")
if BENCH not in sys.path:
    sys.path.insert(0, BENCH)

import demo_journal  # noqa: E402  (bench/ is no package: it is put on the path above)


def recorded(copies: int, folder: Path) -> tuple[int, dict[str, int]]:
    """The events `copies` copies record into a fresh store, and the journal's summary."""
    folder.mkdir()
    journal = folder / "journal.jsonl"
    lines = demo_journal.write(copies, journal)
    url = f"sqlite:///{folder / 'store.db'}"
    result = run(url, "record", str(journal), "--json")
    # A few lines of each copy are refused by the rules, as in the demo: exit 3.
    assert result.exit_code == 3, result.output
    summary: dict[str, int] = json.loads(result.stdout)["summary"]
    assert summary["lines"] == lines
    return stored_count(url), summary


def test_each_copy_records_the_events_counted_and_two_copies_share_nothing(tmp_path: Path) -> None:
    one, summary_one = recorded(1, tmp_path / "one")
    two, summary_two = recorded(2, tmp_path / "two")
    assert one == demo_journal.EVENTS_PER_COPY
    assert two == 2 * one
    assert summary_two["accepted"] == 2 * summary_one["accepted"]
    assert summary_two["rejected"] == 2 * summary_one["rejected"] > 0


def test_no_code_of_the_demo_is_left_unrenamed() -> None:
    lines = demo_journal.demo_lines(3)
    assert [line for line in lines if demo_journal.CODE.search(line)] == []
    assert sum('"K002' in line for line in lines) == len(lines) // 3


def test_the_copies_asked_for_reach_the_events_and_their_tags_widen_past_a_thousand() -> None:
    per = demo_journal.EVENTS_PER_COPY
    assert [demo_journal.copies_for(n) for n in (1, per, per + 1, 1_000_000)] == [1, 1, 2, 750]
    assert [demo_journal.tag(c, n) for c, n in ((0, 1), (999, 1000), (0, 1001), (1000, 1001))] == [
        "K000",
        "K999",
        "K0000",
        "K1000",
    ]
