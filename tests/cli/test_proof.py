"""`seal` and `verify`: the untouched store verifies clean, and every kind of tampering with its
rows is found at its position, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import tamper_support as tamper
from cli_support import record_journal, run
from proof_support import JOURNAL, found, log_end, recorded_journal, seal, verify


@pytest.fixture
def recorded(store_url: str, tmp_path: Path) -> str:
    """A store holding the test journal, its views caught up."""
    return recorded_journal(store_url, tmp_path)


def test_the_untouched_store_verifies_clean(recorded: str) -> None:
    code, report = verify(recorded)
    assert code == 0, report["findings"]
    assert report["verified"] is True
    assert report["events"] == report["chain_end"] == log_end(recorded) > 50
    assert report["views_compared_through"] == report["log_end"]


def test_the_text_report_says_what_was_checked(recorded: str) -> None:
    result = run(recorded, "verify")
    assert result.exit_code == 0
    end = log_end(recorded)
    assert result.stdout.splitlines() == [
        f"verified: {end:,} events, hash chain unbroken to #{end}; "
        f"views equal a rebuild (to #{end})"
    ]


TAMPERS: dict[str, Callable[[str, int], int]] = {
    "edited": tamper.edit,
    "deleted": tamper.delete_event,
    "deleted with its entry": tamper.delete_both,
    "inserted": tamper.insert_forged,
    "reordered": tamper.swap,
}


@pytest.mark.parametrize("kind", list(TAMPERS))
def test_each_kind_of_tampering_is_found_at_its_position(recorded: str, kind: str) -> None:
    middle = log_end(recorded) // 2
    at = TAMPERS[kind](recorded, middle)
    code, report = verify(recorded)
    assert code == 7
    assert report["verified"] is False
    assert (at, "chain") in found(report), report["findings"]


def test_a_swap_is_found_at_both_positions(recorded: str) -> None:
    middle = log_end(recorded) // 2
    tamper.swap(recorded, middle)
    _, report = verify(recorded)
    assert {(middle, "chain"), (middle + 1, "chain")} <= found(report)


def test_an_edited_event_that_still_reads_changes_the_views_a_rebuild_would_give(
    recorded: str,
) -> None:
    at = tamper.edit(recorded, 3)
    _, report = verify(recorded)
    assert (at, "chain") in found(report)
    assert any(f["check"] == "views" for f in report["findings"])


def test_a_truncated_log_fails_the_checkpoint_sealed_before_it(
    recorded: str, tmp_path: Path
) -> None:
    end = log_end(recorded)
    checkpoint = seal(recorded, tmp_path / "seal.json")
    assert verify(recorded, "--checkpoint", str(checkpoint))[0] == 0
    tamper.truncate(recorded, end - 10)
    code, report = verify(recorded, "--checkpoint", str(checkpoint))
    assert code == 7
    assert (end, "checkpoint") in found(report)
    assert (end, "views") in found(report)  # the views had applied what is gone


def test_a_truncated_log_without_views_is_still_found_by_its_recorded_commands(
    store_url: str, tmp_path: Path
) -> None:
    record_journal(store_url, JOURNAL, tmp_path, "--no-views")  # the views were never built
    end = log_end(store_url)
    tamper.truncate(store_url, end - 10)
    code, report = verify(store_url)
    assert code == 7
    assert "keys" in {check for _, check in found(report)}


def test_a_rewritten_chain_fails_the_checkpoint(recorded: str, tmp_path: Path) -> None:
    """Whoever alters an event and recomputes the whole chain after it leaves a chain that
    holds together, but not the hash the checkpoint sealed."""
    checkpoint = seal(recorded, tmp_path / "seal.json")
    at = tamper.edit(recorded, 2)
    tamper.rechain(recorded)
    code, report = verify(recorded, "--checkpoint", str(checkpoint))
    assert code == 7
    checks = found(report)
    assert not any(check == "chain" for _, check in checks)  # the chain itself holds
    assert (log_end(recorded), "checkpoint") in checks
    assert at < log_end(recorded)


def test_an_edited_view_row_is_found(recorded: str) -> None:
    member = tamper.edit_view(recorded)
    code, report = verify(recorded)
    assert code == 7
    [finding] = report["findings"]
    assert finding["check"] == "views"
    assert "bb_members" in finding["message"]
    assert member in finding["message"]


def test_a_checkpoint_of_another_store_does_not_hold(recorded: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.db'}"
    record_journal(other, JOURNAL, tmp_path)
    checkpoint = seal(other, tmp_path / "other.json")
    code, report = verify(recorded, "--checkpoint", str(checkpoint))
    assert code == 7
    assert "another store" in report["findings"][0]["message"]


def test_a_checkpoint_stays_good_as_the_store_grows(recorded: str, tmp_path: Path) -> None:
    checkpoint = seal(recorded, tmp_path / "seal.json")
    apply = ["member", "apply", "--member", "Z9", "--name", "周平", "--birth", "1990-05-01",
             "--branch", "B01", "--date", "2020-01-02"]  # fmt: skip
    assert run(recorded, *apply).exit_code == 0
    code, report = verify(recorded, "--checkpoint", str(checkpoint))
    assert code == 0, report["findings"]
    assert report["checkpoints"][0]["position"] < report["chain_end"]
