"""Keeps the read models current: reads notification pages and applies each in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from functools import partial
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification
from sqlalchemy import (
    Connection,
    Engine,
    MetaData,
    Table,
    delete,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from branchbook.domain.correction import VOIDED_TOPIC, Voided
from branchbook.projections.auditors import audit_trail as audit_view
from branchbook.projections.catching_up.broken_log import beyond_end, check_gaps, check_position
from branchbook.projections.catching_up.lag import SCHEMA, VIEWS
from branchbook.projections.catching_up.placing import Fault, Projector, place_each, place_page
from branchbook.projections.members import timelines
from branchbook.projections.members.timelines import following
from branchbook.projections.storage.limits import BIG_INTEGER_RANGE, checked, reason_of
from branchbook.projections.storage.secrecy import (
    ViewKeyring,
    check_key,
    encrypt_views,
    encrypted_with,
    mark_encrypted,
)
from branchbook.projections.storage.tables import RETIRED, VIEW_SCHEMA, metadata, positions, voided


class _Restart(Exception):
    """A page holds a correction the views have not yet taken into account."""


class CatchUp:
    """Brings the views up to the end of the notification log, a page per transaction.

    SQLite has no subscriptions, so every query first calls run(). The position moves by
    compare-and-set in the page's own transaction, so two processes catching up at once
    never apply a page twice.

    A correction voids earlier events. Views are built as if voided events had never been
    applied, except the audit trail, which keeps them: bb_voided lists the voided positions,
    and an event at one of them goes to the `audit` projector only. When catch-up meets a
    correction bb_voided does not know yet, it empties the views, refills bb_voided from the
    store and starts again from the first notification.

    No stored event stops the catch-up. A page goes in whole in one savepoint; when one of its
    events cannot be placed (a value beyond projections.storage.limits, or a projector that fails
    on it), the page is placed again event by event, each in its own savepoint, and each event
    that fails is left out of the views and recorded in bb_unplaced
    (projections.catching_up.unplaced).
    Which events fail depends only on the log, so a rebuild still equals a catch-up.
    """

    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        decode: Callable[[Notification], Any],
        projector: Projector,
        page_size: int = 1000,
        *,
        audit: Projector | None = audit_view.project,
        chain: str | None = None,
        keyring: ViewKeyring | None = None,
        fatal: tuple[type[Exception], ...] = (),
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.decode = decode
        self.projector = projector
        self.page_size = page_size
        # What a voided event still goes to; None leaves voided events out of every view.
        self.audit = audit
        # The last position views fed by feed() will reach: corrections after it are not
        # yet known to them.
        self.through: int | None = None
        # The table of the log's hash chain, when there is one: a page must hold every event
        # it has an entry for.
        self.chain = chain
        # The keyring that encrypts the views (None: clear views), and the errors of decoding
        # an event that end the catch-up instead of making it a finding (a key not given).
        self.keyring = keyring
        self.fatal = fatal
        encrypt_views(engine, keyring)
        self._ensure_schema()

    def schema(self) -> int | None:
        """The VIEW_SCHEMA the stored views were built with, or None if there are none."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(positions.name):
                return None
            return conn.execute(
                select(positions.c.position).where(positions.c.name == SCHEMA)
            ).scalar_one_or_none()

    def encrypted(self) -> str | None:
        """The id of the key the stored views were last written with; None if clear."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(positions.name):
                return None
            return encrypted_with(conn)

    def _ensure_schema(self) -> None:
        """Views built with another table shape are dropped; the next run refills them.
        So are clear views when a key is given: the views are encrypted whole, or not at all.
        Secret views are never read or dropped without one of their keys."""
        encrypted = self.encrypted()
        check_key(encrypted, self.keyring)
        if self.schema() == VIEW_SCHEMA and (encrypted is None) == (self.keyring is None):
            if self.keyring is not None and encrypted != self.keyring.key_id:
                with self.engine.begin() as conn:
                    mark_encrypted(conn, self.keyring)  # a newer key writes from now on
            return
        try:
            self._reset()
        except SQLAlchemyError:
            # Another process opening the same store may have reset the views meanwhile.
            if self.schema() != VIEW_SCHEMA:
                raise

    def _reset(self) -> None:
        retired = MetaData()
        for name in RETIRED:
            Table(name, retired)
        retired.drop_all(self.engine, checkfirst=True)
        metadata.drop_all(self.engine, checkfirst=True)
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            conn.execute(insert(positions).values(name=SCHEMA, position=VIEW_SCHEMA))
            if self.keyring is not None:
                mark_encrypted(conn, self.keyring)

    def position(self) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(positions.c.position).where(positions.c.name == VIEWS)
            ).scalar_one_or_none()

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every notification not yet applied; return how many were applied."""
        applied = 0
        start = self.position()
        if start:
            end = self.recorder.max_notification_id() or 0
            if start > end:
                raise beyond_end(start, end)
            check_position(self.engine, self.chain, start)
        while True:
            start = self.position()
            # Read the page before opening the view's transaction: the event store keeps its
            # transaction in a context variable, which the view's statements would join.
            page = self.recorder.select_notifications(
                start=start, limit=self.page_size, inclusive_of_start=start is None
            )
            if not page:
                return applied
            check_gaps(self.engine, self.chain, start, page)
            # Views started from nothing learn every correction recorded so far up front.
            known = self._corrections() if start is None else []
            try:
                done = self._apply_page(start, page, known)
            except IntegrityError:
                done = False  # another process created the position row first
            except _Restart:
                with suppress(IntegrityError):  # another process created the position row
                    self._restart(start)
                continue
            if done:
                applied += len(page)
                if progress is not None:
                    progress(len(page))

    def feed(self, page: Sequence[Notification], decoded: Sequence[Any]) -> None:
        """Apply a page that another pass over the log has read and decoded (an exception
        where an event could not be decoded): the next page after the last one applied."""
        if not page:
            return
        start = self.position()
        known = self._corrections() if start is None else []
        events = [
            Fault(f"cannot be decoded: {reason_of(e)}") if isinstance(e, Exception) else e
            for e in decoded
        ]
        if not self._apply_page(start, page, known, events):
            raise RuntimeError("the views moved while they were fed")

    def _apply_page(
        self,
        start: int | None,
        page: Sequence[Notification],
        known: list[dict[str, int]],
        decoded: list[Any] | None = None,
    ) -> bool:
        events = decoded if decoded is not None else [self._decoded(n) for n in page]
        with self.engine.begin() as conn, checked(conn):
            if not self._advance(conn, start, page[-1].id):
                return False  # another process applied this page first
            if known:
                conn.execute(insert(voided), known)
            corrected = {p for p in map(_corrected, events) if p is not None}
            if corrected:
                seen = select(voided.c.position).where(voided.c.position.in_(corrected))
                if corrected - set(conn.execute(seen).scalars()):
                    raise _Restart  # rolls the page's transaction back
            first, last = page[0].id, page[-1].id
            # The positions voided in the page, and those before it whose correction is
            # after its start: what was known before each correction is kept beside the views.
            query = select(voided.c.position, voided.c.by).where(
                voided.c.position <= last, voided.c.by > first
            )
            spans: dict[int, int] = dict(conn.execute(query).tuples().all())
            skip = {v for v in spans if v >= first}
            audit = None if self.audit is None else partial(_voided, self.audit)
            with following(conn, spans, first):
                if not place_page(conn, self.projector, audit, page, events, skip):
                    timelines.again(conn)
                    place_each(conn, self.projector, audit, page, events, skip)
        return True

    def _decoded(self, notification: Notification) -> Any:
        try:
            return self.decode(notification)
        except self.fatal:
            raise
        except Exception as exc:  # a finding, not the end of the catch-up
            return Fault(f"cannot be decoded: {reason_of(exc)}")

    def _corrections(self) -> list[dict[str, int]]:
        """Every (voided position, correcting position) pair recorded in the store: the first
        correction of each position whose correction can be read."""
        found: dict[int, int] = {}
        start: int | None = None
        while True:
            page = self.recorder.select_notifications(
                start=start,
                limit=self.page_size,
                topics=[VOIDED_TOPIC],
                inclusive_of_start=start is None,
            )
            if not page:
                return [{"position": p, "by": by} for p, by in found.items()]
            for notification in page:
                if self.through is not None and notification.id > self.through:
                    continue
                corrects = _corrected(self._decoded(notification))
                if corrects is not None:
                    found.setdefault(corrects, notification.id)
            start = page[-1].id

    def _restart(self, start: int | None) -> None:
        """Empty the views and start again from the first notification, knowing every
        correction so far; unless another process moved the position on meanwhile."""
        known = self._corrections()
        with self.engine.begin() as conn:
            if not self._advance(conn, start, 0):
                return
            for table in reversed(metadata.sorted_tables):
                if table is not positions:
                    conn.execute(delete(table))
            if known:
                conn.execute(insert(voided), known)

    @staticmethod
    def _advance(conn: Connection, start: int | None, end: int) -> bool:
        if start is None:
            conn.execute(insert(positions).values(name=VIEWS, position=end))
            return True
        moved = conn.execute(
            update(positions)
            .where(positions.c.name == VIEWS, positions.c.position == start)
            .values(position=end)
        )
        return moved.rowcount == 1

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop and refill every view from the first notification."""
        self._reset()
        return self.run(progress)


def _voided(audit: Projector, conn: Connection, event: Any, position: int) -> None:
    """A voided event: in the audit trail, and in the member's state as known before its
    correction."""
    audit(conn, event, position)
    timelines.voided(conn, event, position)


def _corrected(event: Any) -> int | None:
    """The position a correction voids, when the event is one whose position can be held."""
    if not isinstance(event, Voided):
        return None
    corrects = event.corrects
    return corrects if type(corrects) is int and 0 < corrects <= BIG_INTEGER_RANGE[1] else None
