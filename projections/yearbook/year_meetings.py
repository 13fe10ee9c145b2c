"""What a branch held and recorded in a period: its meetings as `meeting show` gives them
(projections.branches.meetings), the training sessions among them with their class hours
(S003 annex §五), and the talks with its applicants (docs/rules.md, "Admission")."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from attrs import evolve, field, frozen
from sqlalchemy import Connection, select

from branchbook.domain.meeting import MeetingKind
from branchbook.domain.rules import RulebookVersion
from branchbook.projections.branches.attendance import meeting_findings
from branchbook.projections.branches.findings import Finding
from branchbook.projections.branches.meetings import MeetingView, meeting
from branchbook.projections.branches.view import names_of
from branchbook.projections.members.as_of import known_then
from branchbook.projections.storage.tables import meetings, member_events, member_states

TALKED = "talked"  # the member step of a talk with an applicant (bb_member_events' kind)
DECIDED = "decided"  # the member step of a resolution on discipline or disposal


@frozen
class HeldMeeting:
    """A meeting, with how many were present, who should have attended and who was absent,
    the tally of each decision and what it resolved, and the names of everyone it names."""

    view: MeetingView
    names: Mapping[str, str]
    what: Mapping[int, str] = field(factory=dict)

    def as_dict(self) -> dict[str, Any]:
        view = self.view
        return {
            **view.as_dict(),
            "decisions": [
                {**d.as_dict(), "tally": d.tally, "what": self.what.get(d.position)}
                for d in view.decisions
            ],
            "present_count": len(view.present),
            "should_attend": view.should_attend,
            "quorum": view.quorum,
            "absent": [{"member": n, "name": self.names.get(n, "")} for n in view.absent],
            "names": dict(self.names),
        }


@frozen
class Talk:
    """A talk with an applicant: the day, the member talked with, and who talked."""

    day: date
    member: str
    name: str
    by: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "member": self.member,
            "name": self.name,
            "by": self.by,
        }


@frozen
class Training:
    """The training sessions of the period and their class hours in all."""

    sessions: tuple[MeetingView, ...]

    @property
    def hours(self) -> int:
        return sum(s.hours or 0 for s in self.sessions)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": [
                {
                    "meeting": s.code,
                    "held": s.held.isoformat(),
                    "hours": s.hours,
                    "present_count": len(s.present),
                }
                for s in self.sessions
            ],
            "hours": self.hours,
        }


def held_meetings(
    conn: Connection,
    code: str,
    first: date,
    last: date,
    version_on: Callable[[date], RulebookVersion],
) -> list[HeldMeeting]:
    """The branch's meetings held from `first` to `last`, by date then code, each with what
    it lists out of line with the branch's roll, judged by the rulebook version in force on
    its day (`version_on`), as `meeting show` lists it."""
    m = meetings.c
    codes = conn.execute(
        select(m.code)
        .where(m.branch == code, m.held >= first, m.held <= last)
        .order_by(m.held, m.code)
    ).scalars()
    views = [
        evolve(view, findings=tuple(_findings(conn, view, version_on(view.held))))
        for c in list(codes)
        if (view := meeting(conn, c)) is not None
    ]
    names = names_of(conn, [n for view in views for n in _named(view)])
    resolved = _resolved(conn, views)
    return [
        HeldMeeting(
            view,
            {n: names[n] for n in sorted(set(_named(view))) if n in names},
            {
                d.position: what
                for d in view.decisions
                if (what := resolved.get((view.code, d.member, d.decision))) is not None
            },
        )
        for view in views
    ]


def _named(view: MeetingView) -> list[str]:
    """Everyone a meeting names: the chair, those present or absent, decided about and rated."""
    return [
        view.chair,
        *view.present,
        *view.absent,
        *(d.member for d in view.decisions),
        *view.ratings,
    ]


def _resolved(conn: Connection, views: Sequence[MeetingView]) -> dict[tuple[str, str, str], str]:
    """What each case resolved at these meetings came to (the sanction or disposal and its
    term, from the member's step awaiting approval), by meeting, member and decision."""
    members = sorted({d.member for view in views for d in view.decisions})
    if not members:
        return {}
    e = member_events.c
    rows = conn.execute(
        select(e.member, e.details)
        .where(e.kind == DECIDED, e.member.in_(members))
        .order_by(e.position)
    )
    found: dict[tuple[str, str, str], str] = {}
    for row in rows:
        step = json.loads(row.details)
        found[(str(step["meeting"]), row.member, str(step["decision"]))] = _what(step["detail"])
    return found


def _what(detail: Mapping[str, Any]) -> str:
    """The resolution in short: its kind and term, without the matter (it is on file)."""
    return ", ".join(
        f"{v} months" if k == "months" else str(v)
        for k, v in detail.items()
        if v is not None and k != "matter"
    )


def training(held: Sequence[HeldMeeting]) -> Training:
    """The training sessions among the meetings held."""
    kind = MeetingKind.TRAINING.value
    return Training(tuple(h.view for h in held if h.view.kind == kind))


def talks(conn: Connection, code: str, first: date, last: date) -> list[Talk]:
    """The talks with applicants from `first` to `last` whose step left them in the branch,
    by date then the log's order."""
    e, s = member_events.c, member_states.c
    rows = conn.execute(
        select(e.member, e.effective, e.details)
        .join(member_states, s.position == e.position)
        .where(
            e.kind == TALKED,
            e.effective >= first,
            e.effective <= last,
            s.branch == code,
            known_then(None),
        )
        .order_by(e.effective, e.position)
    ).all()
    names = names_of(conn, [r.member for r in rows])
    return [
        Talk(r.effective, r.member, names.get(r.member, ""), str(json.loads(r.details)["by"]))
        for r in rows
    ]


def _findings(conn: Connection, view: MeetingView, version: RulebookVersion) -> list[Finding]:
    return meeting_findings(
        conn, view.code, view.branch, view.held, present=[*view.present], version=version
    )
