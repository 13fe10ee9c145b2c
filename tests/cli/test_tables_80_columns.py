"""Every table reads whole on a terminal 80 (or 120) columns wide: each date, member number,
code, status and rule id that a query's --json gives appears uncut in its text, and no table
line is wider than the screen."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from click.testing import CliRunner, Result

from branchbook.cli.context import Context
from branchbook.cli.main import cli

WIDTHS = (80, 120)
AS_OF = "2026-09-25"  # the demo's date (its latest recorded step), which its tables show
BOX = re.compile("[│┃─━┏┓┗┛┡┩└┘┌┐┬┴┳┻╇┼]")


def invoke(url: str, args: Sequence[str], width: int | None = None) -> Result:
    obj = Context()
    env = {"COLUMNS": str(width)} if width else {}
    result = CliRunner().invoke(cli, ["--db", url, *args], obj=obj, env=env)
    obj.close()
    assert result.exit_code == 0, result.output
    return result


def under(data: Any, keys: str) -> Iterator[str]:
    """Every text or number held under any of these keys (named with spaces between), at any
    depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys.split():
                yield from _leaves(value)
            else:
                yield from under(value, keys)
    elif isinstance(data, list):
        for value in data:
            yield from under(value, keys)


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, dict | list):
        for v in value.values() if isinstance(value, dict) else value:
            yield from _leaves(v)
    elif isinstance(value, str | int) and not isinstance(value, bool) and value != "":
        yield str(value)


Picker = Callable[[Any], Iterator[str]]

# Each query, and the values of its --json that its text shows.
QUERIES: dict[str, tuple[list[str], Picker]] = {
    "roster": (
        ["roster", "B01", "--as-of", AS_OF],
        lambda d: under(d, "member birth status since"),
    ),
    "due": (
        ["due", "--as-of", AS_OF, "--within", "90"],
        lambda d: under(d, "subject rule due status"),
    ),
    "branch list": (
        ["branch", "list", "--as-of", AS_OF],
        lambda d: under(d, "code parent secretary term_end term_state kind"),
    ),
    "branch show": (
        ["branch", "show", "B01", "--as-of", AS_OF],
        lambda d: under(
            d, "founded member secretary deputy start end reminder held meeting elected term_state"
        ),
    ),
    "member show": (
        ["member", "show", "M0004", "--as-of", AS_OF],
        lambda d: under(
            d,
            "member birth status branch applied talked activist_on candidate_on admitted_on"
            " probation_end approved_on oath_on introducers rule due earliest",
        ),
    ),
    "rules": (["rules", "--as-of", AS_OF], lambda d: under(d["rules"], "id severity")),
    "compliance": (
        ["compliance", "--year", "2025"],
        lambda d: under(d, "branch founded rule from to"),
    ),
    "stats": (
        ["stats", "--as-of", AS_OF],
        lambda d: iter([d["as_of"], *d["by_status"], *d["by_branch"]]),
    ),
    "audit": (
        ["audit", "--limit", "20"],
        lambda d: (
            str(e[k]) for e in d for k in ("position", "kind", "subject", "effective") if e[k]
        ),
    ),
    "meeting show": (
        ["meeting", "show", "B01-2020-10-29-assembly"],
        lambda d: under(
            d,
            "meeting branch held chair present position member should_attend_members"
            " present_voting_members written_for rulebook",
        ),
    ),
    "org list": (
        ["org", "list"],
        lambda d: under(d, "code kind branches"),
    ),
    "evaluation show": (
        ["evaluation", "show", "B01", "--year", "2025"],
        lambda d: under(d["items"], "id points"),
    ),
}


