"""A realistic journal for the benchmarks: an `org.add` line, branches founded over two and a half
years, then valid `member.apply` lines in date order, every date after its branch's founding."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SEED = 20181028
PARENT = "TC01"  # 城关镇党委, the organisation every branch is founded under
KINDS = ("regular", "regular", "regular", "joint", "temporary", "village-community")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "秀英", "建华", "丽娟", "海燕")
FIRST_FOUNDING = date(2019, 1, 8)
LAST_DAY = date(2025, 12, 31)


@dataclass(frozen=True)
class Branch:
    code: str
    founded: date


def branches(count: int) -> list[Branch]:
    """B branches founded over the first two and a half years."""
    rng = random.Random(SEED)
    return [
        Branch(f"B{i:03d}", FIRST_FOUNDING + timedelta(days=rng.randrange(0, 900)))
        for i in range(1, count + 1)
    ]


def journal_lines(steps: int, founded: Sequence[Branch]) -> list[dict[str, Any]]:
    """The founding lines, then `steps` valid applications in date order."""
    rng = random.Random(SEED + 1)
    first = min(b.founded for b in founded)
    organisation = {
        "command": "org.add",
        "code": PARENT,
        "name": "城关镇党委",
        "kind": "committee",
        "approves-admissions": True,
        "date": first.isoformat(),
    }
    lines: list[dict[str, Any]] = [organisation] + [
        {
            "command": "branch.found",
            "code": b.code,
            "name": f"第{i}党支部",
            "kind": KINDS[i % len(KINDS)],
            "parent": PARENT,
            "full-members": 3 + i % 5,
            "date": b.founded.isoformat(),
            "doc": f"城党〔{b.founded.year}〕{i}号",
        }
        for i, b in enumerate(founded, start=1)
    ]
    applications: list[dict[str, Any]] = []
    for n in range(1, steps + 1):
        branch = founded[rng.randrange(len(founded))]
        span = (LAST_DAY - branch.founded).days
        applied = branch.founded + timedelta(days=rng.randrange(1, span + 1))
        # 19*366 days is over 19 years and 60*365 under 60: the applicant is 19 to 59 that day.
        birth = applied - timedelta(days=rng.randrange(19 * 366, 60 * 365))
        number = f"M{n:06d}"
        applications.append(
            {
                "command": "member.apply",
                "member": number,
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "birth": birth.isoformat(),
                "branch": branch.code,
                "date": applied.isoformat(),
                "doc": f"申请书 {number}",
            }
        )
    applications.sort(key=lambda line: (line["date"], line["member"]))
    return lines + applications


def write_journal(path: Path, lines: Sequence[dict[str, Any]]) -> int:
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
