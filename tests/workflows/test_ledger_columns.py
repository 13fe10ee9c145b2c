"""A ledger's columns: headers recognised by their usual names, a map file, and what is
missing, doubled or unknown said in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from branchbook.workflows.ledger.columns import (
    BRANCH_FIELDS,
    MEMBER_FIELDS,
    read_map,
    recognise,
)
from branchbook.workflows.ledger.files import open_table

from branchbook.workflows.errors import BadInput

MEMBER_HEADERS = ["党员编号", "姓名", "出生日期", "所在党支部", "人员类别"]


@pytest.mark.parametrize(
    ("kind", "fields"), [("members", MEMBER_FIELDS), ("branches", BRANCH_FIELDS)]
)
def test_every_usual_name_and_the_field_itself_is_recognised(
    kind: str, fields: dict[str, tuple[str, ...]]
) -> None:
    required = (
        MEMBER_HEADERS if kind == "members" else ["组织编码", "组织名称", "组织类别", "成立日期"]
    )
    for field, aliases in fields.items():
        for alias in (*aliases, field):
            headers = [h for h in required if recognise(required, kind).header.get(field) != h]
            columns = recognise([*headers, alias], kind)
            assert columns.index[field] == len(headers), (field, alias)
            assert columns.header[field] == alias
            assert columns.unknown == ()


@pytest.mark.parametrize(
    "written",
    ["  姓名  ", "姓 名", "ＮＡＭＥ", "Name", "*姓名", "姓名*", "\u3000姓名"],
)
def test_case_spaces_widths_and_a_required_star_do_not_matter(written: str) -> None:
    headers = [written if h == "姓名" else h for h in MEMBER_HEADERS]
    columns = recognise(headers, "members")
    assert columns.index["name"] == 1
    assert columns.header["name"] == written


def test_unknown_headers_are_listed_in_column_order() -> None:
    columns = recognise([*MEMBER_HEADERS, "备注", "", "籍贯"], "members")
    assert columns.unknown == ("备注", "(column G, no header)", "籍贯")
    assert columns.width == 8


def test_missing_required_columns_name_the_fields_and_the_headers_found() -> None:
    with pytest.raises(BadInput) as caught:
        recognise(["姓名", "性别", "备注"], "members", source="members.csv")
    message = str(caught.value)
    assert message.startswith("members.csv: no column for member, birth, branch, status")
    assert "'姓名', '性别', '备注'" in message


def test_the_parent_column_is_not_required_of_the_branches_sheet() -> None:
    columns = recognise(["组织编码", "组织名称", "组织类别", "成立日期"], "branches")
    assert "parent" not in columns.index
    with pytest.raises(BadInput, match="no column for founded"):
        recognise(["组织编码", "组织名称", "组织类别", "上级党组织"], "branches")


def test_two_columns_of_one_field_are_bad_input() -> None:
    with pytest.raises(BadInput, match="columns '党员编号' and '人员编号' both hold member"):
        recognise([*MEMBER_HEADERS, "人员编号"], "members")


def write_map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "columns.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_map_names_the_fields_of_unusual_headers_and_the_columns_to_leave_out(
    tmp_path: Path,
) -> None:
    mapping = read_map(
        write_map(
            tmp_path,
            '[columns]\n"支部名称" = "branch"\n"备注" = "ignore"\n"编号" = "ignore"\n'
            '"会员号" = "member"\n',
        )
    )
    headers = ["会员号", "编号", "姓名", "出生日期", "支部名称", "人员类别", "备注", "籍贯"]
    columns = recognise(headers, "members", mapping)
    assert columns.index["branch"] == 4
    assert columns.index["member"] == 0
    assert columns.ignored == ("编号", "备注")
    assert columns.unknown == ("籍贯",)


def test_a_mapped_header_is_matched_as_headers_are() -> None:
    headers = ["会员 号", "姓名", "出生日期", "所在党支部", "人员类别"]
    assert recognise(headers, "members", {"会员号": "member"}).index["member"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[columns]\n"支部名称" = "branches"\n', "'branches', which is not a field"),
        ('[columns]\n"支部名称" = "branch"\n" 支部名称" = "name"\n', "mapped twice"),
        ('[columns]\n"支部名称" = "branch"\n"支部名称" = "name"\n', "not TOML"),
        ('[columns]\n"不在表中" = "branch"\n', "names '不在表中', which no header is"),
        ('[columns]\n"支部名称" = 3\n', "must map to a field name"),
        ('[other]\n"a" = "b"\n', "unknown table or key 'other'"),
        ("columns = 1\n", r"expected a \[columns\] table"),
        ("[columns\n", "not TOML"),
        ('[columns]\n"所在党支部" = "name"\n', "both hold name"),
    ],
)
def test_a_wrong_map_is_bad_input_naming_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    headers = ["党员编号", "姓名", "出生日期", "所在党支部", "支部名称", "人员类别"]
    with pytest.raises(BadInput, match=message) as caught:
        recognise(headers, "members", read_map(write_map(tmp_path, text)), source="m.csv")
    assert "\n" not in str(caught.value)


def test_a_map_file_is_read_no_further_than_its_limit(tmp_path: Path) -> None:
    path = write_map(tmp_path, "[columns]\n" + "#" * (64 * 1024) + "\n")
    with pytest.raises(BadInput, match="holds more than 64 KiB"):
        read_map(path)
    path.write_bytes(b'[columns]\n"\xff" = "name"\n')
    with pytest.raises(BadInput, match="not UTF-8"):
        read_map(path)


def test_a_journal_key_leads_back_to_its_column() -> None:
    headers = ["组织编码", "组织名称", "组织类别", "成立日期", "委员", "正式党员数"]
    columns = recognise(headers, "branches")
    assert columns.column_for("full-members") == "正式党员数"
    assert columns.column_for("date", "branch.found") == "成立日期"
    assert columns.column_for("date", "org.add") == "成立日期"
    assert columns.column_for("members", "branch.leadership") == "委员"
    assert columns.column_for("branch", "branch.leadership") == "组织编码"
    assert columns.column_for("date", "branch.leadership") is None
    assert columns.column_for("secretary", "branch.leadership") is None  # no such column


EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ledger"


def test_the_example_ledger_and_its_map_are_read_as_the_readme_shows() -> None:
    with open_table(EXAMPLES / "members.csv") as table:
        assert table.encoding == "utf-8-sig"  # as Excel saves a CSV file
        columns = recognise(table.headers, "members", read_map(EXAMPLES / "columns.toml"))
        assert columns.unknown == ()
        assert columns.ignored == ("工作单位", "联系电话")
        statuses = {row.cells[columns.index["status"]] for row in table}
    assert statuses == {"正式党员", "预备党员", "入党积极分子", "发展对象", "申请人"}
    with open_table(EXAMPLES / "branches.csv") as table:
        columns = recognise(table.headers, "branches")
        kinds = [row.cells[columns.index["kind"]] for row in table]
        committees = [row for row in table if row.cells[columns.index["committee"]]]
    assert kinds.count("党委") + kinds.count("党总支") == 3
    assert len(kinds) - 3 == 5
    assert committees


def test_a_map_nested_past_the_parser_s_depth_is_bad_input(tmp_path: Path) -> None:
    path = write_map(tmp_path, "[columns]\nx = " + "[" * 20_000 + "]" * 20_000 + "\n")
    with pytest.raises(BadInput, match="nested too deeply"):
        read_map(path)
