"""The numbers of the record on a date: members by status, branch and kind of branch; the steps
of each calendar year; and the distributions of age and party age.

Read as the record stood on the date: each member's state (bb_members, and bb_member_states
for the members changed after the date), counted in the database; the steps of each year from
bb_counted_steps (with the branch of the state each step left), transfers received from
bb_transfers. Nothing here reads the clock.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

from attrs import Factory, define, frozen
from sqlalchemy import Connection, func, select

from branchbook.domain.branch import ROLL_STATUSES
from branchbook.domain.dates import age_on
from branchbook.domain.member import Status
from branchbook.projections.auditors.tallies import (
    ADMISSION,
    CONVERSION,
    REMOVAL,
    SANCTION,
    counts_by_year,
)
from branchbook.projections.branches.view import status_on
from branchbook.projections.members.as_of import changed_after, first_effective, unchanged_after
from branchbook.projections.storage.tables import branches, members, transfers

T = TypeVar("T")

# The bands of the distributions: (upper bound in whole years, exclusive; label).
AGE_BANDS: Sequence[tuple[int | None, str]] = (
    (30, "under 30"),
    (40, "30-39"),
    (50, "40-49"),
    (60, "50-59"),
    (None, "60 and over"),
)
PARTY_AGE_BANDS: Sequence[tuple[int | None, str]] = (
    (5, "under 5"),
    (10, "5-9"),
    (20, "10-19"),
    (30, "20-29"),
    (None, "30 and over"),
)
PROBATIONARY = "probationary"  # the party-age count of members not yet full
_STATUS_ORDER = [s.value for s in Status]


@frozen
class YearCounts:
    """The steps of one calendar year, up to the date asked about."""

    year: int
    admissions: int = 0
    conversions: int = 0
    transfers_received: int = 0
    sanctions: Mapping[str, int] = {}
    removals: Mapping[str, int] = {}

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "admissions": self.admissions,
            "conversions": self.conversions,
            "transfers_received": self.transfers_received,
            "sanctions": dict(self.sanctions),
            "removals": dict(self.removals),
        }


@frozen
class Stats:
    """The numbers of the record on one date, of every branch or of one."""

    as_of: date
    branch: str | None
    by_status: Mapping[str, int]
    by_branch: Mapping[str, Mapping[str, int]]
    by_branch_kind: Mapping[str, Mapping[str, int]]
    open_branches_by_kind: Mapping[str, int]
    years: tuple[YearCounts, ...]
    members: int  # with membership status on the date: the base of the distributions
    ages: Mapping[str, int]
    party_ages: Mapping[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "branch": self.branch,
            "by_status": dict(self.by_status),
            "by_branch": {b: dict(c) for b, c in self.by_branch.items()},
            "by_branch_kind": {k: dict(c) for k, c in self.by_branch_kind.items()},
            "open_branches_by_kind": dict(self.open_branches_by_kind),
            "per_year": [y.as_dict() for y in self.years],
            "members": self.members,
            "age": dict(self.ages),
            "party_age": dict(self.party_ages),
        }


def of_year(numbers: Stats, year: int) -> YearCounts:
    """The steps the statistics count in one year (none counted: all zero)."""
    return next((y for y in numbers.years if y.year == year), YearCounts(year))


def stats(conn: Connection, on: date, branch: str | None = None) -> Stats:
    """The numbers of the record as it stood on a date; of one branch when `branch` is given."""
    standing = _standing(conn, on, branch)
    kinds, open_kinds = _branch_kinds(conn, on, branch)
    by_branch: dict[str, Counter[str]] = defaultdict(Counter)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    by_status: Counter[str] = Counter()
    for (where, status), n in standing.by_branch.items():
        by_branch[where][status] += n
        by_kind[kinds.get(where, "unknown")][status] += n
        by_status[status] += n
    return Stats(
        as_of=on,
        branch=branch,
        by_status=_ordered(by_status),
        by_branch={b: _ordered(by_branch[b]) for b in sorted(by_branch)},
        by_branch_kind={k: _ordered(by_kind[k]) for k in sorted(by_kind)},
        open_branches_by_kind=dict(sorted(Counter(open_kinds).items())),
        years=tuple(_years(conn, on, branch)),
        members=standing.births.total(),
        ages=_bands(AGE_BANDS, standing.births, lambda birth: age_on(birth, on)),
        party_ages=_party_ages(standing.full_since, on),
    )


def combined(parts: Sequence[Stats], on: date) -> Stats:
    """The numbers of several branches on one date as one (`branch` None): each of their
    counts added up, the steps year by year."""
    by_branch: dict[str, Mapping[str, int]] = {}
    for part in parts:
        by_branch.update(part.by_branch)
    kinds = {k for part in parts for k in part.by_branch_kind}
    open_kinds: Counter[str] = Counter()
    for part in parts:
        open_kinds.update(part.open_branches_by_kind)
    years: dict[int, list[YearCounts]] = defaultdict(list)
    for part in parts:
        for counts in part.years:
            years[counts.year].append(counts)
    return Stats(
        as_of=on,
        branch=None,
        by_status=summed(part.by_status for part in parts),
        by_branch={b: by_branch[b] for b in sorted(by_branch)},
        by_branch_kind={
            k: summed(part.by_branch_kind.get(k, {}) for part in parts) for k in sorted(kinds)
        },
        open_branches_by_kind=dict(sorted(open_kinds.items())),
        years=tuple(_year_sum(year, years[year]) for year in sorted(years)),
        members=sum(part.members for part in parts),
        ages=_band_sum([label for _, label in AGE_BANDS], [part.ages for part in parts]),
        party_ages=_band_sum(
            [*(label for _, label in PARTY_AGE_BANDS), PROBATIONARY],
            [part.party_ages for part in parts],
        ),
    )


def summed(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Counts by status added up, in the order of the statuses."""
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    return _ordered(total)


