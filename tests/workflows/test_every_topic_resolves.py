"""A stored event of any kind is read in a process that loaded only some of the aggregates:
a recorded step loads its own stage's, but a correction or the demo's check reads any step."""

from __future__ import annotations

import lzma
import subprocess
import sys
from pathlib import Path

import pytest

# The demo's store: events of every kind of aggregate (members, branches, meetings, dues,
# transfers, participation, organisations, corrections).
FIXTURE = Path(__file__).parents[1] / "fixtures" / "demo_store_view_schema_9.db.xz"

# Reads every event of the store in a fresh interpreter that has loaded no aggregate first,
# and prints the topics it read.
PROGRAM = """
import sys
from branchbook.workflows.store.app import BranchBook
app = BranchBook(sys.argv[1])
assert not [m for m in sys.modules if m.startswith("branchbook.domain.member")]
topics, position = set(), None
while True:
    page = app.recorder.select_notifications(
        start=position, limit=1000, inclusive_of_start=position is None
    )
    if not page:
        break
    topics.update(type(app.mapper.to_domain_event(n)).__qualname__.split(".")[0] for n in page)
    position = page[-1].id
print(" ".join(sorted(topics)))
"""


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    path.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    return path


def test_every_stored_event_is_read_by_a_process_that_loaded_no_aggregate(
    demo_store: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, f"sqlite:///{demo_store}"],
        capture_output=True,
        check=False,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    kinds = set(done.stdout.split())
    assert {"Member", "Branch", "Meeting", "Dues", "Participation", "Transfers"} <= kinds


def test_a_correction_of_a_participation_step_is_judged_in_a_process_of_its_own(
    demo_store: Path,
) -> None:
    # Step 211 of the demo opens a participation: correcting it is refused by a rule (exit 3),
    # which needs the step read first.
    correct = ["step", "correct", "--step", "211", "--why", "test", "--date", "2026-11-01"]
    done = subprocess.run(
        [sys.executable, "-m", "branchbook.cli.main", "--db", str(demo_store), *correct],
        capture_output=True,
        check=False,
        text=True,
    )
    assert done.returncode == 3, done.stderr
    assert "record.correction_opening" in done.stderr
