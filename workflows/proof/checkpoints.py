"""Sealed checkpoints: the chain's head at a moment, in a small file an auditor keeps outside
the store, signed when a key is given; and whether a store still extends one.

A checkpoint names the store, a position and the chain's hash there. A store extends it when
its chain holds that very hash at that position: then nothing at or before the position has
changed since it was sealed, whatever has been added after.

Keys: an Ed25519 private key in PEM (`openssl genpkey -algorithm ed25519`) signs, and its
public key (or the private key) checks; any other file is a shared secret for HMAC-SHA256
(at least 32 bytes, e.g. `head -c 32 /dev/urandom`), used both to sign and to check.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from attrs import evolve, frozen
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from branchbook.workflows.errors import BadInput
from branchbook.workflows.proof.findings import Finding
from branchbook.workflows.proof.verification import Entry
from branchbook.workflows.values import small_file

FORMAT = "branchbook-checkpoint/1"
MIN_SECRET = 32
HMAC = "hmac-sha256"
ED25519 = "ed25519"
HEX = frozenset("0123456789abcdef")


@frozen
class SealKey:
    """A key that signs or checks checkpoints."""

    algorithm: str
    key_id: str
    secret: bytes | None = None  # HMAC
    private: Ed25519PrivateKey | None = None
    public: Ed25519PublicKey | None = None

    def sign(self, payload: bytes) -> str:
        if self.algorithm == HMAC:
            assert self.secret is not None
            return base64.b64encode(hmac.digest(self.secret, payload, "sha256")).decode()
        if self.private is None:
            raise BadInput("--key: a public key cannot sign; give the private key")
        return base64.b64encode(self.private.sign(payload)).decode()

    def holds(self, payload: bytes, signature: str) -> bool:
        try:
            raw = base64.b64decode(signature, validate=True)
        except ValueError:
            return False
        if self.algorithm == HMAC:
            assert self.secret is not None
            return hmac.compare_digest(hmac.digest(self.secret, payload, "sha256"), raw)
        assert self.public is not None
        try:
            self.public.verify(raw, payload)
        except InvalidSignature:
            return False
        return True


def load_key(path: Path) -> SealKey:
    """A signing or checking key from a file: Ed25519 in PEM or DER, or an HMAC secret."""
    data = small_file(path, "key")
    if data.lstrip().startswith(b"-----BEGIN"):
        return _pem_key(path, data)
    der = _der_key(data)
    if der is not None:
        return der
    if len(data) < MIN_SECRET:
        raise BadInput(
            f"--key: {path} holds {len(data)} bytes; a shared secret needs at least {MIN_SECRET}"
        )
    key_id = hashlib.sha256(b"branchbook seal key\0" + data).hexdigest()[:16]
    return SealKey(HMAC, key_id, secret=data)


def _der_key(data: bytes) -> SealKey | None:
    """An Ed25519 key in DER, or None when the bytes are no key in DER (a shared secret)."""
    loaded: Any = None
    try:
        loaded = serialization.load_der_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        try:
            loaded = serialization.load_der_public_key(data)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            return None
    if isinstance(loaded, Ed25519PrivateKey):
        return _ed25519(loaded, loaded.public_key())
    if isinstance(loaded, Ed25519PublicKey):
        return _ed25519(None, loaded)
    raise BadInput("--key: the key is not an Ed25519 key")


def _ed25519(private: Ed25519PrivateKey | None, public: Ed25519PublicKey) -> SealKey:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return SealKey(ED25519, hashlib.sha256(raw).hexdigest()[:16], private=private, public=public)


def _pem_key(path: Path, data: bytes) -> SealKey:
    private: Ed25519PrivateKey | None = None
    try:
        if b"PRIVATE KEY" in data:
            loaded: Any = serialization.load_pem_private_key(data, password=None)
            if not isinstance(loaded, Ed25519PrivateKey):
                raise BadInput(f"--key: {path} is not an Ed25519 key")
            private = loaded
            public = loaded.public_key()
        else:
            loaded = serialization.load_pem_public_key(data)
            if not isinstance(loaded, Ed25519PublicKey):
                raise BadInput(f"--key: {path} is not an Ed25519 key")
            public = loaded
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise BadInput(
            f"--key: {path} is not a key branchbook can read (an Ed25519 key in PEM or DER, "
            "or a shared secret)"
        ) from None
    return _ed25519(private, public)


@frozen
class Checkpoint:
    """The chain's head as sealed."""

    store: str
    position: int
    head: str
    recorded_at: str
    sealed_at: str
    events: int
    signature: dict[str, str] | None = None

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "store": self.store,
            "position": self.position,
            "head": self.head,
            "recorded_at": self.recorded_at,
            "sealed_at": self.sealed_at,
            "events": self.events,
        }

    def payload(self) -> bytes:
        """The bytes a signature covers: the body as canonical JSON."""
        return json.dumps(self.body(), sort_keys=True, separators=(",", ":")).encode()

    def as_dict(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature}

    def signed(self, key: SealKey | None) -> Checkpoint:
        if key is None:
            return self
        signature = {
            "algorithm": key.algorithm,
            "key_id": key.key_id,
            "value": key.sign(self.payload()),
        }
        return evolve(self, signature=signature)


