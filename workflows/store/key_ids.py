"""Which keys the log's events were encrypted with, read from the first bytes of their states:
what a query checks before it reads, without the event store's machinery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchbook.workflows.errors import Encrypted
from branchbook.workflows.store.keyring import MAGIC, NO_KEY, Keyring, encrypted_key_id
from branchbook.workflows.store.location import EVENTS_TABLE
from branchbook.workflows.store.statements import Tx, over

if TYPE_CHECKING:
    from sqlalchemy import Connection

# The first bytes of every event's state: the magic and key id of an encrypted one.
_LATEST = f"SELECT state FROM {EVENTS_TABLE} ORDER BY id DESC LIMIT 1"  # noqa: S608
_HEADS = f"SELECT DISTINCT substr(state, 1, {len(MAGIC) + 8}) FROM {EVENTS_TABLE}"  # noqa: S608


def latest_key_id(conn: Connection | Tx) -> str | None:
    """The id of the key the log's latest event was encrypted with; None when it is clear
    (or there is none). Once one event is encrypted, so is every later one: the store is
    encrypted exactly when this is not None."""
    state = over(conn).value(_LATEST)
    return None if state is None else encrypted_key_id(bytes(state))


def require_keys(conn: Connection | Tx, ring: Keyring | None) -> None:
    """Refuse (exit 8) unless the keyring holds the key of every encrypted event in the log:
    what rebuilding the views from the first event needs."""
    for (head,) in over(conn).rows(_HEADS):
        found = encrypted_key_id(bytes(head) + bytes(12))  # the head alone, padded to a header
        if found is None:
            continue
        if ring is None:
            raise Encrypted(NO_KEY)
        ring.require(found)
