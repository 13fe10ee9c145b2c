"""A ledger's rows as journal commands: member and branch rows, the ones refused with their row
and column, and branches ordered so that a parent comes first."""

from __future__ import annotations

from typing import Any

import pytest
from ledger_rows_support import BRANCH_HEADERS, BRANCHES, MEMBER_HEADERS, MEMBERS, ON, cell_time

from branchbook.workflows.ledger.rows import (
    RowCommands,
    RowProblem,
    branch_commands,
    in_tree_order,
    member_commands,
)
from branchbook.workflows.ledger.table import Row
from branchbook.workflows.steps.catalogue import SPECS


def member_row(**given: object) -> Row:
    base: dict[str, object] = {
        "党员编号": 1001,
        "姓名": " 张三 ",
        "出生日期": "1980/1/2",
        "所在党支部": "B01",
        "人员类别": "正式党员",
    }
    base.update(given)
    return Row(7, tuple(base.get(h) for h in MEMBER_HEADERS))


def test_a_member_row_gives_one_enrolment_with_what_it_says() -> None:
    row = member_row(
        性别="女",
        申请入党日期="2000年3月1日",
        确定为入党积极分子日期=cell_time(2000, 9, 1),
        确定为发展对象日期="2001.9.1",
        入党日期="2002-1-5",
        转正日期="2003-01-05",
        公民身份号码="11010519800102123X",
        民族="汉族",
        学历="本科",
        工作单位="城关镇政府",
        联系电话=13800138000,
    )
    result = member_commands(row, MEMBERS, date=ON, doc="城党〔2025〕1号")
    assert result == RowCommands(
        7,
        (
            {
                "command": "member.enrol",
                "member": "1001",
                "name": "张三",
                "birth": "1980-01-02",
                "branch": "B01",
                "status": "full",
                "id": "import:member:1001",
                "applied": "2000-03-01",
                "activist-since": "2000-09-01",
                "candidate-since": "2001-09-01",
                "admitted": "2002-01-05",
                "full-since": "2003-01-05",
                "sex": "female",
                "id-number": "11010519800102123X",
                "ethnicity": "汉族",
                "education": "本科",
                "work-unit": "城关镇政府",
                "phone": "13800138000",
                "date": "2025-01-01",
                "doc": "城党〔2025〕1号",
            },
        ),
    )


def test_a_member_row_without_optional_cells_gives_only_what_it_has() -> None:
    result = member_commands(member_row(人员类别="applicant"), MEMBERS, date=ON, doc=None)
    assert isinstance(result, RowCommands)
    assert set(result.items[0]) == {
        "command",
        "id",
        "member",
        "name",
        "birth",
        "branch",
        "status",
        "date",
    }


@pytest.mark.parametrize(
    ("given", "column", "message"),
    [
        ({"出生日期": "1980/2/30"}, "出生日期", "no such day"),
        ({"入党日期": 20020105}, "入党日期", "format the cell as a date"),
        ({"人员类别": "群众"}, "人员类别", "'群众' is not a status"),
        ({"姓名": "  "}, "姓名", "empty; it must be given"),
        ({"性别": "X"}, "性别", "is not a sex"),
        ({"党员编号": 1001.5}, "党员编号", "not a whole number"),
    ],
)
def test_a_member_row_that_cannot_be_read_names_its_row_and_column(
    given: dict[str, object], column: str, message: str
) -> None:
    result = member_commands(member_row(**given), MEMBERS, date=ON, doc=None)
    assert isinstance(result, RowProblem)
    assert (result.number, result.column) == (7, column)
    assert message in result.message
    assert str(result).startswith(f"row 7, {column}: ")


def test_a_value_in_a_column_without_header_is_a_problem_of_the_row() -> None:
    row = Row(3, (*member_row().cells, "stray"))
    result = member_commands(row, MEMBERS, date=ON, doc=None)
    assert result == RowProblem(3, None, "a value in column Q, which has no header")


def branch_row(number: int, **given: object) -> Row:
    return Row(number, tuple(given.get(h) for h in BRANCH_HEADERS))


def parsed(item: dict[str, Any]) -> dict[str, Any]:
    """The item as its command reads it: the check that it is valid for the command."""
    spec = {s.name: s for s in SPECS}[item["command"]]
    values, _ = spec.parse({k: v for k, v in item.items() if k not in ("command", "id")})
    return values


