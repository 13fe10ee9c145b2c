"""`seal` and `verify`: the untouched store verifies clean, and every kind of tampering with its
rows is found at its position, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tamper_support as tamper
from branchbook.workflows.store.app import BranchBook
from cli_support import record_journal, run, without_write_permission
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

JOURNAL: list[str] = runpy.run_path(str(Path(__file__).parents[1] / "projections" / "journals.py"))[
    "JOURNAL"
]


@pytest.fixture
def recorded(store_url: str, tmp_path: Path) -> str:
    """A store holding the test journal, its views caught up."""
    record_journal(store_url, JOURNAL, tmp_path)
    assert run(store_url, "roster", "B01").exit_code == 0
    return store_url


def verify(url: str, *args: str) -> tuple[int, dict[str, Any]]:
    result = run(url, "verify", "--json", *args)
    assert result.exit_code in (0, 7), result.output
    return result.exit_code, json.loads(result.stdout)


def log_end(url: str) -> int:
    app = BranchBook(url)
    try:
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def found(report: dict[str, Any]) -> set[tuple[int | None, str]]:
    return {(f["position"], f["check"]) for f in report["findings"]}


def seal(url: str, path: Path, *args: str) -> Path:
    result = run(url, "seal", "--output", str(path), *args)
    assert result.exit_code == 0, result.output
    return path


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


def hmac_key(folder: Path) -> Path:
    path = folder / "seal.key"
    path.write_bytes(bytes(range(40)))
    return path


def ed25519_keys(folder: Path) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    private = folder / "seal.pem"
    public = folder / "seal.pub"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


@pytest.mark.parametrize("algorithm", ["hmac-sha256", "ed25519"])
def test_a_signed_checkpoint_holds_with_its_key_and_fails_once_altered(
    recorded: str, tmp_path: Path, algorithm: str
) -> None:
    if algorithm == "ed25519":
        signing, checking = ed25519_keys(tmp_path)
    else:
        signing = checking = hmac_key(tmp_path)
    checkpoint = seal(recorded, tmp_path / "seal.json", "--key", str(signing))
    sealed = json.loads(checkpoint.read_text())
    assert sealed["signature"]["algorithm"] == algorithm
    code, report = verify(recorded, "--checkpoint", str(checkpoint), "--key", str(checking))
    assert code == 0, report["findings"]
    assert report["notes"] == []

    # Whoever moves the checkpoint back to match an older or rewritten log breaks its signature.
    sealed["position"] -= 1
    altered = tmp_path / "altered.json"
    altered.write_text(json.dumps(sealed))
    code, report = verify(recorded, "--checkpoint", str(altered), "--key", str(checking))
    assert code == 7
    assert any("signature does not hold" in f["message"] for f in report["findings"])


def test_a_checkpoint_checked_with_another_key_is_refused(recorded: str, tmp_path: Path) -> None:
    checkpoint = seal(recorded, tmp_path / "seal.json", "--key", str(hmac_key(tmp_path)))
    other = tmp_path / "other.key"
    other.write_bytes(b"x" * 40)
    code, report = verify(recorded, "--checkpoint", str(checkpoint), "--key", str(other))
    assert code == 7
    assert "signed with a key not given" in report["findings"][0]["message"]


def test_a_signed_checkpoint_checked_without_a_key_says_so(recorded: str, tmp_path: Path) -> None:
    checkpoint = seal(recorded, tmp_path / "seal.json", "--key", str(hmac_key(tmp_path)))
    code, report = verify(recorded, "--checkpoint", str(checkpoint))
    assert code == 0
    assert report["notes"] == [f"{checkpoint}: its signature was not checked (give --key)"]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"not json", "not JSON"),
        (b'{"format": "other"}', "format is not"),
        (b'{"format": "branchbook-checkpoint/1", "store": "s"}', "is not a checkpoint"),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_bad_input(
    recorded: str, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run(recorded, "verify", "--checkpoint", str(path))
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_short_shared_secret_is_bad_input(recorded: str, tmp_path: Path) -> None:
    short = tmp_path / "short.key"
    short.write_bytes(b"secret")
    result = run(recorded, "seal", "--key", str(short))
    assert result.exit_code == 2
    assert "at least 32" in result.stderr


def test_seal_never_overwrites_a_checkpoint(recorded: str, tmp_path: Path) -> None:
    path = seal(recorded, tmp_path / "seal.json")
    before = path.read_bytes()
    result = run(recorded, "seal", "--output", str(path))
    assert result.exit_code == 2
    assert path.read_bytes() == before


def test_seal_prints_the_checkpoint_when_no_file_is_given(recorded: str) -> None:
    result = run(recorded, "seal")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["position"] == log_end(recorded)
    assert printed["events"] == log_end(recorded)
    assert len(printed["head"]) == 64


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
    assert "0 already recorded" in again.stdout
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


def test_each_checkpoint_is_checked_with_its_own_key(recorded: str, tmp_path: Path) -> None:
    signing, checking = ed25519_keys(tmp_path)
    secret = hmac_key(tmp_path)
    signed = seal(recorded, tmp_path / "ed.json", "--key", str(signing))
    shared = seal(recorded, tmp_path / "hmac.json", "--key", str(secret))
    code, report = verify(
        recorded, "--checkpoint", str(signed), "--checkpoint", str(shared),
        "--key", str(checking), "--key", str(secret),
    )  # fmt: skip
    assert code == 0, report["findings"]
    assert [c["holds"] for c in report["checkpoints"]] == [True, True]


def test_a_der_ed25519_key_signs(recorded: str, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    der = tmp_path / "seal.der"
    der.write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    checkpoint = seal(recorded, tmp_path / "seal.json", "--key", str(der))
    assert json.loads(checkpoint.read_text())["signature"]["algorithm"] == "ed25519"


@pytest.mark.parametrize("option", ["--checkpoint", "--key"])
def test_an_endless_file_is_read_no_further_than_the_limit(recorded: str, option: str) -> None:
    result = run(recorded, "verify", option, "/dev/zero")
    assert result.exit_code == 2
    assert "holds more than 64 KiB" in result.stderr


def test_seal_output_dash_prints_the_checkpoint(recorded: str) -> None:
    result = run(recorded, "seal", "--output", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["position"] == log_end(recorded)
    assert not Path("-").exists()


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
