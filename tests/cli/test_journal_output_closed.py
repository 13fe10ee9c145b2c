"""A journal whose reader goes away (`branchbook record J | head -1`) still runs to its end."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from branchbook.workflows.store.location import DEFAULT_DB
from clerks_support import OPENING, clerk_journal, event_count, reference_events, write


def behind_a_closed_pipe(
    command: list[str], reader: str, folder: Path
) -> subprocess.CompletedProcess[str]:
    """Run the command into a pipe whose reader stops early; stdout is its exit code."""
    return subprocess.run(  # noqa: S602
        shlex.join(command) + f" | {reader}; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=False,
        cwd=folder,
    )


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_journal_read_by_a_reader_that_stops_early_records_every_line(
    tmp_path: Path, extra: list[str]
) -> None:
    url = f"sqlite:///{tmp_path / DEFAULT_DB}"
    lines = [*OPENING, *clerk_journal(0, 600), "{not json"]
    journal = write(tmp_path / "journal.jsonl", lines)
    command = [sys.executable, "-m", "branchbook.cli.main", "--db", url, "record",
               "--batch-size", "50", str(journal), *extra]  # fmt: skip
    reader = behind_a_closed_pipe(command, "head -c 10 >/dev/null", tmp_path)
    assert reader.stdout.strip() == "2", reader.stderr  # the worst line is the invalid one
    assert event_count(url) == reference_events([lines[:-1]])


def test_a_table_whose_reader_stops_early_ends_quietly_with_exit_0(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / DEFAULT_DB}"
    journal = write(tmp_path / "journal.jsonl", [*OPENING, *clerk_journal(0, 40)])
    command = [sys.executable, "-m", "branchbook.cli.main", "--db", url]
    recorded = subprocess.run([*command, "record", str(journal)], capture_output=True, check=False)
    assert recorded.returncode == 0
    # `true` reads nothing and is gone long before the table is written.
    reader = behind_a_closed_pipe([*command, "roster", "B01"], "true", tmp_path)
    assert reader.stdout.strip() == "0", reader.stderr
    assert reader.stderr == ""
