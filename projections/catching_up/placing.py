"""Placing a page's events in the views: all together in one savepoint, or one by one when any
of them cannot be placed, each that fails left out as a finding. An event placed alone goes
through the same code as a page, as a page of one whose rows are written before the next."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol

from attrs import frozen
from eventsourcing.persistence import Notification
from sqlalchemy import Connection
from sqlalchemy.exc import DisconnectionError, InterfaceError, InternalError, OperationalError

from branchbook.projections.catching_up import unplaced
from branchbook.projections.storage.buffer import buffered
from branchbook.projections.storage.limits import Unholdable, event_fault, reason_of


class Projector(Protocol):
    """Applies one decoded event to the read-model tables on a connection."""

    def __call__(self, conn: Connection, event: Any, position: int) -> None: ...


# Failures of the database itself, not of one event: they end the catch-up, as before.
STORAGE_ERRORS = (OperationalError, InterfaceError, InternalError, DisconnectionError)


@frozen
class Fault:
    """Why an event cannot be placed; `own` when a value of its own is at fault, rather than
    (perhaps) an earlier event of its record that was left out."""

    reason: str
    own: bool = True


def place_page(  # noqa: PLR0917 - the page and what the catch-up knows of it
    conn: Connection,
    projector: Projector,
    audit: Projector | None,
    page: Sequence[Notification],
    events: list[Any],
    skip: set[int],
) -> bool:
    """Apply the page's events together in one savepoint, their rows written together;
    False, with nothing applied, when any of them cannot be placed."""
    if any(isinstance(e, Fault) or event_fault(e) is not None for e in events):
        return False
    savepoint = conn.begin_nested()
    try:
        with buffered(conn, events):
            for notification, event in zip(page, events, strict=True):
                if notification.id not in skip:
                    projector(conn, event, notification.id)
                elif audit is not None:
                    audit(conn, event, notification.id)
    except STORAGE_ERRORS:
        raise
    except Exception:  # placed again one by one, to find which
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def place_each(  # noqa: PLR0917 - the page and what the catch-up knows of it
    conn: Connection,
    projector: Projector,
    audit: Projector | None,
    page: Sequence[Notification],
    events: list[Any],
    skip: set[int],
) -> None:
    """Apply the page's events one by one, each in its own savepoint: one that cannot be
    placed is left out of the views as a finding, and the audit keeps what it can of it."""
    for notification, event in zip(page, events, strict=True):
        position = notification.id
        is_voided = position in skip
        project = audit if is_voided else projector
        if project is None:
            continue
        fault = fault_of(conn, project, event, position)
        if fault is None:
            continue
        unplaced.record(conn, notification, fault.reason, follows=not fault.own)
        if audit is None:
            continue
        decoded = None if isinstance(event, Fault) else event
        if (
            decoded is not None
            and not is_voided
            and attempt(conn, partial(alone, conn, audit, decoded, position)) is None
        ):
            continue  # in the audit trail, if in no other view
        attempt(conn, partial(unplaced.stand_in, conn, notification, decoded))


def fault_of(conn: Connection, project: Projector, event: Any, position: int) -> Fault | None:
    """Why an event cannot be placed; None once it is placed, in a savepoint of its own."""
    if isinstance(event, Fault):
        return event
    reason = event_fault(event)
    if reason is not None:
        return Fault(reason)
    failure = attempt(conn, partial(alone, conn, project, event, position))
    if failure is None:
        return None
    return Fault(reason_of(failure), own=isinstance(failure, Unholdable))


def alone(conn: Connection, project: Projector, event: Any, position: int) -> None:
    """Place one event as a page of one: its rows are written before this returns."""
    with buffered(conn, [event]):
        project(conn, event, position)


def attempt(conn: Connection, apply: Callable[[], None]) -> Exception | None:
    """Apply in a savepoint: None when it went in, else what failed (and nothing of it stays)."""
    savepoint = conn.begin_nested()
    try:
        apply()
    except STORAGE_ERRORS:
        raise
    except Exception as exc:  # the reason becomes a finding
        savepoint.rollback()
        return exc
    savepoint.commit()
    return None
