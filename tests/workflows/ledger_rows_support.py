"""The ledger tests' column headers as a ledger writes them, and cells as a spreadsheet
holds them."""

from __future__ import annotations

from datetime import date, datetime

from branchbook.workflows.ledger.columns import recognise

ON = date(2025, 1, 1)
MEMBER_HEADERS = (
    "党员编号",
    "姓名",
    "性别",
    "出生日期",
    "所在党支部",
    "人员类别",
    "申请入党日期",
    "确定为入党积极分子日期",
    "确定为发展对象日期",
    "入党日期",
    "转正日期",
    "公民身份号码",
    "民族",
    "学历",
    "工作单位",
    "联系电话",
)
BRANCH_HEADERS = (
    "组织编码",
    "组织名称",
    "组织类别",
    "上级党组织编码",
    "成立日期",
    "正式党员数",
    "审批预备党员权限",
    "单位",
    "书记",
    "副书记",
    "委员",
    "任期开始日期",
)
MEMBERS = recognise(MEMBER_HEADERS, "members")
BRANCHES = recognise(BRANCH_HEADERS, "branches")


def cell_time(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A date-time as a spreadsheet cell holds it: with no time zone."""
    return datetime(year, month, day, hour, minute)  # noqa: DTZ001
