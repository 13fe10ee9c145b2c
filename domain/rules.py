"""The rule model: rules with ids, severities, parameters and citations; judging a step."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import Enum
from functools import cached_property
from typing import Any

from attrs import evolve, field, frozen

ParamValue = int | float | bool | str | list[Any] | dict[str, Any] | None
Facts = Mapping[str, Any]
Params = Mapping[str, ParamValue]
# A rule's test and explanation read its parameters as plain values (the loader typed them).
Test = Callable[[Facts, Mapping[str, Any]], bool]
Explain = Callable[[Facts, Mapping[str, Any]], str]


class Severity(Enum):
    """What a broken rule does: reject the step, record it with a warning, or nothing."""

    HARD = "hard"
    SOFT = "soft"
    COMPUTE = "compute"


SOURCES: Mapping[str, tuple[str, str]] = {
    "S000": ("Branch Work Regulations (trial)", "中国共产党支部工作条例（试行）"),
    "S002": ("Minmetals Copper branch-practice report", "五矿铜业支部工作实践"),
    "S003": ("Fuling SOE party organisation norms", "涪陵区国有企业党组织工作活动基本规范"),
    "PC": ("Party Constitution", "中国共产党章程"),
    "DR": ("Member Development Rules", "中国共产党发展党员工作细则"),
    "DC": ("Disciplinary Regulation", "中国共产党纪律处分条例"),
    "EM": ("Member Education and Management Regulation", "中国共产党党员教育管理工作条例"),
    "EL": ("Primary-level Election Regulation", "中国共产党基层组织选举工作条例"),
    "EL90": ("Primary-level Election Regulation (1990)", "中国共产党基层组织选举工作暂行条例"),
    "OD": ("Disposal of Unqualified Members", "中国共产党不合格党员组织处置办法"),
    "DF": ("Dues Rules", "关于中国共产党党费收缴、使用和管理的规定"),
    "COD-5": ("Central Organisation Department should-attend rule", "应到会党员五类情形"),
    "LOCAL": ("local practice", "地方规定"),
    "BOOK": ("record integrity", "记录完整性"),
}


@frozen
class Citation:
    """Where a rule comes from: a source tag of SOURCES and an article."""

    source: str = field()
    article: str = ""
    confidence: str = "P"  # P primary text read, S secondary, #? article number unconfirmed

    @source.validator
    def _known(self, _: object, value: str) -> None:
        if value not in SOURCES:
            raise ValueError(f"unknown source tag {value!r}")

    def __str__(self) -> str:
        title = SOURCES[self.source][0]
        return f"{title} {self.article}".strip()

    def as_dict(self) -> dict[str, str]:
        english, chinese = SOURCES[self.source]
        return {
            "source": self.source,
            "title": english,
            "title_zh": chinese,
            "article": self.article,
            "confidence": self.confidence,
            "text": str(self),
        }


@frozen
class Bounds:
    """The whole numbers a parameter may take, named by what it measures."""

    low: int
    high: int
    measures: str

    def __contains__(self, value: object) -> bool:
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.low <= value <= self.high
        )

    def __str__(self) -> str:
        return f"from {self.low:,} to {self.high:,} ({self.measures})"

    def as_dict(self) -> dict[str, int | str]:
        return {"min": self.low, "max": self.high, "measures": self.measures}


# What each whole-number parameter measures bounds it: no duration is negative, and none is
# longer than a century, so a date moved by it stays within the calendar (years 1 to 9999)
# from any date of the record (1900 to 2099).
MONTHS = Bounds(0, 1_200, "months")
DAYS = Bounds(0, 36_600, "days")
YEARS = Bounds(0, 100, "years")
HOURS = Bounds(0, 8_784, "hours")  # a leap year's
PER_YEAR = Bounds(0, 366, "times a year")  # at most daily
DAY_OF_MONTH = Bounds(1, 31, "day of the month")
# People, seats, units and times: as large as a count on the command line.
MEMBERS = Bounds(0, 1_000_000, "members")
COUNT = Bounds(0, 1_000_000, "a count")
SCORE = Bounds(0, 100, "points")  # the S002 and S003 scores are out of 100
SCALE = Bounds(1, 1_000, "points")  # the scale a score is out of: never 0


@frozen
class Rule:
    """One procedural rule: its id, severity, parameters, source, and (when checked) its test."""

    id: str
    title: str
    severity: Severity
    citations: tuple[Citation, ...]
    params: Mapping[str, ParamValue] = field(factory=dict)
    test: Test | None = field(default=None, eq=False, repr=False)
    explain: Explain | None = field(default=None, eq=False, repr=False)
    nullable: frozenset[str] = frozenset()  # parameters that may be null ("sources silent")
    # What each whole-number parameter (or each item of a list or table of them) may be.
    bounds: Mapping[str, Bounds] = field(factory=dict)

    @property
    def citation(self) -> str:
        return "; ".join(str(c) for c in self.citations)

    @property
    def checked(self) -> bool:
        return self.test is not None

    def holds(self, facts: Facts) -> bool:
        return True if self.test is None else self.test(facts, self.params)

    def reason(self, facts: Facts) -> str:
        if self.explain is not None:
            return self.explain(facts, self.params)
        return self.title

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": self.severity.value,
            "params": dict(self.params),
            "bounds": {name: b.as_dict() for name, b in self.bounds.items()},
            "checked": self.checked,
            "citations": [c.as_dict() for c in self.citations],
        }


@frozen
class RulebookVersion:
    """The rules in force from one date on; its fingerprint names the exact parameters."""

    id: str
    effective_from: date
    rules: Mapping[str, Rule]

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    @cached_property
    def fingerprint(self) -> str:
        canon = [
            [r.id, r.severity.value, sorted(r.params.items())]
            for r in sorted(self.rules.values(), key=lambda r: r.id)
        ]
        digest = hashlib.sha256(json.dumps(canon, default=str).encode()).hexdigest()
        return f"{self.id}#{digest[:8]}"

    def amended(
        self, new_id: str, effective_from: date, changes: Mapping[str, Rule]
    ) -> RulebookVersion:
        return RulebookVersion(new_id, effective_from, {**self.rules, **changes})


@frozen
class Rulebook:
    """The versions of the rulebook, ordered by the date each comes into force."""

    versions: tuple[RulebookVersion, ...]

    def __attrs_post_init__(self) -> None:
        dates = [v.effective_from for v in self.versions]
        if not self.versions or dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("rulebook versions must be non-empty with increasing dates")

    def in_force(self, on: date) -> RulebookVersion:
        current = self.versions[0]
        for version in self.versions[1:]:
            if version.effective_from <= on:
                current = version
        return current


@frozen
class RuleWarning:
    """A soft rule broken by a recorded step: kept with the step's event."""

    rule: str
    reason: str
    citation: str

    def __str__(self) -> str:
        return f"{self.rule} — {self.reason} [{self.citation}]"


