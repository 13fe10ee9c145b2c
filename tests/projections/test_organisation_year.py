"""An organisation's year on the demo store agrees with the commands that answer each part
alone: the branch list and the organisation tree, stats, compliance, due and evaluation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine

from branchbook.cli.context import Context
from branchbook.cli.main import cli
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.projections.yearbook.organisation_year import OVERDUE_KINDS, organisation_year

YEAR = 2025
ON = date(YEAR, 12, 31)  # the year's end: the demo's record reaches beyond it
LATEST = date(2026, 9, 25)  # the demo's latest recorded step
TOP, BELOW = "TC01", "GB01"  # the township committee, and the general branch under it
REPORT_KEYS = [
    "report",
    "organisation",
    "year",
    "from",
    "to",
    "as_of",
    "rulebook",
    "branches",
    "stats",
    "compliance",
    "overdue",
    "history",
]
LINE_KEYS = [
    "code",
    "name",
    "kind",
    "founded",
    "dissolved",
    "secretary",
    "size_start",
    "size_end",
    "admissions",
    "conversions",
    "transfers_received",
    "removals",
    "windows_judged",
    "windows_met",
    "windows_missed",
    "windows_open",
    "grade",
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine]]:
    """The demo store's path, and an engine on its views (current once the demo ends)."""
    path = str(tmp_path_factory.mktemp("demo") / "demo.db")
    said = _invoke(path, "demo")
    assert said.exit_code == 0, said.output
    engine = create_engine(f"sqlite:///{path}")
    yield path, engine
    engine.dispose()


def _invoke(path: str, *args: str) -> Any:
    obj = Context()
    result = CliRunner().invoke(cli, ["--db", path, *args], obj=obj)
    obj.close()
    return result


