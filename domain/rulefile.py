"""Rulebook files: TOML text that overrides parameters and adds dated versions."""

from __future__ import annotations

import math
import re
import sys
import tomllib
from datetime import date, datetime
from typing import Any

from branchbook.domain.near import did_you_mean
from branchbook.domain.rules import (
    Bounds,
    ParamValue,
    Rule,
    Rulebook,
    RulebookVersion,
    Severity,
    with_overrides,
)

EXAMPLE = """\
# Change a parameter of the built-in version (it judges every date):
[rules."assembly.quorum"]
inclusive_half = true

# Add a version that comes into force on a date, amending the one before it:
[[versions]]
id = "S000+S003"
effective_from = 2019-01-01
[versions.rules."theme_day.schedule"]
day_of_month = 10
severity = "soft"
"""


FILE_MAX_BYTES = 1024 * 1024
DEPTH_MAX = 16  # tables and arrays within one another; a rulebook needs five
PARAM_MAX = 1_000_000  # a whole number where any number may be (a fraction, a ratio)
BOM = b"\xef\xbb\xbf"
# A bracket, or a string or comment whose brackets do not nest. An unterminated string runs
# to the end of its line (or of the file), so the scan never starts again inside one.
_TOKEN = re.compile(
    r'"""[\s\S]*?(?:"""|\Z)|\'\'\'[\s\S]*?(?:\'\'\'|\Z)'
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|\'[^\'\n]*\'?|#[^\n]*|[\[\]{}]'
)
VERSION_ID = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,64}")
DECIMAL = re.compile(r"[0-9](?:_?[0-9])*")


class RulebookError(ValueError):
    """Raised when a rulebook file is not valid; names the key and the line."""

    def __init__(self, key: str, problem: str, line: int | None) -> None:
        self.key = key
        self.problem = problem
        self.line = line
        where = f"line {line}: " if line else ""
        super().__init__(f"{where}{key}: {problem}")