def demo_values(d: Any) -> Iterator[str]:
    """What the demo's text shows of its --json: its tables' dates, codes, states and rules."""
    yield from under(d["warnings"], "subject rule")
    yield from under(d["not_accepted"], "rule")
    yield from (b["code"] for b in d["branches"])
    yield from under(d["branches"], "term_state end")
    yield from (b["leadership"]["secretary"] for b in d["branches"] if b["leadership"])
    yield from under(d["cases"], "date member step")
    yield from under(d["failed_votes"], "date subject step meeting outcome")
    yield from under(d["compliance"], "branch")
    yield from under(d["due"]["items"], "due status subject rule")
    yield from under(d["admitted"], "member branch admitted_on full_since")
    yield from under(d["evaluation"], "triangle_short")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One demo store for every query, and what the demo printed at each width and as JSON
    (each on a copy of the store started over with --fresh)."""
    folder = tmp_path_factory.mktemp("tables")
    store = folder / "demo.db"
    said = {"80": invoke(f"sqlite:///{store}", ["demo"], 80).stdout}
    for name, args, width in (("120", ["demo", "--fresh"], 120), ("json", ["demo", "--fresh",
                              "--json"], None)):  # fmt: skip
        copy = folder / f"demo-{name}.db"
        shutil.copy(store, copy)
        said[name] = invoke(f"sqlite:///{copy}", args, width).stdout
    return {"url": f"sqlite:///{store}", "said": said}


def assert_whole(text: str, values: list[str], width: int) -> None:
    assert values, "the --json output gave nothing to look for"
    cut = sorted({v for v in values if v not in text})
    assert not cut, f"cut or missing at {width} columns: {cut}"
    assert not re.search(r"\S…", text), "a value was cut with an ellipsis"
    wide = [line for line in text.splitlines() if BOX.search(line) and len(line) > width]
    assert not wide, f"table lines wider than {width}: {wide}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("query", QUERIES)
def test_a_query_shows_every_value_of_its_json_whole(
    demo: dict[str, Any], query: str, width: int
) -> None:
    args, pick = QUERIES[query]
    data = json.loads(invoke(demo["url"], [*args, "--json"]).stdout)
    text = invoke(demo["url"], args, width).stdout
    assert_whole(text, list(pick(data)), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_demo_shows_its_tables_whole(demo: dict[str, Any], width: int) -> None:
    values = list(demo_values(json.loads(demo["said"]["json"])))
    assert_whole(demo["said"][str(width)], values, width)


# Queries whose every line is a table's: no line at all is wider than the screen.
ONLY_TABLES = ("roster", "branch list", "rules", "stats", "org list", "meeting show")


@pytest.mark.parametrize("query", ONLY_TABLES)
def test_a_table_at_80_columns_has_no_line_wider(demo: dict[str, Any], query: str) -> None:
    text = invoke(demo["url"], QUERIES[query][0], 80).stdout
    assert max(len(line) for line in text.splitlines()) <= 80


def test_a_key_value_table_has_no_empty_header_row(demo: dict[str, Any]) -> None:
    text = invoke(demo["url"], ["member", "show", "M0004", "--as-of", AS_OF], 120).stdout
    lines = text.splitlines()
    assert lines[1].startswith("┌")
    assert lines[2].startswith("│ status")
    assert not any(re.fullmatch(r"┃[ ┃]*", line) for line in lines)


def test_rules_show_parameters_as_a_reader_writes_them(demo: dict[str, Any]) -> None:
    text = invoke(demo["url"], ["rules"], 200).stdout
    assert text.startswith("Rulebook S000#")
    assert ", in force always\n" in text.splitlines(keepends=True)[0]
    assert "min_months: none" in text
    assert "required: true" in text
    assert "counted: false" in text
    assert "allowed_range: 3, 5" in text
    assert not re.search(r"None|True|False|\('|\['", text)


def test_a_wide_table_at_80_columns_is_a_block_per_row(demo: dict[str, Any]) -> None:
    text = invoke(demo["url"], ["branch", "list", "--as-of", AS_OF], 80).stdout
    assert "code: B02\n  name: 技术中心党支部\n  kind: regular\n" in text
    assert "  term end: 2025-09-15\n  term: overdue\n" in text
    wide = invoke(demo["url"], ["branch", "list", "--as-of", AS_OF], 200).stdout
    assert "│ B02  │ 技术中心党支部" in wide


def test_values_folded_nowhere_at_80_columns(demo: dict[str, Any]) -> None:
    """A dated value in a wrapped column (the branch's founding) stays on one line."""
    text = invoke(demo["url"], ["branch", "show", "B02", "--as-of", AS_OF], 80).stdout
    assert re.search(r"│ founded\s+│ 2019-03-15, approved by", text)
