"""The built-in rulebook: every rule with its default parameters and citations (docs/rules.md)."""

from __future__ import annotations

from datetime import date

from branchbook.domain.catalogue import (
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
from branchbook.domain.catalogue.profiles import PROFILES, S000
from branchbook.domain.rules import Rule, Rulebook, RulebookVersion, index, with_overrides

BUILTIN_VERSION_ID = S000
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
    """All built-in rules by id, with the parameters S000 gives them."""
    return index(rule for module in MODULES for rule in module.RULES)


def builtin_version(profile: str = S000) -> RulebookVersion:
    """The built-in version of a profile: S000, amended by each source the profile adds."""
    if profile not in PROFILES:
        known = ", ".join(PROFILES)
        raise ValueError(f"unknown rule profile {profile!r}; the profiles are {known}")
    version = RulebookVersion(S000, BUILTIN_EFFECTIVE_FROM, builtin_rules())
    for amendments in PROFILES[profile]:
        changes = {
            rule_id: with_overrides(version[rule_id], None, params)
            for rule_id, params in amendments.items()
        }
        version = version.amended(profile, BUILTIN_EFFECTIVE_FROM, changes)
    return version


def builtin_rulebook(profile: str = S000) -> Rulebook:
    """The rulebook with the one built-in version of a profile (S000 or S000+S003)."""
    return Rulebook((builtin_version(profile),))
