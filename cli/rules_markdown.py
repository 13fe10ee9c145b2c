"""`branchbook rules --markdown`: the rules in force as a Markdown reference, grouped by the
catalogue module that holds them; docs/rules.md is this output, regenerated, never edited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType

from branchbook.cli.safe_text import json_text
from branchbook.cli.wording import in_force_since
from branchbook.domain.catalogue import MODULES
from branchbook.domain.catalogue.profiles import PROFILES
from branchbook.domain.rules import SOURCES, Citation, Rule, RulebookVersion

COMMAND = "branchbook rules --markdown > docs/rules.md"

_CONFIDENCE = {"S": " (secondary source)", "#?": " (article number unconfirmed)"}


def rules_markdown(version: RulebookVersion) -> str:
    """The version's rules as Markdown: sources, then each area's rules, then the choices the
    rulebook leaves unset and the profiles."""
    parts = [_preamble(version), _sources()]
    # A rulebook file only amends the catalogue's rules, so each rule is in one of its modules.
    for module in MODULES:
        rules = [version[rule.id] for rule in module.RULES if rule.id in version.rules]
        parts.append(_area(_area_name(module), _summary(module), rules))
    parts += [_unset(version), _profiles()]
    return "\n".join(parts)


def _preamble(version: RulebookVersion) -> str:
    checked = sum(1 for rule in version.rules.values() if rule.checked)
    return (
        "# The rules\n\n"
        "Generated from the rules catalogue (`domain/catalogue/`) by\n"
        f"`{COMMAND}`: do not edit it by hand.\n"
        "`branchbook rules --json` gives the same with every citation in full.\n\n"
        f"Rulebook {version.fingerprint}, in force {in_force_since(version.effective_from)}: "
        f"{len(version.rules)} rules, {checked} checked by a step.\n\n"
        "Each rule has an id (named in every refusal and warning), a severity, and its\n"
        "parameters with their defaults, which a rulebook file may change within their bounds\n"
        "(README, [Rulebook files](../README.md#rulebook-files)). A rule is *checked* when a\n"
        "step judges it: a hard one refuses the step (exit 3), a soft one records it with a\n"
        "warning. Any other is *compute-only*: the record book computes with it, or a report\n"
        "judges it over a period, and the README says why for each\n"
        "([Rules no step checks](../README.md#rules-no-step-checks)).\n"
    )


def _sources() -> str:
    rows = [(f"`{tag}`", english, chinese) for tag, (english, chinese) in SOURCES.items()]
    return "## Sources\n\n" + _table(("tag", "source", "原文"), rows)


def _area_name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def _summary(module: ModuleType) -> str:
    """The first paragraph of the catalogue module's docstring, on one line."""
    first = (module.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(first.split())


def _area(name: str, summary: str, rules: Iterable[Rule]) -> str:
    rows = [
        (
            f"`{rule.id}`",
            rule.title,
            rule.severity.value,
            "checked" if rule.checked else "compute-only",
            _params(rule),
            _citations(rule.citations),
        )
        for rule in sorted(rules, key=lambda r: r.id)
    ]
    return f"## {name.capitalize()}\n\n{summary} In `domain/catalogue/{name}.py`.\n\n" + _table(
        ("rule", "what it says", "severity", "judged", "parameters", "source"), rows
    )


def _params(rule: Rule) -> str:
    shown = []
    for name, value in rule.params.items():
        text = "unset" if value is None else _value(value)
        bounds = rule.bounds.get(name)
        limit = f" ({bounds.low:,}–{bounds.high:,} {bounds.measures})" if bounds else ""
        shown.append(f"`{name}` = {text}{limit}")
    return "<br>".join(shown)


def _value(value: object) -> str:
    return f"`{json_text(value, indent=None)}`"


def _citations(citations: Sequence[Citation]) -> str:
    return "; ".join(f"{c}{_CONFIDENCE.get(c.confidence, '')}" for c in citations)


def _unset(version: RulebookVersion) -> str:
    rows = [
        (f"`{rule.id}.{name}`", rule.title)
        for rule in sorted(version.rules.values(), key=lambda r: r.id)
        for name, value in rule.params.items()
        if value is None
    ]
    return (
        "## Where the sources leave a choice\n\n"
        "The choices branchbook makes where the sources are silent or ambiguous, each with the\n"
        "parameter that changes it, are listed in the README, [Where the sources leave a\n"
        "choice](../README.md#where-the-sources-leave-a-choice), with their severities in the\n"
        "tables above. These parameters the rulebook leaves unset: the rule is not judged on\n"
        "them until a rulebook file (or a profile) gives them a value.\n\n"
        + _table(("parameter", "of the rule"), rows)
    )


def _profiles() -> str:
    parts = [
        "## Profiles\n\n"
        "`--profile` (or `BRANCHBOOK_PROFILE`) chooses a built-in profile: the base rulebook,\n"
        "amended by the sources a profile adds.\n"
    ]
    for profile, amendments in PROFILES.items():
        rows = [
            (f"`{rule_id}.{name}`", _value(value))
            for changes in amendments
            for rule_id, params in changes.items()
            for name, value in params.items()
        ]
        if rows:
            parts.append(f"### {profile}\n\n" + _table(("parameter", "value"), rows))
        else:
            parts.append(f"### {profile}\n\nThe catalogue's parameters, none amended.\n")
    return "\n".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header))]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"
