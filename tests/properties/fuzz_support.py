"""Strategies of malformed input for the boundary fuzz test: journal lines and CLI arguments."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from branchbook.workflows.steps.catalogue import COMMANDS
from branchbook.workflows.steps.commands import CommandSpec, Field
from hypothesis import strategies as st

# The store's opening: TC01 above B01 (F1-F3) and B02 (G1-G3), as in the CLI tests.
CODES = ["TC01", "B01", "B02", "F1", "F2", "F3", "G1", "G2", "M0001", "M0002",
         "B01-2024-03-01-assembly", "城关镇党委"]  # fmt: skip
SPECS: Sequence[CommandSpec] = sorted(COMMANDS.values(), key=lambda s: s.name)

# Dates of every form a person might type, in range and out of it.
nasty_dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31", "0001-01-01", "1899-12-31", "2100-01-01", "2099-12-31",
                     "1900-01-01", "20240301", "2024-W01-1", "2024-061", "2024-02-30",
                     "2024-03-01T10:00", "٢٠٢٤-٠٣-٠١", "", " ", "yesterday", "2030-03-01"]),
)  # fmt: skip
huge_ints = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=2**31 - 2, max_value=2**64 + 2),
    st.sampled_from([10**20, 3_000_000_000, 10**100, 2**53, 2**53 - 1, 2**63, -1]),
)
controls = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
nasty_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=controls, min_size=1, max_size=5),
    st.tuples(st.sampled_from(["a", "王", "M"]), st.integers(60, 2_500)).map(lambda t: t[0] * t[1]),
    st.sampled_from(["M\udcff", "\ud800", "a\x00b", "B 01", "F1,F2", "F1=3", "a\u202eb",
                     "Jose\u0301", "\ufeffB01", "", "   ", "null"]),
)  # fmt: skip
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | huge_ints | st.floats() | nasty_text | nasty_dates,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)  # fmt: skip


days = st.dates(min_value=date(2016, 1, 1), max_value=date(2026, 11, 30)).map(date.isoformat)
members = st.sampled_from(["F1", "F2", "F3", "G1", "G2"])
# Steps the opening store accepts as often as not, so that fuzzed lines meet recorded ones.
likely = st.one_of(
    st.fixed_dictionaries({
        "command": st.just("member.apply"), "member": st.from_regex(r"M[0-9]{3}", fullmatch=True),
        "name": st.sampled_from(["王芳", "李明"]), "birth": st.sampled_from(["1990-05-01"]),
        "branch": st.sampled_from(["B01", "B02"]), "date": days}),
    st.fixed_dictionaries({
        "command": st.just("meeting.hold"), "branch": st.just("B01"),
        "kind": st.sampled_from(["assembly", "committee", "lecture", "org-life"]),
        "present": st.just("F1,F2,F3"), "chair": st.just("F1"), "date": days},
        optional={"hours": st.integers(0, 1001)}),
    st.fixed_dictionaries({
        "command": st.just("member.income"), "member": members, "date": days,
        "kind": st.sampled_from(["salaried", "retired", "student"]),
        "monthly": st.sampled_from(["3000", "0.5", "9999999.99"])}),
    st.fixed_dictionaries({
        "command": st.just("member.pay-dues"), "member": members, "amount": st.just("12.50"),
        "months": st.sampled_from(["2024-01", "2025-01:2025-03", "2016-02"]), "date": days}),
)  # fmt: skip


def plausible(f: Field, draw: st.DrawFn) -> object:
    """A value of the field's kind that might be accepted."""
    kinds: dict[str, st.SearchStrategy[Any]] = {
        "code": st.sampled_from(CODES) | members,
        "text": st.sampled_from(["王芳", "党员 F1", "new work unit", "申请书 M0001"]),
        "date": days,
        "count": st.integers(min_value=0, max_value=12),
        "members": st.lists(st.sampled_from(CODES[3:8]), max_size=4, unique=True),
        "names": st.lists(st.sampled_from(["顺达商贸", "惠民超市"]), max_size=2, unique=True),
        "flag": st.booleans(),
        "choice": st.sampled_from(f.choices or ("x",)),
        "money": st.sampled_from(["12.50", "0", "3000"]),
        "months": st.sampled_from(["2024-01", "2024-01:2024-03"]),
        "tally": st.dictionaries(st.sampled_from(CODES[3:8]), st.integers(0, 9), max_size=3),
        "roles": st.dictionaries(st.sampled_from(f.choices or ("x",)), st.sampled_from(CODES[3:8]),
                                 max_size=2),
    }  # fmt: skip
    return draw(kinds.get(f.kind, json_values))


@st.composite
def commands(draw: st.DrawFn) -> dict[str, Any]:
    """A command of any kind, its fields plausible, then a few of them spoiled."""
    if draw(st.integers(0, 2)) == 0:
        return dict(draw(likely))
    spec = draw(st.sampled_from(SPECS))
    raw: dict[str, Any] = {"command": spec.name}
    for f in spec.all_fields:
        if f.required or draw(st.booleans()):
            raw[f.name] = plausible(f, draw)
    for _ in range(draw(st.integers(0, 2))):
        key = draw(st.sampled_from([*raw, "colour", "command", "date"]))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            raw.pop(key, None)
        elif choice == 1:
            raw[key] = draw(nasty_dates)
        elif choice == 2:
            raw[key] = draw(huge_ints)
        else:
            raw[key] = draw(json_values)
    return raw


def dumped(raw: dict[str, Any], ascii_only: bool) -> bytes:
    # A lone surrogate cannot be written as UTF-8: such lines are escaped, as \ud800.
    text = json.dumps(raw, ensure_ascii=ascii_only)
    return text.encode("utf-8", "surrogatepass" if not ascii_only else "strict")


