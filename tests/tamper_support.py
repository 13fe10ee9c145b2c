"""Ways to alter a store behind branchbook's back, as someone with write access to its database
could: each changes rows directly, on SQLite or PostgreSQL, and says at which position."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from branchbook.workflows.store.chain import genesis, link
from eventsourcing.persistence import StoredEvent
from sqlalchemy import (
    Connection,
    column,
    create_engine,
    delete,
    func,
    insert,
    select,
    table,
    update,
)

EVENTS = table(
    "branchbook_events",
    column("id"),
    column("originator_id"),
    column("originator_version"),
    column("topic"),
    column("state"),
)
CHAIN = table("branchbook_chain", column("position"), column("recorded_at"), column("hash"))
MEMBERS = table("bb_members", column("id"), column("name"))


def _run(url: str, change: Callable[[Connection], Any]) -> Any:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            return change(conn)
    finally:
        engine.dispose()


def edit(url: str, position: int) -> int:
    """Change one byte of an event's stored state: a letter of its JSON text, so that it still
    reads (a name, a date or a code becomes another)."""

    def change(conn: Connection) -> int:
        state = bytes(
            conn.execute(select(EVENTS.c.state).where(EVENTS.c.id == position)).scalar_one()
        )
        at = next(i for i, b in enumerate(state) if chr(b).isdigit())
        altered = state[:at] + (b"1" if state[at : at + 1] != b"1" else b"2") + state[at + 1 :]
        conn.execute(update(EVENTS).where(EVENTS.c.id == position).values(state=altered))
        return position

    return int(_run(url, change) or 0)


def delete_event(url: str, position: int) -> int:
    """Remove one event row (its chain entry stays)."""
    _run(url, lambda conn: conn.execute(delete(EVENTS).where(EVENTS.c.id == position)) and None)
    return position


def delete_both(url: str, position: int) -> int:
    """Remove one event row and its chain entry: the chain breaks at the next entry."""

    def change(conn: Connection) -> int:
        conn.execute(delete(EVENTS).where(EVENTS.c.id == position))
        conn.execute(delete(CHAIN).where(CHAIN.c.position == position))
        following = conn.execute(
            select(func.min(CHAIN.c.position)).where(CHAIN.c.position > position)
        ).scalar()
        return int(following or position)

    return int(_run(url, change) or 0)


def insert_forged(url: str, position: int) -> int:
    """Insert a copy of the event at `position` as the first event of a new record, at the end
    of the log: a forged record with no chain entry."""

    def change(conn: Connection) -> int:
        row = conn.execute(
            select(EVENTS.c.originator_id, EVENTS.c.topic, EVENTS.c.state).where(
                EVENTS.c.id == position
            )
        ).one()
        forged = uuid.uuid4()
        value: object = forged.bytes if isinstance(row[0], bytes) else forged
        if isinstance(row[0], str):
            value = forged.hex
        result = conn.execute(
            insert(EVENTS)
            .values(originator_id=value, originator_version=1, topic=row[1], state=row[2])
            .returning(EVENTS.c.id)
        )
        return int(result.scalar_one())

    return int(_run(url, change) or 0)


def swap(url: str, position: int) -> int:
    """Swap the ids (log positions) of the event at `position` and the next one."""

    def change(conn: Connection) -> int:
        following = conn.execute(
            select(func.min(EVENTS.c.id)).where(EVENTS.c.id > position)
        ).scalar_one()
        parked = -1
        for old, new in ((position, parked), (following, position), (parked, following)):
            conn.execute(update(EVENTS).where(EVENTS.c.id == old).values(id=new))
        return position

    return int(_run(url, change) or 0)


def truncate(url: str, keep: int) -> int:
    """Remove every event and chain entry after position `keep`."""

    def change(conn: Connection) -> int:
        conn.execute(delete(EVENTS).where(EVENTS.c.id > keep))
        conn.execute(delete(CHAIN).where(CHAIN.c.position > keep))
        return keep

    return int(_run(url, change) or 0)


def edit_view(url: str) -> str:
    """Change a member's name in the members view; return the member's view id."""

    def change(conn: Connection) -> str:
        row = conn.execute(select(MEMBERS.c.id, MEMBERS.c.name).limit(1)).one()
        conn.execute(update(MEMBERS).where(MEMBERS.c.id == row[0]).values(name=row[1] + "X"))
        return str(row[0])

    return str(_run(url, change))


def rechain(url: str) -> None:
    """Recompute every chain entry from the events as they now stand, as someone who knows
    how the chain is made would after altering an event."""
    store = table("branchbook_store", column("name"), column("value"))

    def change(conn: Connection) -> None:
        held = dict(conn.execute(select(store.c.name, store.c.value)).tuples().all())
        previous = genesis(held["id"], int(held.get("adopted_through", "0")))
        rows = conn.execute(
            select(
                EVENTS.c.id,
                EVENTS.c.originator_id,
                EVENTS.c.originator_version,
                EVENTS.c.topic,
                EVENTS.c.state,
                CHAIN.c.recorded_at,
            )
            .join(CHAIN, CHAIN.c.position == EVENTS.c.id)
            .order_by(EVENTS.c.id)
        ).all()
        for row in rows:
            raw = row[1]
            originator = (
                uuid.UUID(bytes=bytes(raw)) if isinstance(raw, bytes) else uuid.UUID(str(raw))
            )
            stored = StoredEvent(originator, row[2], row[3], bytes(row[4]))
            previous = link(previous, row[0], stored, row[5])
            conn.execute(
                update(CHAIN).where(CHAIN.c.position == row[0]).values(hash=previous.hex())
            )

    _run(url, change)


KEYS = table("branchbook_keys", column("key"), column("position"))
STORE = table("branchbook_store", column("name"), column("value"))
POSITIONS = table("bb_view_positions", column("name"), column("position"))


def delete_key_rows(url: str, count: int) -> None:
    """Remove the key rows of the first `count` commands that recorded events."""

    def change(conn: Connection) -> None:
        first = (
            conn.execute(
                select(KEYS.c.key).where(KEYS.c.position.is_not(None)).order_by(KEYS.c.position)
            )
            .scalars()
            .all()[:count]
        )
        conn.execute(delete(KEYS).where(KEYS.c.key.in_(first)))

    _run(url, change)


def forget_written(url: str) -> None:
    """Remove the store's note of the last position ever written."""
    _run(url, lambda conn: conn.execute(delete(STORE).where(STORE.c.name == "written_through")))


def rewind_views(url: str, position: int) -> None:
    """Set the views' position back, as if they had applied no further."""
    _run(
        url,
        lambda conn: conn.execute(
            update(POSITIONS).where(POSITIONS.c.name == "views").values(position=position)
        ),
    )


def empty_chain(url: str) -> None:
    """Remove every chain entry, leaving the store's id."""
    _run(url, lambda conn: conn.execute(delete(CHAIN)))


def position_of_version(url: str, version: int) -> int:
    """The position of the first event in the log that is its record's `version`-th."""
    return int(
        _run(
            url,
            lambda conn: conn.execute(
                select(func.min(EVENTS.c.id)).where(EVENTS.c.originator_version == version)
            ).scalar_one(),
        )
    )


def set_hash(url: str, position: int, value: str) -> None:
    """Overwrite one chain entry's hash."""
    _run(
        url,
        lambda conn: conn.execute(
            update(CHAIN).where(CHAIN.c.position == position).values(hash=value)
        ),
    )
