"""Keeps the read models current: reads notification pages and applies each in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, Notification
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from projections.tables import metadata, positions

VIEWS = "views"


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
        metadata.create_all(engine, checkfirst=True)

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
        metadata.drop_all(self.engine, checkfirst=True)
        metadata.create_all(self.engine)
        return self.run(progress)
