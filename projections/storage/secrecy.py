"""Which view columns hold personal data, and how they are kept secret when a key is given.

A column of type Secret (text) or SecretDate (a date) holds a person's name, birth date, a note,
a document reference or other free text about a person. When the views of a store are encrypted,
each value is written encrypted with the keyring's first key (as base64 text) and decrypted as
it is read, by the column type itself: projectors and queries handle clear values only. A
BlindIndex column holds a keyed digest of a name, the same for the same name, so a person can
still be found by name (`where(index_column == name)`) without the name being stored.

Which keyring encrypts the views of an engine is registered once per engine (encrypt_views).
The views record the id of the key they were last written with in bb_view_positions, so a query
without the key (or with another) is refused before it reads anything.
"""

from __future__ import annotations

import hashlib
import unicodedata
import weakref
from datetime import date
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Dialect,
    Engine,
    String,
    Text,
    column,
    delete,
    insert,
    select,
    table,
)
from sqlalchemy.types import Date, TypeDecorator, TypeEngine

# The row of bb_view_positions (projections.storage.tables) naming the key the views were last
# written with: its position is the key id as a signed 64-bit number.
ENCRYPTED = "encrypted"
_POSITIONS = table("bb_view_positions", column("name"), column("position"))


class ViewKeyring(Protocol):
    """A keyring as the views use it (workflows.store.keyring.Keyring is one)."""

    @property
    def key_id(self) -> str: ...

    def knows(self, wanted: str) -> bool: ...

    def encrypt_text(self, text: str) -> str: ...

    def decrypt_text(self, text: str) -> str: ...

    def index(self, text: str) -> str: ...


_KEYRINGS: weakref.WeakKeyDictionary[Dialect, ViewKeyring] = weakref.WeakKeyDictionary()


def encrypt_views(engine: Engine, keyring: ViewKeyring | None) -> None:
    """Read and write the views through this engine encrypted by `keyring`, or clear (None)."""
    if keyring is None:
        _KEYRINGS.pop(engine.dialect, None)
    else:
        _KEYRINGS[engine.dialect] = keyring


def keyring_of(engine: Engine) -> ViewKeyring | None:
    return _KEYRINGS.get(engine.dialect)


class Secret(TypeDecorator[str]):
    """Text about a person: encrypted when the views are, as given in clear ones."""

    impl = Text
    cache_ok = True
    # What the limits of a view column judge (projections.storage.limits).
    holds: TypeEngine[Any] = Text()

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        keyring = _KEYRINGS.get(dialect)
        return value if value is None or keyring is None else keyring.encrypt_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        keyring = _KEYRINGS.get(dialect)
        return value if value is None or keyring is None else keyring.decrypt_text(value)


class SecretDate(TypeDecorator[date]):
    """A date about a person (a birth date): ISO text, encrypted when the views are."""

    impl = Text
    cache_ok = True
    holds: TypeEngine[Any] = Date()

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        keyring = _KEYRINGS.get(dialect)
        text = value.isoformat()
        return text if keyring is None else keyring.encrypt_text(text)

    def process_result_value(self, value: str | None, dialect: Dialect) -> date | None:
        if value is None:
            return None
        keyring = _KEYRINGS.get(dialect)
        return date.fromisoformat(value if keyring is None else keyring.decrypt_text(value))


class BlindIndex(TypeDecorator[str]):
    """A name's index: a value bound to it (in a row or a comparison) becomes the name's keyed
    digest in encrypted views, its plain SHA-256 in clear ones; the name is never stored here."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        keyring = _KEYRINGS.get(dialect)
        if keyring is not None:
            return keyring.index(value)
        return hashlib.sha256(_normalised(value).encode()).hexdigest()


def _normalised(name: str) -> str:
    # As workflows.store.keyring.normalised: one name is found in clear and encrypted views alike.
    return unicodedata.normalize("NFC", name).strip()


def encrypted_with(conn: Connection) -> str | None:
    """The id of the key the views were last written with; None for clear views."""
    found = conn.execute(select(_POSITIONS.c.position).where(_POSITIONS.c.name == ENCRYPTED))
    value = found.scalar_one_or_none()
    return None if value is None else key_id_of(int(value))


def as_position(key_id: str) -> int:
    """A key id (8 bytes, hex) as the signed 64-bit number bb_view_positions holds."""
    return int.from_bytes(bytes.fromhex(key_id), "big", signed=True)


def key_id_of(position: int) -> str:
    return position.to_bytes(8, "big", signed=True).hex()


class ViewsEncrypted(Exception):
    """Raised when the views are encrypted and their key was not given, or another key was."""


def check_key(encrypted: str | None, keyring: ViewKeyring | None) -> None:
    """Refuse to read views encrypted with key `encrypted` (None: clear views) through `keyring`."""
    if encrypted is None:
        return
    if keyring is None:
        raise ViewsEncrypted(
            "the store is encrypted: give its key with --key-file or BRANCHBOOK_KEY_FILE"
        )
    if not keyring.knows(encrypted):
        raise ViewsEncrypted(
            f"the store was encrypted with another key (key id {encrypted}), which the key "
            "file does not hold"
        )


def mark_encrypted(conn: Connection, keyring: ViewKeyring) -> None:
    """Record in the views that they are now written with the keyring's first key."""
    conn.execute(delete(_POSITIONS).where(_POSITIONS.c.name == ENCRYPTED))
    conn.execute(insert(_POSITIONS).values(name=ENCRYPTED, position=as_position(keyring.key_id)))
