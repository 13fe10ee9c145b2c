"""Checkpoints signed and checked with their keys (HMAC and Ed25519), and the checkpoint files,
keys and outputs `seal` and `verify` accept or refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from proof_support import log_end, recorded_journal, seal, verify


@pytest.fixture
def recorded(store_url: str, tmp_path: Path) -> str:
    """A store holding the test journal, its views caught up."""
    return recorded_journal(store_url, tmp_path)


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
