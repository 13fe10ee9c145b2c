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
from eventsourcing.utils import Environment, TopicError

from branchbook.workflows.errors import Encrypted
from branchbook.workflows.store.event_kinds import TOPIC_PREFIX, load_every_kind
from branchbook.workflows.store.keyring import (
    NO_KEY,
    Keyring,
    encrypted_key_id,
    keyring_of,
    keyring_text,
)

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
    instead of being reported as an event that cannot be read, and that an event of an
    aggregate the command has not loaded loads every kind (workflows.store.event_kinds)."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        try:
            try:
                return super().to_domain_event(stored_event)
            except TopicError:
                if not stored_event.topic.startswith(TOPIC_PREFIX):
                    raise
                load_every_kind()
                return super().to_domain_event(stored_event)
        except MapperDeserialisationError as exc:
            if isinstance(exc.__cause__, Encrypted):
                raise exc.__cause__ from None
            raise
