"""Report dicts in the shapes `branchbook report` renders, written by hand after the demo
store's B01 and TC01 in 2025: one branch's year and one organisation's year. Names are
Chinese, and one member, one party group and one branch carry hostile text (`HOSTILE`), which
every document must show as text."""

from __future__ import annotations

import copy
from typing import Any

from compliance_samples import HOSTILE, RULEBOOK, compliance

__all__ = ["HOSTILE", "branch_year", "organisation_year", "varied"]


def roster_row(number: str, name: str, status: str, since: str) -> dict[str, Any]:
    """RosterRow.as_dict()."""
    full = status == "full"
    return {
        "member": number,
        "name": name,
        "birth": "1985-04-12",
        "status": status,
        "standing_since": since,
        "member_since": since if status in ("probationary", "full") else None,
        "full_since": since if full else None,
        "applied": "2020-03-01",
        "talked": "2020-03-15",
        "party_age": 5 if full else None,
        "roles": ["secretary"] if number == "B0101" else [],
    }


ROSTER = [
    roster_row("B0101", "黄敏", "full", "2019-01-08"),
    roster_row("B0102", "张涛", "full", "2019-01-08"),
    roster_row("B0103", "朱春梅", "full", "2019-01-08"),
    roster_row("B0108", HOSTILE, "probationary", "2025-03-02"),
    roster_row("M0055", "李强", "admitted", "2025-06-04"),
    roster_row("M0060", "王芳", "applicant", "2025-02-10"),
]


def stage(name: str, members: list[tuple[str, str, str | None]]) -> dict[str, Any]:
    """One stage of the pipeline: member, name and the status of their next step."""
    return {
        "stage": name,
        "count": len(members),
        "members": [
            {
                "member": number,
                "name": who,
                "since": "2025-02-10",
                "next_step": None if due is None else "member.designate-activist",
                "due": None if due is None else "2025-08-10",
                "status": due,
                "rule": None if due is None else "activist.designation_wait",
            }
            for number, who, due in members
        ],
    }


def history(statuses: list[dict[str, int]], first: int, as_of: str) -> list[dict[str, Any]]:
    """Members by status at each year end from `first`, the last one on `as_of`."""
    last = first + len(statuses) - 1
    return [
        {"year": y, "on": as_of if y == last else f"{y}-12-31", "by_status": counts}
        for y, counts in zip(range(first, last + 1), statuses, strict=True)
    ]


B01_HISTORY = [
    {"full": 9},
    {"applicant": 2, "full": 10},
    {"applicant": 3, "activist": 1, "full": 11},
    {"applicant": 2, "candidate": 1, "probationary": 1, "full": 12},
    {"applicant": 4, "activist": 2, "probationary": 2, "full": 13},
    {"applicant": 3, "candidate": 1, "probationary": 1, "full": 14, "suspended": 1},
    {"applicant": 4, "candidate": 1, "admitted": 1, "probationary": 1, "full": 15},
]


