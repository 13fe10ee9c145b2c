"""Clerks recording at once into one store, on shared branches: every line of every journal is
recorded, exactly once. Run by hand at full size with BRANCHBOOK_CLERK_LINES=2000."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from clerks_support import (
    OPENING,
    clerk_journal,
    event_count,
    keys_in_store,
    record_command,
    reference_events,
    run_record,
    write,
)
from cli_support import json_of, run

CLERKS = 4
LINES = int(os.environ.get("BRANCHBOOK_CLERK_LINES", "240"))


def test_four_clerks_at_once_record_every_line_once(store_url: str, tmp_path: Path) -> None:
    opened = run_record(store_url, write(tmp_path / "opening.jsonl", OPENING))
    assert opened.returncode == 0, opened.stderr
    journals = [clerk_journal(clerk, LINES) for clerk in range(CLERKS)]
    paths = [write(tmp_path / f"clerk{c}.jsonl", j) for c, j in enumerate(journals)]

    clerks = [
        subprocess.Popen(
            record_command(store_url, path, "--wait", "120"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    outputs = [c.communicate(timeout=600) for c in clerks]
    results = [(c.returncode, out, err) for c, (out, err) in zip(clerks, outputs, strict=True)]

    for code, stdout, stderr in results:
        assert code == 0, stderr
        summary = json.loads(stdout)["summary"]
        assert summary["lines"] == summary["accepted"] == LINES
    assert event_count(store_url) == reference_events([OPENING, *journals])
    keys = keys_in_store(store_url)
    assert len(keys) == len(OPENING) + CLERKS * LINES
    assert set(keys.values()) == {1}
    # Every enrolled member is on exactly one branch's roll.
    rolls = [json_of(run(store_url, "roster", b, "--json")) for b in ("B01", "B02")]
    numbers = [row["member"] for roll in rolls for row in roll["members"]]
    assert len(numbers) == len(set(numbers))
    enrolled = {json.loads(x)["member"] for j in journals for x in j if "enrol" in x}
    assert enrolled <= set(numbers)