def answer(path: str, *args: str) -> Any:
    """What a command prints with --json."""
    result = _invoke(path, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def year_of(engine: Engine, code: str | None, year: int = YEAR, on: date = ON) -> Any:
    rulebook = builtin_rulebook()
    with engine.connect() as conn:
        found = organisation_year(conn, code, year, rulebook.in_force(on), on, rulebook=rulebook)
    assert found is not None
    return found.as_dict()


def under(path: str, code: str) -> list[str]:
    """The branches the branch list and the organisation tree place under the organisation."""
    parents = {o["code"]: o["parent"] for o in answer(path, "org", "list")["organisations"]}

    def chain(parent: str | None) -> list[str]:
        return [] if parent is None else [parent, *chain(parents.get(parent))]

    listed = answer(path, "branch", "list", "--as-of", ON.isoformat())["branches"]
    return sorted(b["code"] for b in listed if code in chain(b["parent"]))


@pytest.mark.parametrize("code", [TOP, BELOW])
def test_the_branches_are_those_under_the_organisation(
    recorded: tuple[str, Engine], code: str
) -> None:
    path, engine = recorded
    report = year_of(engine, code)
    expected = under(path, code)
    assert expected  # the demo places branches under both
    assert [b["code"] for b in report["branches"]] == expected
    assert [c["branch"] for c in report["compliance"]] == expected
    assert sorted(report["stats"]["by_branch"]) == [
        b for b in expected if b in answer(path, "stats", "--as-of", ON.isoformat())["by_branch"]
    ]
    organisations = answer(path, "org", "list")["organisations"]
    (row,) = [o for o in organisations if o["code"] == code]
    assert report["organisation"] == {k: row[k] for k in ("code", "name", "kind", "parent")}


def test_the_general_branch_holds_fewer_than_the_committee_above_it(
    recorded: tuple[str, Engine],
) -> None:
    _, engine = recorded
    top = {b["code"] for b in year_of(engine, TOP)["branches"]}
    below = {b["code"] for b in year_of(engine, BELOW)["branches"]}
    assert below < top


def test_each_branch_line_agrees_with_the_branch_list_and_show(
    recorded: tuple[str, Engine],
) -> None:
    path, engine = recorded
    report = year_of(engine, TOP)
    at_end = {b["code"]: b for b in answer(path, "branch", "list", "--as-of", ON.isoformat())[
        "branches"]}  # fmt: skip
    before = f"{YEAR - 1}-12-31"  # the year's start: the roll before its first step
    at_start = {b["code"]: b for b in answer(path, "branch", "list", "--as-of", before)[
        "branches"]}  # fmt: skip
    for line in report["branches"]:
        assert list(line) == LINE_KEYS
        listed = at_end[line["code"]]
        assert (line["name"], line["kind"], line["size_end"]) == (
            listed["name"], listed["kind"], listed["size"]
        )  # fmt: skip
        assert line["size_start"] == at_start[line["code"]]["size"]
        shown = answer(path, "branch", "show", line["code"], "--as-of", ON.isoformat())
        names = {m["member"]: m["name"] for m in (shown["leadership"] or {}).get("members", [])}
        assert line["secretary"] == names.get(listed["secretary"])
    assert any(line["secretary"] is not None for line in report["branches"])


def test_the_steps_of_each_branch_agree_with_stats(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, TOP)
    moved = 0
    for line in report["branches"]:
        numbers = answer(path, "stats", "--branch", line["code"], "--as-of", ON.isoformat())
        (counts,) = [y for y in numbers["per_year"] if y["year"] == YEAR]
        assert line["admissions"] == counts["admissions"]
        assert line["conversions"] == counts["conversions"]
        assert line["transfers_received"] == counts["transfers_received"]
        assert line["removals"] == sum(counts["removals"].values())
        moved += line["admissions"] + line["conversions"]
    assert moved > 0  # the demo admits and converts members in the year


def test_every_branch_when_no_organisation_is_named(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, None)
    assert report["organisation"] is None
    every = answer(path, "branch", "list", "--as-of", ON.isoformat())["branches"]
    assert [b["code"] for b in report["branches"]] == sorted(b["code"] for b in every)
    # Every branch is open in the year: the numbers added up are those of the whole record.
    assert all(b["status"] == "open" for b in every)
    whole = answer(path, "stats", "--as-of", ON.isoformat())
    assert report["stats"] == {k: v for k, v in whole.items() if k != "as_of_basis"}
    last = report["history"][-1]
    assert (last["year"], last["on"], last["by_status"]) == (YEAR, ON.isoformat(),
                                                            whole["by_status"])  # fmt: skip


def test_the_history_runs_from_the_first_founding_to_the_day_read_as_of(
    recorded: tuple[str, Engine],
) -> None:
    path, engine = recorded
    report = year_of(engine, BELOW)
    first = min(int(b["founded"][:4]) for b in report["branches"])
    assert [h["year"] for h in report["history"]] == list(range(first, YEAR + 1))
    assert [h["on"] for h in report["history"][:-1]] == [f"{y}-12-31" for y in range(first, YEAR)]
    for h in report["history"]:
        whole = answer(path, "stats", "--as-of", h["on"])["by_branch"]
        expected: dict[str, int] = {}
        for code in (b["code"] for b in report["branches"]):
            for status, n in whole.get(code, {}).items():
                expected[status] = expected.get(status, 0) + n
        assert h["by_status"] == expected


def test_v01_missed_its_third_quarter_assembly(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, TOP)
    (line,) = [b for b in report["branches"] if b["code"] == "V01"]
    (judged,) = [c for c in report["compliance"] if c["branch"] == "V01"]
    (assembly,) = [s for s in judged["summary"] if s["rule"] == "assembly.frequency"]
    assert "2025-Q3" in assembly["missed"]
    (alone,) = answer(path, "compliance", "--year", str(YEAR), "--branch", "V01")["branches"]
    statuses = [r["status"] for r in alone["results"]]
    assert line["windows_missed"] == statuses.count("missed") >= 1
    assert line["windows_met"] == statuses.count("met")
    assert line["windows_open"] == statuses.count("open")
    assert line["windows_judged"] == line["windows_met"] + line["windows_missed"]
    assert judged["results"] == alone["results"]


@pytest.mark.parametrize(("code", "year", "on"), [(TOP, YEAR, ON), (BELOW, 2026, LATEST)])
def test_the_overdue_elections_and_approvals_are_those_due_lists(
    recorded: tuple[str, Engine], code: str, year: int, on: date
) -> None:
    path, engine = recorded
    report = year_of(engine, code, year, on)
    codes = {b["code"] for b in report["branches"]}
    items = answer(path, "due", "--as-of", on.isoformat(), "--within", "0")["items"]
    overdue = [i for i in items if i["status"] == "overdue"]
    expected = [i for i in overdue if i["kind"] in OVERDUE_KINDS and i["branch"] in codes]
    assert expected  # B02's term has ended
    assert report["overdue"] == expected
    assert all(i["status"] == "overdue" and i["kind"] in OVERDUE_KINDS for i in report["overdue"])


def test_other_overdue_items_are_left_out(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, BELOW, 2026, LATEST)
    items = answer(path, "due", "--as-of", LATEST.isoformat(), "--within", "0")["items"]
    left_out = [i for i in items if i["status"] == "overdue" and i not in report["overdue"]]
    assert {i["kind"] for i in left_out} - set(OVERDUE_KINDS)  # an admission vote, say
    assert any(i["branch"] not in {"B01", "B02"} for i in left_out)  # B04's, not GB01's


def test_b01s_grade_is_its_evaluation(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, BELOW)
    graded = answer(path, "evaluation", "show", "B01", "--year", str(YEAR))
    (line,) = [b for b in report["branches"] if b["code"] == "B01"]
    assert line["grade"] == graded["grade"]
    assert line["grade"] is not None


def test_an_unknown_organisation_has_no_year(recorded: tuple[str, Engine]) -> None:
    _, engine = recorded
    rulebook = builtin_rulebook()
    with engine.connect() as conn:
        assert organisation_year(conn, "NO-SUCH", YEAR, rulebook.in_force(ON), ON) is None
        assert organisation_year(conn, "B01", YEAR, rulebook.in_force(ON), ON) is None


def test_the_dict_is_json_in_the_shape_of_the_spec(recorded: tuple[str, Engine]) -> None:
    _, engine = recorded
    report = year_of(engine, TOP)
    assert list(report) == REPORT_KEYS
    assert json.loads(json.dumps(report)) == report
    assert (report["report"], report["year"], report["from"], report["to"], report["as_of"]) == (
        "organisation-year", YEAR, f"{YEAR}-01-01", f"{YEAR}-12-31", ON.isoformat()
    )  # fmt: skip
    assert report["rulebook"] == builtin_rulebook().in_force(ON).fingerprint


def test_a_year_not_over_leaves_its_later_windows_open(recorded: tuple[str, Engine]) -> None:
    path, engine = recorded
    report = year_of(engine, BELOW, 2026, LATEST)
    assert report["as_of"] == report["stats"]["as_of"] == report["history"][-1]["on"]
    assert all(line["windows_open"] > 0 for line in report["branches"])
    for line in report["branches"]:
        (alone,) = answer(path, "compliance", "--year", "2026", "--branch", line["code"])[
            "branches"
        ]
        assert line["windows_open"] == [r["status"] for r in alone["results"]].count("open")
