"""What a branch held and recorded in a period: its meetings as `meeting show` gives them
(projections.branches.meetings), the training sessions among them with their class hours
(S003 annex §五), and the talks with its applicants (docs/rules.md, "Admission")."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.domain.meeting import MeetingKind
from branchbook.projections.branches.meetings import MeetingView, meeting
from branchbook.projections.branches.view import names_of
from branchbook.projections.members.as_of import known_then
from branchbook.projections.storage.tables import meetings, member_events, member_states

TALKED = "talked"  # the member step of a talk with an applicant (bb_member_events' kind)


@frozen
class HeldMeeting:
    """A meeting, with how many were present and the names of everyone it names."""

    view: MeetingView
    names: Mapping[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.view.as_dict(),
            "present_count": len(self.view.present),
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


def held_meetings(conn: Connection, code: str, first: date, last: date) -> list[HeldMeeting]:
    """The branch's meetings held from `first` to `last`, by date then code."""
    m = meetings.c
    codes = conn.execute(
        select(m.code)
        .where(m.branch == code, m.held >= first, m.held <= last)
        .order_by(m.held, m.code)
    ).scalars()
    views = [view for c in list(codes) if (view := meeting(conn, c)) is not None]
    names = names_of(conn, [n for view in views for n in _named(view)])
    return [
        HeldMeeting(view, {n: names[n] for n in sorted(set(_named(view))) if n in names})
        for view in views
    ]


def _named(view: MeetingView) -> list[str]:
    """Everyone a meeting names: the chair, those present, decided about and rated."""
    return [view.chair, *view.present, *(d.member for d in view.decisions), *view.ratings]


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
