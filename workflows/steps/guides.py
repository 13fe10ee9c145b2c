"""Guides: a whole procedure as the commands that record it, in order. Each step names who
decides (from its command's definition), the rules that apply and, in words, the intervals and
thresholds those rules set, read from the rulebook version given so the text follows the rules.

The guides themselves live beside this module (guide_*.py); GUIDES lists them by name.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from importlib import import_module
from typing import Any

from attrs import frozen

from branchbook.domain.rules import RulebookVersion
from branchbook.domain.voting import threshold_text
from branchbook.workflows.steps.index import spec_of

# A parameter of a rule in the version in force: params("activist.min_cultivation", "months").
Params = Callable[[str, str], Any]


@frozen
class Stop:
    """One step of a guide: a whole command line, the rules that apply, and what they require
    in words (None when the rules set no interval or count worth saying)."""

    example: str
    rules: tuple[str, ...] = ()
    when: Callable[[Params], str] | None = None
    # Where the step is taken only in some cases, or in place of the one before: which.
    case: str = ""

    @property
    def name(self) -> str:
        """The command's dotted name: member.apply for `branchbook member apply ...`."""
        words = shlex.split(self.example)
        return f"{words[1]}.{words[2]}"


@frozen
class Part:
    """A stage of the procedure and its steps."""

    title: str
    stops: tuple[Stop, ...]


@frozen
class Guide:
    name: str
    title: str
    summary: str
    parts: tuple[Part, ...]


# Each guide's name, with the module (under branchbook.workflows.steps) that holds it as GUIDE.
GUIDES: dict[str, str] = {
    "admission": "guide_admission",
    "transfer": "guide_casework",
    "discipline": "guide_casework",
    "election": "guide_casework",
}


def guide_of(name: str) -> Guide | None:
    """The guide `name`, or None for no such guide."""
    module = GUIDES.get(name)
    if module is None:
        return None
    guides: dict[str, Guide] = import_module(f"branchbook.workflows.steps.{module}").GUIDES
    return guides[name]


def months(count: int) -> str:
    """A count of months in words: 1 month, 3 months."""
    return f"{count} month" if count == 1 else f"{count} months"


def quorum(p: Params) -> str:
    """The general assembly's quorum and pass threshold in words."""
    present = threshold_text({k: p("assembly.quorum", k) for k in ("fraction", "inclusive_half")})
    passing = threshold_text(
        {"fraction_of_should_attend": p("assembly.pass_threshold", "fraction_of_should_attend")},
        fraction="fraction_of_should_attend",
        inclusive=None,
    )
    return (
        f"{present} of the voting members present; it passes with yes votes {passing} of "
        "those who should attend"
    )


def walk(guide: Guide, version: RulebookVersion) -> list[dict[str, Any]]:
    """The guide's steps in order, each with its command, example, who decides, the rules (id
    and source) and what they require under `version`."""

    def params(rule_id: str, name: str) -> Any:
        return version[rule_id].params[name]

    steps: list[dict[str, Any]] = []
    for part in guide.parts:
        for stop in part.stops:
            spec = spec_of(stop.name)
            if spec is None:
                raise ValueError(f"guide {guide.name}: no command {stop.name}")
            steps.append(
                {
                    "number": len(steps) + 1,
                    "part": part.title,
                    "command": spec.command,
                    "case": stop.case or None,
                    "example": stop.example,
                    "decided_by": spec.decided_by,
                    "when": stop.when(params) if stop.when is not None else None,
                    "rules": [
                        {"id": rule_id, "source": version[rule_id].citation}
                        for rule_id in stop.rules
                    ],
                }
            )
    return steps
