"""The hash chain over the log: an entry per stored event, written in the event's own
transaction, each hashing the entry before it with the event's stored bytes.

An entry's hash covers the previous entry's hash, the event's position, originator id, version,
topic and stored state (the bytes as stored, so ciphertext when the store is encrypted), and
the entry's recorded-at time. The first entry follows a genesis hash made from the store's id
and from the position the chain was adopted through, so neither can be changed unseen.

Anyone who can write the file can rewrite the whole chain; what they cannot do is make it
agree with a checkpoint sealed earlier (`branchbook seal`), which an auditor keeps elsewhere.
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from functools import cached_property
from hashlib import sha256
from typing import TYPE_CHECKING
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import StoredEvent

from branchbook.workflows.errors import BrokenRecord, Conflict
from branchbook.workflows.store.location import EVENTS_TABLE
from branchbook.workflows.store.schema import CHAIN_TABLE, STORE_TABLE
from branchbook.workflows.store.statements import Tx, over, read_id

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

GENESIS_LABEL = b"branchbook chain 1"
ADOPT_PAGE = 5000

# Rows of the store table.
STORE_ID = "id"
ADOPTED_THROUGH = "adopted_through"  # the last event that existed before the chain; 0 if none
ADOPTED_AT = "adopted_at"
ADOPTED_BY = "adopted_by"
# The last position ever written: a log and chain cut short together still fall short of it.
WRITTEN_THROUGH = "written_through"


class Unchained(BrokenRecord):
    """The store holds events from before the chain existed, and the chain was not adopted."""


def genesis(store_id: str, adopted_through: int) -> bytes:
    """The hash the first entry follows."""
    return sha256(b"\0".join([GENESIS_LABEL, store_id.encode(), b"%d" % adopted_through])).digest()


def link(previous: bytes, position: int, event: StoredEvent, recorded_at: str) -> bytes:
    """The hash of one entry."""
    h = sha256(previous)
    h.update(struct.pack(">QQ", position, event.originator_version))
    originator_id = event.originator_id
    h.update((originator_id if isinstance(originator_id, UUID) else UUID(originator_id)).bytes)
    for part in (event.topic.encode(), recorded_at.encode(), event.state):
        h.update(struct.pack(">Q", len(part)))
        h.update(part)
    return h.digest()


def now() -> str:
    """The recorded-at time of entries written now (UTC, to the microsecond)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@frozen
class Head:
    """The last entry of the chain."""

    position: int
    hash: str
    recorded_at: str


@frozen
class Origin:
    """What the store table says of the chain: the store's id and, for a store that held
    events before the chain, the last of them and when and by whom the chain was adopted."""

    store_id: str
    adopted_through: int
    adopted_at: str | None = None
    adopted_by: str | None = None
    written_through: int | None = None

    @property
    def genesis(self) -> bytes:
        return genesis(self.store_id, self.adopted_through)


def cut_short(written: int, end: int) -> BrokenRecord:
    """The log and its chain end before the last event ever written."""
    return BrokenRecord(
        f"events up to #{written} were recorded but the log and its hash chain end at #{end}: "
        "events were removed from its end; nothing is written; run 'branchbook verify'"
    )


