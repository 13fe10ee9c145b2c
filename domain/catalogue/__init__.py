"""The built-in rulebook: every rule of RULES.md with its default parameters and citations."""

from __future__ import annotations

from datetime import date

from domain.catalogue import (
    admission,
    assembly,
    branches,
    discipline,
    integrity,
    mobility,
    obligations,
    pipeline,
    scoring,
)
from domain.rules import Rule, Rulebook, RulebookVersion, index

BUILTIN_VERSION_ID = "S000"
# The built-in version judges every date: the rules it encodes applied before S000 took
# effect on 2018-10-28 too (age, probation), and a rulebook file adds dated versions.
BUILTIN_EFFECTIVE_FROM = date(1, 1, 1)

MODULES = (
    pipeline,
    admission,
    assembly,
    branches,
    discipline,
    mobility,
    obligations,
    scoring,
    integrity,
)


def builtin_rules() -> dict[str, Rule]:
    """All built-in rules by id."""
    return index(rule for module in MODULES for rule in module.RULES)


def builtin_rulebook() -> Rulebook:
    """The rulebook with its one built-in version."""
    version = RulebookVersion(BUILTIN_VERSION_ID, BUILTIN_EFFECTIVE_FROM, builtin_rules())
    return Rulebook((version,))