def sealed_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def read_checkpoint(path: Path) -> Checkpoint:
    """A checkpoint file, refused with one line when it is not one."""
    data = small_file(path, "checkpoint")
    try:
        raw = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise BadInput(f"--checkpoint: {path} is not a checkpoint (not JSON)") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BadInput(f"--checkpoint: {path} is not a checkpoint (format is not {FORMAT})")
    try:
        checkpoint = Checkpoint(
            store=_text(raw, "store"),
            position=_whole(raw, "position"),
            head=_hash(raw, "head"),
            recorded_at=_text(raw, "recorded_at"),
            sealed_at=_text(raw, "sealed_at"),
            events=_whole(raw, "events"),
            signature=_signature(raw.get("signature")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BadInput(f"--checkpoint: {path} is not a checkpoint: {exc}") from None
    return checkpoint


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw[name]
    if not isinstance(value, str) or not value.isprintable() or len(value) > 100:
        raise ValueError(f"{name} is not a short line of text")
    return value


def _whole(raw: dict[str, Any], name: str) -> int:
    value = raw[name]
    if type(value) is not int or not 0 <= value < 2**63:
        raise ValueError(f"{name} is not a whole number from 0")
    return value


def _hash(raw: dict[str, Any], name: str) -> str:
    value = raw[name]
    if not isinstance(value, str) or len(value) != 64 or not set(value) <= HEX:
        raise ValueError(f"{name} is not a SHA-256 in hex")
    return value


def _signature(raw: Any) -> dict[str, str] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"algorithm", "key_id", "value"}:
        raise ValueError("signature is not {algorithm, key_id, value}")
    if raw["algorithm"] not in (HMAC, ED25519):
        raise ValueError(f"signature algorithm {raw['algorithm']!r} is not {HMAC} or {ED25519}")
    return {k: _text(raw, k) if k != "value" else str(raw[k])[:200] for k in raw}


def check(
    checkpoint: Checkpoint,
    name: str,
    *,
    store: str | None,
    entries: dict[int, Entry],
    chain_end: int,
    keys: Sequence[SealKey],
) -> tuple[list[Finding], list[str]]:
    """Whether the store extends a checkpoint: what does not hold, and what could not be
    checked."""
    findings: list[Finding] = []
    notes: list[str] = []
    where = checkpoint.position

    def fails(message: str) -> None:
        findings.append(Finding("checkpoint", f"{name}: {message}", where))

    signature = checkpoint.signature
    if signature is None:
        notes.append(f"{name} is not signed: it proves only what its own copy is trusted for")
    elif not keys:
        notes.append(f"{name}: its signature was not checked (give --key)")
    else:
        key = next(
            (
                k
                for k in keys
                if (k.algorithm, k.key_id) == (signature["algorithm"], signature["key_id"])
            ),
            None,
        )
        if key is None:
            fails(f"signed with a key not given ({signature['algorithm']} {signature['key_id']})")
        elif not key.holds(checkpoint.payload(), signature["value"]):
            fails("its signature does not hold: the file was altered after it was sealed")
    if store is not None and checkpoint.store != store:
        fails(f"sealed on another store ({checkpoint.store}), not this one ({store})")
        return findings, notes
    entry = entries.get(checkpoint.position)
    if entry is None:
        fails(
            f"the chain has no entry #{checkpoint.position} (it ends at #{chain_end}): the "
            "log was cut short or rewritten since it was sealed"
        )
    elif entry.hash != checkpoint.head:
        fails(
            f"the chain's hash at #{checkpoint.position} is {entry.hash[:16]}…, the checkpoint "
            f"sealed {checkpoint.head[:16]}…: the log up to there was rewritten since"
        )
    return findings, notes


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    """Write a checkpoint to a new file; an existing file is not replaced."""
    text = json.dumps(checkpoint.as_dict(), indent=2) + "\n"
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise BadInput(f"--output: {path} exists; a checkpoint is never overwritten") from None
    except OSError as exc:
        raise BadInput(f"--output: cannot write {path}: {exc.strerror}") from None
