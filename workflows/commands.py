"""One definition of each command: it feeds the CLI options, the journal keys and the schema."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen

from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import keys
from branchbook.workflows.errors import BadInput

if TYPE_CHECKING:
    from branchbook.workflows.uow import UnitOfWork

MONEY = re.compile(r"\d{1,9}(\.\d{1,2})?")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
MONTH_SPAN = r"^\d{4}-(0[1-9]|1[0-2])(:\d{4}-(0[1-9]|1[0-2]))?$"
SCHEMA_EXTRA: dict[str, dict[str, Any]] = {
    "money": {"pattern": r"^\d{1,9}(\.\d{1,2})?$", "examples": ["12.50"]},
    "months": {"pattern": MONTH_SPAN, "examples": ["2024-01:2024-03"]},
}
Handler = Callable[["UnitOfWork", Judge, Step, dict[str, Any]], str]
Touches = Callable[[dict[str, Any]], tuple[UUID, ...]]


@frozen
class Field:
    """One input of a command: the CLI option --NAME and the journal key NAME."""

    name: str
    help: str
    kind: str = (
        "text"  # text | date | choice | count | members | flag | tally | roles | money | months
    )
    required: bool = True
    choices: tuple[str, ...] = ()  # for choice; for roles, the role names
    default: object = None  # the value of an optional field that is not given

    def parse(self, raw: object) -> object:
        structured = {
            "count": self._count,
            "members": self._members,
            "tally": self._pairs,
            "money": self._money,
            "months": self._months,
        }
        if self.kind in structured or self.kind == "roles":
            return structured.get(self.kind, self._pairs)(raw)
        if self.kind == "flag":
            if not isinstance(raw, bool):
                raise BadInput(f"{self.name}: expected true or false, got {raw!r}")
            return raw
        if self.kind == "date":
            if isinstance(raw, date):
                return raw
            if not isinstance(raw, str):
                raise BadInput(f"{self.name}: expected a date YYYY-MM-DD, got {raw!r}")
            try:
                return date.fromisoformat(raw)
            except ValueError:
                raise BadInput(f"{self.name}: {raw!r} is not a date YYYY-MM-DD") from None
        if not isinstance(raw, str) or not raw.strip():
            raise BadInput(f"{self.name}: expected non-empty text, got {raw!r}")
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInput(f"{self.name}: {raw!r} is not valid Unicode text") from None
        if self.kind == "choice" and raw not in self.choices:
            raise BadInput(f"{self.name}: {raw!r} is not one of {', '.join(self.choices)}")
        return raw.strip()

    @property
    def described(self) -> str:
        """The help text, with the default of an optional field."""
        if self.default is None or self.kind == "flag":
            return self.help
        return f"{self.help} [default: {self.default}]"

    def _count(self, raw: object) -> int:
        if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
            raw = int(raw.strip())
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            raise BadInput(f"{self.name}: expected a whole number of 0 or more, got {raw!r}")
        return raw

    def _money(self, raw: object) -> int:
        """An amount in yuan with at most two decimals (12.5, "0.20"), as whole fen."""
        text = str(raw).strip() if isinstance(raw, (str, int, float)) else ""
        if isinstance(raw, bool) or not MONEY.fullmatch(text):
            raise BadInput(f"{self.name}: expected an amount in yuan like 12.50, got {raw!r}")
        yuan, _, fen = text.partition(".")
        return int(yuan) * 100 + int((fen + "00")[:2])

    def _months(self, raw: object) -> tuple[str, str]:
        """A month YYYY-MM or a span YYYY-MM:YYYY-MM, as (first, last)."""
        text = raw.strip() if isinstance(raw, str) else ""
        first, _, last = text.partition(":")
        last = last or first
        if not (MONTH.fullmatch(first) and MONTH.fullmatch(last)) or last < first:
            raise BadInput(f"{self.name}: expected YYYY-MM or YYYY-MM:YYYY-MM, got {raw!r}")
        return first, last

    def _members(self, raw: object) -> tuple[str, ...]:
        items: list[object]
        if isinstance(raw, str):
            items = [part for part in raw.split(",") if part.strip()]
        elif isinstance(raw, list):
            items = list(raw)
        else:
            raise BadInput(f"{self.name}: expected member numbers (a list or A,B,C), got {raw!r}")
        text = Field(self.name, self.help)
        numbers = tuple(str(text.parse(item)) for item in items)
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise BadInput(f"{self.name}: {twice[0]} is named twice")
        return numbers

    def _pairs(self, raw: object) -> dict[str, object]:
        """NAME=VALUE pairs (A=3,B=5 or a JSON object): votes per candidate, or role holders."""
        pairs: list[tuple[object, object]]
        if isinstance(raw, str):
            pairs = []
            for part in (p.strip() for p in raw.split(",") if p.strip()):
                left, sep, right = part.partition("=")
                if not sep:
                    raise BadInput(f"{self.name}: expected NAME=VALUE pairs, got {part!r}")
                pairs.append((left.strip(), right.strip()))
        elif isinstance(raw, dict):
            pairs = list(raw.items())
        else:
            raise BadInput(f"{self.name}: expected NAME=VALUE pairs (A=1,B=2), got {raw!r}")
        text = Field(self.name, self.help)
        count = Field(self.name, self.help, kind="count")
        out: dict[str, object] = {}
        for key, value in pairs:
            label = str(text.parse(key))
            if self.kind == "roles" and label not in self.choices:
                raise BadInput(f"{self.name}: {label!r} is not one of {', '.join(self.choices)}")
            if label in out:
                raise BadInput(f"{self.name}: {label} is named twice")
            out[label] = count.parse(value) if self.kind == "tally" else text.parse(value)
        return out

    def schema(self) -> dict[str, Any]:
        if self.kind in ("tally", "roles"):
            value = (
                {"type": "integer", "minimum": 0} if self.kind == "tally" else {"type": "string"}
            )
            mapping: dict[str, Any] = {"type": "object", "additionalProperties": value}
            if self.kind == "roles":
                mapping["propertyNames"] = {"enum": list(self.choices)}
            return {
                "description": self.described,
                "oneOf": [mapping, {"type": "string", "description": "NAME=VALUE,NAME=VALUE"}],
            }
        if self.kind == "count":
            return {"type": "integer", "minimum": 0, "description": self.described}
        if self.kind == "flag":
            return {"type": "boolean", "description": self.described}
        if self.kind == "members":
            return {
                "description": self.described,
                "oneOf": [
                    {"type": "array", "items": {"type": "string", "minLength": 1}},
                    {"type": "string", "description": "comma-separated"},
                ],
            }
        out: dict[str, Any] = {"type": "string", "description": self.described}
        out.update(SCHEMA_EXTRA.get(self.kind, {}))
        if self.kind == "date":
            out["format"] = "date"
        if self.kind == "choice":
            out["enum"] = list(self.choices)
        return out


# Every command carries these: the step's effective date and what it rests on.
COMMON_FIELDS = (
    Field("date", "Effective date of the step (YYYY-MM-DD)", kind="date"),
    Field("doc", "Reference of the document the step rests on", required=False),
    Field("note", "Free note kept with the step", required=False),
)


@frozen
class CommandSpec:
    """A command: its dotted name (group.verb), help text, fields, handler, and the
    aggregates it touches (so a journal batch can load them together)."""

    name: str
    help: str
    fields: tuple[Field, ...]
    handler: Handler
    touches: Touches

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + COMMON_FIELDS

    def parse(self, raw: Mapping[str, object]) -> tuple[dict[str, Any], Step]:
        """Check and convert raw input; raises BadInput naming the first bad key."""
        known = {f.name for f in self.all_fields}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise BadInput(f"{self.name}: unknown key {unknown[0]!r}")
        values: dict[str, Any] = {}
        for f in self.all_fields:
            value = raw.get(f.name)
            if value is None:
                if f.required:
                    raise BadInput(f"{self.name}: missing {f.name!r}")
                if f.default is not None:
                    values[f.name] = f.default
                continue
            values[f.name] = f.parse(value)
        step = Step(
            effective=values.pop("date"),
            actor="",
            doc=values.pop("doc", None),
            note=values.pop("note", None),
        )
        return values, step

    def schema(self) -> dict[str, Any]:
        properties: dict[str, Any] = {"command": {"const": self.name}}
        properties.update({f.name: f.schema() for f in self.all_fields})
        properties[keys.ID_KEY] = keys.schema()
        return {
            "type": "object",
            "title": self.name,
            "description": self.help,
            "properties": properties,
            "required": ["command", *(f.name for f in self.all_fields if f.required)],
            "additionalProperties": False,
        }


def journal_schema(specs: Mapping[str, CommandSpec]) -> dict[str, Any]:
    """JSON Schema of one journal line: any of the commands."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "branchbook journal line",
        "description": "One command per line of a JSON Lines journal.",
        "oneOf": [spec.schema() for spec in specs.values()],
    }