def _year_sum(year: int, parts: Sequence[YearCounts]) -> YearCounts:
    sanctions: Counter[str] = Counter()
    removals: Counter[str] = Counter()
    for p in parts:
        sanctions.update(p.sanctions)
        removals.update(p.removals)
    return YearCounts(
        year,
        sum(p.admissions for p in parts),
        sum(p.conversions for p in parts),
        sum(p.transfers_received for p in parts),
        dict(sorted(sanctions.items())),
        dict(sorted(removals.items())),
    )


def _band_sum(labels: Sequence[str], parts: Sequence[Mapping[str, int]]) -> dict[str, int]:
    return {label: sum(p.get(label, 0) for p in parts) for label in labels}


@define
class _Standing:
    """How many members stand where on the date: by branch and status; and of those with
    membership status, how many were born, and became full members, on each day."""

    by_branch: Counter[tuple[str, str]] = Factory(Counter)
    births: Counter[date] = Factory(Counter)
    full_since: Counter[date | None] = Factory(Counter)

    def add(self, branch: str, status: str, birth: date, full_since: date | None) -> None:
        self.by_branch[branch, status] += 1
        if status in ROLL_STATUSES:
            self.births[birth] += 1
            self.full_since[full_since] += 1


def _standing(conn: Connection, on: date, branch: str | None) -> _Standing:
    """Counted in the database over the member rows that are the members' states on the
    date; the states of the few changed since are read from the history and added."""
    m = members.c
    unchanged = [unchanged_after(on)] + ([m.branch == branch] if branch is not None else [])
    on_roll = [*unchanged, m.status.in_(ROLL_STATUSES)]
    found = _Standing()
    for where, status, n in conn.execute(
        select(m.branch, m.status, func.count()).where(*unchanged).group_by(m.branch, m.status)
    ):
        found.by_branch[where, status] += n
    for birth, n in conn.execute(select(m.birth, func.count()).where(*on_roll).group_by(m.birth)):
        found.births[birth] += n
    for day, n in conn.execute(
        select(m.full_since, func.count()).where(*on_roll).group_by(m.full_since)
    ):
        found.full_since[day] += n
    for state in changed_after(conn, on, branch):
        v = state.view
        found.add(v.branch, v.status, v.birth, v.full_since)
    return found


def _ordered(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by status in the order of the statuses, unknown ones after them."""
    rank = {s: n for n, s in enumerate(_STATUS_ORDER)}
    return {s: counts[s] for s in sorted(counts, key=lambda s: (rank.get(s, len(rank)), s))}


def _branch_kinds(
    conn: Connection, on: date, branch: str | None
) -> tuple[dict[str, str], list[str]]:
    """Each branch's kind, and the kinds of the branches open on the date."""
    query = select(branches.c.code, branches.c.kind, branches.c.founded, branches.c.dissolved)
    if branch is not None:
        query = query.where(branches.c.code == branch)
    rows = conn.execute(query).all()
    opened = [r.kind for r in rows if status_on(r.founded, r.dissolved, on) == "open"]
    return {r.code: r.kind for r in rows}, opened


def _bands(
    bands: Sequence[tuple[int | None, str]], counts: Counter[T], value: Callable[[T], int]
) -> dict[str, int]:
    """How many fall in each band, given how many share each day and the value of a day."""
    tally = dict.fromkeys((label for _, label in bands), 0)
    for day, n in counts.items():
        years = value(day)
        label = next(label for upper, label in bands if upper is None or years < upper)
        tally[label] += n
    return tally


def _party_ages(full_since: Counter[date | None], on: date) -> dict[str, int]:
    """Years since full membership, in bands; members not yet full counted apart."""
    full: Counter[date] = Counter()
    probationary = 0
    for day, n in full_since.items():
        if day is None or on < day:
            probationary += n
        else:
            full[day] += n
    return {
        **_bands(PARTY_AGE_BANDS, full, lambda day: age_on(day, on)),
        PROBATIONARY: probationary,
    }


def _years(conn: Connection, on: date, branch: str | None) -> list[YearCounts]:
    """The counts of each calendar year from the first in the record to the date's."""
    first = first_effective(conn)
    if first is None or first > on:
        return []
    tally: dict[int, dict[str, Any]] = {
        year: {"admissions": 0, "conversions": 0, "transfers_received": 0,
               "sanctions": Counter(), "removals": Counter()}
        for year in range(first.year, on.year + 1)
    }  # fmt: skip
    for year, what, detail, n in counts_by_year(conn, on, branch):
        counts = tally[year]
        if what == ADMISSION:
            counts["admissions"] += n
        elif what == CONVERSION:
            counts["conversions"] += n
        elif what == SANCTION:
            counts["sanctions"][detail] += n
        elif what == REMOVAL:
            counts["removals"][detail] += n
    t = transfers.c
    received = select(t.closed).where(t.outcome == "received", t.closed <= on)
    if branch is not None:
        received = received.where(t.to_branch == branch)
    for closed in conn.execute(received).scalars():
        tally[closed.year]["transfers_received"] += 1
    return [
        YearCounts(
            year,
            c["admissions"],
            c["conversions"],
            c["transfers_received"],
            dict(sorted(c["sanctions"].items())),
            dict(sorted(c["removals"].items())),
        )
        for year, c in tally.items()
    ]
