"""Which keys keep personal data secret at rest? The keyring read from a key file, and how it
encrypts, decrypts and indexes.

A key file holds one 256-bit key a line, as base64 or 64 hex digits; blank lines and lines
starting with `#` are skipped. The first key encrypts everything written from now on; every key
decrypts what was written with it. The last key (the oldest) also keys the blind index of names
and the idempotency keys derived from a command's content, so that adding a newer key at the
top of the file (rotation) changes neither.

Encrypted bytes describe themselves: MAGIC, the id of the key (the first 8 bytes of its SHA-256),
a 12-byte nonce, then AES-256-GCM's ciphertext and tag. So a store can hold bytes written with
several keys, and a missing key is named by its id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from pathlib import Path

from attrs import frozen

from branchbook.workflows.errors import BadInput, Encrypted
from branchbook.workflows.values import small_file

MAGIC = b"BBK1"  # never the start of a clear event, which is JSON ("{")
KEY_BYTES = 32
ID_BYTES = 8
NONCE_BYTES = 12
HEAD = len(MAGIC) + ID_BYTES + NONCE_BYTES
NO_KEY = "the store is encrypted: give its key with --key-file or BRANCHBOOK_KEY_FILE"
# What each derived secret is for: the blind index of names, and content-derived keys.
INDEX_PURPOSE = b"branchbook blind index"
DIGEST_PURPOSE = b"branchbook idempotency key"


class Undecryptable(ValueError):
    """Raised when bytes encrypted with a key of the keyring do not decrypt: altered."""


def key_id(key: bytes) -> str:
    """The id of a key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(key).digest()[:ID_BYTES].hex()


def encrypted_key_id(data: bytes) -> str | None:
    """The id of the key these bytes were encrypted with, or None if they are clear."""
    if not data.startswith(MAGIC) or len(data) < HEAD:
        return None
    return data[len(MAGIC) : len(MAGIC) + ID_BYTES].hex()


def another_key(found: str) -> Encrypted:
    return Encrypted(
        f"the store was encrypted with another key (key id {found}), which the key file "
        "does not hold"
    )


@frozen
class Keyring:
    """The keys of a key file, newest first: the first encrypts, each decrypts its own."""

    keys: tuple[bytes, ...]

    def __attrs_post_init__(self) -> None:
        if not self.keys or any(len(k) != KEY_BYTES for k in self.keys):
            raise ValueError("a keyring holds one or more 256-bit keys")

    @property
    def key_id(self) -> str:
        """The id of the key new data is encrypted with."""
        return key_id(self.keys[0])

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(key_id(k) for k in self.keys)

    def knows(self, wanted: str) -> bool:
        return wanted in self.ids

    def require(self, wanted: str) -> None:
        """Refuse (Encrypted, exit 8) a key id this keyring does not hold."""
        if not self.knows(wanted):
            raise another_key(wanted)

    def encrypt(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        head = MAGIC + bytes.fromhex(self.key_id) + nonce
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        return head + AESGCM(self.keys[0]).encrypt(nonce, data, None)

    def decrypt(self, data: bytes) -> bytes:
        found = encrypted_key_id(data)
        if found is None:
            raise Undecryptable("not encrypted by branchbook")
        key = dict(zip(self.ids, self.keys, strict=True)).get(found)
        if key is None:
            raise another_key(found)
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(key).decrypt(data[len(MAGIC) + ID_BYTES : HEAD], data[HEAD:], None)
        except InvalidTag:
            raise Undecryptable(f"encrypted with key id {found} but altered since") from None

    def encrypt_text(self, text: str) -> str:
        """Text encrypted, as base64 text (what a view column holds)."""
        return base64.b64encode(self.encrypt(text.encode("utf-8"))).decode("ascii")

    def decrypt_text(self, text: str) -> str:
        """The clear text of encrypted text."""
        try:
            data = base64.b64decode(text.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise Undecryptable("not encrypted text") from None
        return self.decrypt(data).decode("utf-8")

    def index(self, text: str) -> str:
        """The blind index of a name: the same for the same name, told apart only with the key."""
        mac = hmac.new(self._derived(INDEX_PURPOSE), normalised(text).encode(), "sha256")
        return mac.hexdigest()

    @property
    def digest_secret(self) -> bytes:
        """The secret that keys the digest of a command's content (workflows.steps.keys)."""
        return self._derived(DIGEST_PURPOSE)

    def _derived(self, purpose: bytes) -> bytes:
        return hmac.digest(self.keys[-1], purpose, "sha256")


def normalised(name: str) -> str:
    """A name as the blind index compares it: NFC, without surrounding spaces (as the
    boundary keeps every name), so the index finds exactly the name given."""
    return unicodedata.normalize("NFC", name).strip()


def new_key() -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def key_line(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def parse_key_file(text: str, where: str) -> Keyring:
    """The keyring of a key file's text; BadInput (exit 2) names the line that is wrong."""
    keys: list[bytes] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key = _key(line)
        if key is None:
            raise BadInput(
                f"key file {where}, line {number}: not a 256-bit key in base64 or hex "
                "(make one with `branchbook key new FILE`)"
            )
        keys.append(key)
    if not keys:
        raise BadInput(f"key file {where} holds no key (make one with `branchbook key new FILE`)")
    if len(set(keys)) != len(keys):
        raise BadInput(f"key file {where} holds a key twice")
    return Keyring(tuple(keys))


def _key(line: str) -> bytes | None:
    if len(line) == KEY_BYTES * 2:
        try:
            return bytes.fromhex(line)
        except ValueError:
            return None
    try:
        key = base64.b64decode(line.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return key if len(key) == KEY_BYTES else None


def read_key_file(path: Path) -> Keyring:
    """The keyring in a key file; a file missing, unreadable or malformed is bad input."""
    data = small_file(path, "key file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"key file {path} is not text") from None
    return parse_key_file(text, str(path))


def write_new_key_file(path: Path) -> Keyring:
    """Create a key file holding one fresh key, readable by its owner only; never overwrite."""
    key = new_key()
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise BadInput(
            f"{path} exists: not overwritten (to add a newer key, use `key new --rotate`)"
        ) from None
    except OSError as exc:
        raise BadInput(f"cannot create key file {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key_line(key) + "\n")
    return Keyring((key,))


def rotate_key_file(path: Path) -> Keyring:
    """Put a fresh key at the top of an existing key file, keeping every older key below it.
    The file is replaced whole (written beside it, then renamed), readable by its owner only."""
    old = read_key_file(path)
    key = new_key()
    ring = Keyring((key, *old.keys))
    beside = path.with_name(path.name + ".new")
    try:
        fd = os.open(beside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise BadInput(f"cannot write beside {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write("".join(key_line(k) + "\n" for k in ring.keys))
    os.replace(beside, path)
    return ring


def keyring_text(ring: Keyring | None) -> str:
    """A keyring as the application's environment carries it: its keys, comma separated."""
    return "" if ring is None else ",".join(key_line(k) for k in ring.keys)


def keyring_of(text: str) -> Keyring | None:
    """The keyring that keyring_text wrote, or None for none."""
    if not text:
        return None
    return Keyring(tuple(base64.b64decode(part) for part in text.split(",")))
