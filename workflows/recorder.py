"""Records commands, one or a journal's worth per transaction, and says what became of each."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from attrs import evolve, field, frozen
from eventsourcing.persistence import IntegrityError, PersistenceError

from branchbook.domain.rules import Judge, Rulebook, RuleViolation, RuleWarning
from branchbook.domain.step import Step, check_recorded_on
from branchbook.workflows import correction_steps
from branchbook.workflows.app import BranchBook
from branchbook.workflows.commands import ACTOR, CommandSpec
from branchbook.workflows.errors import BadInput, CommandError, Conflict, StorageFailure
from branchbook.workflows.journal import Item, parse_journal
from branchbook.workflows.steps import COMMANDS
from branchbook.workflows.uow import UnitOfWork

# Item and parse_journal live in journal.py; callers may still find them here.
__all__ = ["Item", "Outcome", "Prepared", "Recorder", "parse_journal"]

Clock = Callable[[], datetime]
SAVE_ATTEMPTS = 5
# Commands that refer to stored positions: what comes before them is saved first.
SAVED_FIRST = frozenset(spec.name for spec in correction_steps.SPECS)


def utc_now() -> datetime:
    """The recording moment, in UTC."""
    return datetime.now(UTC)


@frozen
class Outcome:
    """What became of one command: accepted (with warnings) or why not."""

    status: str  # accepted | rejected | invalid | not-found | conflict
    command: str | None
    line: int | None = None
    subject: str | None = None
    message: str | None = None
    rule: str | None = None
    citation: str | None = None
    facts: Mapping[str, Any] = field(factory=dict)
    warnings: tuple[RuleWarning, ...] = ()
    positions: tuple[int, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "command": self.command,
            "status": self.status,
            "subject": self.subject,
            "message": self.message,
            "rule": self.rule,
            "citation": self.citation,
            "facts": {k: str(v) for k, v in self.facts.items()},
            "warnings": [
                {"rule": w.rule, "reason": w.reason, "citation": w.citation} for w in self.warnings
            ],
            "positions": list(self.positions),
        }


@frozen
class Prepared:
    """A command whose input has been checked: ready to be judged."""

    spec: CommandSpec
    values: dict[str, Any]
    step: Step


class Recorder:
    """Judges and records commands against the rulebook version in force on each step's date."""

    # Aggregates kept in memory between batches of one journal; beyond this the cache restarts.
    CACHE_LIMIT = 50_000

    def __init__(
        self, app: BranchBook, rulebook: Rulebook, actor: str, clock: Clock = utc_now
    ) -> None:
        self.app = app
        self.rulebook = rulebook
        self.actor = str(ACTOR.parse(actor))
        self.clock = clock  # the recording moment: no step may be dated much after it
        self._uow = UnitOfWork(app)

    def record(self, command: str, raw: Mapping[str, Any]) -> Outcome:
        """Record one command in its own transaction."""
        return next(self.record_many([Item(None, {"command": command, **raw})]))

    def record_many(
        self, items: Iterable[Item], *, batch_size: int = 500, stop_on_reject: bool = False
    ) -> Iterator[Outcome]:
        """Record items in batches of one transaction each; yield each outcome once saved.

        A correction names the position of the step it corrects, which a step has only once
        saved: the commands before a correction are saved first, in a batch of their own.
        """
        self._uow = UnitOfWork(self.app)
        batch: list[Item] = []
        for item in items:
            if batch and item.raw is not None and item.raw.get("command") in SAVED_FIRST:
                outcomes = self._record_batch(batch, stop_on_reject)
                yield from outcomes
                batch = []
                if stop_on_reject and any(not o.accepted for o in outcomes):
                    return
            batch.append(item)
            if len(batch) >= batch_size:
                outcomes = self._record_batch(batch, stop_on_reject)
                yield from outcomes
                batch = []
                if stop_on_reject and any(not o.accepted for o in outcomes):
                    return
        if batch:
            yield from self._record_batch(batch, stop_on_reject)

    def _record_batch(self, batch: list[Item], stop_on_reject: bool) -> list[Outcome]:
        prepared = [self._prepare(item) for item in batch]
        for _attempt in range(SAVE_ATTEMPTS):
            uow = self._uow
            uow.prefetch(
                aggregate_id
                for p in prepared
                if isinstance(p, Prepared)
                for aggregate_id in p.spec.touches(p.values)
            )
            judged: list[tuple[Outcome, list[Any]]] = []
            for item, ready in zip(batch, prepared, strict=True):
                outcome, events = self._judge(uow, item, ready)
                judged.append((outcome, events))
                if stop_on_reject and not outcome.accepted:
                    break
            try:
                positions = uow.commit()
            except IntegrityError:
                self._uow = UnitOfWork(self.app)  # another writer got there first: judge again
                continue
            except PersistenceError as exc:
                raise StorageFailure(f"could not write to the store: {exc}") from exc
            if len(uow) > self.CACHE_LIMIT:
                self._uow = UnitOfWork(self.app)
            return [
                evolve(o, positions=tuple(positions[id(e)] for e in events)) for o, events in judged
            ]
        raise Conflict(f"gave up after {SAVE_ATTEMPTS} attempts: other writers kept winning")

    def _prepare(self, item: Item) -> Prepared | Outcome:
        """Check a command's input; an Outcome says why it cannot be judged."""
        name = item.raw.get("command") if item.raw is not None else None
        try:
            if item.raw is None:
                raise BadInput(item.error or "unreadable line")
            spec = self._spec(name)
            values, step = spec.parse({k: v for k, v in item.raw.items() if k != "command"})
        except BadInput as exc:
            # Only a known command is named here: an unknown one is quoted in the message.
            command = name if isinstance(name, str) and name in COMMANDS else None
            return Outcome(exc.outcome, command, item.line, message=str(exc))
        # Every event of the command carries the same fresh command id: a correction voids them all.
        return Prepared(spec, values, evolve(step, actor=self.actor, command=uuid4().hex))

    def _judge(
        self, uow: UnitOfWork, item: Item, ready: Prepared | Outcome
    ) -> tuple[Outcome, list[Any]]:
        if isinstance(ready, Outcome):
            return ready, []
        spec, values, step = ready.spec, ready.values, ready.step
        try:
            judge = Judge(self.rulebook.in_force(step.effective))
            check_recorded_on(judge, step, spec.name, self.clock().astimezone(UTC).date())
            subject, events = uow.run(lambda work: spec.handler(work, judge, step, values))
        except RuleViolation as exc:
            rejected = Outcome(
                "rejected",
                spec.name,
                item.line,
                message=exc.reason,
                rule=exc.rule.id,
                citation=exc.rule.citation,
                facts=exc.facts,
            )
            return rejected, []
        except CommandError as exc:
            return Outcome(exc.outcome, spec.name, item.line, message=str(exc)), []
        except PersistenceError:
            raise
        except Exception as exc:  # a fault in one line is that line's outcome, not the run's end
            fault = f"unexpected {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
            return Outcome(CommandError.outcome, spec.name, item.line, message=fault), []
        accepted = Outcome(
            "accepted", spec.name, item.line, subject=subject, warnings=tuple(judge.warnings)
        )
        return accepted, events

    @staticmethod
    def _spec(name: object) -> CommandSpec:
        if not isinstance(name, str):
            raise BadInput("missing 'command'")
        try:
            return COMMANDS[name]
        except KeyError:
            raise BadInput(f"unknown command {name!r}") from None
