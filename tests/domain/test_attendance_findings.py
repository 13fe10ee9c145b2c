"""The finding of a meeting whose attendance a departure recorded later contradicts: judged by
record.present_in_branch, the rule that refuses the meeting in the other order."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import BUILTIN

from branchbook.domain.meeting import attendance_findings
from branchbook.domain.roll import Standing, standing_at

HELD = date(2024, 3, 10)
LEFT = "relation left the branch on"
FULL = Standing(date(2001, 1, 1), "full", votes=True, counted=True)


def roll(status: str, since: date) -> dict[str, list[Standing]]:
    return {"F1": [FULL, Standing(since, status, votes=False, counted=False)], "F2": [FULL]}


def judged(history: dict[str, list[Standing]], present: list[str]) -> list[str]:
    found = attendance_findings(
        "M1", "B01", HELD, present=present, version=BUILTIN,
        standing_of=lambda n: standing_at(history.get(n, ()), HELD),
    )  # fmt: skip
    return [f"{w.rule}: {w.reason}" for w in found]


@pytest.mark.parametrize(
    ("status", "since", "gone"),
    [
        ("transferred-out", date(2024, 3, 9), f"{LEFT} 2024-03-09, transfer.receive"),
        ("transferred-out", date(2024, 3, 10), f"{LEFT} 2024-03-10, transfer.receive"),
        ("transferred-out", date(2024, 3, 11), None),
        ("deceased", date(2024, 3, 9), "died on 2024-03-09, member.death"),
        ("deceased", date(2024, 3, 10), "died on 2024-03-10, member.death"),
        ("deceased", date(2024, 3, 11), None),
        ("suspended", date(2024, 3, 9), None),  # suspended: the relation stays in the branch
    ],
)
def test_a_member_who_had_left_by_the_meeting_is_a_finding(
    status: str, since: date, gone: str | None
) -> None:
    found = judged(roll(status, since), ["F1", "F2", "G9"])
    if gone is None:
        assert found == []
        return
    assert found == [
        f"record.present_in_branch: M1 of B01 on 2024-03-10 lists as present F1 ({gone})"
    ]


def test_someone_never_on_the_roll_is_not_judged() -> None:
    assert judged({}, ["G9"]) == []
