"""A journal killed again and again, then run to its end: every line recorded exactly once.
Run by hand at full size with BRANCHBOOK_KILL_LINES=5000 BRANCHBOOK_KILLS=10."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from clerks_support import (
    OPENING,
    clerk_journal,
    event_count,
    keys_in_store,
    kill_once_past,
    record_command,
    reference_events,
    run_record,
    write,
)
from cli_support import run

LINES = int(os.environ.get("BRANCHBOOK_KILL_LINES", "900"))
KILLS = int(os.environ.get("BRANCHBOOK_KILLS", "3"))


def test_a_journal_killed_at_random_points_and_run_again_records_each_line_once(
    store_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20241206)
    journal = write(tmp_path / "journal.jsonl", [*OPENING, *clerk_journal(0, LINES)])
    lines = journal.read_text(encoding="utf-8").splitlines()
    total = reference_events([lines])
    killed = 0
    for _ in range(KILLS):
        now = event_count(store_url)
        if now >= total:
            break  # a run finished before it could be killed
        batch = str(rng.choice((1, 7, 50, 200)))
        argv = record_command(store_url, journal, "--batch-size", batch)
        killed += kill_once_past(store_url, argv, rng.randrange(now, total), rng)
    assert killed >= 1, "no run was killed before it finished"

    rerun = run_record(store_url, journal)

    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["summary"]["lines"] == len(lines)
    assert report["summary"]["accepted"] + report["summary"]["already_recorded"] == len(lines)
    assert event_count(store_url) == total
    keys = keys_in_store(store_url)
    assert len(keys) == len(lines)
    assert set(keys.values()) == {1}
    again = run_record(store_url, journal)
    assert again.returncode == 0
    assert json.loads(again.stdout)["summary"]["already_recorded"] == len(lines)
    assert event_count(store_url) == total


def test_a_step_given_the_same_id_twice_on_the_command_line_is_recorded_once(
    store_url: str, tmp_path: Path
) -> None:
    assert run_record(store_url, write(tmp_path / "opening.jsonl", OPENING)).returncode == 0
    apply = ["member", "apply", "--member", "M1", "--name", "王芳", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2024-03-01", "--id", "ledger-row-17"]  # fmt: skip
    first = run(store_url, *apply)
    count = event_count(store_url)
    second = run(store_url, *apply)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout.startswith("accepted: member.apply M1")
    assert second.stdout.startswith("already recorded: member.apply M1 (#")
    assert event_count(store_url) == count
    assert keys_in_store(store_url)["ledger-row-17"] == 1
    trail = json.loads(run(store_url, "audit", "--member", "M1", "--json").stdout)
    assert [row["key"] for row in trail] == ["ledger-row-17"]
    talk = ["member", "talk", "--member", "M1", "--by", "书记", "--date", "2024-03-20"]
    assert run(store_url, *talk).exit_code == 0
    trail = json.loads(run(store_url, "audit", "--member", "M1", "--json").stdout)
    assert trail[0]["key"].startswith("auto:")  # the newest first
