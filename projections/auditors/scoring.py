"""The two scoring schemes as the record holds them: an organisation's S003 evaluation for a
year, graded, and members' S002 points for a year, totalled.

The steps are read from the audit trail's view (bb_audit), which keeps every recorded step's
own fields; a step voided by a correction is left out. The items an evaluation leaves to the
record are read from the compliance report of the evaluated year, as `compliance` answers:
as of the latest recorded step if the year is not over by then. The rulebook version is
the one in force on the year's last day, as for the compliance report.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import ColumnElement, Connection, select

from branchbook.domain.eval_grade import Grade, Mark, grade_of
from branchbook.domain.eval_record import open_windows, record_marks
from branchbook.domain.member_points import AGGREGATE as POINTS
from branchbook.domain.member_points import Points, points_of
from branchbook.domain.member_points import subject as points_subject
from branchbook.domain.org_evaluation import AGGREGATE as EVALUATION
from branchbook.domain.org_evaluation import given_marks
from branchbook.domain.org_evaluation import subject as evaluation_subject
from branchbook.domain.rules import Rulebook, RulebookVersion
from branchbook.projections.auditors.compliance import compliance
from branchbook.projections.members.as_of import latest_effective
from branchbook.projections.storage.tables import audit

SCORED = f"{EVALUATION}.scored"
RECORDED = f"{POINTS}.recorded"


def _steps(conn: Connection, kind: str, *where: ColumnElement[bool]) -> list[Any]:
    a = audit.c
    query = (
        select(a.subject, a.details)
        .where(a.kind == kind, a.corrected_by.is_(None), *where)
        .order_by(a.position)
    )
    return list(conn.execute(query))


@frozen
class EvaluationReport:
    """A graded evaluation, with what the record could not fill (an item with a window still
    open among them) and the years before."""

    grade: Grade
    from_record: bool
    left: dict[str, str]  # items the record might fill but could not, and why
    earlier: tuple[tuple[int, str | None], ...]  # the years before, nearest first
    open_windows: int = 0  # windows of the record's items not over by the record's date

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.grade.as_dict(),
            "from_record": self.from_record,
            "not_prefilled": dict(self.left),
            "earlier": [{"year": y, "grade": g} for y, g in self.earlier],
            "open_windows": self.open_windows,
        }


def _marks(
    conn: Connection, branch: str, year: int, version: RulebookVersion
) -> tuple[dict[str, Mark], bool, dict[str, str], int] | None:
    a = audit.c
    rows = _steps(conn, SCORED, a.branch == branch, a.subject == evaluation_subject(branch, year))
    if not rows:
        return None
    fields = [json.loads(r.details) for r in rows]
    marks, from_record = given_marks(fields, version["eval003.notice_board_cap"].params)
    left: dict[str, str] = {}
    still_open = 0
    if from_record:
        # As `compliance` answers: for the latest recorded step if the year is not over by it.
        end = date(year, 12, 31)
        on = min(latest_effective(conn) or end, end)
        report = compliance(conn, branch, date(year, 1, 1), end, version, as_of=on)
        if report is not None:
            still_open = open_windows(report.results)
            findings = [(f.rule, f.message) for f in report.findings]
            known, why = record_marks(report.results, report.not_judged, findings)
            for item, mark in known.items():
                marks.setdefault(item, mark)
            left = {item: reason for item, reason in why.items() if item not in marks}
    return marks, from_record, left, still_open


def evaluation(
    conn: Connection, branch: str, year: int, rulebook: Rulebook
) -> EvaluationReport | None:
    """The evaluation of the branch for the year, graded; None if none is recorded. Each year
    before that the consequences look back on is graded alone, to know whether it was 不合格."""
    version = rulebook.in_force(date(year, 12, 31))
    found = _marks(conn, branch, year, version)
    if found is None:
        return None
    marks, from_record, left, still_open = found
    run = version["eval003.consequences"].params["replace_after_unqualified_years"]
    assert isinstance(run, int)
    earlier: list[tuple[int, str | None]] = []
    for before in range(year - 1, max(year - run, 0), -1):
        then = rulebook.in_force(date(before, 12, 31))
        had = _marks(conn, branch, before, then)
        earlier.append(
            (before, None if had is None else grade_of(branch, before, had[0], then).grade)
        )
    grade = grade_of(branch, year, marks, version, [g for _, g in earlier])
    return EvaluationReport(grade, from_record, left, tuple(earlier), still_open)


def member_points(
    conn: Connection,
    year: int,
    version: RulebookVersion,
    *,
    member: str | None = None,
    branch: str | None = None,
) -> list[Points]:
    """The points recorded for the year, by member number; of one member or one branch."""
    a = audit.c
    where: list[ColumnElement[bool]] = [a.subject.endswith(f"/{year}", autoescape=True)]
    if member is not None:
        where = [a.member == member, a.subject == points_subject(member, year)]
    if branch is not None:
        where.append(a.branch == branch)
    by_member: dict[str, list[dict[str, Any]]] = {}
    for row in _steps(conn, RECORDED, *where):
        fields = json.loads(row.details)
        by_member.setdefault(fields["member"], []).append(fields)
    params = version["points002.annual_total"].params
    return [points_of(n, year, fields, params) for n, fields in sorted(by_member.items())]


def categories(points: Sequence[Points]) -> dict[str, int]:
    """How many members each category holds (none given: "-")."""
    out: dict[str, int] = {}
    for p in points:
        out[p.category or "-"] = out.get(p.category or "-", 0) + 1
    return dict(sorted(out.items()))
