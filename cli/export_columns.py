"""The columns of the tables written to files: their Chinese headers, which hold dates, and
the rows of the answers whose --json nests (compliance, stats) as flat rows that say the same.

The README lists CHINESE; keep the two the same."""

from __future__ import annotations

from typing import Any

# Each column key (the --json key) and its header under --lang zh.
CHINESE = {
    # Members, the roster and the due list
    "branch": "支部",
    "member": "党员编号",
    "name": "姓名",
    "birth": "出生日期",
    "status": "状态",
    "since": "状态起始日期",
    "standing_since": "当前状态起始日期",
    "member_since": "接收预备党员日期",
    "applied": "申请入党日期",
    "talked": "谈话日期",
    "activist_on": "确定为入党积极分子日期",
    "assessed_on": "最近考察日期",
    "candidate_on": "确定为发展对象日期",
    "reviewed_on": "政治审查日期",
    "review_passed": "政治审查合格",
    "training_days": "培训天数",
    "training_hours": "培训学时",
    "introducers": "入党介绍人",
    "prereviewed_on": "预审日期",
    "admitted_on": "入党日期",
    "admitted_at": "接收会议",
    "extensions": "延长预备期(月)",
    "probation_end": "预备期满日期",
    "approved_on": "审批日期",
    "approved_by": "审批组织",
    "oath_on": "入党宣誓日期",
    "full_since": "转正日期",
    "party_age": "党龄",
    "roles": "职务",
    "pending": "待批事项",
    "pending_on": "待批决议日期",
    "pending_meeting": "待批决议会议",
    "ended_on": "党籍终止日期",
    "basis": "终止依据",
    "rights_suspended": "停止党员权利",
    "excluded": "不计入人数原因",
    "urged_on": "劝退日期",
    "postponed": "延期转正(月)",
    "rect_ordered": "限期改正决定日期",
    "rect_deadline": "限期改正期限",
    "rect_matter": "限期改正事项",
    "rect_filed_with": "限期改正备案组织",
    "suspension_reason": "停止党籍原因",
    "suspension_since": "失去联系日期",
    "suspended_on": "停止党籍日期",
    "due": "到期日",
    "kind": "类型",
    "subject": "对象",
    "step": "应办事项",
    "rule": "规则",
    "citation": "依据",
    "earliest": "最早日期",
    "latest": "最迟日期",
    "days": "相差天数",
    "as_of": "截至日期",
    # Compliance
    "section": "类别",
    "window": "周期",
    "start": "周期起始日期",
    "end": "周期截止日期",
    "bound": "要求方式",
    "required": "要求次数",
    "found": "实际次数",
    "met": "是否达到",
    "detail": "说明",
    # Stats
    "table": "统计表",
    "group": "分组",
    "measure": "项目",
    "count": "数量",
    # The audit trail
    "position": "序号",
    "aggregate": "记录类型",
    "effective": "生效日期",
    "recorded_at": "记录时间",
    "actor": "记录人",
    "doc": "文件",
    "note": "备注",
    "rulebook": "规则版本",
    "warnings": "警示",
    "command": "命令编号",
    "key": "幂等键",
    "corrects": "更正",
    "why": "更正理由",
    "corrected_by": "被更正",
    "unplaced": "未入视图原因",
    "details": "详情",
}

# The columns that hold a date (as ISO text in --json and CSV, a date cell in a workbook).
DATES = frozenset(
    {
        "birth", "since", "standing_since", "member_since", "applied", "talked", "activist_on",
        "assessed_on", "candidate_on",
        "reviewed_on", "prereviewed_on", "admitted_on", "probation_end", "approved_on",
        "oath_on", "full_since", "pending_on", "ended_on", "urged_on", "rect_ordered",
        "rect_deadline", "suspension_since", "suspended_on", "due", "earliest", "latest",
        "start", "end", "effective", "as_of",
    }
)  # fmt: skip

ROSTER = ("member", "name", "birth", "status", "standing_since", "member_since", "full_since",
          "applied", "talked", "party_age", "roles")  # fmt: skip
DUE = ("due", "status", "days", "kind", "subject", "name", "branch", "step", "earliest",
       "latest", "rule", "citation")  # fmt: skip
COMPLIANCE = ("branch", "section", "rule", "subject", "window", "start", "end", "bound",
              "required", "found", "met", "status", "detail", "citation")  # fmt: skip
STATS = ("table", "group", "measure", "count")

# The sections of a branch's compliance report, as rows: what --json calls each list, and the
# key of each item that the row's "detail" gives.
_SECTIONS = (("results", "window", "detail"), ("not_judged", "not judged", "reason"),
             ("findings", "finding", "message"))  # fmt: skip


def compliance_rows(branches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row per window judged, per obligation not judged, per finding, branch by branch
    (the summary of each obligation is a count of its windows)."""
    rows = []
    for report in branches:
        for name, section, detail in _SECTIONS:
            for item in report[name]:
                fields = {k: v for k, v in item.items() if k != detail}
                rows.append(
                    {"branch": report["branch"], "section": section, **fields,
                     "detail": item[detail]}
                )  # fmt: skip
    return rows


def stats_rows(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    """The numbers as rows of table, group, measure and count: by_status (measure the
    status), by_branch and by_branch_kind (group the branch or kind, measure the status),
    open_branches_by_kind (group the kind), per_year (group the year, measure the count's
    name, "sanctions:KIND" and "removals:BASIS" for each kind and basis), members, age and
    party_age (group the band)."""
    rows: list[dict[str, Any]] = []

    def add(table: str, group: Any, measure: str, count: int) -> None:
        rows.append({"table": table, "group": group, "measure": measure, "count": count})

    for status, n in numbers["by_status"].items():
        add("by_status", None, status, n)
    for table in ("by_branch", "by_branch_kind"):
        for group, counts in numbers[table].items():
            for status, n in counts.items():
                add(table, group, status, n)
    for kind, n in numbers["open_branches_by_kind"].items():
        add("open_branches_by_kind", kind, "open_branches", n)
    for year in numbers["per_year"]:
        for measure, value in year.items():
            if isinstance(value, dict):
                for what, n in value.items():
                    add("per_year", year["year"], f"{measure}:{what}", n)
            elif measure != "year":
                add("per_year", year["year"], measure, value)
    add("members", None, "members", numbers["members"])
    for table in ("age", "party_age"):
        for band, n in numbers[table].items():
            add(table, band, "members", n)
    return rows
