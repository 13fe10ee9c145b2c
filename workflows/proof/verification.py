"""Whether the log is the one that was recorded: every event in its chain, every link holding,
every event decodable, every record's versions in an unbroken run that replays.

One pass reads the log and the chain side by side in position order, a page at a time, and
hands each page, decoded, to whoever else checks it (the views' comparison), so the log is
read and decoded once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from attrs import define, field, frozen
from eventsourcing.persistence import Notification, StoredEvent
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    exists,
    func,
    inspect,
    null,
    select,
)

from branchbook.domain.branch import Branch
from branchbook.domain.dues import Dues
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.participation import Participation
from branchbook.domain.transfer import Transfers
from branchbook.workflows.proof.event_checks import EventCheck
from branchbook.workflows.proof.findings import Finding
from branchbook.workflows.proof.replay import KEEP
from branchbook.workflows.proof.stored_rows import pages, state_column, stored_event, untyped
from branchbook.workflows.store.chain import Chain, Origin, link
from branchbook.workflows.store.location import KEYS_TABLE
from branchbook.workflows.store.schema import CHAIN_TABLE
from branchbook.workflows.store.tables import keys_table

PAGE = 1000
# Every kind of record the log holds: importing them registers the topics of their events,
# which decoding needs.
RECORDS = (Branch, Dues, Meeting, Member, Organisation, Participation, Transfers)


@frozen
class Entry:
    """A chain entry as stored."""

    position: int
    recorded_at: str
    hash: str


@define
class Scan:
    """What one pass over the log found."""

    events: int = 0
    log_end: int = 0
    chain_end: int = 0
    origin: Origin | None = None
    findings: list[Finding] = field(factory=list)
    # The entries at the positions checkpoints name, read as the pass goes by.
    entries: dict[int, Entry] = field(factory=dict)


class Page:
    """A page of the log handed on: the notifications and each one decoded (an exception
    where it could not be)."""

    def __init__(self, notifications: list[Notification], decoded: list[Any]) -> None:
        self.notifications = notifications
        self.decoded = decoded


class LogCheck:
    """Checks the log of a store against its chain, and that every record replays."""

    def __init__(
        self,
        engine: Engine,
        events: Table,
        chain: Chain,
        decode: Callable[[StoredEvent], Any] | None,
        *,
        wanted: Sequence[int] = (),
        keep: int = KEEP,
    ) -> None:
        self.engine = engine
        self.events = events
        self.chain = chain
        self.decode = decode  # None: the events are not decoded (an encrypted store, no key)
        self.wanted = set(wanted)  # positions whose chain entries the caller asks for
        self.keys_table = keys_table(chain.entries.schema)
        self.keep = keep  # records held in memory at once

    def run(
        self,
        on_page: Callable[[Page], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Scan:
        scan = Scan()
        with self.engine.connect() as conn:
            chained = inspect(conn).has_table(CHAIN_TABLE, schema=self.chain.entries.schema)
            scan.log_end = int(conn.execute(select(func.max(self.events.c.id))).scalar() or 0)
            if chained:
                scan.origin = self.chain.origin(conn)
            self._pass(conn, scan, chained, _Pages(on_page, progress))
            if chained:
                self._keys(conn, scan)
        written = scan.origin.written_through if scan.origin is not None else None
        if written is not None and written < 0:
            scan.findings.append(
                Finding("chain", "the store's note of the last position written was altered")
            )
        elif written is not None and written > scan.chain_end:
            scan.findings.append(
                Finding(
                    "chain",
                    f"events up to #{written} were recorded but the chain ends at "
                    f"#{scan.chain_end}: events were removed from its end",
                    written,
                )
            )
        if not chained or (scan.origin is None and scan.events):
            scan.findings.insert(
                0,
                Finding(
                    "chain",
                    "the store has no hash chain: its events were recorded before it existed; "
                    "run 'branchbook chain adopt' to start one",
                ),
            )
        return scan

    def _pass(self, conn: Connection, scan: Scan, chained: bool, hand_on: _Pages) -> None:
        """Each event with its chain entry beside it (an outer join), and between them the
        entries whose event is missing, in position order."""
        events = untyped(self.events)
        ev = events.c
        ch = self.chain.entries.c
        columns = [ev.id, ev.originator_id, ev.originator_version, ev.topic, state_column(events)]
        orphans: deque[Any] = deque()
        if chained:
            query = select(*columns, ch.recorded_at, ch.hash).select_from(
                events.outerjoin(self.chain.entries, ch.position == ev.id)
            )
            missing = ~exists().where(ev.id == ch.position)
            orphans.extend(
                conn.execute(
                    select(ch.position, ch.recorded_at, ch.hash)
                    .where(missing, ch.position <= scan.log_end)
                    .order_by(ch.position)
                ).all()
            )
        else:
            query = select(*columns, null(), null())
        # The log as it stood when the check began: what is recorded meanwhile is not judged.
        query = query.where(ev.id <= scan.log_end)
        walk = _Walk(scan, self.wanted, chained)
        reading = (
            None
            if self.decode is None
            else EventCheck(conn, self.events, self.keys_table, self.decode, self.keep)
        )
        for row in pages(conn, query, ev.id):
            position = row[0]
            while orphans and orphans[0].position < position:
                walk.entry_alone(orphans.popleft())
            try:
                stored: StoredEvent | None = stored_event(row[1:5])
            except ValueError as exc:
                scan.findings.append(Finding("decode", f"cannot be read: {exc}", position))
                stored = None
            if row[6] is not None:
                walk.linked(position, stored, Entry(position, row[5], row[6]))
            else:
                walk.unchained(position)
            value: Any = ValueError("unreadable")
            if stored is not None and reading is not None:
                value, found = reading.read(position, stored)
                scan.findings.extend(found)
            scan.events += 1
            hand_on.add(position, stored, value)
        while orphans:
            walk.entry_alone(orphans.popleft())
        hand_on.flush()
        scan.chain_end = walk.last

    def _keys(self, conn: Connection, scan: Scan) -> None:
        """Idempotency keys that point past the end of the log name events that are gone."""
        if not inspect(conn).has_table(KEYS_TABLE, schema=self.chain.entries.schema):
            return
        table = self.keys_table
        # Against the log's end now: commands recorded while the check ran are not past it.
        end = int(conn.execute(select(func.max(self.events.c.id))).scalar() or 0)
        beyond = conn.execute(
            select(func.count(), func.max(table.c.position)).where(table.c.position > end)
        ).one()
        if beyond[0]:
            scan.findings.append(
                Finding(
                    "keys",
                    f"{beyond[0]} recorded command{'s' if beyond[0] != 1 else ''} point past "
                    f"the end of the log (#{end}), up to #{beyond[1]}: events were "
                    "removed from its end",
                    beyond[1],
                )
            )


class _Walk:
    """The chain followed entry by entry beside the log."""

    def __init__(self, scan: Scan, wanted: set[int], chained: bool) -> None:
        self.scan = scan
        self.wanted = wanted
        self.chained = chained
        self.previous = scan.origin.genesis if scan.origin is not None else None
        self.last = 0

    def _followed(self, entry: Any) -> None:
        try:
            self.previous = bytes.fromhex(str(entry.hash))
        except ValueError:
            self.previous = b""  # no hash follows from it: the next link fails too
            self.scan.findings.append(
                Finding("chain", "the chain entry's hash is not a SHA-256 in hex", entry.position)
            )
        self.last = entry.position
        if entry.position in self.wanted:
            self.scan.entries[entry.position] = Entry(entry.position, entry.recorded_at, entry.hash)

    def entry_alone(self, entry: Any) -> None:
        """An entry whose event is not in the log."""
        self.scan.findings.append(
            Finding("chain", "the chain has an entry but the log no event", entry.position)
        )
        self._followed(entry)

    def unchained(self, position: int) -> None:
        """An event with no entry, in a store whose chain has begun."""
        if self.chained and self.scan.origin is not None:
            self.scan.findings.append(
                Finding("chain", "the log has an event that the chain has no entry for", position)
            )

    def linked(self, position: int, stored: StoredEvent | None, entry: Any) -> None:
        """An event and its entry: the entry's hash must follow from the one before."""
        if self.previous is None:
            self.scan.findings.append(
                Finding("chain", "the chain has entries but the store no id to begin it", position)
            )
        elif (
            stored is None
            or link(self.previous, position, stored, str(entry.recorded_at)).hex() != entry.hash
        ):
            after = f"#{self.last}" if self.last else "the chain's start"
            self.scan.findings.append(
                Finding(
                    "chain",
                    "the event does not match its chain entry: the event or the entry was "
                    f"altered, the event moved, or an entry between {after} and here was removed",
                    position,
                )
            )
        self._followed(entry)


class _Pages:
    """The log handed on a page at a time, to whoever else checks it."""

    def __init__(
        self,
        on_page: Callable[[Page], None] | None,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.on_page = on_page
        self.progress = progress
        self.notifications: list[Notification] = []
        self.decoded: list[Any] = []
        self.count = 0

    def add(self, position: int, stored: StoredEvent | None, value: Any) -> None:
        self.count += 1
        if self.on_page is None:
            if self.count >= PAGE:
                self.flush()
            return
        stored = stored or StoredEvent(UUID(int=0), 0, "", b"")
        self.notifications.append(
            Notification(
                id=position,
                originator_id=stored.originator_id,
                originator_version=stored.originator_version,
                topic=stored.topic,
                state=stored.state,
            )
        )
        self.decoded.append(value)
        if self.count >= PAGE:
            self.flush()

    def flush(self) -> None:
        if not self.count:
            return
        if self.on_page is not None:
            self.on_page(Page(self.notifications, self.decoded))
        if self.progress is not None:
            self.progress(self.count)
        self.notifications, self.decoded, self.count = [], [], 0
