"""An import killed part-way and run again: every row recorded exactly once.
Run by hand at a larger size with BRANCHBOOK_KILL_MEMBERS=20000 BRANCHBOOK_KILLS=10."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from clerks_support import event_count, keys_in_store, kill_once_past
from ledger_support import AS_OF, ON, generate, imported, write

MEMBERS = int(os.environ.get("BRANCHBOOK_KILL_MEMBERS", "1200"))
KILLS = int(os.environ.get("BRANCHBOOK_KILLS", "3"))


def import_command(url: str, path: Path, batch_size: int) -> list[str]:
    return [sys.executable, "-m", "branchbook.cli.main", "--db", url, "import", "members",
            str(path), "--date", ON, "--json", "--batch-size", str(batch_size)]  # fmt: skip


def test_an_import_killed_at_random_points_and_run_again_records_each_row_once(
    store_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20261207)
    ledger = generate(MEMBERS, max(1, MEMBERS // 40), as_of=AS_OF, seed=11)
    write(ledger, tmp_path)
    members = tmp_path / "members.csv"
    reference = f"sqlite:///{tmp_path / 'reference.db'}"  # the same import, never killed
    for url in (reference, store_url):
        assert imported(url, "branches", tmp_path / "branches.csv")[0] == 0
    assert imported(reference, "members", members)[0] == 0
    total = event_count(reference)
    killed = 0
    for _ in range(KILLS):
        now = event_count(store_url)
        if now >= total:
            break
        argv = import_command(store_url, members, rng.choice((1, 7, 50, 200)))
        killed += kill_once_past(store_url, argv, rng.randrange(now, total), rng)
    assert killed >= 1, "no run was killed before it finished"

    rerun = subprocess.run(
        import_command(store_url, members, 500), capture_output=True, text=True, check=False
    )

    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)["summary"]
    assert summary["accepted"] + summary["already_recorded"] == len(ledger.member_rows)
    assert summary["already_recorded"] > 0
    assert event_count(store_url) == total
    keys = keys_in_store(store_url)
    imported_keys = [k for k in keys if k.startswith("import:member:")]
    assert len(imported_keys) == len(ledger.member_rows)
    assert {keys[k] for k in imported_keys} == {1}