@st.composite
def journal_lines(draw: st.DrawFn) -> bytes:
    """One line of a journal, without its newline: valid, spoiled or plain garbage."""
    raw = draw(commands())
    line = dumped(raw, ascii_only=draw(st.booleans()))
    how = draw(st.integers(0, 9))
    if how == 0:
        line = draw(st.binary(max_size=120))
    elif how == 1:  # an invalid UTF-8 sequence somewhere
        at = draw(st.integers(0, len(line)))
        line = (
            line[:at]
            + draw(st.sampled_from([b"\xff", b"\xfe", b"\xc3(", b"\xed\xa0\x80"]))
            + (line[at:])
        )
    elif how == 2:
        depth = draw(st.integers(20, 3000))
        line = b'{"command": "org.add", "name": ' + b"[" * depth + b"]" * depth + b"}"
    elif how == 3:
        digits = draw(st.integers(15, 6000))
        line = b'{"command": "step.correct", "step": ' + b"7" * digits + b', "why": "x"}'
    elif how == 4 and len(raw) > 1:  # a key twice
        key = draw(st.sampled_from(sorted(raw)))
        line = line[:-1] + b", " + json.dumps({key: raw[key]})[1:].encode()
    elif how == 5:
        line = draw(st.sampled_from(ODD_LINES))
    return line.replace(b"\n", b" ")


# Blank lines, JSON that is not an object, and numbers JSON does not have.
ODD_LINES = [b"", b"   ", b"\t", b"NaN", b"[1]", b'{"command": NaN}', b'{"command": []}',
             b'{"command": "member.apply", "birth": Infinity}']  # fmt: skip
# The queries and the options that take a value, with a plausible value for each.
QUERIES: dict[tuple[str, ...], dict[str, st.SearchStrategy[str]]] = {
    ("roster", "B01"): {"--as-of": nasty_dates, "--as-known-at": nasty_dates},
    ("member", "show", "F1"): {"--as-of": nasty_dates},
    ("member", "history", "F1"): {},
    ("meeting", "show", "B01-2024-03-01-assembly"): {},
    ("branch", "show", "B01"): {"--as-of": nasty_dates},
    ("due",): {"--as-of": nasty_dates, "--within": huge_ints.map(str), "--branch": nasty_text},
    ("stats",): {"--as-of": nasty_dates, "--branch": nasty_text},
    ("audit",): {"--limit": huge_ints.map(str), "--member": nasty_text, "--actor": nasty_text,
                 "--from": nasty_dates, "--recorded-from": nasty_dates,
                 "--recorded-to": nasty_dates, "--rule": nasty_text},
    ("compliance",): {"--year": huge_ints.map(str), "--branch": nasty_text},
    ("export", "roster"): {"--as-of": nasty_dates, "--branch": nasty_text},
    ("rules",): {"--as-of": nasty_dates},
}  # fmt: skip


@st.composite
def query_arguments(draw: st.DrawFn) -> list[str]:
    """A query with some of its values replaced by anything a person might type."""
    words, options = draw(st.sampled_from(sorted(QUERIES.items())))
    argv = list(words)
    if len(argv) > 1 and argv[0] != "export" and draw(st.booleans()):
        argv[-1] = draw(st.one_of(nasty_text, nasty_dates))
    for option, values in options.items():
        if draw(st.booleans()):
            argv += [option, draw(st.one_of(values, nasty_text))]
    return argv


@st.composite
def step_arguments(draw: st.DrawFn) -> list[str]:
    """A recorded step's subcommand with its options' values drawn plausible or nasty."""
    raw = draw(commands())
    name = raw.pop("command", None)
    spec = COMMANDS.get(name) if isinstance(name, str) else None
    if spec is None:  # the command was spoiled: the options go to any subcommand
        spec = draw(st.sampled_from(SPECS))
    argv = spec.name.split(".", 1)
    for key, value in raw.items():
        if isinstance(value, bool):
            argv += [f"--{key}"] if value else []
            continue
        argv += [f"--{key}", _typed(value)]
    return argv


def _typed(value: object) -> str:
    """A value as a person types it: A,B,C for a list, A=1,B=2 for pairs."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False)


# Rule ids and parameters to aim at, and TOML values of every kind a file might hold.
RULE_PARAMS = [("record.future_date", "tolerance_days"), ("probation.length", "months"),
               ("committee_meeting.pass_threshold", "fraction_of_present"),
               ("assembly.quorum", "inclusive_half"),
               ("approval.approver", "allowed_types")]  # fmt: skip
toml_values = st.one_of(
    huge_ints.map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e999", "true", "0.5", '"soft"', "2020-01-01",
                     "[1, [2, [3]]]", "{a = 1}", '"\\u0000"', "[]", "9" * 4301]),
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "{a=" * n + "1" + "}" * n),
)  # fmt: skip


@st.composite
def rulebook_files(draw: st.DrawFn) -> bytes:
    """A rulebook file: a plausible table with any value, garbage, or either in other bytes."""
    rule, param = draw(st.sampled_from(RULE_PARAMS))
    text = f'[rules."{rule}"]\n{param} = {draw(toml_values)}\n'.encode()
    if draw(st.booleans()):
        text += f'[[versions]]\nid = "{draw(nasty_text)}"\neffective_from = 2020-01-01\n'.encode(
            "utf-8", "surrogatepass"
        )
    how = draw(st.integers(0, 4))
    if how == 0:
        text = draw(st.binary(max_size=200))
    elif how == 1:
        text = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + text
    elif how == 2:
        text = draw(st.text(max_size=80)).encode("utf-8") + text
    return text
