"""One definition of each command: it feeds the CLI options, the journal keys and the schema."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from attrs import frozen

from branchbook.domain.near import did_you_mean
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step
from branchbook.workflows import values
from branchbook.workflows.errors import BadInput
from branchbook.workflows.steps import field_kinds as kinds
from branchbook.workflows.steps import keys

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork

# Each kind's limit, unless a field states its own: characters of a text or code, the largest
# count, the most items of a list or pairs of a tally. README "What a value may be" lists them.
LIMITS: dict[str, int] = {
    "text": values.TEXT_MAX,
    "code": values.CODE_MAX,
    "count": values.COUNT_MAX,
    "members": values.LIST_MAX,
    "names": values.LIST_MAX,
    "tally": values.LIST_MAX,
    "roles": values.LIST_MAX,
    "moments": values.LIST_MAX,
}
Handler = Callable[["UnitOfWork", Judge, Step, dict[str, Any]], str]
Touches = Callable[[dict[str, Any]], tuple[UUID, ...]]


@frozen
class Field:
    """One input of a command: the CLI option --NAME and the journal key NAME."""

    name: str
    help: str
    # text | code | date | choice | count | members | names | flag | tally | roles | money | months
    # | clock | moments
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()  # for choice; for roles, the role names
    default: object = None  # the value of an optional field that is not given
    maximum: int | None = None  # the field's own limit, in place of its kind's (LIMITS)

    @property
    def limit(self) -> int:
        """Characters of a text or code, the largest count, or the most items of a list."""
        return self.maximum if self.maximum is not None else LIMITS.get(self.kind, 0)

    def parse(self, raw: object) -> object:
        """The value checked against its kind's limits; BadInput names the key."""
        try:
            return self._parse(raw)
        except values.ValueProblem as exc:
            raise BadInput(f"{self.name}: {exc}") from None

    def _parse(self, raw: object) -> object:
        return PARSERS[self.kind](self, raw)

    @property
    def described(self) -> str:
        """The help text, with the default of an optional field."""
        if self.default is None or self.kind == "flag":
            return self.help
        return f"{self.help} [default: {self.default}]"

    def _choice(self, raw: object) -> str:
        if not isinstance(raw, str) or raw not in self.choices:
            raise values.ValueProblem(
                f"{values.shown(raw)} is not one of {', '.join(self.choices)}"
            )
        return raw

    def _item(self) -> Field:
        """The field each item of a list is: a member number, or a name."""
        if self.kind == "names":
            return Field(self.name, self.help, maximum=values.NAME_MAX)
        return Field(self.name, self.help, kind="code")

    def _items(self, raw: object) -> tuple[str, ...]:
        items: list[object]
        if isinstance(raw, str):
            items = [part for part in raw.split(",") if part.strip()]
        elif isinstance(raw, list):
            items = list(raw)
        else:
            raise values.ValueProblem(f"expected a list or A,B,C, got {values.shown(raw)}")
        if len(items) > self.limit:
            raise values.ValueProblem(f"{len(items):,} items; at most {self.limit:,}")
        item = self._item()
        numbers: dict[str, None] = {}  # in order, and found again in constant time
        for one in items:
            number = str(item._parse(one))
            if "," in number:  # the separator of A,B,C: a name holding one could not be given
                raise values.ValueProblem(f"{values.shown(number)} holds a comma")
            if number in numbers:
                raise values.ValueProblem(f"{number} is named twice")
            numbers[number] = None
        return tuple(numbers)

    def _pairs(self, raw: object) -> dict[str, object]:
        """NAME=VALUE pairs (A=3,B=5 or a JSON object): votes per candidate, or role holders."""
        pairs: list[tuple[object, object]]
        if isinstance(raw, str):
            pairs = []
            for part in (p.strip() for p in raw.split(",") if p.strip()):
                left, sep, right = part.partition("=")
                if not sep:
                    raise values.ValueProblem(
                        f"expected NAME=VALUE pairs, got {values.shown(part)}"
                    )
                pairs.append((left.strip(), right.strip()))
        elif isinstance(raw, dict):
            pairs = list(raw.items())
        else:
            raise values.ValueProblem(
                f"expected NAME=VALUE pairs (A=1,B=2), got {values.shown(raw)}"
            )
        if len(pairs) > self.limit:
            raise values.ValueProblem(f"{len(pairs):,} pairs; at most {self.limit:,}")
        member = Field(self.name, self.help, kind="code")
        out: dict[str, object] = {}
        for key, value in pairs:
            if self.kind == "roles":
                label = Field(self.name, self.help, kind="choice", choices=self.choices)._parse(key)
            else:
                label = member._parse(key)
            assert isinstance(label, str)
            if label in out:
                raise values.ValueProblem(f"{label} is named twice")
            out[label] = self._pair_value(value)
        return out

    def _pair_value(self, value: object) -> object:
        """The value of one pair: a count of a tally, a moment, or a member number."""
        if self.kind == "tally":
            return Field(self.name, self.help, kind="count")._parse(value)
        if self.kind == "moments":
            return kinds.lodged(value)
        return Field(self.name, self.help, kind="code")._parse(value)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the field's value, stating its limits."""
        return {**_schema_of(self), "description": self.described}


# How each kind reads a raw value; the limit of the field is its own or its kind's.
PARSERS: dict[str, Callable[[Field, object], object]] = {
    "date": lambda _, raw: values.day(raw),
    "count": lambda f, raw: values.whole(raw, f.limit),
    "code": lambda f, raw: values.code(raw, f.limit),
    "text": lambda f, raw: values.text(raw, f.limit),
    "flag": lambda _, raw: kinds.flag(raw),
    "choice": Field._choice,
    "money": lambda _, raw: kinds.money(raw),
    "months": lambda _, raw: kinds.months(raw),
    "members": Field._items,
    "names": Field._items,
    "tally": Field._pairs,
    "roles": Field._pairs,
    "moments": Field._pairs,
    "clock": lambda _, raw: kinds.clock(raw),
}


