"""What became of a command: its outcome, and a command ready to be judged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from branchbook.domain.rules import RuleWarning
from branchbook.domain.step import Step
from branchbook.workflows.steps.commands import CommandSpec
from branchbook.workflows.store.persistence import KeyRecord

ALREADY = "already-recorded"
# How an accepted command with warnings is reported (`record --json`, a step's --json): it was
# recorded, as an accepted one is, and does not fail a run.
WARNED = "accepted-with-warnings"


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
    key: str | None = None  # the command's idempotency key, once it has been read

    @property
    def accepted(self) -> bool:
        return self.status == "accepted"

    @property
    def reported(self) -> str:
        """The status as reported: an accepted command with warnings has its own."""
        return WARNED if self.accepted and self.warnings else self.status

    @property
    def succeeded(self) -> bool:
        """Recorded now, or found already recorded by an earlier run."""
        return self.status in ("accepted", ALREADY)

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "command": self.command,
            "status": self.reported,
            "subject": self.subject,
            "message": self.message,
            "rule": self.rule,
            "citation": self.citation,
            "facts": {k: str(v) for k, v in self.facts.items()},
            "warnings": [
                {"rule": w.rule, "reason": w.reason, "citation": w.citation} for w in self.warnings
            ],
            "positions": list(self.positions),
            "key": self.key,
        }


@frozen
class Prepared:
    """A command whose input has been checked: ready to be judged."""

    spec: CommandSpec
    values: dict[str, Any]
    step: Step
    key: str
    digest: str
    # With a key, the key and digest the step would have had before the store was encrypted:
    # a step recorded then is still found already recorded.
    clear_key: str | None = None
    clear_digest: str | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key,) if self.clear_key is None else (self.key, self.clear_key)

    def recorded(self, known: Mapping[str, KeyRecord]) -> KeyRecord | None:
        """How the store holds this command, if it does (under either form of its key)."""
        return next((known[k] for k in self.keys if k in known), None)

    def same_content(self, stored: KeyRecord) -> bool:
        return stored.digest in (self.digest, self.clear_digest)
