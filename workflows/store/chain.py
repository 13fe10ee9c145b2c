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
from hashlib import sha256
from uuid import UUID

from attrs import frozen
from eventsourcing.persistence import StoredEvent
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from branchbook.workflows.errors import BrokenRecord, Conflict
from branchbook.workflows.store.location import APP_NAME

CHAIN_TABLE = f"{APP_NAME}_chain"
STORE_TABLE = f"{APP_NAME}_store"
GENESIS_LABEL = b"branchbook chain 1"
HASH_LENGTH = 64  # hex digits of a SHA-256
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


def chain_table(schema: str | None) -> Table:
    position = BigInteger().with_variant(Integer, "sqlite")  # the row id on SQLite
    return Table(
        CHAIN_TABLE,
        MetaData(schema=schema),
        Column("position", position, primary_key=True, autoincrement=False),
        Column("recorded_at", String(40), nullable=False),
        Column("hash", String(HASH_LENGTH), nullable=False),
    )


def store_table(schema: str | None) -> Table:
    return Table(
        STORE_TABLE,
        MetaData(schema=schema),
        Column("name", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )


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
    """The chain's two tables, and how an entry is added to them inside a save."""

    def __init__(self, schema: str | None, events: Table) -> None:
        self.entries = chain_table(schema)
        self.store = store_table(schema)
        self.events = events

    def head(self, session: Session | Connection) -> Head | None:
        c = self.entries.c
        row = session.execute(
            select(c.position, c.hash, c.recorded_at).order_by(c.position.desc()).limit(1)
        ).first()
        return None if row is None else Head(row.position, row.hash, row.recorded_at)

    def origin(self, session: Session | Connection) -> Origin | None:
        query = select(self.store.c.name, self.store.c.value)
        rows = {row.name: row.value for row in session.execute(query)}
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

    def _written(self, session: Session) -> int | None:
        c = self.store.c
        value = session.execute(select(c.value).where(c.name == WRITTEN_THROUGH)).scalar()
        if value is None:
            return None
        if not str(value).isdigit():
            raise BrokenRecord(
                "the store's note of the last position written was altered: nothing is "
                "written; run 'branchbook verify'"
            )
        return int(value)

    def _write_through(self, session: Session, position: int, known: bool) -> None:
        c = self.store.c
        if known:
            session.execute(
                update(self.store).where(c.name == WRITTEN_THROUGH).values(value=str(position))
            )
        else:
            session.execute(insert(self.store).values(name=WRITTEN_THROUGH, value=str(position)))

    def extend(self, session: Session, stored: Sequence[StoredEvent], ids: Sequence[int]) -> None:
        """Write the entries of events just inserted at `ids`, in the save's transaction,
        after the entry of the event before them: the store's lock is held."""
        before = session.execute(
            select(func.max(self.events.c.id)).where(self.events.c.id < ids[0])
        ).scalar()
        head = self.head(session)
        written = self._written(session)
        if head is None:
            origin = self.origin(session)
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
            previous = (origin or self._begin(session)).genesis
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
            rows.append({"position": position, "recorded_at": at, "hash": previous.hex()})
        session.execute(insert(self.entries), rows)
        self._write_through(session, ids[-1], known=written is not None)

    def _begin(self, session: Session, adopted_through: int = 0, by: str | None = None) -> Origin:
        origin = Origin(str(uuid.uuid4()), adopted_through, now() if by else None, by)
        rows = [{"name": STORE_ID, "value": origin.store_id}]
        if by is not None:
            rows += [
                {"name": ADOPTED_THROUGH, "value": str(adopted_through)},
                {"name": ADOPTED_AT, "value": origin.adopted_at or ""},
                {"name": ADOPTED_BY, "value": by},
            ]
        session.execute(insert(self.store), rows)
        return origin

    def adopt(self, session: Session, by: str) -> Origin:
        """Start the chain on a store whose events predate it: every event stored so far gets
        its entry now, and the store table says through which position, when and by whom.
        The chain then vouches that those events are unchanged since the adoption, and that
        every later event is unchanged since it was recorded."""
        if self.head(session) is not None or self.origin(session) is not None:
            raise Conflict("the hash chain of this store is already started")
        end = session.execute(select(func.max(self.events.c.id))).scalar() or 0
        origin = self._begin(session, end, by)
        previous = origin.genesis
        at = origin.adopted_at or now()
        for page in self._pages(session, end):
            rows = []
            for position, event in page:
                previous = link(previous, position, event, at)
                rows.append({"position": position, "recorded_at": at, "hash": previous.hex()})
            session.execute(insert(self.entries), rows)
        self._write_through(session, end, known=False)
        return origin

    def _pages(self, session: Session, end: int) -> Iterator[list[tuple[int, StoredEvent]]]:
        c = self.events.c
        last = 0
        while last < end:
            rows = session.execute(
                select(c.id, c.originator_id, c.originator_version, c.topic, c.state)
                .where(c.id > last, c.id <= end)
                .order_by(c.id)
                .limit(ADOPT_PAGE)
            ).all()
            if not rows:
                return
            yield [(r[0], StoredEvent(r[1], r[2], r[3], bytes(r[4]))) for r in rows]
            last = rows[-1][0]
