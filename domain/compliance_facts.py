"""The facts and results of the compliance report: calendar windows, what the record shows of a
branch, and each obligation judged in a window. See domain.compliance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from attrs import field, frozen

from branchbook.domain.branch import Standing, standing_at
from branchbook.domain.dates import add_months
from branchbook.domain.meeting import RATED_STATUSES, MeetingKind

PERIODS: Mapping[str, int] = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
AT_LEAST = "at least"
AT_MOST = "at most"
# The status of a window not over by the report's date: neither met nor missed yet.
OPEN = "open"


@frozen
class Window:
    """A calendar window: a month (2024-05), quarter (2024-Q3), half (2024-H1) or year."""

    label: str
    start: date
    end: date  # the last day, included


def windows(period: str, start: date, end: date) -> list[Window]:
    """The calendar windows of a period that overlap the days from start to end."""
    months = PERIODS.get(period)
    if months is None:
        raise ValueError(f"unknown period {period!r}; periods are {', '.join(PERIODS)}")
    first = date(start.year, (start.month - 1) // months * months + 1, 1)
    out: list[Window] = []
    while first <= end:
        after = add_months(first, months)
        out.append(Window(_label(first, months), first, after - timedelta(days=1)))
        first = after
    return out


def _label(first: date, months: int) -> str:
    if months == 1:
        return f"{first.year:04d}-{first.month:02d}"
    if months == 3:
        return f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    if months == 6:
        return f"{first.year:04d}-H{(first.month - 1) // 6 + 1}"
    return f"{first.year:04d}"


@frozen
class MeetingFact:
    """A meeting as the report needs it."""

    code: str
    kind: str
    held: date
    present: tuple[str, ...] = ()
    hours: int | None = None
    group: str | None = None


@frozen
class Evaluation:
    """The ratings one democratic evaluation gave, by member."""

    meeting: str
    held: date
    ratings: Mapping[str, str]


@frozen
class OfficeSpell:
    """The leadership in force from `since` until the next spell: committee or not, who sits."""

    since: date
    committee: bool
    members: tuple[str, ...]


@frozen
class BranchRecord:
    """What the record shows of one branch: the facts its obligations are judged on."""

    code: str
    kind: str
    founded: date
    dissolved: date | None
    meetings: tuple[MeetingFact, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    offices: tuple[OfficeSpell, ...] = ()  # by date
    roll: Mapping[str, Sequence[Standing]] = field(factory=dict)  # standings by date

    def alive(self, window: Window) -> bool:
        """Whether the window lies wholly within the branch's life."""
        return self.founded <= window.start and (
            self.dissolved is None or window.end < self.dissolved
        )

    def held(self, kind: MeetingKind, window: Window) -> list[MeetingFact]:
        return [
            m
            for m in self.meetings
            if m.kind == kind.value and window.start <= m.held <= window.end
        ]

    def office_on(self, on: date) -> OfficeSpell | None:
        spells = [o for o in self.offices if o.since <= on]
        return spells[-1] if spells else None

    def committee_throughout(self, window: Window) -> bool:
        first = self.office_on(window.start)
        changes = [o for o in self.offices if window.start < o.since <= window.end]
        return first is not None and first.committee and all(o.committee for o in changes)

    def members_throughout(self, window: Window) -> list[str]:
        """Members on the roll on the window's first and last day."""
        return sorted(
            n
            for n, history in self.roll.items()
            if all(
                (s := standing_at(history, day)) is not None and s.status in RATED_STATUSES
                for day in (window.start, window.end)
            )
        )


@frozen
class Result:
    """One obligation judged in one window."""

    rule: str
    citation: str
    window: str
    start: date
    end: date
    required: int
    found: int
    met: bool
    detail: str
    bound: str = AT_LEAST  # found must be at least (or at most) required
    subject: str | None = None  # the party group, or the evaluation meeting
    still_open: bool = False  # the window had not ended by the report's date: not yet judged

    @property
    def status(self) -> str:
        """ "met", "missed", or "open" for a window not over by the report's date."""
        return OPEN if self.still_open else "met" if self.met else "missed"

    @property
    def missed(self) -> bool:
        return self.status == "missed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "subject": self.subject,
            "window": self.window,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "bound": self.bound,
            "required": self.required,
            "found": self.found,
            "met": None if self.still_open else self.met,
            "status": self.status,
            "detail": self.detail,
        }


@frozen
class NotJudged:
    """An obligation, or some of its windows, the report leaves out, and why."""

    rule: str
    citation: str
    reason: str
    subject: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "subject": self.subject,
            "reason": self.reason,
        }


@frozen
class Judged:
    """The obligations of one branch over a period: each window judged, and what was not."""

    results: tuple[Result, ...]
    not_judged: tuple[NotJudged, ...]


@frozen
class Summary:
    """One obligation (of one group, for group meetings) over the period."""

    rule: str
    citation: str
    subject: str | None
    judged: int
    met: int
    missed: tuple[str, ...]
    open: tuple[str, ...] = ()  # windows not over by the report's date, neither met nor missed

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "citation": self.citation,
            "subject": self.subject,
            "windows_judged": self.judged,
            "windows_met": self.met,
            "missed": list(self.missed),
            "open": list(self.open),
        }


def summarise(results: Iterable[Result]) -> list[Summary]:
    """Windows met out of windows judged (those over by the report's date) for each
    obligation, with the windows missed and the windows still open."""
    by: dict[tuple[str, str | None], list[Result]] = {}
    for r in results:
        key = (r.rule, r.subject if r.rule == "group_meeting.frequency" else None)
        by.setdefault(key, []).append(r)
    out: list[Summary] = []
    for (rule, subject), rs in by.items():

        def label(r: Result, subject: str | None = subject) -> str:
            return (
                r.window if subject is not None or r.subject is None else f"{r.window} {r.subject}"
            )

        missed = tuple(label(r) for r in rs if r.missed)
        still = tuple(label(r) for r in rs if r.still_open)
        met = sum(r.status == "met" for r in rs)
        out.append(Summary(rule, rs[0].citation, subject, len(rs) - len(still), met, missed, still))
    return out
