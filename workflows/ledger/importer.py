"""Bringing a ledger in: each row becomes the opening entries it stands for, judged like any step.

A row is read into journal commands (workflows.ledger.rows), which the recorder judges and
records exactly as it would the same lines of a journal; what became of them is said per row,
with the column a refusal concerns. A row whose commands were all recorded before (the same
member number, the same content) is already recorded and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from attrs import evolve, frozen

from branchbook.domain import ids
from branchbook.domain.rules import RuleWarning
from branchbook.workflows.errors import EXIT_BY_OUTCOME
from branchbook.workflows.ledger.columns import Columns
from branchbook.workflows.ledger.rows import (
    RowCommands,
    RowProblem,
    branch_commands,
    member_commands,
)
from branchbook.workflows.ledger.table import LedgerFileError, Row
from branchbook.workflows.recording.journal import Item
from branchbook.workflows.recording.recorder import ALREADY, Outcome, Recorder

ACCEPTED = "accepted"
WAITING = "waiting"  # a committee whose members are not in the record yet
RECORDED = "recorded"  # what of a row was recorded, when the rest of it was not
# The order in which a row's outcomes rank: a row ends as the worst of its commands, and one
# that records something new is accepted even when the rest was recorded before; the refusals
# rank as the exit codes do (EXIT_BY_OUTCOME lists the worst first).
RANK = {
    ALREADY: 0,
    ACCEPTED: 1,
    WAITING: 2,
    **{status: 3 + i for i, status in enumerate(reversed(EXIT_BY_OUTCOME))},
}
# The column a refusal by a rule concerns, when its facts do not name a date the row gives.
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "applicant.min_age": ("birth",),
    "record.birth_before_step": ("birth",),
    "record.full_since_given": ("full-since",),
    "probation.early_conversion": ("full-since",),
    "activist.min_cultivation": ("candidate-since",),
    "record.branch_founded": ("branch",),
    "record.branch_open": ("branch",),
    "branch.founding_members": ("full-members",),
    "branch.joint": ("units",),
    "record.body_above": ("parent",),
    "branch.committee_size": ("committee",),
}
# The keys whose values a refusal's message names, for what cannot be judged or found.
FOUND_KEYS = ("branch", "parent", "member", "code", "secretary", "deputy")


@frozen
class Reason:
    """Why one command of a row was not recorded."""

    status: str
    message: str
    column: str | None = None
    rule: str | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "column": self.column,
            "rule": self.rule,
            "citation": self.citation,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.column}: " if self.column else ""
        if self.rule:
            return f"{where}{self.status}: {self.rule} — {self.message} [{self.citation}]"
        return f"{where}{self.status}: {self.message}"


@frozen
class RowReport:
    """What became of one row: its status (the worst of its commands'), and why."""

    row: int
    status: str
    cells: tuple[object, ...]
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[RuleWarning, ...] = ()
    recorded: bool = False  # whether any of its commands was recorded now

    @property
    def refused(self) -> bool:
        return self.status not in (ACCEPTED, ALREADY, WAITING)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "status": self.status,
            "reasons": [r.as_dict() for r in self.reasons],
            "warnings": [
                {"rule": w.rule, "reason": w.reason, "citation": w.citation} for w in self.warnings
            ],
        }


@frozen
class Pending:
    """A row whose commands are being judged: its cells, and the values its commands give."""

    cells: tuple[object, ...]
    values: dict[str, object]


@frozen
class Ledger:
    """A ledger to bring in: the kind of sheet, its columns, the date it stands at."""

    kind: str  # members | branches
    columns: Columns
    on: date  # the date the ledger stands at: the opening entries' date
    doc: str | None = None


def bring_in(
    recorder: Recorder,
    ledger: Ledger,
    rows: Iterable[Row],
    *,
    dry_run: bool = False,
    batch_size: int = 500,
) -> Iterator[RowReport]:
    """Judge and record every row, in order, and say what became of each. When the file turns
    out unreadable part-way (`stopped` on the returned reports' run), the rows before are
    judged and recorded as reported, and the rest is not read."""
    run = _Run(recorder, ledger)
    outcomes = recorder.record_many(run.items(rows), batch_size=batch_size, dry_run=dry_run)
    group: list[Outcome] = []
    for outcome in outcomes:
        yield from run.unreadable()
        if group and outcome.line != group[0].line:
            yield run.report(group)
            group = []
        group.append(outcome)
    if group:
        yield run.report(group)
    yield from run.unreadable()
    if run.stopped is not None:
        raise run.stopped


