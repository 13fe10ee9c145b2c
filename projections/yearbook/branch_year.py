"""The year of one branch, for `branchbook report branch`: its particulars, roster and its
changes, meetings, admission pipeline, dues, talks and training, compliance, evaluation, and
its members by status at each year's end since its founding.

Every part is answered as of one day of the year (`as_of`, at most its last), from the views
and the queries the other commands answer with: the branch view (`branch show`), the roster
(`roster`), the meetings (`meeting show`), the due list (`due`), the compliance report
(`compliance`), the evaluation (`evaluation show`) and the statistics (`stats`). Nothing here
reads the clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from attrs import frozen
from sqlalchemy import Connection

from branchbook.domain.rules import Rulebook, RulebookVersion
from branchbook.projections.auditors.compliance import BranchCompliance, compliance
from branchbook.projections.auditors.scoring import EvaluationReport, evaluation
from branchbook.projections.auditors.stats import of_year, stats
from branchbook.projections.branches.roster import RosterRow, roster
from branchbook.projections.branches.view import BranchView, branch_view
from branchbook.projections.yearbook.history import YearEnd, year_ends
from branchbook.projections.yearbook.pipeline import Pipeline, pipeline
from branchbook.projections.yearbook.roster_changes import Change, roster_changes
from branchbook.projections.yearbook.year_dues import YearDues, year_dues
from branchbook.projections.yearbook.year_meetings import (
    HeldMeeting,
    Talk,
    held_meetings,
    talks,
    training,
)

REPORT = "branch-year"


@frozen
class YearRoster:
    """The roster at the start of the year, as the books stood on the day before its first
    (`start_on`), and that of the day asked about (`last_day`); and the changes between
    them, from the year's first day (`first_day`) to the day asked about."""

    first_day: date
    last_day: date
    start: tuple[RosterRow, ...]
    end: tuple[RosterRow, ...]
    changes: tuple[Change, ...]

    @property
    def start_on(self) -> date:
        return self.first_day - timedelta(days=1)

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "start_on": self.start_on.isoformat(),
            "start": [r.as_dict() for r in self.start],
            "end": [r.as_dict() for r in self.end],
            "changes": [c.as_dict() for c in self.changes],
        }


@frozen
class BranchYear:
    """A branch's year as of a day in it: what `report branch` shows and charts."""

    code: str
    year: int
    as_of: date
    rulebook: str
    particulars: BranchView
    roster: YearRoster
    meetings: tuple[HeldMeeting, ...]
    pipeline: Pipeline
    dues: YearDues
    talks: tuple[Talk, ...]
    compliance: BranchCompliance
    evaluation: EvaluationReport | None
    history: tuple[YearEnd, ...]

    @property
    def first(self) -> date:
        return date(self.year, 1, 1)

    @property
    def last(self) -> date:
        return date(self.year, 12, 31)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": REPORT,
            "branch": self.code,
            "year": self.year,
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "particulars": self.particulars.as_dict(),
            "roster": self.roster.as_dict(),
            "meetings": [m.as_dict() for m in self.meetings],
            "pipeline": self.pipeline.as_dict(),
            "dues": self.dues.as_dict(),
            "talks": [t.as_dict() for t in self.talks],
            "training": training(self.meetings).as_dict(),
            "compliance": self.compliance.as_dict(),
            "evaluation": None if self.evaluation is None else self.evaluation.as_dict(),
            "history": [h.as_dict() for h in self.history],
        }


def branch_year(
    conn: Connection,
    code: str,
    year: int,
    version: RulebookVersion,
    as_of: date,
    *,
    rulebook: Rulebook | None = None,
) -> BranchYear | None:
    """The branch's year as of `as_of` (a day of the year), judged by the rulebook version
    given; None for an unknown branch. A year the branch does not live in gives a report with
    nothing in it: no one on the books, no meeting, no window judged. The evaluation is the
    year's, recorded after it as it usually is; its earlier years are graded by `rulebook`
    (default: the version given, for every year)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if not first <= as_of <= last:
        raise ValueError(f"the day asked about, {as_of}, is not in {year}")
    particulars = branch_view(conn, code, as_of, version)
    if particulars is None:
        return None
    judged = compliance(conn, code, first, last, version, as_of=as_of)
    assert judged is not None  # the branch is known
    held = held_meetings(
        conn, code, first, as_of, rulebook.in_force if rulebook is not None else lambda _: version
    )
    counts = stats(conn, as_of, code)
    return BranchYear(
        code=code,
        year=year,
        as_of=as_of,
        rulebook=version.fingerprint,
        particulars=particulars,
        roster=YearRoster(
            first,
            as_of,
            tuple(roster(conn, code, first - timedelta(days=1))),
            tuple(roster(conn, code, as_of)),
            tuple(roster_changes(conn, code, first, as_of)),
        ),
        meetings=tuple(held),
        pipeline=pipeline(conn, code, as_of, version, of_year(counts, year)),
        dues=year_dues(conn, code, year, as_of),
        talks=tuple(talks(conn, code, first, as_of)),
        compliance=judged,
        evaluation=evaluation(conn, code, year, rulebook or Rulebook((version,))),
        history=tuple(
            year_ends(conn, particulars.founded.year, as_of, [code])
            if particulars.founded <= as_of
            else ()
        ),
    )
