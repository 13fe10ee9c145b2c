"""How recorded events are kept secret: the event store's cipher, and a mapper that lets a
missing key say so.

The cipher is always installed. With a keyring it encrypts every event it writes with the
keyring's first key (workflows.store.keyring) and decrypts each with the key it names. Without
one it writes events clear, reads clear events as they are, and refuses an encrypted one (exit 8)
rather than hand the bytes on as if they were clear.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Cipher, Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import Environment
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from branchbook.workflows.errors import Encrypted
from branchbook.workflows.store.keyring import (
    MAGIC,
    NO_KEY,
    Keyring,
    encrypted_key_id,
    keyring_of,
    keyring_text,
)
from branchbook.workflows.store.location import EVENTS_TABLE

CIPHER_TOPIC = "branchbook.workflows.store.cipher:KeyringCipher"
KEYRING = "KEYRING"  # the environment variable that carries the keys to the cipher


def cipher_env(ring: Keyring | None) -> dict[str, str]:
    """The environment settings that give the event store this keyring (or none)."""
    return {"CIPHER_TOPIC": CIPHER_TOPIC, KEYRING: keyring_text(ring)}


class KeyringCipher(Cipher):
    """Encrypts events with the keyring's first key; decrypts each with the key it names."""

    def __init__(self, environment: Environment) -> None:
        self.keyring = keyring_of(environment.get(KEYRING) or "")

    def encrypt(self, plaintext: bytes) -> bytes:
        return plaintext if self.keyring is None else self.keyring.encrypt(plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        if encrypted_key_id(ciphertext) is None:
            return ciphertext  # recorded before a key was given: clear, as recorded
        if self.keyring is None:
            raise Encrypted(NO_KEY)
        return self.keyring.decrypt(ciphertext)


class KeyedMapper(Mapper[UUID]):
    """The library's mapper, except that a missing or wrong key ends the command (exit 8)
    instead of being reported as an event that cannot be read."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            return super().to_domain_event(stored_event)
        except MapperDeserialisationError as exc:
            if isinstance(exc.__cause__, Encrypted):
                raise exc.__cause__ from None
            raise


# The first bytes of every event's state: the magic and key id of an encrypted one.
_LATEST = text(f"SELECT state FROM {EVENTS_TABLE} ORDER BY id DESC LIMIT 1")  # noqa: S608
_HEADS = text(f"SELECT DISTINCT substr(state, 1, {len(MAGIC) + 8}) FROM {EVENTS_TABLE}")  # noqa: S608


def latest_key_id(conn: Connection | Session) -> str | None:
    """The id of the key the log's latest event was encrypted with; None when it is clear
    (or there is none). Once one event is encrypted, so is every later one: the store is
    encrypted exactly when this is not None."""
    state = conn.execute(_LATEST).scalar()
    return None if state is None else encrypted_key_id(bytes(state))


def require_keys(conn: Connection | Session, ring: Keyring | None) -> None:
    """Refuse (exit 8) unless the keyring holds the key of every encrypted event in the log:
    what rebuilding the views from the first event needs."""
    for head in conn.execute(_HEADS).scalars():
        found = encrypted_key_id(bytes(head) + bytes(12))  # the head alone, padded to a header
        if found is None:
            continue
        if ring is None:
            raise Encrypted(NO_KEY)
        ring.require(found)
