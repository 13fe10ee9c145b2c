"""Journal lines for the recorder tests, and readings of what it stored."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from eventsourcing.persistence import Notification

from branchbook.domain import ids
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.workflows.recording.recorder import Outcome, Recorder, parse_journal
from branchbook.workflows.store.app import BranchBook

FOUNDED = "2020-01-06"


def line(command: str, **keys: object) -> str:
    """One journal line; a key's underscores stand for the journal's hyphens."""
    return json.dumps(
        {"command": command, **{k.replace("_", "-"): v for k, v in keys.items()}},
        ensure_ascii=False,
    )


def enrolled(branch: str, count: int) -> list[str]:
    """Opening entries of `count` full members of a branch: {branch}M1, {branch}M2, ..."""
    return [
        line(
            "member.enrol",
            date="2020-01-03",
            member=f"{branch}M{i}",
            name=f"N{i}",
            birth="1980-01-01",
            branch=branch,
            status="full",
            admitted="2010-01-01",
            full_since="2011-01-01",
        )
        for i in range(1, count + 1)
    ]


ORGANISATION = line(
    "org.add",
    code="TC01",
    name="城关镇党委",
    kind="committee",
    approves_admissions=True,
    date=FOUNDED,
)


def found(code: str = "B01", on: str = FOUNDED) -> str:
    return line(
        "branch.found",
        code=code,
        name=f"{code} 党支部",
        kind="regular",
        parent="TC01",
        full_members=3,
        date=on,
    )


def apply(number: str, birth: str, on: str = "2024-03-01", branch: str = "B01") -> str:
    return line(
        "member.apply", member=number, name=f"申请人 {number}", birth=birth, branch=branch, date=on
    )


def talk(number: str, on: str) -> str:
    return line("member.talk", member=number, by="组织委员 王芳", date=on)


# A journal of three applications to B01, the second from someone 17 on the day.
ACCEPTANCE = [
    apply("M0001", "1990-05-01"),
    apply("M0002", "2006-09-01"),  # 17 on 2024-03-01
    apply("M0003", "1985-11-20"),
]


def record(recorder: Recorder, lines: Iterable[str], **options: Any) -> list[Outcome]:
    return list(recorder.record_many(parse_journal(lines), **options))


def enter_organisation(app: BranchBook) -> None:
    """Every store starts with the township committee TC01 at position 1, for B01 to found under."""
    (outcome,) = record(Recorder(app, builtin_rulebook(), actor="tester"), [ORGANISATION])
    assert outcome.positions == (1,), outcome.message


def notifications(app: BranchBook) -> list[Notification]:
    return list(app.recorder.select_notifications(start=None, limit=100_000))


def stored_member(url: str, number: str) -> Member | None:
    """The member as a new application on the same store reads it."""
    fresh = BranchBook(url)
    try:
        found_member = fresh.find(ids.member_id(number))
    finally:
        fresh.close()
    assert found_member is None or isinstance(found_member, Member)
    return found_member


def member_events(app: BranchBook, number: str) -> list[Any]:
    return list(app.events.get(ids.member_id(number)))


def statuses(outcomes: list[Outcome]) -> list[tuple[int | None, str]]:
    return [(o.line, o.status) for o in outcomes]