class RuleViolation(Exception):
    """Raised when a step breaks a hard rule; nothing of the step is recorded."""

    def __init__(self, rule: Rule, facts: Facts) -> None:
        self.rule = rule
        self.facts = dict(facts)
        super().__init__(str(self))

    @property
    def reason(self) -> str:
        return self.rule.reason(self.facts)

    def __str__(self) -> str:
        return f"{self.rule.id} — {self.reason} [{self.rule.citation}]"


class Judge:
    """Judges one step against one rulebook version, collecting soft-rule warnings."""

    def __init__(self, version: RulebookVersion) -> None:
        self.version = version
        self.warnings: list[RuleWarning] = []

    def check(self, rule_id: str, **facts: Any) -> None:
        """Raise RuleViolation if a hard rule fails; record a warning if a soft rule fails."""
        rule = self.version[rule_id]
        if rule.severity is Severity.COMPUTE or rule.holds(facts):
            return
        if rule.severity is Severity.HARD:
            raise RuleViolation(rule, facts)
        self.warnings.append(RuleWarning(rule.id, rule.reason(facts), rule.citation))

    def find(self, rule_id: str, **facts: Any) -> None:
        """Record a warning if the rule, unless compute-only, fails on the facts of a date: a
        finding reports a breach whatever the rule's severity, and refuses nothing."""
        rule = self.version[rule_id]
        if rule.severity is Severity.COMPUTE or rule.holds(facts):
            return
        self.warnings.append(RuleWarning(rule.id, rule.reason(facts), rule.citation))

    def param(self, rule_id: str, name: str) -> ParamValue:
        return self.version[rule_id].params[name]

    def whole(self, rule_id: str, name: str) -> int:
        """An integer parameter; the rulebook loader has already checked its type."""
        value = self.param(rule_id, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{rule_id}.{name} is {value!r}, not a whole number")
        return value


def with_overrides(rule: Rule, severity: Severity | None, params: Mapping[str, ParamValue]) -> Rule:
    """A copy of the rule with some parameters or its severity changed."""
    return evolve(
        rule,
        severity=severity or rule.severity,
        params={**rule.params, **params},
    )


def index(rules: Iterable[Rule]) -> dict[str, Rule]:
    """Rules by id, refusing duplicates so that every rule lives in one place."""
    out: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in out:
            raise ValueError(f"rule {rule.id} is defined twice")
        out[rule.id] = rule
    return out
