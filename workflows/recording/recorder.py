"""Records commands, one or a journal's worth per transaction, and says what became of each."""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from attrs import evolve
from eventsourcing.persistence import IntegrityError, PersistenceError

from branchbook.domain.near import did_you_mean
from branchbook.domain.rules import Judge, Rulebook, RuleViolation
from branchbook.domain.step import check_recorded_on
from branchbook.workflows.errors import (
    BadInput,
    BrokenRecord,
    CommandError,
    Conflict,
    Encrypted,
    NotFound,
    StorageFailure,
)
from branchbook.workflows.recording.journal import Item, parse_journal
from branchbook.workflows.recording.outcomes import ALREADY, Outcome, Prepared
from branchbook.workflows.steps import corrections, keys
from branchbook.workflows.steps.commands import ACTOR, CommandSpec
from branchbook.workflows.steps.index import STAGES, spec_of
from branchbook.workflows.store.app import BranchBook
from branchbook.workflows.store.location import reason, storage_message
from branchbook.workflows.store.persistence import KeyRecord, NewKey
from branchbook.workflows.store.statements import Tx
from branchbook.workflows.store.uow import UnitOfWork

# Item and parse_journal live in journal.py, Outcome and Prepared in outcomes.py; callers may
# still find them here.
__all__ = ["ALREADY", "Item", "Outcome", "Prepared", "Recorder", "parse_journal"]

Clock = Callable[[], datetime]
# Commands that refer to stored positions: what comes before them is saved first.
SAVED_FIRST = frozenset(spec.name for spec in corrections.SPECS)


def utc_now() -> datetime:
    """The recording moment, in UTC."""
    return datetime.now(UTC)


class GaveUp(Exception):
    """Raised when a batch could not be saved within the writer's wait; carries why."""

    def __init__(self, error: CommandError) -> None:
        super().__init__(str(error))
        self.error = error


# How many codes not found in one run are compared with every code the record holds.
NEAR_SEARCHES = 20


