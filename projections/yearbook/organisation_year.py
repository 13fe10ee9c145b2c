"""A higher organisation's year over the branches under it (`branchbook report org`): each
branch's size, steps, obligations and grade; the numbers of them all; their compliance; the
elections and approvals overdue; and members by status at each year's end.

A branch is under the organisation when the organisation is in its chain of higher
organisations (projections.branches.organisations); with no organisation, every branch is.
The branches listed are those alive in the year up to the day it is read as of. Each part is
the answer of the query that gives it alone: `stats` (per branch, added up), the compliance
`reports`, `due_items`, the S003 `evaluation` and the branch views. Nothing here reads the
clock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from attrs import frozen
from sqlalchemy import Connection

from branchbook.domain.rules import Rulebook, RulebookVersion
from branchbook.projections.auditors.compliance import BranchCompliance, branch_codes, reports
from branchbook.projections.auditors.due import OVERDUE, DueItem, due_items
from branchbook.projections.auditors.scoring import evaluation
from branchbook.projections.auditors.stats import Stats, YearCounts, combined, of_year, stats
from branchbook.projections.branches.organisations import OrganisationRow, organisations_all
from branchbook.projections.branches.view import BranchView, Counts, branch_views, roll_counts
from branchbook.projections.yearbook.history import YearEnd, year_ends

# The kinds of due item the report lists when overdue (projections.auditors.due): elections
# (a term ended, a seat vacant, no leadership since the founding) and approvals by the
# higher committee.
ELECTION_KINDS = ("term-end", "vacancy", "leadership")
APPROVAL_KINDS = ("approval",)
OVERDUE_KINDS = (*ELECTION_KINDS, *APPROVAL_KINDS)


@frozen
class BranchLine:
    """One branch's year in the organisation's table."""

    code: str
    name: str
    kind: str
    founded: date
    dissolved: date | None
    secretary: str | None  # the secretary's name on the day read as of
    size_start: int  # on the roll at the year's start: as it stood on the day before
    size_end: int  # on the roll on the day read as of
    steps: YearCounts
    windows_judged: int
    windows_met: int
    windows_missed: int
    windows_open: int
    grade: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "founded": self.founded.isoformat(),
            "dissolved": None if self.dissolved is None else self.dissolved.isoformat(),
            "secretary": self.secretary,
            "size_start": self.size_start,
            "size_end": self.size_end,
            "admissions": self.steps.admissions,
            "conversions": self.steps.conversions,
            "transfers_received": self.steps.transfers_received,
            "removals": sum(self.steps.removals.values()),
            "windows_judged": self.windows_judged,
            "windows_met": self.windows_met,
            "windows_missed": self.windows_missed,
            "windows_open": self.windows_open,
            "grade": self.grade,
        }


@frozen
class OrganisationYear:
    """The year of an organisation (or of every branch) over its branches, as of a day in it."""

    organisation: OrganisationRow | None
    year: int
    as_of: date
    rulebook: str
    branches: tuple[BranchLine, ...]
    stats: Stats
    compliance: tuple[BranchCompliance, ...]
    overdue: tuple[DueItem, ...]
    history: tuple[YearEnd, ...]

    def as_dict(self) -> dict[str, Any]:
        o = self.organisation
        return {
            "report": "organisation-year",
            "organisation": None
            if o is None
            else {"code": o.code, "name": o.name, "kind": o.kind, "parent": o.parent},
            "year": self.year,
            "from": date(self.year, 1, 1).isoformat(),
            "to": date(self.year, 12, 31).isoformat(),
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "branches": [b.as_dict() for b in self.branches],
            "stats": self.stats.as_dict(),
            "compliance": [c.as_dict() for c in self.compliance],
            "overdue": [i.as_dict() for i in self.overdue],
            "history": [h.as_dict() for h in self.history],
        }


def organisation_year(
    conn: Connection,
    code: str | None,
    year: int,
    version: RulebookVersion,
    as_of: date,
    *,
    rulebook: Rulebook | None = None,
) -> OrganisationYear | None:
    """The year of the organisation with this code over the branches under it (of every
    branch when `code` is None), as of a day in the year; None for an unknown code. The
    grades are graded by `rulebook` (each year by its version in force on 31 December, as
    `evaluation show` does); without it, by `version` alone."""
    organisation: OrganisationRow | None = None
    if code is not None:
        organisation = next((o for o in organisations_all(conn) if o.code == code), None)
        if organisation is None:
            return None
    start, end = date(year, 1, 1), date(year, 12, 31)
    views = {v.code: v for v in branch_views(conn, as_of, version) if _under(v, code)}
    alive = [c for c in branch_codes(conn, start, as_of) if c in views]
    judged = {r.code: r for r in reports(conn, start, end, version, as_of=as_of)}
    per_branch = {c: stats(conn, as_of, c) for c in alive}
    first_day = roll_counts(conn, start - timedelta(days=1))  # before the year's first step
    graded = rulebook if rulebook is not None else Rulebook((version,))
    lines = tuple(
        _line(views[c], first_day.get(c, Counts()), of_year(per_branch[c], year), judged[c],
              _grade(conn, c, year, graded))
        for c in alive
    )  # fmt: skip
    return OrganisationYear(
        organisation=organisation,
        year=year,
        as_of=as_of,
        rulebook=version.fingerprint,
        branches=lines,
        stats=combined([per_branch[c] for c in alive], as_of),
        compliance=tuple(judged[c] for c in alive),
        overdue=tuple(overdue_items(conn, as_of, version, alive)),
        history=tuple(_history(conn, views, code, as_of)),
    )


def _under(view: BranchView, code: str | None) -> bool:
    """Whether the branch is under the organisation: any branch is under no organisation."""
    return code is None or any(o.code == code for o in view.chain)


def overdue_items(
    conn: Connection, on: date, version: RulebookVersion, codes: Sequence[str]
) -> list[DueItem]:
    """The elections and approvals of these branches and their members overdue on the day,
    as `due` lists them, by due date."""
    wanted = set(codes)
    return [
        i
        for i in due_items(conn, on, version, within=0)
        if i.status == OVERDUE and i.kind in OVERDUE_KINDS and i.branch in wanted
    ]


def _grade(conn: Connection, code: str, year: int, rulebook: Rulebook) -> str | None:
    report = evaluation(conn, code, year, rulebook)
    return None if report is None else report.grade.grade


def _line(
    view: BranchView,
    first_day: Counts,
    steps: YearCounts,
    judged: BranchCompliance,
    grade: str | None,
) -> BranchLine:
    office = view.office
    secretary = None if office is None else office.secretary
    return BranchLine(
        code=view.code,
        name=view.name,
        kind=view.kind,
        founded=view.founded,
        dissolved=view.dissolved,
        secretary=None if secretary is None else view.names.get(secretary, secretary),
        size_start=first_day.size,
        size_end=view.counts.size,
        steps=steps,
        windows_judged=sum(s.judged for s in judged.summary),
        windows_met=sum(s.met for s in judged.summary),
        windows_missed=sum(len(s.missed) for s in judged.summary),
        windows_open=sum(len(s.open) for s in judged.summary),
        grade=grade,
    )


def _history(
    conn: Connection, views: Mapping[str, BranchView], code: str | None, as_of: date
) -> list[YearEnd]:
    """Members by status at each year's end from the first founding of a branch under the
    organisation (founded by the day read as of) to that day: of every branch when no
    organisation is named."""
    founded = [v.founded for v in views.values() if v.founded <= as_of]
    if not founded:
        return []
    first = min(founded).year
    return year_ends(conn, first, as_of, None if code is None else sorted(views))