class _Run:
    """One import: the rows whose commands are being judged, and why a committee waits."""

    def __init__(self, recorder: Recorder, ledger: Ledger) -> None:
        self.recorder = recorder
        self.ledger = ledger
        self.problems: list[RowReport] = []  # unreadable rows, reported in turn
        self.pending: dict[int, Pending] = {}  # until the row's outcomes arrive
        self.waiting: dict[int, str] = {}  # row -> why its committee waits
        self.first: dict[str, int] = {}  # a command's key -> the row that gave it first
        self.stopped: LedgerFileError | None = None  # why the file could not be read on

    def items(self, rows: Iterable[Row]) -> Iterator[Item]:
        """The journal items of every readable row; an unreadable row becomes its report."""
        read: Callable[..., RowCommands | RowProblem]
        read = member_commands if self.ledger.kind == "members" else branch_commands
        each = iter(rows)
        while True:
            try:
                row = next(each, None)
            except LedgerFileError as exc:
                self.stopped = exc  # what was read before is recorded; nothing after is read
                return
            if row is None:
                return
            got = read(row, self.ledger.columns, date=self.ledger.on, doc=self.ledger.doc)
            if isinstance(got, RowProblem):
                reason = Reason("invalid", got.message, got.column)
                self.problems.append(RowReport(row.number, "invalid", row.cells, (reason,)))
                continue
            given = {k: v for c in got.items for k, v in c.items() if k not in ("command", "id")}
            self.pending[row.number] = Pending(row.cells, given)
            for command in got.items:
                self.first.setdefault(str(command.get("id")), row.number)
                if not self._waits(command, row.number):
                    yield Item(row.number, command)

    def unreadable(self) -> Iterator[RowReport]:
        while self.problems:
            yield self.problems.pop(0)

    def _waits(self, command: dict[str, Any], row: int) -> bool:
        """A committee in office waits while any of its members is not in the record."""
        if command.get("command") != "branch.leadership":
            return False
        named = [command.get("secretary"), command.get("deputy"), *command.get("members", ())]
        numbers = [n for n in dict.fromkeys(named) if isinstance(n, str)]
        known = self.recorder.app.existing([ids.member_id(n) for n in numbers])
        absent = [n for n in numbers if ids.member_id(n) not in known]
        if not absent:
            return False
        self.waiting[row] = (
            f"the committee in office waits for {', '.join(absent)}: import the members, "
            "then import this sheet again"
        )
        return True

    def report(self, group: Sequence[Outcome]) -> RowReport:
        """What became of a row, from the outcomes of its commands."""
        row = group[0].line
        assert row is not None
        held = self.pending.pop(row, Pending((), {}))
        columns = self.ledger.columns
        worst = max((o.status for o in group), key=lambda s: RANK.get(s, len(RANK)))
        reasons = tuple(
            _reason(self._said(o, row), held.values, columns) for o in group if not o.succeeded
        )
        recorded = [o.command or "" for o in group if o.accepted]
        if recorded and reasons:  # a founding recorded, say, and its committee refused
            done = Reason(
                RECORDED,
                f"{', '.join(recorded)} recorded; the rest was not: once corrected, import the "
                "row again and only the rest is new",
            )
            reasons = (done, *reasons)
        warnings = tuple(w for o in group for w in o.warnings)
        if row in self.waiting:
            reasons = (*reasons, Reason(WAITING, self.waiting.pop(row)))
            if RANK.get(worst, len(RANK)) < RANK[WAITING]:
                worst = WAITING  # recorded, but for the committee
        return RowReport(row, worst, held.cells, reasons, warnings, bool(recorded))

    def _said(self, outcome: Outcome, row: int) -> Outcome:
        """An imported row's conflict in the ledger's words: another row of the file gave the
        same entry otherwise, or the entry was imported before with other content."""
        key = outcome.key or ""
        if outcome.status != "conflict" or not key.startswith("import:"):
            return outcome
        what = key.removeprefix("import:").replace(":", " ", 1)
        first = self.first.get(key, row)
        if first != row:
            message = f"{what} is also in row {first}, with other content"
        elif (outcome.message or "").startswith("id "):
            at = re.search(r" \(#[0-9]+\)$", outcome.message or "")
            message = (
                f"{what} was imported before with other content{at[0] if at else ''}; the "
                "record changes by a step, not by importing again"
            )
        else:
            return outcome
        return evolve(outcome, message=message)


def _reason(outcome: Outcome, values: dict[str, object], columns: Columns) -> Reason:
    message = outcome.message or outcome.status
    if outcome.rule is not None:
        key = _rule_key(outcome, values, columns)
        column = columns.column_for(key, outcome.command) if key else None
        return Reason(outcome.status, message, column, outcome.rule, outcome.citation)
    key = _named_key(outcome, message, values, columns)
    column = columns.column_for(key, outcome.command) if key else None
    return Reason(outcome.status, message, column)


def _rule_key(outcome: Outcome, values: dict[str, object], columns: Columns) -> str | None:
    """The key of the column a rule's refusal concerns: the date the refused step fell on,
    or the date it could not precede when that is the ledger's; else the rule's own column."""
    facts = outcome.facts
    named = [*facts.get("early", ()), *facts.get("missing", ())]  # record.opening_dates
    if named:
        return str(named[0])
    keys = RULE_KEYS.get(outcome.rule or "", ())
    own = next((k for k in keys if columns.column_for(k, outcome.command)), None)
    if own is not None and outcome.rule != "applicant.min_age":
        return own
    for fact in ("on", "after"):
        day = facts.get(fact)
        dated = [k for k, v in values.items() if day is not None and v == str(day)]
        found = next((k for k in dated if columns.column_for(k, outcome.command)), None)
        if found is not None:
            return found
    if own is None and outcome.command == "branch.leadership":
        return next((k for k in ("committee", "secretary") if columns.column_for(k)), None)
    return own


def _named_key(
    outcome: Outcome, message: str, values: dict[str, object], columns: Columns
) -> str | None:
    """The key an input error names ("member.enrol: missing 'birth'", "name: holds ..."), or
    the key whose value a not-found or conflict message names."""
    said = message.removeprefix(f"{outcome.command}: ") if outcome.command else message
    key = said.partition(":")[0].strip("'\" ").removeprefix("missing ").strip("'\" ")
    if columns.column_for(key, outcome.command):
        return key
    for key in FOUND_KEYS:
        value = values.get(key)
        column = columns.column_for(key, outcome.command)
        if isinstance(value, str) and column and value in message:
            return key
    return None
