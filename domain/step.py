"""What every recorded step carries besides its facts: when it took effect, who, on what basis."""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import evolve, frozen

from branchbook.domain.rules import Judge, RuleWarning


@frozen
class Step:
    """The metadata of one recorded step; recorded-at is the event's own timestamp."""

    effective: date
    actor: str
    doc: str | None = None
    note: str | None = None
    rulebook: str = ""
    warnings: tuple[RuleWarning, ...] = ()
    # Shared by every event of one recorded command, so a correction can void them together.
    command: str | None = None
    # The idempotency key the command was recorded under (given, or derived from its content).
    key: str | None = None

    def judged(self, judge: Judge) -> Step:
        """This step stamped with the rulebook version that judged it and its warnings."""
        return evolve(self, rulebook=judge.version.fingerprint, warnings=tuple(judge.warnings))

    def as_dict(self) -> dict[str, Any]:
        return {
            "effective": self.effective.isoformat(),
            "actor": self.actor,
            "doc": self.doc,
            "note": self.note,
            "rulebook": self.rulebook,
            "warnings": [
                {"rule": w.rule, "reason": w.reason, "citation": w.citation} for w in self.warnings
            ],
            "command": self.command,
            "key": self.key,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(
            effective=date.fromisoformat(data["effective"]),
            actor=data["actor"],
            doc=data["doc"],
            note=data["note"],
            rulebook=data["rulebook"],
            warnings=tuple(RuleWarning(**w) for w in data["warnings"]),
            command=data.get("command"),  # absent from steps recorded before commands had ids
            key=data.get("key"),  # absent from steps recorded before commands had keys
        )


def check_recorded_on(judge: Judge, step: Step, what: str, recorded: date) -> None:
    """A step may not be dated after the day it is recorded (UTC), beyond the tolerance: the
    recording day comes in from the workflow, as the domain reads no clock."""
    judge.check("record.future_date", step=what, on=step.effective, recorded=recorded)
