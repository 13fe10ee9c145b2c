"""The store tests' journal lines and readings of the store: its notifications, raw topics and
applications counted."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Engine, text

from branchbook.workflows.recording.recorder import Recorder
from branchbook.workflows.store.app import BranchBook

BRANCHBOOK = str(Path(sys.executable).with_name("branchbook"))
EVENTS_TABLE = "branchbook_events"
APPLIED = "branchbook:Member.Applied"
FOUNDED = date(2000, 1, 1)
APPLIED_ON = date(2024, 3, 1)
ORGANISATION = {
    "code": "P",
    "name": "党委",
    "kind": "committee",
    "approves-admissions": True,
    "date": FOUNDED.isoformat(),
}
BRANCH = {
    "code": "B01",
    "name": "第一支部",
    "kind": "regular",
    "parent": "P",
    "full-members": 3,
    "date": FOUNDED.isoformat(),
}


def application(number: str, name: str | None = None, **extra: str) -> dict[str, str]:
    """A valid member.apply journal line for branch B01."""
    return {
        "command": "member.apply",
        "member": number,
        "name": name or f"Applicant {number}",
        "birth": "1990-05-01",
        "branch": "B01",
        "date": APPLIED_ON.isoformat(),
        **extra,
    }


def numbers(first: int, count: int) -> list[str]:
    return [f"M{n:05d}" for n in range(first, first + count)]


def found_branch(recorder: Recorder) -> None:
    """Enter the committee P, then found branch B01 under it: the store's first two events."""
    for command, values in (("org.add", ORGANISATION), ("branch.found", BRANCH)):
        outcome = recorder.record(command, values)
        assert outcome.accepted, outcome


def all_notifications(app: BranchBook, page: int = 1000) -> list[Notification]:
    """The whole notification log, read page by page as a catch-up reader would."""
    out: list[Notification] = []
    while True:
        start = out[-1].id if out else None
        batch = app.recorder.select_notifications(
            start=start, limit=page, inclusive_of_start=start is None
        )
        if not batch:
            return out
        out.extend(batch)


def raw_topics(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT topic FROM {EVENTS_TABLE} ORDER BY id"))  # noqa: S608
        return [row[0] for row in rows]


def applied_count(engine: Engine) -> int:
    with engine.connect() as conn:
        query = text(f"SELECT count(*) FROM {EVENTS_TABLE} WHERE topic = :t")  # noqa: S608
        return int(conn.execute(query, {"t": APPLIED}).scalar_one())


def applied_members(app: BranchBook) -> Counter[UUID | str]:
    """How many Applied events each member has in the store."""
    return Counter(n.originator_id for n in all_notifications(app) if n.topic == APPLIED)


@contextmanager
def open_reader(url: str) -> Iterator[BranchBook]:
    """The application opened afresh on a store URL, closed on leaving."""
    reader = BranchBook(url)
    try:
        yield reader
    finally:
        reader.close()
