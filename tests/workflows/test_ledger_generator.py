"""The generated ledger (bench/ledger.py): repeatable, its dates in order, its tree and
leaderships as the default rules want, read back whole by the ledger files, and its planted
errors where it says they are."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from branchbook.workflows.ledger.columns import recognise
from branchbook.workflows.ledger.files import open_table
from branchbook.workflows.ledger.rows import (
    RowCommands,
    RowProblem,
    branch_commands,
    in_tree_order,
    member_commands,
)
from branchbook.workflows.ledger.table import Row

from branchbook.domain.dates import add_months, age_on

BENCH = str(Path(__file__).resolve().parents[2] / "bench")
if BENCH not in sys.path:
    sys.path.insert(0, BENCH)

import ledger  # noqa: E402  (bench/ is no package: it is put on the path above)

AS_OF = date(2025, 1, 1)
M = ledger.M
B = ledger.B


@pytest.fixture(scope="module")
def book() -> ledger.Ledger:
    return ledger.generate(2_000, 50, seed=7, as_of=AS_OF)


def test_the_same_seed_gives_the_same_ledger_and_another_seed_another() -> None:
    first = ledger.generate(300, 8, seed=3, as_of=AS_OF)
    again = ledger.generate(300, 8, seed=3, as_of=AS_OF)
    other = ledger.generate(300, 8, seed=4, as_of=AS_OF)
    assert (first.branch_rows, first.member_rows) == (again.branch_rows, again.member_rows)
    assert first.member_rows != other.member_rows


def day(cell: object) -> date:
    assert isinstance(cell, date)
    return cell


def dates_of(row: list[object]) -> list[date]:
    keys = ("申请入党日期", "确定为入党积极分子日期", "确定为发展对象日期", "入党日期", "转正日期")
    return [d for d in (row[M[k]] for k in keys) if isinstance(d, date)]


def test_member_dates_are_in_the_order_the_default_rules_want(book: ledger.Ledger) -> None:
    expected_steps = {"申请人": 1, "入党积极分子": 2, "发展对象": 3, "预备党员": 4, "正式党员": 5}
    for row in book.member_rows:
        birth = row[M["出生日期"]]
        assert isinstance(birth, date)
        assert ledger.FIRST_BIRTH <= birth <= ledger.LAST_BIRTH
        steps = dates_of(row)
        assert len(steps) == expected_steps[str(row[M["人员类别"]])]
        assert steps == sorted(steps)
        assert steps[-1] <= AS_OF
        assert age_on(birth, steps[0]) >= 18
        if len(steps) >= 3:
            assert steps[2] >= add_months(steps[1], 12)
        if len(steps) == 5:
            assert steps[4] == add_months(steps[3], 12)
        if row[M["人员类别"]] == "预备党员":
            assert add_months(steps[3], 12) > AS_OF  # still on probation


def test_member_numbers_are_unique_and_the_status_mix_is_as_documented(
    book: ledger.Ledger,
) -> None:
    numbers = [row[M["党员编号"]] for row in book.member_rows]
    assert len(set(numbers)) == len(numbers) == 2_000
    share = Counter(row[M["人员类别"]] for row in book.member_rows)
    assert 0.80 <= share["正式党员"] / 2_000 <= 0.92
    for word in ("预备党员", "入党积极分子", "发展对象", "申请人"):
        assert 0.01 <= share[word] / 2_000 <= 0.08


def test_the_tree_and_the_leaderships_are_as_the_default_rules_want(book: ledger.Ledger) -> None:
    rows = {str(r[B["组织编码"]]): r for r in book.branch_rows}
    founded = {code: day(r[B["成立日期"]]) for code, r in rows.items()}
    members_of: dict[str, list[list[object]]] = {}
    for row in book.member_rows:
        members_of.setdefault(str(row[M["所在党支部"]]), []).append(row)
    branches = [r for r in book.branch_rows if str(r[B["组织编码"]]).startswith("B")]
    assert len(branches) == 50
    for row in book.branch_rows:
        parent = row[B["上级党组织编码"]]
        if parent is not None:
            assert founded[str(parent)] < day(row[B["成立日期"]]) < AS_OF
    for row in branches:
        code = str(row[B["组织编码"]])
        held = members_of[code]
        full = {str(m[M["党员编号"]]): m for m in held if m[M["人员类别"]] == "正式党员"}
        assert 3 <= len(held) <= 50
        at_founding = row[B["正式党员数"]]
        assert isinstance(at_founding, int)
        assert at_founding >= 3
        secretary = str(row[B["书记"]])
        since = full[secretary][M["转正日期"]]
        assert isinstance(since, date)
        assert add_months(since, 12) <= AS_OF  # a year of party age
        committee = row[B["委员"]]
        if len(full) >= 7:
            seated = str(committee).split("、")
            assert 3 <= len(seated) <= 5
            assert secretary in seated
            assert set(seated) <= set(full)
        else:
            assert committee is None
        assert founded[code] <= day(row[B["任期开始日期"]]) < AS_OF


@pytest.mark.parametrize(("fmt", "encoding"), [("csv", "gb18030"), ("xlsx", "")])
def test_the_written_ledger_reads_back_as_commands_without_a_problem(
    tmp_path: Path, fmt: str, encoding: str
) -> None:
    small = ledger.generate(120, 4, seed=2, as_of=AS_OF, mixed_dates=True)
    for name, headers, rows in (
        ("branches", small.branch_headers, small.branch_rows),
        ("members", small.member_headers, small.member_rows),
    ):
        path = tmp_path / f"{name}.{fmt}"
        if fmt == "csv":
            ledger.write_csv(path, headers, rows, encoding)
        else:
            ledger.write_xlsx(path, headers, rows)
    with open_table(tmp_path / f"branches.{fmt}") as table:
        columns = recognise(table.headers, "branches")
        assert columns.unknown == ()
        ordered = in_tree_order(table, columns)
        results = [branch_commands(r, columns, date=AS_OF) for r in ordered]
    assert [r.number for r in ordered] == list(range(2, len(small.branch_rows) + 2))
    assert all(isinstance(r, RowCommands) for r in results)
    with open_table(tmp_path / f"members.{fmt}") as table:
        if fmt == "csv":
            assert table.encoding == "gb18030"
        columns = recognise(table.headers, "members")
        results = [member_commands(r, columns, date=AS_OF) for r in table]
    assert len(results) == 120
    assert all(isinstance(r, RowCommands) for r in results)


def test_planted_errors_are_distinct_rows_each_with_what_should_refuse_it(
    book: ledger.Ledger,
) -> None:
    before = [list(row) for row in book.member_rows]
    planted = ledger.plant_errors(book, 14, seed=5)
    numbers = [p.number for p in planted]
    assert len(set(numbers)) == 14
    changed = [i + 2 for i, row in enumerate(book.member_rows) if row != before[i]]
    assert changed == sorted(numbers)
    assert Counter(p.what for p in planted) == Counter(dict.fromkeys({p.what for p in planted}, 2))
    assert all(p.rule is not None or p.column is not None for p in planted)
    assert not {p.member for p in planted} & book.leaders
    columns = recognise(book.member_headers, "members")
    for p in planted:
        row = book.member_rows[p.number - 2]
        result = member_commands(Row(p.number, tuple(row)), columns, date=AS_OF, doc=None)
        if p.column in ("出生日期", "人员类别", "姓名"):
            assert isinstance(result, RowProblem)
            assert result.column == p.column
        else:
            assert isinstance(result, RowCommands)


def test_too_many_members_for_the_branches_is_refused() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        ledger.generate(46 * 3, 3, as_of=AS_OF)
    with pytest.raises(ValueError, match="do not fit"):
        ledger.generate(5, 2, as_of=AS_OF)