def _schema_of(f: Field) -> dict[str, Any]:
    if f.kind in kinds.SCHEMAS:
        return kinds.SCHEMAS[f.kind]
    if f.kind in ("code", "text"):
        pattern = values.CODE_PATTERN if f.kind == "code" else values.TEXT_PATTERN
        return {"type": "string", "minLength": 1, "maxLength": f.limit, "pattern": pattern}
    if f.kind == "count":
        return {"type": "integer", "minimum": 0, "maximum": f.limit}
    if f.kind == "choice":
        return {"type": "string", "enum": list(f.choices)}
    if f.kind in ("members", "names"):
        items = {
            "type": "array",
            "items": _schema_of(f._item()),
            "maxItems": f.limit,
            "uniqueItems": True,
        }
        return {"oneOf": [items, {"type": "string", "description": "comma-separated"}]}
    tally = {"type": "integer", "minimum": 0, "maximum": values.COUNT_MAX}
    mapping = {
        "type": "object",
        "propertyNames": {"enum": list(f.choices)} if f.kind == "roles" else kinds.CODE_SCHEMA,
        "additionalProperties": (
            tally
            if f.kind == "tally"
            else {"type": "string", "pattern": kinds.LODGED_PATTERN}
            if f.kind == "moments"
            else kinds.CODE_SCHEMA
        ),
        "maxProperties": f.limit,
    }
    return {"oneOf": [mapping, {"type": "string", "description": "NAME=VALUE,NAME=VALUE"}]}


# Every command carries these: the step's effective date and what it rests on.
COMMON_FIELDS = (
    Field("date", "Effective date of the step (YYYY-MM-DD)", kind="date"),
    Field(
        "doc",
        "Reference of the document the step rests on",
        required=False,
        maximum=values.REFERENCE_MAX,
    ),
    Field("note", "Free note kept with the step", required=False, maximum=values.NOTE_MAX),
)
# Who records: kept with every step, so a name within the limits of one.
ACTOR = Field("actor", "Who records the step", maximum=values.NAME_MAX)


# The keys that name what a command is about, its subject when it is not recorded.
SUBJECT_KEYS = ("member", "code", "branch")


@frozen
class CommandSpec:
    """A command: its dotted name (group.verb), help text, fields, handler, and the
    aggregates it touches (so a journal batch can load them together)."""

    name: str
    help: str
    fields: tuple[Field, ...]
    handler: Handler
    touches: Touches
    # How a user meets the step: a whole command line that records it, the steps that come
    # before it (commands; "a or b" when any one of them will do), and who takes the decision.
    example: str = ""
    after: tuple[str, ...] = ()
    decided_by: str = ""

    @property
    def command(self) -> str:
        """The command as typed: `member designate-activist` for member.designate-activist."""
        return self.name.replace(".", " ", 1)

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + COMMON_FIELDS

    def example_line(self) -> dict[str, object]:
        """The example as a journal line: its options as keys, a flag given as true."""
        return self.line_of(self.example)

    def line_of(self, typed: str) -> dict[str, object]:
        """A command line of this command (`branchbook member talk --member M1 ...`) as a
        journal line; its values are not checked here (`parse` checks them)."""
        words = shlex.split(typed)
        prefix = ["branchbook", *self.command.split(" ")]
        if words[: len(prefix)] != prefix:
            raise ValueError(f"{self.name}: {typed!r} does not begin with {' '.join(prefix)}")
        flags = {f.name for f in self.all_fields if f.kind == "flag"}
        line: dict[str, object] = {"command": self.name}
        rest = iter(words[len(prefix) :])
        for word in rest:
            key = word.removeprefix("--")
            line[key] = True if key in flags else next(rest)
        return line

    def touched(self, values: dict[str, Any], step: Step) -> tuple[UUID, ...]:
        """The aggregates the command reads or changes; a touch may read the step's date."""
        return self.touches({**values, "date": step.effective})

    def subject(self, values: Mapping[str, Any]) -> str | None:
        """Whom or what the command is about, from its values: the member, or the body."""
        for f in self.fields:
            if f.name in SUBJECT_KEYS and isinstance(values.get(f.name), str):
                return str(values[f.name])
        return None

    def hyphenated(self, raw: Mapping[str, object], known: set[str]) -> dict[str, object]:
        """The keys as the options spell them: `full_members`, as --json output spells keys,
        is `full-members`; BadInput for a line that gives both spellings of one key."""
        out: dict[str, object] = {}
        for key, value in raw.items():
            option = key.replace("_", "-")
            if option == key or option not in known:
                out[key] = value
            elif option in raw:
                raise BadInput(f"{key!r} and {option!r} are the same key")
            else:
                out[option] = value
        return out

    def parse(self, raw: Mapping[str, object]) -> tuple[dict[str, Any], Step]:
        """Check and convert raw input; raises BadInput naming the first bad key."""
        known = {f.name for f in self.all_fields}
        raw = self.hyphenated(raw, known)
        unknown = sorted(set(raw) - known)
        if unknown:
            near = did_you_mean(unknown[0], known)
            raise BadInput(f"unknown key {unknown[0]!r}{near}")
        values: dict[str, Any] = {}
        for f in self.all_fields:
            value = raw.get(f.name)
            if value is None:
                if f.required:
                    raise BadInput(f"missing {f.name!r}")
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
            "examples": [self.example_line()] if self.example else [],
            "x-after": list(self.after),
            "x-decided-by": self.decided_by,
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
