"""Keeps the read models current: reads notification pages and applies each in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, Notification
from sqlalchemy import Connection, Engine, MetaData, Table, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from projections.tables import RETIRED, VIEW_SCHEMA, metadata, positions

VIEWS = "views"
# The row of bb_view_positions that holds the VIEW_SCHEMA the views were built with.
SCHEMA = "schema"


class Projector(Protocol):
    """Applies one decoded event to the read-model tables on a connection."""

    def __call__(self, conn: Connection, event: Any, position: int) -> None: ...


class CatchUp:
    """Brings the views up to the end of the notification log, a page per transaction.

    SQLite has no subscriptions, so every query first calls run(). The position moves by
    compare-and-set in the page's own transaction, so two processes catching up at once
    never apply a page twice.
    """

    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        decode: Callable[[Notification], Any],
        projector: Projector,
        page_size: int = 1000,
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.decode = decode
        self.projector = projector
        self.page_size = page_size
        self._ensure_schema()

    def schema(self) -> int | None:
        """The VIEW_SCHEMA the stored views were built with, or None if there are none."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(positions.name):
                return None
            return conn.execute(
                select(positions.c.position).where(positions.c.name == SCHEMA)
            ).scalar_one_or_none()

    def _ensure_schema(self) -> None:
        """Views built with another table shape are dropped; the next run refills them."""
        if self.schema() == VIEW_SCHEMA:
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

    def position(self) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(positions.c.position).where(positions.c.name == VIEWS)
            ).scalar_one_or_none()

    def run(self, progress: Callable[[int], None] | None = None) -> int:
        """Apply every notification not yet applied; return how many were applied."""
        applied = 0
        while True:
            start = self.position()
            # Read the page before opening the view's transaction (see DESIGN.md).
            page = self.recorder.select_notifications(
                start=start, limit=self.page_size, inclusive_of_start=start is None
            )
            if not page:
                return applied
            try:
                done = self._apply_page(start, page)
            except IntegrityError:
                done = False  # another process created the position row first
            if done:
                applied += len(page)
                if progress is not None:
                    progress(len(page))

    def _apply_page(self, start: int | None, page: Sequence[Notification]) -> bool:
        events = [self.decode(n) for n in page]
        with self.engine.begin() as conn:
            if not self._advance(conn, start, page[-1].id):
                return False  # another process applied this page first
            for notification, event in zip(page, events, strict=True):
                self.projector(conn, event, notification.id)
        return True

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