def test_an_organisation_row_gives_org_add_on_its_founding_date() -> None:
    row = branch_row(
        2,
        组织编码="TC01",
        组织名称="城关镇党委",
        组织类别="党委",
        成立日期="2010-5-1",
        审批预备党员权限="是",
    )
    result = branch_commands(row, BRANCHES, date=ON, doc=None)
    assert isinstance(result, RowCommands)
    (item,) = result.items
    assert item == {
        "command": "org.add",
        "id": "import:org:TC01",
        "code": "TC01",
        "name": "城关镇党委",
        "kind": "committee",
        "approves-admissions": True,
        "date": "2010-05-01",
    }
    assert parsed(item)["approves-admissions"] is True


def test_a_branch_row_gives_its_founding_and_its_leadership_in_office() -> None:
    row = branch_row(
        5,
        组织编码="B01",
        组织名称="第一联合党支部",
        组织类别="联合党支部",
        上级党组织编码="TC01",
        成立日期=cell_time(2015, 3, 1),
        正式党员数=9.0,
        单位="甲公司、乙公司",
        书记=1001,
        副书记="1002",
        委员="1003，1001、1004",
        任期开始日期="2023/6/1",
    )
    result = branch_commands(row, BRANCHES, date=ON, doc="城党〔2025〕1号")
    assert isinstance(result, RowCommands)
    found, leaders = result.items
    assert found == {
        "command": "branch.found",
        "id": "import:branch:B01",
        "code": "B01",
        "name": "第一联合党支部",
        "kind": "joint",
        "parent": "TC01",
        "full-members": 9,
        "units": ["甲公司", "乙公司"],
        "date": "2015-03-01",
        "doc": "城党〔2025〕1号",
    }
    assert leaders == {
        "command": "branch.leadership",
        "id": "import:leadership:B01",
        "branch": "B01",
        "secretary": "1001",
        "deputy": "1002",
        "members": ["1001", "1002", "1003", "1004"],
        "term-start": "2023-06-01",
        "date": "2025-01-01",
        "doc": "城党〔2025〕1号",
    }
    assert parsed(found)["units"] == ("甲公司", "乙公司")
    assert parsed(leaders)["members"] == ("1001", "1002", "1003", "1004")


def test_a_branch_led_by_a_secretary_alone_names_no_committee() -> None:
    row = branch_row(
        3,
        组织编码="B02",
        组织名称="二支部",
        组织类别="支部",
        上级党组织编码="TC01",
        成立日期="2019-1-1",
        正式党员数="4",
        书记="2001",
    )
    result = branch_commands(row, BRANCHES, date=ON, doc=None)
    assert isinstance(result, RowCommands)
    assert result.items[1] == {
        "command": "branch.leadership",
        "id": "import:leadership:B02",
        "branch": "B02",
        "secretary": "2001",
        "date": "2025-01-01",
    }
    parsed(result.items[1])


def test_a_committee_without_a_secretary_is_a_problem_of_the_row() -> None:
    row = branch_row(
        4, 组织编码="B03", 组织名称="三支部", 组织类别="regular", 成立日期="2019-1-1", 委员="1,2,3"
    )
    result = branch_commands(row, BRANCHES, date=ON, doc=None)
    assert isinstance(result, RowProblem)
    assert (result.number, result.column) == (4, "书记")
    assert "委员 is given" in result.message


def test_an_unknown_kind_names_its_column() -> None:
    row = branch_row(4, 组织编码="B03", 组织名称="三支部", 组织类别="小组", 成立日期="2019-1-1")
    result = branch_commands(row, BRANCHES, date=ON, doc=None)
    assert isinstance(result, RowProblem)
    assert result.column == "组织类别"


def tree(*pairs: tuple[str, str | None]) -> list[Row]:
    return [
        branch_row(n, 组织编码=code, 上级党组织编码=parent)
        for n, (code, parent) in enumerate(pairs, start=2)
    ]


def order(rows: list[Row]) -> list[int]:
    return [row.number for row in in_tree_order(rows, BRANCHES)]


def test_parents_come_before_their_children_otherwise_the_sheet_order_holds() -> None:
    rows = tree(("B1", "G1"), ("X", None), ("G1", "T"), ("B2", "G1"), ("T", None), ("B3", "T"))
    # B1(2) X(3) G1(4) B2(5) T(6) B3(7)
    assert order(rows) == [3, 6, 4, 2, 5, 7]


def test_a_parent_not_in_the_sheet_keeps_the_row_in_place() -> None:
    rows = tree(("B1", "T"), ("B2", "ELSEWHERE"), ("T", None))
    assert order(rows) == [3, 4, 2]


def test_rows_on_a_cycle_come_last_in_the_sheet_order() -> None:
    rows = tree(("A", "B"), ("B", "A"), ("C", None), ("D", "A"), ("S", "S"))
    assert order(rows) == [4, 2, 3, 5, 6]
