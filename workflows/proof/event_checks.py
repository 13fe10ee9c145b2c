"""Whether every event reads as what it was: it decodes, its record replays with it, and the
command that recorded it has its row in the key table (without which a rerun would record it
again)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Connection, Table, inspect, select

from branchbook.domain.branch import Branch
from branchbook.domain.correction import VOIDED_TOPIC, Voided
from branchbook.domain.dues import Dues
from branchbook.domain.meeting import Meeting
from branchbook.domain.member import Member
from branchbook.domain.organisation import Organisation
from branchbook.domain.participation import Participation
from branchbook.domain.transfer import Transfers
from branchbook.workflows.errors import Encrypted
from branchbook.workflows.proof.findings import Finding, reason
from branchbook.workflows.proof.replay import KEEP, Replay, record_id
from branchbook.workflows.proof.stored_rows import state_column, stored_event, untyped

# Every kind of record the log holds: importing them registers the topics of their events,
# which decoding needs.
RECORDS = (Branch, Dues, Meeting, Member, Organisation, Participation, Transfers)


class EventCheck:
    """Decodes each event the pass meets, replays its record, and checks that the command it
    begins has its row in the key table."""

    def __init__(
        self,
        conn: Connection,
        events: Table,
        keys: Table,
        decode: Callable[[StoredEvent], Any],
        keep: int = KEEP,
    ) -> None:
        self.conn = conn
        self.events = events
        self.decode = decode
        self.replay = Replay(self._voided(), partial(self._stream), keep=keep)
        self.commands = self._command_positions(keys)
        self.command: str | None = None  # the command of the event met last

    def read(self, position: int, stored: StoredEvent) -> tuple[Any, list[Finding]]:
        """The event decoded (or why it cannot be), and what does not hold of it."""
        try:
            value = self.decode(stored)
        except Encrypted:
            raise  # another key than the store's: nothing can be checked (exit 8)
        except Exception as exc:  # a finding, not the end of the check
            self.replay.lost(stored)
            self.command = None
            return exc, [Finding("decode", f"cannot be decoded: {reason(exc)}", position)]
        found = self.replay.apply(position, stored, value)
        found += self._keyed(position, value)
        return value, found

    def _keyed(self, position: int, event: Any) -> list[Finding]:
        """The first event of a command stands where its key row says."""
        step = getattr(event, "step", None)
        key, command = getattr(step, "key", None), getattr(step, "command", None)
        starts = command is None or command != self.command
        self.command = command
        if key is None or not starts or self.commands is None or position in self.commands:
            return []
        return [
            Finding(
                "keys",
                "the command recorded here has no row in the key table: rows were removed "
                "from it, and a rerun would record the command again",
                position,
            )
        ]

    def _command_positions(self, keys: Table) -> set[int] | None:
        """Where each recorded command's events begin, by the key table; None without one."""
        if not inspect(self.conn).has_table(keys.name, schema=keys.schema):
            return None
        c = keys.c
        return set(self.conn.execute(select(c.position).where(c.position.is_not(None))).scalars())

    def _voided(self) -> dict[UUID, set[int]]:
        """The versions each record's corrections void, read before the pass (a fold needs to
        know them before it meets the voided event)."""
        raw = untyped(self.events)
        c = raw.c
        found: dict[UUID, set[int]] = {}
        query = (
            select(c.originator_id, c.originator_version, c.topic, state_column(raw))
            .where(c.topic == VOIDED_TOPIC)
            .order_by(c.id)
        )
        for row in self.conn.execute(query):
            try:
                stored = stored_event(row)
                event = self.decode(stored)
            except Encrypted:
                raise
            except Exception:  # noqa: S112 (the pass reports it at its position)
                continue
            if isinstance(event, Voided) and type(event.corrects_version) is int:
                found.setdefault(record_id(stored.originator_id), set()).add(event.corrects_version)
        return found

    def _stream(self, originator: UUID, last: int) -> list[Any]:
        """A record's events up to version `last`, decoded (they decoded in the pass)."""
        c = self.events.c
        query = (
            select(c.originator_id, c.originator_version, c.topic, c.state)
            .where(c.originator_id == originator, c.originator_version <= last)
            .order_by(c.originator_version)
        )
        return [self.decode(stored_event(row)) for row in self.conn.execute(query)]
