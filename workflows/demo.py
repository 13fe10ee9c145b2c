"""A deterministic, realistic history of a small organisation, as a journal of commands."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workflows.app import BranchBook

SEED = 20181028  # the day the Branch Work Regulations came into force
PARENT = "城关镇党委"
BRANCHES = (
    ("B01", "机关第一党支部", "regular", date(2019, 1, 8)),
    ("B02", "技术中心党支部", "regular", date(2019, 3, 15)),
    ("B03", "商户联合党支部", "joint", date(2019, 9, 2)),
    ("B04", "新城项目临时党支部", "temporary", date(2021, 4, 6)),
    ("V01", "青山村党支部", "village-community", date(2019, 5, 20)),
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
PEOPLE = 60


def demo_commands() -> list[dict[str, Any]]:
    """Branches founded, then applications and talks over several years, in date order."""
    rng = random.Random(SEED)
    commands: list[dict[str, Any]] = [
        {
            "command": "branch.found",
            "code": code,
            "name": name,
            "kind": kind,
            "parent": PARENT,
            "date": founded.isoformat(),
            "doc": f"城党〔{founded.year}〕{i}号",
        }
        for i, (code, name, kind, founded) in enumerate(BRANCHES, start=1)
    ]
    steps: list[tuple[date, dict[str, Any]]] = []
    for n in range(1, PEOPLE + 1):
        code, _, _, founded = BRANCHES[rng.randrange(len(BRANCHES))]
        applied = founded + timedelta(days=rng.randrange(30, 5 * 365))
        applied = min(applied, date(2025, 12, 31))
        birth = applied - timedelta(days=rng.randrange(19 * 365, 52 * 365))
        number = f"M{n:04d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        steps.append(
            (
                applied,
                {
                    "command": "member.apply",
                    "member": number,
                    "name": name,
                    "birth": birth.isoformat(),
                    "branch": code,
                    "date": applied.isoformat(),
                    "doc": f"申请书 {number}",
                },
            )
        )
        # Most talks come within the month; every ninth is late and is recorded with a warning.
        delay = rng.randrange(45, 80) if n % 9 == 0 else rng.randrange(5, 28)
        steps.append(
            (
                applied + timedelta(days=delay),
                {
                    "command": "member.talk",
                    "member": number,
                    "by": "组织委员 " + rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "date": (applied + timedelta(days=delay)).isoformat(),
                },
            )
        )
    # An application from someone not yet 18 on the day: the rulebook rejects it.
    young = date(2023, 6, 1)
    steps.append(
        (
            young,
            {
                "command": "member.apply",
                "member": "M9001",
                "name": "赵小雨",
                "birth": date(2005, 9, 1).isoformat(),
                "branch": "B02",
                "date": young.isoformat(),
                "note": "applied three months before turning 18",
            },
        )
    )
    steps.sort(key=lambda s: (s[0], s[1]["member"], s[1]["command"]))
    return commands + [command for _, command in steps]


DEMO_ACTOR = "branchbook-demo"


def holds_only_demo_history(app: BranchBook) -> bool:
    """Whether every step in the store was recorded by the demo (so it may be thrown away)."""
    position: int | None = None
    while True:
        page = app.recorder.select_notifications(
            start=position, limit=1000, inclusive_of_start=position is None
        )
        if not page:
            return True
        for notification in page:
            event = app.mapper.to_domain_event(notification)
            if getattr(getattr(event, "step", None), "actor", None) != DEMO_ACTOR:
                return False
        position = page[-1].id
