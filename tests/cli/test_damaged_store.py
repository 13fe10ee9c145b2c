"""A store whose log, chain, commands or views were cut short, emptied or forged: `verify` finds
it, and steps and queries on it are refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import tamper_support as tamper
from cli_support import record_journal, run, without_write_permission
from proof_support import JOURNAL, found, log_end, recorded_journal, verify


@pytest.fixture
def recorded(store_url: str, tmp_path: Path) -> str:
    """A store holding the test journal, its views caught up."""
    return recorded_journal(store_url, tmp_path)


def test_verify_runs_on_a_store_it_may_not_write(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    record_journal(str(path), JOURNAL, tmp_path)
    assert run(str(path), "roster", "B01").exit_code == 0
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        before = sorted(
            (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir()
        )
        done = subprocess.run(
            [*without_write_permission(), sys.executable, "-m", "branchbook.cli.main",
             "--db", str(path), "verify", "--json"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        after = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verified"] is True
    assert after == before


def test_a_store_whose_views_were_never_built_verifies_in_a_fresh_process(
    tmp_path: Path,
) -> None:
    """Decoding needs every kind of record's events known; a fresh process that builds no
    views must know them too."""
    path = tmp_path / "store.db"
    record_journal(str(path), JOURNAL, tmp_path, "--no-views")
    done = subprocess.run(
        [sys.executable, "-m", "branchbook.cli.main", "--db", str(path), "verify", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert report["views_compared_through"] is None
    assert report["notes"] == ["the views were never built: not compared"]


def test_no_views_leaves_the_views_out_and_still_checks_the_log(recorded: str) -> None:
    tamper.edit_view(recorded)
    code, report = verify(recorded, "--no-views")
    assert code == 0
    assert report["notes"] == [
        "the views were not compared with a rebuild; that they stand within the log was still "
        "checked"
    ]
    tamper.delete_event(recorded, 5)
    code, report = verify(recorded, "--no-views")
    assert code == 7
    assert (5, "chain") in found(report)
    assert "views" not in {check for _, check in found(report)}


def test_a_step_on_a_store_whose_chain_and_log_disagree_is_refused(recorded: str) -> None:
    end = log_end(recorded)
    tamper.insert_forged(recorded, 3)  # an event the chain has no entry for, at the end
    apply = ["member", "apply", "--member", "Z9", "--name", "周平", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2020-01-02"]  # fmt: skip
    result = run(recorded, *apply)
    assert result.exit_code == 7
    assert f"its hash chain at #{end}" in result.stderr
    assert log_end(recorded) == end + 1  # nothing more written


APPLY_Z9 = ["member", "apply", "--member", "Z9", "--name", "周平", "--birth", "1990-05-01",
            "--branch", "B01", "--date", "2020-01-02"]  # fmt: skip


def test_a_journal_run_again_after_its_events_were_removed_is_refused_not_already_recorded(
    store_url: str, tmp_path: Path
) -> None:
    record_journal(store_url, JOURNAL, tmp_path)
    end = log_end(store_url)
    tamper.truncate(store_url, end - 3)
    again = run(store_url, "record", str(tmp_path / "journal.jsonl"))
    assert again.exit_code == 7, again.output
    assert "already recorded: " not in again.stdout
    assert "already recorded" not in again.stdout
    assert "events were removed" in again.stdout + again.stderr
    # The views, ahead of the log now, are not brought current; the exit code stays the lines'.
    assert "note: the views were not brought current: " in again.stderr
    assert log_end(store_url) == end - 3  # nothing written


def test_a_step_on_a_log_cut_short_with_its_chain_is_refused(recorded: str) -> None:
    end = log_end(recorded)
    tamper.truncate(recorded, end - 5)
    result = run(recorded, *APPLY_Z9)
    assert result.exit_code == 7
    assert f"events up to #{end} were recorded but the log and its hash chain end at " in (
        result.stderr
    )
    assert log_end(recorded) == end - 5


def test_a_command_whose_key_row_was_removed_is_found(recorded: str) -> None:
    tamper.delete_key_rows(recorded, 2)
    code, report = verify(recorded)
    assert code == 7
    keyed = [f for f in report["findings"] if f["check"] == "keys"]
    assert len(keyed) == 2
    assert "a rerun would record the command again" in keyed[0]["message"]


def test_a_forged_event_at_the_end_stops_the_queries(recorded: str) -> None:
    at = tamper.insert_forged(recorded, 3)
    result = run(recorded, "roster", "B01")
    assert result.exit_code == 7
    assert f"the log holds event #{at}, which its hash chain has no entry for" in result.stderr


@pytest.mark.parametrize("cut", ["views", "keys"])
def test_seal_refuses_a_store_whose_views_or_commands_reach_past_its_log(
    recorded: str, cut: str, tmp_path: Path
) -> None:
    end = log_end(recorded)
    tamper.truncate(recorded, end - 5)
    tamper.forget_written(recorded)  # as if the log and chain had always ended there
    if cut == "keys":
        tamper.rewind_views(recorded, end - 5)
    result = run(recorded, "seal", "--output", str(tmp_path / "seal.json"))
    assert result.exit_code == 7
    assert f"up to #{end} but the log ends at #{end - 5}" in result.stderr
    assert not (tmp_path / "seal.json").exists()


def test_an_emptied_chain_is_named_as_such(recorded: str) -> None:
    tamper.empty_chain(recorded)
    step = run(recorded, *APPLY_Z9)
    assert step.exit_code == 7
    assert "the chain was emptied" in step.stderr
    code, report = verify(recorded, "--no-views")
    assert code == 7
    [finding] = [f for f in report["findings"] if "no entry for" in f["message"]]
    assert f"(#1 to #{log_end(recorded)}: " in finding["message"]


def test_a_forged_record_that_cannot_be_rebuilt_is_found_by_its_replay(recorded: str) -> None:
    """A later step of one record copied as the first event of a new one decodes, but there is
    no record for it to follow."""
    later = tamper.position_of_version(recorded, 2)
    at = tamper.insert_forged(recorded, later)
    code, report = verify(recorded, "--no-views")
    assert code == 7
    assert {(at, "chain"), (at, "replay")} <= found(report)
    [replay] = [f for f in report["findings"] if f["check"] == "replay"]
    assert "its stored state does not fit its record as it stands" in replay["message"]


def test_a_chain_entry_altered_to_no_hash_is_a_finding_and_stops_steps(recorded: str) -> None:
    end = log_end(recorded)
    tamper.set_hash(recorded, end, "not a hash")
    code, report = verify(recorded, "--no-views")
    assert code == 7
    assert (end, "chain") in found(report)
    step = run(recorded, *APPLY_Z9)
    assert step.exit_code == 7, step.output
    assert f"the hash chain's last entry #{end} holds no hash" in step.stderr