def load_rulebook(text: str | bytes, base: Rulebook) -> Rulebook:
    """The base rulebook amended by a rulebook file's text, or its bytes (UTF-8, a BOM
    tolerated), within FILE_MAX_BYTES and DEPTH_MAX."""
    if isinstance(text, bytes):
        text = _decoded(text)
    if len(text) > FILE_MAX_BYTES:
        raise RulebookError("(file)", f"larger than {FILE_MAX_BYTES:,} bytes", None)
    _check_brackets(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise RulebookError(
            "(file)", f"not valid TOML: {exc}", int(found[1]) if found else None
        ) from None
    except ValueError as exc:  # int() of a decimal longer than the interpreter converts
        raise _long_number(text, exc) from None
    except RecursionError:  # the bracket check comes first; this is a last guard
        raise RulebookError("(file)", f"nested deeper than {DEPTH_MAX} levels", None) from None
    if _depth(data) > DEPTH_MAX:
        raise RulebookError("(file)", f"nested deeper than {DEPTH_MAX} levels", None)
    return _Loader(text).rulebook(data, base)


def _long_number(text: str, exc: ValueError) -> RulebookError:
    """The error for the plain ValueError tomllib lets through: the line of the first whole
    number with more digits than int() converts (sys.get_int_max_str_digits)."""
    limit = sys.get_int_max_str_digits()
    for number in DECIMAL.finditer(text):
        if limit and len(number[0].replace("_", "")) > limit:
            line = text.count("\n", 0, number.start()) + 1
            problem = f"not valid TOML: a whole number of more than {limit:,} digits"
            return RulebookError("(file)", problem, line)
    return RulebookError("(file)", f"not valid TOML: {exc}", None)


def _check_brackets(text: str) -> None:
    """Refuse arrays and inline tables nested deeper than DEPTH_MAX before the TOML parser
    recurses into them: near the interpreter's limit, even its RecursionError is unsafe."""
    depth = 0
    for token in _TOKEN.finditer(text):
        bracket = token[0]
        if bracket in "[{":
            depth += 1
            if depth > DEPTH_MAX:
                raise RulebookError("(file)", f"nested deeper than {DEPTH_MAX} levels", None)
        elif bracket in "]}":
            depth = max(depth - 1, 0)


def _decoded(data: bytes) -> str:
    if len(data) > FILE_MAX_BYTES:
        raise RulebookError("(file)", f"larger than {FILE_MAX_BYTES:,} bytes", None)
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = f"not UTF-8 text: byte 0x{data[exc.start]:02x}"
        raise RulebookError("(file)", problem, line) from None


def _depth(data: object) -> int:
    """How deeply tables and arrays nest, counted without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > DEPTH_MAX:
            break
        inner: list[object] = []
        if isinstance(value, dict):
            inner = list(value.values())
        elif isinstance(value, list):
            inner = value
        stack.extend((v, depth + 1) for v in inner if isinstance(v, (dict, list)))
    return deepest


class _Loader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def fail(self, path: list[str], problem: str) -> RulebookError:
        return RulebookError(_dotted(path), problem, self._line_of(path))

    def rulebook(self, data: dict[str, Any], base: Rulebook) -> Rulebook:
        for key in data:
            if key not in ("rules", "versions"):
                raise self.fail(
                    [key], "unknown key; a rulebook file has [rules.ID] and [[versions]]"
                )
        # Top-level [rules] amend every version of the base rulebook, each on its own rules.
        overrides = data.get("rules", {})
        versions = [
            v.amended(v.id, v.effective_from, self.rule_changes(overrides, v, ["rules"]))
            for v in base.versions
        ]
        raw_versions = data.get("versions", [])
        if not isinstance(raw_versions, list):
            raise self.fail(["versions"], "must be an array of tables [[versions]]")
        for n, raw in enumerate(raw_versions):
            versions.append(self.version(raw, versions[-1], n))
        return Rulebook(tuple(versions))

    def version(self, raw: dict[str, Any], before: RulebookVersion, n: int) -> RulebookVersion:
        path = ["versions", f"#{n}"]
        for key in raw:
            if key not in ("id", "effective_from", "rules"):
                raise self.fail(
                    [*path, key], "unknown key; a version has id, effective_from, rules"
                )
        vid = raw.get("id")
        if not isinstance(vid, str) or not VERSION_ID.fullmatch(vid):
            # Every step recorded under the version carries its id in a 128-character column.
            raise self.fail(
                [*path, "id"], "a version needs an id: up to 64 characters, no space or control"
            )
        when = raw.get("effective_from")
        if not isinstance(when, date) or isinstance(when, datetime):
            raise self.fail([*path, "effective_from"], "a version needs a date YYYY-MM-DD")
        if when <= before.effective_from:
            raise self.fail(
                [*path, "effective_from"],
                f"{when} must come after the version before it ({before.effective_from})",
            )
        changes = self.rule_changes(raw.get("rules", {}), before, [*path, "rules"])
        return before.amended(vid, when, changes)

    def rule_changes(
        self, raw: object, version: RulebookVersion, path: list[str]
    ) -> dict[str, Rule]:
        if not isinstance(raw, dict):
            raise self.fail(path, "must be a table of rules by id")
        changes: dict[str, Rule] = {}
        for rule_id, overrides in raw.items():
            if rule_id not in version.rules:
                near = did_you_mean(rule_id, version.rules)
                raise self.fail([*path, rule_id], f"no rule has this id{near}")
            if not isinstance(overrides, dict):
                raise self.fail([*path, rule_id], "must be a table of parameters")
            changes[rule_id] = self.rule(version.rules[rule_id], overrides, [*path, rule_id])
        return changes

    def rule(self, rule: Rule, overrides: dict[str, Any], path: list[str]) -> Rule:
        severity: Severity | None = None
        params: dict[str, ParamValue] = {}
        for name, value in overrides.items():
            if name == "severity":
                try:
                    severity = Severity(value)
                except ValueError:
                    raise self.fail([*path, name], "must be hard, soft or compute") from None
                continue
            if name not in rule.params:
                known = ", ".join(sorted(rule.params)) or "none"
                raise self.fail([*path, name], f"no such parameter (parameters: {known})")
            bounds = rule.bounds.get(name)
            if bounds is not None:
                problem = _bounds_problem(bounds, rule.params[name], value)
            else:
                problem = _type_problem(rule.params[name], value, name in rule.nullable)
            if problem:
                raise self.fail([*path, name], problem)
            params[name] = value
        return with_overrides(rule, severity, params)

    def _line_of(self, path: list[str]) -> int | None:
        """The line that defines the key: its tables' headers in turn, then the key itself."""
        index = 0
        found: int | None = None
        for n, part in enumerate(path):
            if part.startswith("#"):
                hits = [i for i, t in enumerate(self.lines) if re.match(r"\s*\[\[\s*versions", t)]
                hit: int | None = hits[int(part[1:])] if int(part[1:]) < len(hits) else None
            elif n == len(path) - 1:
                hit = self._key_line(part, index)
                if hit is None:
                    hit = self._header_line(part, index)
            else:
                hit = self._header_line(part, index)
            if hit is not None:
                index = found = hit
        return None if found is None else found + 1

    def _header_line(self, part: str, start: int) -> int | None:
        pattern = re.compile(rf'[\[."]{re.escape(part)}[\]."]')
        for i in range(start, len(self.lines)):
            text = self.lines[i].split("#", 1)[0].strip()
            if text.startswith("[") and pattern.search(text):
                return i
        return None

    def _key_line(self, key: str, start: int) -> int | None:
        """The line of `key = ...` within the table that begins at `start`."""
        pattern = re.compile(rf'\s*"?{re.escape(key)}"?\s*=')
        for i in range(start, len(self.lines)):
            text = self.lines[i]
            if i > start and text.lstrip().startswith("["):
                return None
            if pattern.match(text):
                return i
        return None


def _type_problem(default: ParamValue, value: object, nullable: bool) -> str | None:
    if default is None:
        ok = nullable and isinstance(value, int | float | str | bool)
        return _size_problem(value) if ok else "must be a number, text or true/false"
    expected: dict[type, tuple[tuple[type, ...], str]] = {
        bool: ((bool,), "true or false"),
        int: ((int,), "a whole number"),
        float: ((int, float), "a number"),
        str: ((str,), "text"),
        list: ((list,), "an array"),
        dict: ((dict,), "a table"),
    }
    kinds, words = expected[type(default)]
    if isinstance(value, bool) and bool not in kinds:
        return f"must be {words}, not {str(value).lower()}"
    if not isinstance(value, kinds):
        return f"must be {words}, not {value!r}"
    return _size_problem(value)


def _bounds_problem(bounds: Bounds, default: ParamValue, value: object) -> str | None:
    """A whole number within the parameter's bounds, or a list or table of them as the default
    is; a nullable parameter, once given, is a whole number."""
    if isinstance(default, list | dict):
        kind, words = (list, "an array") if isinstance(default, list) else (dict, "a table")
        if not isinstance(value, kind) or not value:
            return f"must be {words} of one or more whole numbers {bounds}"
        items = list(value.values()) if isinstance(value, dict) else value
        wrong = [item for item in items if item not in bounds]
        if not wrong:
            return None
        return f"must be {words} of one or more whole numbers {bounds}, not {_shown(wrong[0])}"
    if value in bounds:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"must be {bounds}, not {value:,}"
    return f"must be a whole number {bounds}, not {_shown(value)}"


def _shown(value: object) -> str:
    """A value as the file wrote it, cut short: an error is one line a person reads."""
    if isinstance(value, bool):
        return str(value).lower()
    text = f"{value:,}" if isinstance(value, int) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _size_problem(value: object) -> str | None:
    """A number a rule can compute with: finite, and a whole number of a sane size."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, not {value}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > PARAM_MAX:
        return f"must be between -{PARAM_MAX:,} and {PARAM_MAX:,}"
    return None


def _dotted(path: list[str]) -> str:
    """The key as a person would write it: versions[0].rules."assembly.quorum".fraction."""
    out = ""
    for part in path:
        if part.startswith("#"):
            out += f"[{part[1:]}]"
        else:
            out += ("." if out else "") + (f'"{part}"' if "." in part else part)
    return out
