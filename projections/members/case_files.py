"""The views of a member's files beside the Member: transfers, the dues ledger and where they
take part; each step also goes into the member's history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from branchbook.domain.dues import Dues
from branchbook.domain.months import span
from branchbook.domain.participation import Participation
from branchbook.domain.transfer import Transfers
from branchbook.projections.members.row import RECORD_OF, Values, step_row
from branchbook.projections.storage.buffer import append
from branchbook.projections.storage.tables import (
    case_files,
    dues_incomes,
    dues_payments,
    participations,
    transfers,
)

OPENED = (Transfers.Opened, Dues.Opened, Participation.Opened)
FILE_EVENTS = (Transfers.Event, Dues.Event, Participation.Event, *OPENED)

# The name each step goes by in the member's history.
FILE_KINDS: Mapping[type[Any], str] = {
    Transfers.Requested: "transfer-requested",
    Transfers.Issued: "transfer-issued",
    Transfers.Received: "transfer-received",
    Transfers.Refused: "transfer-refused",
    Dues.IncomeDeclared: "income-declared",
    Dues.Paid: "dues-paid",
    Participation.Started: "participation-started",
    Participation.Ended: "participation-ended",
}


def project(conn: Connection, event: Any, position: int) -> None:
    """Apply one event of a transfers file, dues ledger or participation record."""
    file_id = event.originator_id.hex
    if isinstance(event, OPENED):
        conn.execute(insert(case_files).values(id=file_id, member=event.number))
        return
    kind = FILE_KINDS.get(type(event))
    if kind is None:
        return
    number = conn.execute(
        select(case_files.c.member).where(case_files.c.id == file_id)
    ).scalar_one()
    _APPLY[type(event)](conn, event, number, position)
    append(conn, RECORD_OF, {"member": number, **step_row(conn, event, position, kind)})


def _open_transfer(number: str) -> Any:
    return update(transfers).where(
        and_(transfers.c.member == number, transfers.c.outcome.is_(None))
    )


def _requested(conn: Connection, e: Any, number: str, position: int) -> None:
    count = conn.execute(
        select(func.count()).select_from(transfers).where(transfers.c.member == number)
    ).scalar_one()
    conn.execute(
        insert(transfers).values(
            member=number,
            number=count + 1,
            from_branch=e.origin,
            to_branch=e.to,
            reason=e.reason,
            requested=e.step.effective,
            requested_at=position,
        )
    )


def _issued(conn: Connection, e: Any, number: str, position: int) -> None:
    on = e.step.effective
    conn.execute(
        _open_transfer(number).values(issued=on, issued_by=e.body, ref=e.ref, issued_at=position)
    )


def _received(conn: Connection, e: Any, number: str, position: int) -> None:
    conn.execute(
        _open_transfer(number).values(
            outcome="received", closed=e.step.effective, closed_at=position
        )
    )


def _refused(conn: Connection, e: Any, number: str, position: int) -> None:
    conn.execute(
        _open_transfer(number).values(
            outcome="refused",
            closed=e.step.effective,
            refusal=f"{e.by}: {e.reason}",
            closed_at=position,
        )
    )


def _income(conn: Connection, e: Any, number: str, position: int) -> None:
    conn.execute(
        insert(dues_incomes).values(
            position=position,
            member=number,
            since=e.step.effective,
            kind=e.kind,
            monthly_fen=e.monthly_fen,
        )
    )


def _paid(conn: Connection, e: Any, number: str, position: int) -> None:
    paid: Values = {
        "member": number,
        "branch": e.branch,
        "paid_on": e.step.effective,
        "payment": position,
        "amount_fen": e.amount_fen,
    }
    conn.execute(insert(dues_payments), [{**paid, "month": m} for m in span(e.first, e.last)])


def _started(conn: Connection, e: Any, number: str, position: int) -> None:
    conn.execute(
        insert(participations).values(
            position=position,
            member=number,
            branch=e.branch,
            basis=e.basis,
            fixed_place=e.fixed_place,
            since=e.step.effective,
        )
    )


def _ended(conn: Connection, e: Any, number: str, position: int) -> None:
    conn.execute(
        update(participations)
        .where(
            participations.c.member == number,
            participations.c.branch == e.branch,
            participations.c.until.is_(None),
        )
        .values(until=e.step.effective, ended_at=position)
    )


Apply = Callable[[Connection, Any, str, int], None]
_APPLY: Mapping[type[Any], Apply] = {
    Transfers.Requested: _requested,
    Transfers.Issued: _issued,
    Transfers.Received: _received,
    Transfers.Refused: _refused,
    Dues.IncomeDeclared: _income,
    Dues.Paid: _paid,
    Participation.Started: _started,
    Participation.Ended: _ended,
}
