"""Which command is this? The idempotency key that makes a command recorded exactly once.

A command's key is the journal line's "id" (or --id on the command line) when one is given;
otherwise it is derived from what the command says: its name, its checked values, its
effective date, document and note (not who records it, nor when). Recording a key the store
already holds writes nothing: the command is reported as already recorded.

When the store is encrypted, the content digest is keyed (HMAC-SHA256 with a secret of the
keyring), so that what a step says cannot be guessed back from its digest; without a key it is
the plain SHA-256, as it always was.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from branchbook.domain.step import Step
from branchbook.workflows.errors import BadInput

ID_KEY = "id"  # the journal key (and CLI option) that names a command's idempotency key
ID_MAX_LENGTH = 128
DERIVED_PREFIX = "auto:"  # a derived key: the prefix, then 32 hex digits of the digest
ID_HELP = (
    "Idempotency key: a step whose key is already in the store is reported as already "
    "recorded and not written again [default: derived from what the step says]"
)


def schema() -> dict[str, object]:
    """The JSON Schema of the "id" key of a journal line."""
    return {"type": "string", "minLength": 1, "maxLength": ID_MAX_LENGTH, "description": ID_HELP}


def digest(command: str, values: Mapping[str, Any], step: Step, secret: bytes | None = None) -> str:
    """The SHA-256 of a command's content, in a canonical form (sorted keys, lists for
    tuples, ISO dates), so the same step written on the CLI or in a journal digests alike;
    with a secret, its HMAC-SHA256 instead."""
    content = {
        "command": command,
        "values": values,
        "date": step.effective,
        "doc": step.doc,
        "note": step.note,
    }
    text = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain
    )
    if secret is not None:
        return hmac.new(secret, text.encode("utf-8"), "sha256").hexdigest()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"cannot digest {type(value).__name__}")


def derived(content_digest: str) -> str:
    return DERIVED_PREFIX + content_digest[:32]


def given(raw: object) -> str:
    """A key given by the user, checked: 1 to 128 printable characters, NFC."""
    if not isinstance(raw, str) or not raw.strip():
        raise BadInput(f"{ID_KEY}: expected a non-empty text of up to {ID_MAX_LENGTH} characters")
    key = unicodedata.normalize("NFC", raw.strip())
    if len(key) > ID_MAX_LENGTH:
        raise BadInput(f"{ID_KEY}: longer than {ID_MAX_LENGTH} characters")
    if any(not ch.isprintable() for ch in key):
        raise BadInput(f"{ID_KEY}: holds a control or unprintable character")
    if key.startswith(DERIVED_PREFIX):
        raise BadInput(f"{ID_KEY}: may not begin with {DERIVED_PREFIX!r}, kept for derived keys")
    return key