class Chain:
    """The chain's two tables, and how an entry is added to them inside a save. Read through
    a transaction of the store or a SQLAlchemy connection alike."""

    def __init__(self, schema: str | None = None) -> None:
        self.schema = schema

    @cached_property
    def entries(self) -> Table:
        """The chain's entries as SQLAlchemy sees them (for verification)."""
        from branchbook.workflows.store.tables import chain_table

        return chain_table(self.schema)

    def head(self, conn: Tx | Connection) -> Head | None:
        rows = over(conn).rows(
            f"SELECT position, hash, recorded_at FROM {CHAIN_TABLE} "  # noqa: S608
            "ORDER BY position DESC LIMIT 1"
        )
        return None if not rows else Head(*rows[0])

    def origin(self, conn: Tx | Connection) -> Origin | None:
        query = f"SELECT name, value FROM {STORE_TABLE}"  # noqa: S608
        rows = dict(over(conn).rows(query))
        if STORE_ID not in rows:
            return None
        written = rows.get(WRITTEN_THROUGH)
        adopted = str(rows.get(ADOPTED_THROUGH, "0"))
        return Origin(
            str(rows[STORE_ID]),
            int(adopted) if adopted.isdigit() else -1,  # -1: altered; no genesis follows
            rows.get(ADOPTED_AT),
            rows.get(ADOPTED_BY),
            None if written is None else int(written) if str(written).isdigit() else -1,
        )

    def _written(self, tx: Tx) -> int | None:
        query = f"SELECT value FROM {STORE_TABLE} WHERE name = ?"  # noqa: S608
        value = tx.value(query, (WRITTEN_THROUGH,))
        if value is None:
            return None
        if not str(value).isdigit():
            raise BrokenRecord(
                "the store's note of the last position written was altered: nothing is "
                "written; run 'branchbook verify'"
            )
        return int(value)

    def _write_through(self, tx: Tx, position: int, known: bool) -> None:
        if known:
            update = f"UPDATE {STORE_TABLE} SET value = ? WHERE name = ?"  # noqa: S608
            tx.run(update, (str(position), WRITTEN_THROUGH))
        else:
            insert = f"INSERT INTO {STORE_TABLE} (name, value) VALUES (?, ?)"  # noqa: S608
            tx.run(insert, (WRITTEN_THROUGH, str(position)))

    def extend(self, tx: Tx, stored: Sequence[StoredEvent], ids: Sequence[int]) -> None:
        """Write the entries of events just inserted at `ids`, in the save's transaction,
        after the entry of the event before them: the store's lock is held."""
        before = tx.value(
            f"SELECT max(id) FROM {EVENTS_TABLE} WHERE id < ?",  # noqa: S608
            (ids[0],),
        )
        head = self.head(tx)
        written = self._written(tx)
        if head is None:
            origin = self.origin(tx)
            if before is not None and origin is None:
                raise Unchained(
                    "this store holds events recorded before the hash chain; run "
                    "'branchbook chain adopt' once to start it, then record again"
                )
            if before is not None:
                raise BrokenRecord(
                    f"the store's log holds events up to #{before} but its hash chain has no "
                    "entry: the chain was emptied; nothing is written; run 'branchbook verify'"
                )
            if written:
                raise cut_short(written, 0)
            previous = (origin or self._begin(tx)).genesis
        elif head.position != before:
            raise BrokenRecord(
                f"the store's log ends at #{before or 0} but its hash chain at "
                f"#{head.position}: nothing is written; run 'branchbook verify'"
            )
        elif written is not None and written != head.position:
            raise cut_short(written, head.position)
        else:
            try:
                previous = bytes.fromhex(head.hash)
            except (ValueError, TypeError):
                raise BrokenRecord(
                    f"the hash chain's last entry #{head.position} holds no hash: nothing is "
                    "written; run 'branchbook verify'"
                ) from None
        at = now()
        rows = []
        for event, position in zip(stored, ids, strict=True):
            previous = link(previous, position, event, at)
            rows.append((position, at, previous.hex()))
        self._insert_entries(tx, rows)
        self._write_through(tx, ids[-1], known=written is not None)

    @staticmethod
    def _insert_entries(tx: Tx, rows: list[tuple[int, str, str]]) -> None:
        insert = f"INSERT INTO {CHAIN_TABLE} (position, recorded_at, hash) VALUES (?, ?, ?)"  # noqa: S608
        tx.many(insert, rows)

    def _begin(self, tx: Tx, adopted_through: int = 0, by: str | None = None) -> Origin:
        origin = Origin(str(uuid.uuid4()), adopted_through, now() if by else None, by)
        rows = [(STORE_ID, origin.store_id)]
        if by is not None:
            rows += [
                (ADOPTED_THROUGH, str(adopted_through)),
                (ADOPTED_AT, origin.adopted_at or ""),
                (ADOPTED_BY, by),
            ]
        tx.many(f"INSERT INTO {STORE_TABLE} (name, value) VALUES (?, ?)", rows)  # noqa: S608
        return origin

    def adopt(self, tx: Tx, by: str) -> Origin:
        """Start the chain on a store whose events predate it: every event stored so far gets
        its entry now, and the store table says through which position, when and by whom.
        The chain then vouches that those events are unchanged since the adoption, and that
        every later event is unchanged since it was recorded."""
        if self.head(tx) is not None or self.origin(tx) is not None:
            raise Conflict("the hash chain of this store is already started")
        end = tx.value(f"SELECT max(id) FROM {EVENTS_TABLE}") or 0  # noqa: S608
        origin = self._begin(tx, end, by)
        previous = origin.genesis
        at = origin.adopted_at or now()
        for page in self._pages(tx, end):
            rows = []
            for position, event in page:
                previous = link(previous, position, event, at)
                rows.append((position, at, previous.hex()))
            self._insert_entries(tx, rows)
        self._write_through(tx, end, known=False)
        return origin

    def _pages(self, tx: Tx, end: int) -> Iterator[list[tuple[int, StoredEvent]]]:
        last = 0
        query = (
            "SELECT id, originator_id, originator_version, topic, state "  # noqa: S608
            f"FROM {EVENTS_TABLE} WHERE id > ? AND id <= ? ORDER BY id LIMIT {ADOPT_PAGE}"
        )
        while last < end:
            rows = tx.rows(query, (last, end))
            if not rows:
                return
            yield [(r[0], StoredEvent(read_id(r[1]), r[2], r[3], bytes(r[4]))) for r in rows]
            last = rows[-1][0]
