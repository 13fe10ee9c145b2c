"""Corrections: a recorded event that voids a mistaken one, and the fold that honours it.

Nothing is ever edited or deleted (README, "Corrections" under "For auditors"). A mistaken step
stays in its aggregate's stream; a later Voided event in the same stream names it by version and
says why. Rebuilding an aggregate folds its stream skipping every event a Voided names, so the
aggregate stands as if the mistaken step had never been recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import register_topic

from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class Voided(Aggregate.Event):
    """The event at notification position `corrects` (this aggregate's version
    `corrects_version`) was a mistake, for the reason given; it no longer counts."""

    TOPIC = "branchbook:Voided"
    corrects: int
    corrects_version: int
    why: str
    step: Step

    def apply(self, aggregate: Any) -> None:
        """Nothing: a fold skips the voided event instead (see fold)."""


VOIDED_TOPIC = Voided.TOPIC
# Aggregates register the topics of their own events; this one belongs to none of them.
register_topic(VOIDED_TOPIC, Voided)


def voided_versions(events: Iterable[Any]) -> set[int]:
    """The versions the Voided events among these name."""
    return {e.corrects_version for e in events if isinstance(e, Voided)}


def fold(initial: Any, events: Iterable[Any]) -> Any:
    """The aggregate rebuilt from its whole stream, skipping every voided event.

    `initial` must be None: which events are voided is known only from the whole stream. The
    version still counts every stored event, voided or not, so the next event follows on.
    A stream whose creation was voided folds to None.
    """
    assert initial is None, "fold rebuilds from the first event"
    stream = list(events)
    skip = voided_versions(stream)
    aggregate: Any = None
    for event in stream:
        if event.originator_version in skip or (aggregate is None and isinstance(event, Voided)):
            if aggregate is not None:
                aggregate.version = event.originator_version
            continue
        aggregate = event.mutate(aggregate)
    return aggregate


def void(
    aggregate: Aggregate, *, corrects: int, version: int, why: str, step: Step, judge: Judge
) -> None:
    """Record on the aggregate that its event at `version` (position `corrects`) is void."""
    aggregate.trigger_event(
        Voided, corrects=corrects, corrects_version=version, why=why, step=step.judged(judge)
    )


def record_label(aggregate: Any) -> str:
    """How a correction's findings name a record: its kind and its member number or code."""
    key = getattr(aggregate, "number", None) or getattr(aggregate, "code", None) or aggregate.id
    return f"{type(aggregate).__name__.lower()} {key}"


def where(position: int | None) -> str:
    """A step named by its position, or as one of the batch not yet saved."""
    return f"#{position}" if position is not None else "a step earlier in this batch"


def check_correction(
    judge: Judge,
    *,
    step: int,
    record: str,
    stream: Sequence[tuple[int | None, Any]],
    versions: set[int],
) -> None:
    """Judge voiding the events at `versions` of one record, given its whole stream.

    `stream` holds (position, event) for every event of the record, oldest first; events not
    yet saved have no position. The voided events must be the record's latest standing ones
    (neither voided nor corrections), none already voided, none the event that opened it.
    """
    by_version = {event.originator_version: event for _, event in stream}
    voided_by = {
        event.corrects_version: position for position, event in stream if isinstance(event, Voided)
    }
    for version in sorted(versions):
        event = by_version[version]
        judge.check("record.correction_target", step=step, correction=isinstance(event, Voided))
        by = where(voided_by[version]) if version in voided_by else None
        judge.check("record.correction_once", step=step, by=by)
        judge.check(
            "record.correction_opening",
            step=step,
            record=record,
            opening=isinstance(event, Aggregate.Created),
        )
    later = [
        where(position)
        for position, event in stream
        if event.originator_version > min(versions)
        and event.originator_version not in versions
        and event.originator_version not in voided_by
        and not isinstance(event, Voided)
    ]
    judge.check(
        "record.correction_latest",
        step=step,
        record=record,
        later=", ".join(later[:5]) + (", …" if len(later) > 5 else "") if later else None,
    )
