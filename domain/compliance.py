"""The recurring obligations of a branch judged over calendar windows.

Pure functions: they take what the record shows of one branch (its life, meetings, ratings,
leadership and roll) and the rulebook version to judge by, and say for each obligation and
window what was required, what was found and whether it was met.

Choices where the sources are silent:
- A window that has not ended by the report's date (the as-of date, at most the period's
  end) is open: listed with what was held so far, neither met nor missed.
- A window is judged only when it lies wholly within the period asked about and within the
  branch's life (from its founding to the day before its dissolution). Windows cut by either
  are listed as not judged, never counted as missed.
- A temporary branch keeps its members' relations elsewhere: it is judged on
  its meetings (assembly, committee, groups, lectures, theme days) only. Organisational life
  meetings, democratic evaluations, talks and training hours are the duty of the branch that
  holds the relation.
- Committee meetings are judged only for windows the branch had a committee in office
  throughout; a branch led by a secretary alone has no committee to meet.
- Each party group is judged from the window of its first recorded meeting on; group meetings
  that name no group count for one group shown as "(unnamed)".
- Talks and training hours are judged per year for members on the roll (admitted,
  probationary or full) on both its first and its last day; the leadership is the office in
  force on its last day. A talk's pair is the two people recorded at it.
- The excellent share of an evaluation is the share of those it rated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from branchbook.domain.compliance_facts import (
    AT_LEAST,
    AT_MOST,
    BranchRecord,
    Evaluation,
    Judged,
    MeetingFact,
    NotJudged,
    OfficeSpell,
    Result,
    Summary,
    Window,
    summarise,
    windows,
)
from branchbook.domain.dates import add_months
from branchbook.domain.meeting import MeetingKind, Rating
from branchbook.domain.rules import Judge, RulebookVersion
from branchbook.domain.wording import counted

__all__ = [
    "BranchRecord",
    "Evaluation",
    "Judged",
    "MeetingFact",
    "NotJudged",
    "OfficeSpell",
    "Result",
    "Summary",
    "judge_obligations",
    "summarise",
]

UNNAMED_GROUP = "(unnamed)"
TEMPORARY = "temporary"  # the value of domain.branch.BranchKind.TEMPORARY


class _Report:
    def __init__(
        self, record: BranchRecord, start: date, end: date, v: RulebookVersion, as_of: date
    ) -> None:
        self.record, self.start, self.end, self.version = record, start, end, v
        self.as_of = as_of
        self.results: list[Result] = []
        self.skipped: list[NotJudged] = []

    def skip(self, rule_id: str, reason: str, subject: str | None = None) -> None:
        self.skipped.append(NotJudged(rule_id, self.version[rule_id].citation, reason, subject))

    def judged_windows(
        self,
        rule_id: str,
        period: str,
        subject: str | None = None,
        also: Callable[[Window], str | None] = lambda w: None,
    ) -> list[Window]:
        """The windows to judge; the others are noted with the reason they are left out."""
        out: list[Window] = []
        cut: list[str] = []
        other: dict[str, list[str]] = {}
        for w in windows(period, self.start, self.end):
            if not (self.start <= w.start and w.end <= self.end and self.record.alive(w)):
                cut.append(w.label)
            elif (why := also(w)) is not None:
                other.setdefault(why, []).append(w.label)
            else:
                out.append(w)
        if cut:
            self.skip(
                rule_id,
                "only partly within the period or the branch's life: " + ", ".join(cut),
                subject,
            )
        for why, labels in other.items():
            self.skip(rule_id, f"{why}: " + ", ".join(labels), subject)
        return out

    def add(self, rule_id: str, w: Window, *, required: int, found: int, met: bool,
            detail: str, bound: str = AT_LEAST, subject: str | None = None) -> None:  # fmt: skip
        self.results.append(
            Result(
                rule=rule_id,
                citation=self.version[rule_id].citation,
                window=w.label,
                start=w.start,
                end=w.end,
                required=required,
                found=found,
                met=met and w.end <= self.as_of,
                detail=detail,
                bound=bound,
                subject=subject,
                still_open=w.end > self.as_of,
            )
        )

    def count(self, rule_id: str, kind: MeetingKind, period: str, minimum: int) -> None:
        for w in self.judged_windows(rule_id, period):
            found = self.record.held(kind, w)
            self.add(rule_id, w, required=minimum, found=len(found), met=len(found) >= minimum,
                     detail=_codes(found))  # fmt: skip


def _codes(meetings: Iterable[MeetingFact]) -> str:
    held = sorted(m.held.isoformat() for m in meetings)
    return "held " + ", ".join(held) if held else "none held"


def _text(version: RulebookVersion, rule_id: str, name: str) -> str | None:
    value = version[rule_id].params[name]
    return None if value is None else str(value)


def judge_obligations(
    record: BranchRecord,
    start: date,
    end: date,
    version: RulebookVersion,
    as_of: date | None = None,
) -> Judged:
    """Every recurring obligation of the branch over the days from start to end, as of a
    date (default: the end): windows not over by then are open, neither met nor missed."""
    report = _Report(record, start, end, version, end if as_of is None else min(as_of, end))
    judge = Judge(version)
    report.count(
        "assembly.frequency",
        MeetingKind.ASSEMBLY,
        str(judge.param("assembly.frequency", "period")),
        1,
    )
    _committee(report, judge)
    _groups(report, judge)
    lecture = _text(version, "lecture.frequency", "period")
    if lecture is None:
        report.skip("lecture.frequency", "the profile sets no lecture frequency (S000: 按期)")
    else:
        report.count("lecture.frequency", MeetingKind.LECTURE, lecture, 1)
    _theme_days(report, judge)
    if record.kind == TEMPORARY:
        for rule_id in TEMPORARY_EXEMPT:
            report.skip(rule_id, "a temporary branch: the branch holding the relation judges it")
        return Judged(tuple(report.results), tuple(report.skipped))
    _org_life(report, judge)
    _evaluations(report, judge)
    _talks(report, judge)
    _training(report, judge)
    return Judged(tuple(report.results), tuple(report.skipped))


TEMPORARY_EXEMPT = (
    "org_life_meeting.frequency",
    "democratic_evaluation.frequency",
    "democratic_evaluation.excellent_cap",
    "talks.per_pair",
    "training.annual_hours",
)


def _committee(report: _Report, judge: Judge) -> None:
    rule_id = "committee_meeting.frequency"
    period = str(judge.param(rule_id, "period"))
    record = report.record

    def no_committee(w: Window) -> str | None:
        return None if record.committee_throughout(w) else "no committee in office throughout"

    for w in report.judged_windows(rule_id, period, also=no_committee):
        found = record.held(MeetingKind.COMMITTEE, w)
        report.add(rule_id, w, required=1, found=len(found), met=bool(found), detail=_codes(found))


def _groups(report: _Report, judge: Judge) -> None:
    rule_id = "group_meeting.frequency"
    period = str(judge.param(rule_id, "period"))
    record = report.record
    first: dict[str, date] = {}
    for m in record.meetings:
        if m.kind == MeetingKind.GROUP.value and m.held <= report.end:
            name = m.group or UNNAMED_GROUP
            first[name] = min(first.get(name, m.held), m.held)
    if not first:
        report.skip(rule_id, "no party group meeting is recorded, so no group is known")
    for name, since in sorted(first.items()):

        def not_yet(w: Window, since: date = since) -> str | None:
            return "before the group's first recorded meeting" if w.end < since else None

        for w in report.judged_windows(rule_id, period, subject=name, also=not_yet):
            found = [
                m for m in record.held(MeetingKind.GROUP, w) if (m.group or UNNAMED_GROUP) == name
            ]
            report.add(rule_id, w, required=1, found=len(found), met=bool(found),
                       detail=_codes(found), subject=name)  # fmt: skip


def _theme_days(report: _Report, judge: Judge) -> None:
    rule_id = "theme_day.schedule"
    period = str(judge.param(rule_id, "period"))
    day = judge.param(rule_id, "day_of_month")
    for w in report.judged_windows(rule_id, period):
        held = report.record.held(MeetingKind.THEME_DAY, w)
        if not isinstance(day, int):
            report.add(rule_id, w, required=1, found=len(held), met=bool(held), detail=_codes(held))
            continue
        on_day = [m for m in held if m.held.day == _clamped(m.held, day)]
        off = [m for m in held if m not in on_day]
        detail = _codes(on_day) + f" on day {day}"
        if off:
            detail += "; on another day: " + ", ".join(m.held.isoformat() for m in off)
        report.add(rule_id, w, required=1, found=len(on_day), met=bool(on_day), detail=detail)


def _clamped(held: date, day: int) -> int:
    """The set day in the meeting's month, clamped to the month's last day."""
    last = (add_months(held.replace(day=1), 1) - timedelta(days=1)).day
    return min(day, last)


def _org_life(report: _Report, judge: Judge) -> None:
    rule_id = "org_life_meeting.frequency"
    minimum = judge.whole(rule_id, "min_per_year")
    usual = str(judge.param(rule_id, "usual_quarter"))
    for w in report.judged_windows(rule_id, "yearly"):
        found = report.record.held(MeetingKind.ORG_LIFE, w)
        detail = _codes(found)
        if found and not any(f"Q{(m.held.month - 1) // 3 + 1}" == usual for m in found):
            detail += f" (none in {usual}, where it is usually held)"
        report.add(rule_id, w, required=minimum, found=len(found), met=len(found) >= minimum,
                   detail=detail)  # fmt: skip


def _evaluations(report: _Report, judge: Judge) -> None:
    report.count(
        "democratic_evaluation.frequency",
        MeetingKind.EVALUATION,
        "yearly",
        judge.whole("democratic_evaluation.frequency", "per_year"),
    )
    rule_id = "democratic_evaluation.excellent_cap"
    rule = report.version[rule_id]
    ratio = rule.params["max_ratio"]
    if ratio is None:
        report.skip(rule_id, "the profile sets no cap on excellent ratings (S000 names no grades)")
        return
    assert isinstance(ratio, int | float)
    for e in sorted(report.record.evaluations, key=lambda e: (e.held, e.meeting)):
        w = Window(e.held.isoformat(), e.held, e.held)
        if not (report.start <= e.held <= report.end) or not e.ratings:
            continue
        rated = len(e.ratings)
        excellent = sum(r == Rating.EXCELLENT.value for r in e.ratings.values())
        facts = {"meeting": e.meeting, "excellent": excellent, "rated": rated}
        most = max(
            (k for k in range(rated + 1) if rule.holds({**facts, "excellent": k})), default=0
        )
        detail = (
            f"{excellent} of {rated} rated excellent ({excellent / rated:.0%}); "
            f"at most {most} ({ratio:.0%})"
        )
        report.add(rule_id, w, required=most, found=excellent, met=rule.holds(facts),
                   detail=detail, bound=AT_MOST, subject=e.meeting)  # fmt: skip


def _talks(report: _Report, judge: Judge) -> None:
    rule_id = "talks.per_pair"
    minimum = judge.whole(rule_id, "min_per_year")
    record = report.record

    def no_office(w: Window) -> str | None:
        return None if record.office_on(w.end) else "no leadership in office at the year's end"

    for w in report.judged_windows(rule_id, "yearly", also=no_office):
        office = record.office_on(w.end)
        assert office is not None
        members = record.members_throughout(w)
        pairs = {frozenset((c, m)) for c in office.members for m in members if c != m}
        talks = Counter(
            frozenset(t.present) for t in record.held(MeetingKind.TALK, w) if len(t.present) == 2
        )
        covered = sum(talks[p] >= minimum for p in pairs)
        missing = sorted("–".join(sorted(p)) for p in pairs if talks[p] < minimum)
        detail = (
            f"{covered} of {len(pairs)} leader–member pairs talked at least "
            f"{counted(minimum, 'time')}"
        )
        if missing:
            shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
            detail += f"; {len(missing)} missing: {shown}"
        report.add(rule_id, w, required=len(pairs), found=covered, met=covered == len(pairs),
                   detail=detail)  # fmt: skip


def _training(report: _Report, judge: Judge) -> None:
    rule_id = "training.annual_hours"
    member_min = judge.param(rule_id, "member_min_hours_per_year")
    leader_min = judge.param(rule_id, "leader_min_hours_per_year")
    if not isinstance(member_min, int) or not isinstance(leader_min, int):
        report.skip(rule_id, "the profile requires no class hours (S000 sets none)")
        return
    record = report.record
    for w in report.judged_windows(rule_id, "yearly"):
        office = record.office_on(w.end)
        leaders = set(office.members) if office is not None else set()
        hours: Counter[str] = Counter()
        for session in record.held(MeetingKind.TRAINING, w):
            for number in session.present:
                hours[number] += session.hours or 0
        members = record.members_throughout(w)
        short = [
            f"{n} {hours[n]}/{need} h"
            for n in members
            if hours[n] < (need := leader_min if n in leaders else member_min)
        ]
        detail = f"members {member_min} h, leadership {leader_min} h a year"
        if short:
            detail += f"; short: {', '.join(short[:10])}" + (" …" if len(short) > 10 else "")
        met = len(members) - len(short)
        report.add(rule_id, w, required=len(members), found=met, met=not short, detail=detail)
