"""The demo's world: its organisations and branches, the day its history ends, and the
history while it is written (who votes where, and the steps by date)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from branchbook.domain.meeting import default_code

TOWNSHIP = "TC01"  # 城关镇党委: approves probationary members
GENERAL = "GB01"  # 机关党总支: under the township, above B01 and B02
ORGANISATIONS = (
    (TOWNSHIP, "城关镇党委", "committee", None),
    (GENERAL, "城关镇机关党总支", "general-branch", TOWNSHIP),
)
APPROVER = TOWNSHIP
PARENTS = {"B01": GENERAL, "B02": GENERAL}
JOINT_UNITS = ("顺达商贸", "惠民超市", "鑫源五金", "宏发物流")
# The demo's history ends here; later steps of a person's path are not yet taken.
HORIZON = date(2026, 10, 31)
BRANCHES = (
    # code, name, kind, founded, founding members, has a committee
    ("B01", "机关第一党支部", "regular", date(2019, 1, 8), 9, True),
    ("B02", "技术中心党支部", "regular", date(2019, 3, 15), 8, True),
    ("B03", "商户联合党支部", "joint", date(2019, 9, 2), 5, False),
    ("B04", "新城项目临时党支部", "temporary", date(2021, 4, 6), 3, False),
    ("V01", "青山村党支部", "village-community", date(2019, 5, 20), 7, True),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "丽娟",
    "海燕",
    "志强",
    "晓东",
    "春梅",
    "国平",
    "文博",
)

Command = dict[str, Any]


class History:
    """The demo's world while it is written: who votes where, and the steps by date."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.steps: list[tuple[date, int, Command]] = []
        self.voters: dict[str, list[tuple[str, date, date | None]]] = {}  # from, until
        self.founders: dict[str, list[str]] = {}
        self.committee: dict[str, list[tuple[date, list[str]]]] = {}  # since, members
        self.full: dict[str, list[tuple[str, date]]] = {}  # full members and since when
        self.turnout: set[str] = set()  # meetings every voting member attends (elections)
        self.meetings: dict[str, tuple[date, str, str]] = {}  # code -> (date, branch, kind)
        self.absent: dict[str, set[str]] = {}  # meeting -> voters who will send a written opinion

    def add(self, on: date, command: Command, order: int = 5) -> None:
        """A step on a date; decisions come after the meetings that take them that day."""
        if "meeting" in command:
            order = 7
        if on <= HORIZON:
            self.steps.append((on, order, {**command, "date": on.isoformat()}))

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def voting(self, branch: str, on: date) -> list[str]:
        return sorted(
            n for n, start, end in self.voters[branch] if start <= on and (end is None or on < end)
        )

    def committee_on(self, branch: str, on: date) -> list[str] | None:
        seated = [members for since, members in self.committee.get(branch, []) if since <= on]
        return seated[-1] if seated else None

    def full_count(self, branch: str, on: date) -> int:
        return sum(1 for _, since in self.full[branch] if since <= on)

    def meeting(self, branch: str, on: date, kind: str) -> str:
        """The meeting of this kind the branch holds that day (one per day and kind)."""
        code = default_code(branch, on, kind)
        self.meetings.setdefault(code, (on, branch, kind))
        return code