class Recorder:
    """Judges and records commands against the rulebook version in force on each step's date.

    Each batch is judged and saved while the store's write lock is held, so what the batch
    reads cannot change before it is saved, and every command is saved exactly once: a key
    the store already holds is reported as already recorded and nothing is written.
    """

    # Aggregates kept in memory between batches of one journal; beyond this the cache restarts.
    # An aggregate of the demo's mix holds about 3 KB: 30,000 keep a million-event journal
    # well under 300 MB, and the reloads after a restart cost no more than at 50,000.
    CACHE_LIMIT = 30_000

    def __init__(
        self,
        app: BranchBook,
        rulebook: Rulebook,
        actor: str,
        clock: Clock | None = None,
        *,
        wait: float | None = None,
    ) -> None:
        self.app = app
        self.rulebook = rulebook
        self.actor = str(ACTOR.parse(actor))
        self.clock = clock or utc_now  # the recording moment: no step may be dated much after it
        # Seconds a batch may wait for the write lock, and in all for rivals to finish.
        self.wait = app.wait if wait is None else wait
        self._uow = UnitOfWork(app)
        self._seen: int | None = None  # the log's end when the cache was last known current
        self._dry_run = False
        self._tried: dict[str, KeyRecord] = {}  # keys a dry run accepted: as if recorded
        # The member numbers, branch or organisation codes of the record, by kind, to suggest
        # one near a code not found; None suggests none.
        self.known: Callable[[str], Iterable[str]] | None = None
        self._near_searches = 0

    def record(self, command: str, raw: Mapping[str, Any]) -> Outcome:
        """Record one command in its own transaction."""
        return next(self.record_many([Item(None, {"command": command, **raw})]))

    def record_many(
        self,
        items: Iterable[Item],
        *,
        batch_size: int = 500,
        stop_on_reject: bool = False,
        dry_run: bool = False,
    ) -> Iterator[Outcome]:
        """Record items in batches of one transaction each; yield each outcome once saved.

        A correction names the position of the step it corrects, which a step has only once
        saved: the commands before a correction are saved first, in a batch of their own.
        When a batch cannot be saved within the wait, it and every line after it are
        reported as not recorded, and nothing more is tried.

        A dry run judges every item as the real run would, each against what the items
        before it left, and writes nothing: what it accepted is held in memory only, and an
        accepted item has no positions.
        """
        self._uow = UnitOfWork(self.app)
        self._seen = None
        self._dry_run = dry_run
        self._tried = {}
        batch: list[Item] = []
        stopped: CommandError | None = None
        for item in items:
            if stopped is None and batch and self._saved_first(item):
                outcomes, stopped = self._record_or_report(batch, stop_on_reject)
                yield from outcomes
                batch = []
                if stop_on_reject and any(not o.succeeded for o in outcomes):
                    return
            if stopped is not None:
                yield self._not_recorded(item, self._prepare(item), stopped)
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                outcomes, stopped = self._record_or_report(batch, stop_on_reject)
                yield from outcomes
                batch = []
                if stop_on_reject and any(not o.succeeded for o in outcomes):
                    return
        if batch:
            outcomes, _ = self._record_or_report(batch, stop_on_reject)
            yield from outcomes

    @staticmethod
    def _saved_first(item: Item) -> bool:
        command = item.raw.get("command") if item.raw is not None else None
        return isinstance(command, str) and command in SAVED_FIRST

    def _record_or_report(
        self, batch: list[Item], stop_on_reject: bool
    ) -> tuple[list[Outcome], CommandError | None]:
        prepared = [self._prepare(item) for item in batch]
        try:
            return self._record_batch(batch, prepared, stop_on_reject), None
        except GaveUp as exc:
            outcomes = [
                self._not_recorded(item, ready, exc.error)
                for item, ready in zip(batch, prepared, strict=True)
            ]
            return outcomes, exc.error

    def _not_recorded(self, item: Item, ready: Prepared | Outcome, why: CommandError) -> Outcome:
        if isinstance(ready, Outcome):
            return ready  # unreadable anyway: reported as it is
        return Outcome(
            why.outcome, ready.spec.name, item.line, message=f"not recorded: {why}", key=ready.key
        )

    def _record_batch(
        self, batch: list[Item], prepared: list[Prepared | Outcome], stop_on_reject: bool
    ) -> list[Outcome]:
        """Judge and save a batch under the write lock; when a rival writer still got in
        first (a writer that does not take the lock), judge again after a pause."""
        deadline = time.monotonic() + self.wait
        for attempt in itertools.count(1):
            try:
                return self._attempt(batch, prepared, stop_on_reject)
            except IntegrityError:
                self._uow = UnitOfWork(self.app)  # another writer got there first
                self._seen = None
                pause = min(0.02 * 2**attempt, 1.0) * random.uniform(0.5, 1.0)  # noqa: S311
                if time.monotonic() + pause > deadline:
                    break
                time.sleep(pause)
            except PersistenceError as exc:
                raise GaveUp(self._storage_failure(exc)) from exc
            except BrokenRecord as exc:
                raise GaveUp(exc) from exc
        raise GaveUp(
            Conflict(f"other writers kept changing what this batch read for {self.wait:g} s")
        )

    def _storage_failure(self, exc: PersistenceError) -> StorageFailure:
        return StorageFailure(storage_message(exc, self.wait) or f"storage failure: {reason(exc)}")

    def _attempt(
        self, batch: list[Item], prepared: list[Prepared | Outcome], stop_on_reject: bool
    ) -> list[Outcome]:
        """One try at a batch: under the write lock, look up its keys, judge its lines, save.
        A dry run judges it without the lock and holds what it accepted in memory."""
        recorder = self.app.batch_recorder
        positions: dict[int, int] = {}
        if self._dry_run:
            with recorder.transaction(commit=False) as tx:
                judged, repeats, new_keys = self._judge_batch(tx, batch, prepared, stop_on_reject)
            self._tried.update(
                (new.key, KeyRecord(new.key, new.digest, None, new.count)) for new in new_keys
            )
            self._uow.hold()
        else:
            with self.app.writing() as tx:
                end = recorder.log_end(tx)
                if self._seen is not None and end != self._seen:
                    self._uow = UnitOfWork(self.app)  # others wrote since: what we hold is stale
                self._seen = end
                judged, repeats, new_keys = self._judge_batch(tx, batch, prepared, stop_on_reject)
                positions = self._uow.commit(keys=new_keys)
            if positions:
                self._seen = max(positions.values())
            if len(self._uow) > self.CACHE_LIMIT:
                self._uow = UnitOfWork(self.app)
        resolved = [
            evolve(o, positions=tuple(positions[id(e)] for e in events))
            if o.accepted and not self._dry_run
            else o
            for o, events in judged
        ]
        # A line that repeats an earlier line of its batch points at what that line recorded.
        for index, source in repeats.items():
            resolved[index] = evolve(resolved[index], positions=resolved[source].positions)
        return resolved

    def _judge_batch(
        self,
        tx: Tx,
        batch: list[Item],
        prepared: list[Prepared | Outcome],
        stop_on_reject: bool,
    ) -> tuple[list[tuple[Outcome, list[Any]]], dict[int, int], list[NewKey]]:
        """Look up the batch's keys (and a dry run's), load what it touches, judge its lines."""
        ready = [p for p in prepared if isinstance(p, Prepared)]
        wanted = [k for p in ready for k in p.keys]
        known = self.app.batch_recorder.recorded_keys(tx, wanted)
        known.update((k, self._tried[k]) for k in wanted if k in self._tried)
        self._uow.prefetch(
            aggregate_id
            for p in ready
            if p.recorded(known) is None
            for aggregate_id in p.spec.touched(p.values, p.step)
        )
        return self._judge_lines(batch, prepared, known, stop_on_reject)

    def _judge_lines(
        self,
        batch: list[Item],
        prepared: list[Prepared | Outcome],
        known: dict[str, KeyRecord],
        stop_on_reject: bool,
    ) -> tuple[list[tuple[Outcome, list[Any]]], dict[int, int], list[NewKey]]:
        """Each line's outcome and events, in order; which lines repeat an earlier line of
        the batch (by index); and the keys of the commands to save with their events."""
        judged: list[tuple[Outcome, list[Any]]] = []
        repeats: dict[int, int] = {}
        first: dict[str, int] = {}  # key -> index of the line of this batch that recorded it
        new_keys: list[NewKey] = []
        saved = 0
        for item, p in zip(batch, prepared, strict=True):
            events: list[Any] = []
            stored = p.recorded(known) if isinstance(p, Prepared) else None
            if isinstance(p, Prepared) and stored is not None:
                outcome = self._already(item, p, stored)
                if outcome.status == ALREADY and p.key in first:
                    repeats[len(judged)] = first[p.key]
            else:
                outcome, events = self._judge(self._uow, item, p)
            if outcome.accepted and isinstance(p, Prepared):
                first[p.key] = len(judged)
                known[p.key] = KeyRecord(p.key, p.digest, None, len(events))
                new_keys.append(NewKey(p.key, p.digest, saved, len(events)))
                saved += len(events)
            judged.append((outcome, events))
            if stop_on_reject and not outcome.succeeded:
                break
        return judged, repeats, new_keys

    @staticmethod
    def _already(item: Item, ready: Prepared, stored: KeyRecord) -> Outcome:
        at = stored.position
        positions = tuple(range(at, at + stored.events)) if at is not None else ()
        subject, key = ready.spec.subject(ready.values), ready.key
        if not ready.same_content(stored):
            message = f"id {ready.key!r} was already used for another command"
            message += f" (#{at})" if at is not None else ""
            conflict = Conflict.outcome
            return Outcome(conflict, ready.spec.name, item.line, subject, message=message, key=key)
        return Outcome(ALREADY, ready.spec.name, item.line, subject, positions=positions, key=key)

    def _prepare(self, item: Item) -> Prepared | Outcome:
        """Check a command's input; an Outcome says why it cannot be judged."""
        name = item.raw.get("command") if item.raw is not None else None
        try:
            if item.raw is None:
                raise BadInput(item.error or "unreadable line")
            spec = self._spec(name)
            given = item.raw.get(keys.ID_KEY)
            raw = {k: v for k, v in item.raw.items() if k not in ("command", keys.ID_KEY)}
            values, step = spec.parse(raw)
            ring = self.app.keyring
            secret = None if ring is None else ring.digest_secret
            content = keys.digest(spec.name, values, step, secret)
            key = keys.given(given) if given is not None else keys.derived(content)
            clear = keys.digest(spec.name, values, step) if ring is not None else None
            clear_key = keys.derived(clear) if clear is not None and given is None else None
        except BadInput as exc:
            # Only a known command is named here: an unknown one is quoted in the message.
            command = name if isinstance(name, str) and name in STAGES else None
            return Outcome(exc.outcome, command, item.line, message=str(exc))
        # Every event of the command carries the same fresh command id: a correction voids them
        # all; and its key, which the audit shows.
        step = evolve(step, actor=self.actor, command=uuid4().hex, key=key)
        return Prepared(spec, values, step, key, content, clear_key, clear)

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
                subject=spec.subject(values),
                message=exc.reason,
                rule=exc.rule.id,
                citation=exc.rule.citation,
                facts=exc.facts,
            )
            return evolve(rejected, key=ready.key), []
        except Encrypted:
            raise  # a key missing for what the step reads ends the run, not this line
        except CommandError as exc:
            refused = Outcome(exc.outcome, spec.name, item.line, subject=spec.subject(values))
            return evolve(refused, message=str(exc) + self._near(exc), key=ready.key), []
        except PersistenceError:
            raise
        except Exception as exc:  # a fault in one line is that line's outcome, not the run's end
            fault = f"unexpected {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
            outcome = Outcome(CommandError.outcome, spec.name, item.line, message=fault)
            return evolve(outcome, key=ready.key), []
        accepted = Outcome(
            "accepted",
            spec.name,
            item.line,
            subject=subject,
            warnings=tuple(judge.warnings),
            key=ready.key,
        )
        return accepted, events

    def _near(self, exc: CommandError) -> str:
        """'; did you mean X?' for a member, branch or organisation not found, when
        `self.known` names one near it."""
        if not isinstance(exc, NotFound) or exc.kind is None or exc.code is None:
            return ""
        if self.known is None:
            return ""
        # A near miss is looked for among every code (a second among 100,000); a journal of
        # many codes not found looks for the first ones only, and for another case after them.
        self._near_searches += 1
        close = self._near_searches <= NEAR_SEARCHES
        return did_you_mean(exc.code, self.known(exc.kind), close=close)

    @staticmethod
    def _spec(name: object) -> CommandSpec:
        if not isinstance(name, str):
            raise BadInput("missing 'command'")
        spec = spec_of(name)
        if spec is None:
            raise BadInput(f"unknown command {name!r}{did_you_mean(name, STAGES)}")
        return spec