def branch_year() -> dict[str, Any]:
    """B01's 2025, as of its last day (BranchYear.as_dict())."""
    year = 2025
    return {
        "report": "branch-year",
        "branch": "B01",
        "year": year,
        "from": "2025-01-01",
        "to": "2025-12-31",
        "as_of": "2025-12-31",
        "rulebook": RULEBOOK,
        "particulars": {
            "code": "B01",
            "name": "机关第一党支部",
            "kind": "regular",
            "parent": "GB01",
            "chain": [
                {"code": "GB01", "name": "城关镇机关党总支", "kind": "general-branch"},
                {"code": "TC01", "name": "城关镇党委", "kind": "committee"},
            ],
            "founded": "2019-01-08",
            "dissolved": None,
            "status": "open",
            "size": 17,
            "full_members": 15,
            "voting_members": 15,
            "leadership": {
                "structure": "committee",
                "seats": 5,
                "secretary": "B0101",
                "members": [{"member": "B0101", "name": "黄敏", "roles": ["secretary"]}],
            },
            "term": {"start": "2025-01-08", "end": "2028-01-08"},
            "term_state": "running",
            "findings": [],
            "elections": [{"held": "2025-01-08", "kind": "change-of-term", "seats": 5}],
        },
        "roster": {
            "first_day": "2025-01-01",
            "last_day": "2025-12-31",
            "start_on": "2024-12-31",
            "start": ROSTER[:3],
            "end": ROSTER,
            "changes": [
                {
                    "date": "2025-03-02",
                    "member": "B0108",
                    "name": HOSTILE,
                    "change": "status",
                    "from": "admitted",
                    "to": "probationary",
                    "step": "member.approve",
                },
                {
                    "date": "2025-06-04",
                    "member": "M0055",
                    "name": "李强",
                    "change": "joined",
                    "from": None,
                    "to": "admitted",
                    "step": "member.admit",
                },
            ],
        },
        "meetings": [
            {
                "code": "B01-2025-03-13-assembly",
                "kind": "assembly",
                "held": "2025-03-13",
                "present_count": 12,
                "names": {"B0101": "黄敏", "B0108": HOSTILE},
                "decisions": [{"subject": "admit M0055", "outcome": "passed"}],
            }
        ],
        "pipeline": {
            "stages": [
                stage(
                    "applicant",
                    [
                        ("M0060", "王芳", "overdue"),
                        ("M0061", "陈静", "due"),
                        ("M0062", "刘洋", None),
                        ("M0063", HOSTILE, None),
                    ],
                ),
                stage("activist", [("M0064", "杨帆", None), ("M0065", "赵磊", "due")]),
                stage("candidate", [("M0066", "周婷", None)]),
                stage("admitted", [("M0055", "李强", "overdue")]),
                stage("probationary", [("B0108", HOSTILE, None)]),
            ],
            "admitted_in_year": 1,
            "converted_in_year": 2,
        },
        "dues": {
            "months": [
                {"month": f"{year}-{m:02d}", "owed": o, "paid": p, "paid_fen": p * 3000}
                for m, o, p in zip(
                    range(1, 13),
                    (15, 15, 16, 16, 16, 17, 17, 17, 17, 17, 17, 17),
                    (15, 14, 16, 15, 16, 17, 16, 17, 12, 17, 15, 9),
                    strict=True,
                )
            ],
            "behind": [{"member": "B0108", "name": HOSTILE, "months_unpaid": 3}],
            "never_paid": [{"member": "B0107", "name": "陈刚", "months_owed": 9}],
        },
        "talks": [{"date": "2025-04-02", "member": "B0102", "name": "张涛", "by": "B0101"}],
        "training": {
            "sessions": [
                {
                    "meeting": "B01-2025-05-20-lecture",
                    "held": "2025-05-20",
                    "hours": 4,
                    "present_count": 14,
                }
            ],
            "hours": 4,
        },
        "compliance": compliance(
            "B01",
            "机关第一党支部",
            "regular",
            year=year,
            missed={
                "2025-Q3",
                "committee_meeting.frequency 2025-08",
                f"{HOSTILE} 2025-Q2",
                "talks.per_pair 2025",
            },
        ),
        "evaluation": {"branch": "B01", "year": year, "total": "92", "grade": "基本合格"},
        "history": history(B01_HISTORY, 2019, "2025-12-31"),
    }


BRANCHES = [
    ("B01", "机关第一党支部", "regular", {"2025-Q3"}),
    ("B02", "技术中心党支部", "regular", {"committee_meeting.frequency 2025-05"}),
    ("B03", HOSTILE, "joint", set()),
    ("V01", "青山村党支部", "village-community", {"2025-Q3", "talks.per_pair 2025"}),
]


def organisation_branch(code: str, name: str, kind: str, n: int) -> dict[str, Any]:
    """One row of the organisation's branches."""
    return {
        "code": code,
        "name": name,
        "kind": kind,
        "founded": "2019-01-08",
        "dissolved": None,
        "secretary": "黄敏" if code == "B01" else None,
        "size_start": 14 + n,
        "size_end": 16 + n,
        "admissions": 1 + n,
        "conversions": 2 * n,
        "transfers_received": n % 2,
        "removals": 1 if code == "V01" else 0,
        "windows_judged": 38,
        "windows_met": 37 - n,
        "windows_missed": 1 + n,
        "windows_open": 0,
        "grade": "基本合格" if code == "B01" else None,
    }


def organisation_year() -> dict[str, Any]:
    """TC01's 2025 over the branches under it (OrganisationYear.as_dict())."""
    year = 2025
    branches = [organisation_branch(c, n, k, i) for i, (c, n, k, _) in enumerate(BRANCHES)]
    reports = [compliance(c, n, k, year=year, missed=missed) for c, n, k, missed in BRANCHES]
    totals = [{s: 4 * v for s, v in counts.items()} for counts in B01_HISTORY]
    return {
        "report": "organisation-year",
        "organisation": {"code": "TC01", "name": "城关镇党委", "kind": "committee", "parent": None},
        "year": year,
        "from": "2025-01-01",
        "to": "2025-12-31",
        "as_of": "2025-12-31",
        "rulebook": RULEBOOK,
        "branches": branches,
        "stats": {
            "as_of": "2025-12-31",
            "branch": None,
            "by_status": totals[-1],
            "by_branch": {b["code"]: {"full": b["size_end"]} for b in branches},
            "members": sum(totals[-1].values()),
        },
        "compliance": reports,
        "overdue": [
            {
                "branch": "B02",
                "what": "election",
                "rule": "term.length",
                "due": "2025-09-15",
                "status": "overdue",
            }
        ],
        "history": history(totals, 2019, "2025-12-31"),
    }


def varied(report: dict[str, Any]) -> dict[str, Any]:
    """A deep copy to change for one test without touching the sample."""
    return copy.deepcopy(report)
