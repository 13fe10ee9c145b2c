"""Corrections: a new step that voids a mistaken one, naming it and why.

A recorded command may have left events on several records (an admission: the meeting, the
member and the branch's roll). Correcting any of its positions voids all of them, each by a
Voided event on its own record; the audit trail keeps both the voided events and the correction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from branchbook.domain.correction import check_correction, record_label, void
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput, NotFound
from branchbook.workflows.steps.commands import CommandSpec, Field
from branchbook.workflows.steps.loading import MEMBER, member_of, member_touch

if TYPE_CHECKING:
    from branchbook.workflows.store.app import BranchBook
    from branchbook.workflows.store.uow import UnitOfWork

# Notifications read at a time while gathering the events of one command around a position.
WINDOW = 64


def _at(app: BranchBook, position: int) -> Any:
    """The event recorded at a position, or None."""
    found = app.recorder.select_notifications(start=position, limit=1)
    if not found or found[0].id != position:
        return None
    return app.mapper.to_domain_event(found[0])


def _neighbours(app: BranchBook, position: int, *, before: bool) -> Iterator[tuple[int, Any]]:
    """The events next to a position, walking away from it (backwards or forwards)."""
    edge = position
    while True:
        if before:
            if edge <= 1:
                return
            start = max(1, edge - WINDOW)
            page = app.recorder.select_notifications(start=start, limit=WINDOW, stop=edge - 1)
            page = page[::-1]
        else:
            page = app.recorder.select_notifications(
                start=edge, limit=WINDOW, inclusive_of_start=False
            )
        if not page:
            return
        for notification in page:
            yield notification.id, app.mapper.to_domain_event(notification)
        edge = page[-1].id


def command_events(app: BranchBook, position: int, event: Any) -> list[tuple[int, Any]]:
    """Every event recorded by the command that recorded the event at `position`, in order.

    One command's events are saved together, one after the other, so they are found by
    walking out from the position while the events carry the same command id. An event
    recorded without a command id stands alone.
    """
    command = event.step.command
    found = [(position, event)]
    if command is None:
        return found
    for side in (True, False):
        for at, other in _neighbours(app, position, before=side):
            if getattr(getattr(other, "step", None), "command", None) != command:
                break
            found.append((at, other))
    return sorted(found, key=lambda pair: pair[0])


def correct(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    """Void every event of the command at position `step`, for the reason `why`."""
    position: int = v["step"]
    why: str = v["why"]
    event = _at(uow.app, position)
    if event is None:
        raise NotFound(f"no step #{position} in the record")
    voiding: dict[UUID, list[tuple[int, Any]]] = {}
    events = command_events(uow.app, position, event)
    for at, mine in events:
        voiding.setdefault(mine.originator_id, []).append((at, mine))
    records: list[tuple[Aggregate, list[tuple[int, Any]]]] = []
    for aggregate_id, mine in voiding.items():
        aggregate = uow.get(aggregate_id, Aggregate)
        assert aggregate is not None, "a stored event's record exists"
        stream: list[tuple[int | None, Any]] = [*uow.app.stream(aggregate_id)]
        stream.extend((None, pending) for pending in aggregate.pending_events)
        check_correction(
            judge,
            step=position,
            record=record_label(aggregate),
            stream=stream,
            versions={e.originator_version for _, e in mine},
        )
        records.append((aggregate, mine))
    for aggregate, mine in records:
        for at, voided in mine:
            void(
                aggregate,
                corrects=at,
                version=voided.originator_version,
                why=why,
                step=step,
                judge=judge,
            )
        uow.refold(aggregate.id)
    # The command corrected, by every position it was recorded at (any of them names it).
    return ", ".join(f"#{at}" for at, _ in events)


def correct_particulars(uow: UnitOfWork, judge: Judge, step: Step, v: dict[str, Any]) -> str:
    """Correct the name or birth date of the step that opened a member's record."""
    if v.get("name") is None and v.get("birth") is None:
        raise BadInput("give the corrected --name, --birth or both")
    member = member_of(uow, v["member"])
    stored = uow.app.stream(member.id)
    if not stored:
        raise BadInput(f"member {member.number}'s opening step is not saved yet")
    opening, _ = stored[0]
    member.correct_particulars(
        name=v.get("name"),
        birth=v.get("birth"),
        corrects=opening,
        why=v["why"],
        step=step,
        judge=judge,
    )
    return f"{member.number} (corrects #{opening})"


def correction_touch(_: dict[str, Any]) -> tuple[UUID, ...]:
    """The records a correction touches are known only once the step is read from the store."""
    return ()


SPECS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="step.correct",
        help="Correct a mistaken step: void every event of the command recorded at --step "
        "(any of the positions the command was recorded at), saying why. Only a record's "
        "latest standing steps can be voided; both the voided step and the correction stay in "
        "the audit trail.",
        fields=(
            Field(
                "step",
                "Position of the step to correct, as the audit trail shows it: any of the "
                "positions of one recorded command (a step's --json lists them all)",
                "count",
                maximum=values.POSITION_MAX,
            ),
            Field("why", "Why the step is corrected"),
        ),
        example="branchbook step correct --step 812 --why 'the talk was on the "
        "12th' --date 2024-04-20",
        decided_by="the record keeper, saying why (the step's number is in `branchbook audit`)",
        handler=correct,
        touches=correction_touch,
    ),
    CommandSpec(
        name="member.correct-particulars",
        help="Correct the name or birth date a member's record was opened with, saying why. "
        "The opening step stays in the record; the correction names it, and is judged again "
        "as at the opening (age, birth before the step).",
        fields=(
            MEMBER,
            Field("name", "The corrected name", maximum=values.NAME_MAX, required=False),
            Field("birth", "The corrected date of birth", kind="date", required=False),
            Field("why", "Why the particulars are corrected"),
        ),
        example="branchbook member correct-particulars --member M0001 --name 王芳 "
        "--why 'misspelt at the application' --date 2024-04-20",
        after=("member apply or member enrol",),
        decided_by="the record keeper, saying why",
        handler=correct_particulars,
        touches=member_touch,
    ),
)
