"""The command definitions: every field of every command holds its kind's documented limit,
refuses what lies outside it as bad input naming the key, and states it in the schema."""

from __future__ import annotations

import re
from typing import Any

import pytest

from branchbook.workflows import values
from branchbook.workflows.errors import BadInput
from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.steps.commands import ACTOR, LIMITS

FIELDS = {(spec.name, f.name): f for spec in COMMANDS.values() for f in spec.all_fields}
# Fields that name a member, a branch, an organisation or a meeting: each must be a code.
CODE_NAMES = {"member", "branch", "body", "parent", "code", "chair", "deputy", "secretary",
              "filed-with", "to", "approved-by", "meeting", "id"}  # fmt: skip
# The counts whose unit is smaller than a person, each with its own maximum.
COUNT_MAXIMA = {"hours": values.HOURS_MAX, "days": values.DAYS_MAX, "months": values.MONTHS_MAX,
                "step": values.POSITION_MAX, "year": values.LAST_DAY.year,
                "notice-board": values.DAYS_MAX}  # fmt: skip


def test_every_field_that_names_something_in_the_record_is_a_code() -> None:
    for (command, name), f in FIELDS.items():
        if name in CODE_NAMES:
            assert f.kind == "code", f"{command} {name}"
    assert FIELDS["transfer.reject", "by"].kind == "code"
    assert FIELDS["member.talk", "by"].kind == "text"  # a person's name


def test_meeting_codes_may_hold_a_branch_code_and_more() -> None:
    for (command, name), f in FIELDS.items():
        if name == "meeting" or (command, name) == ("meeting.hold", "code"):
            assert f.limit == values.MEETING_CODE_MAX, command
        elif f.kind == "code":
            assert f.limit == values.CODE_MAX, f"{command} {name}"


def test_every_count_has_a_maximum_of_its_unit() -> None:
    counts = {key: f for key, f in FIELDS.items() if f.kind == "count"}
    assert counts
    for (command, name), f in counts.items():
        assert f.limit == COUNT_MAXIMA.get(name, values.COUNT_MAX), f"{command} {name}"


def test_names_are_shorter_than_reasons_and_notes_longer() -> None:
    assert FIELDS["member.apply", "name"].limit == values.NAME_MAX
    assert FIELDS["member.talk", "by"].limit == values.NAME_MAX
    assert FIELDS["branch.dissolve", "reason"].limit == values.TEXT_MAX
    assert FIELDS["member.apply", "doc"].limit == values.REFERENCE_MAX
    assert FIELDS["member.apply", "note"].limit == values.NOTE_MAX
    assert FIELDS["meeting.hold", "group"].limit == values.CODE_MAX  # a 64-character column


def test_every_kind_has_a_limit_or_a_pattern() -> None:
    for f in FIELDS.values():
        assert f.kind in LIMITS or f.kind in ("date", "choice", "flag", "money", "months", "clock")


# A value just inside each kind's limit, and one just outside it, from the limit.
EDGES: dict[str, Any] = {
    "count": lambda n: (n, n + 1),
    "code": lambda n: ("c" * n, "c" * (n + 1)),
    "text": lambda n: ("字" * n, "字" * (n + 1)),
    "members": lambda n: ([f"M{i}" for i in range(n)], [f"M{i}" for i in range(n + 1)]),
    "names": lambda n: ([f"U{i}" for i in range(n)], [f"U{i}" for i in range(n + 1)]),
    "tally": lambda n: ({f"M{i}": 1 for i in range(n)}, {f"M{i}": 1 for i in range(n + 1)}),
    "date": lambda _: ("2099-12-31", "2100-01-01"),
    "months": lambda _: ("2099-12", "2100-01"),
    "money": lambda _: ("9999999.99", "10000000.00"),
    "moments": lambda n: (
        {f"M{i}": "2099-12-31T23:59" for i in range(n)},
        {f"M{i}": "2099-12-31T23:59" for i in range(n + 1)},
    ),
    "clock": lambda _: ("23:59", "24:00"),
}


LIMITED = sorted(
    {(f.kind, f.limit, f.name): key for key, f in FIELDS.items() if f.kind not in
     ("choice", "flag", "roles")}.values()
)  # fmt: skip


@pytest.mark.parametrize(("command", "name"), LIMITED, ids="/".join)
def test_a_value_just_inside_a_limit_is_accepted_and_just_outside_refused_naming_the_key(
    command: str, name: str
) -> None:
    f = FIELDS[command, name]
    inside, outside = EDGES[f.kind](f.limit)
    f.parse(inside)
    with pytest.raises(BadInput, match=f"^{re.escape(name)}: ") as refused:
        f.parse(outside)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("command", "key", "value"),
    [
        ("branch.found", "full-members", 10**20),
        ("meeting.hold", "hours", 10**20),
        ("meeting.hold", "hours", 3_000_000_000),
        ("member.income", "date", "9999-12-31"),
        ("member.apply", "birth", "0001-01-01"),
        ("member.apply", "member", "M" * 70),
        ("member.apply", "name", "王\x00芳"),
        ("step.correct", "step", 10**100),
        ("member.apply", "date", "20240301"),
        ("member.apply", "date", "2024-W01-1"),
        ("member.pay-dues", "months", "9999-01"),
        ("meeting.hold", "present", "F1,F 2"),
        ("branch.elect", "votes", {"F1": 10**20}),
        ("branch.elect-officers", "roles", {"organisation": "F 3"}),
        ("branch.found", "units", ["顺达,商贸"]),
    ],
)
def test_a_poison_value_is_refused_at_the_boundary_naming_its_key(
    command: str, key: str, value: Any
) -> None:
    with pytest.raises(BadInput, match=f"^{re.escape(key)}: "):
        FIELDS[command, key].parse(value)


def test_the_actor_is_held_to_the_limits_of_a_name() -> None:
    assert ACTOR.parse("clerk 王") == "clerk 王"
    with pytest.raises(BadInput, match=r"^actor: "):
        ACTOR.parse("a" * (values.NAME_MAX + 1))
    with pytest.raises(BadInput, match=r"^actor: "):
        ACTOR.parse("clerk\x1b[31m")


def schema_of(command: str, name: str) -> dict[str, Any]:
    prop: dict[str, Any] = COMMANDS[command].schema()["properties"][name]
    return prop


@pytest.mark.parametrize(("command", "name"), sorted(FIELDS), ids="/".join)
def test_the_schema_states_the_limits_of_every_field(command: str, name: str) -> None:
    f, prop = FIELDS[command, name], schema_of(command, name)
    if f.kind in ("code", "text"):
        assert prop["maxLength"] == f.limit
        assert prop["pattern"] == (values.CODE_PATTERN if f.kind == "code" else values.TEXT_PATTERN)
    elif f.kind == "count":
        assert (prop["minimum"], prop["maximum"]) == (0, f.limit)
    elif f.kind == "date":
        assert prop["pattern"] == values.DATE_PATTERN
        assert (prop["formatMinimum"], prop["formatMaximum"]) == ("1900-01-01", "2099-12-31")
    elif f.kind in ("members", "names", "tally", "roles"):
        listed = prop["oneOf"][0]
        assert listed.get("maxItems", listed.get("maxProperties")) == f.limit
    elif f.kind in ("money", "months"):
        assert "pattern" in prop
