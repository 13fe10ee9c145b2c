"""The numbers of the record on a date: members by status, branch and kind of branch; the steps
of each calendar year; and the distributions of age and party age.

Read as the record stood on the date: each member's state from bb_member_states, the steps
of each year from bb_member_events (with the branch of the state each step left), transfers
received from bb_transfers. Nothing here reads the clock.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, select

from branchbook.domain.branch import ROLL_STATUSES
from branchbook.domain.dates import age_on
from branchbook.domain.member import Status
from branchbook.projections.branches.view import status_on
from branchbook.projections.members.as_of import first_effective, states_on
from branchbook.projections.members.view import MemberView
from branchbook.projections.storage.tables import branches, member_events, member_states, transfers

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


def stats(conn: Connection, on: date, branch: str | None = None) -> Stats:
    """The numbers of the record as it stood on a date; of one branch when `branch` is given."""
    views = [s.view for s in states_on(conn, on, branch)]
    kinds, open_kinds = _branch_kinds(conn, on, branch)
    by_branch: dict[str, Counter[str]] = defaultdict(Counter)
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for v in views:
        by_branch[v.branch][v.status] += 1
        by_kind[kinds.get(v.branch, "unknown")][v.status] += 1
    members = [v for v in views if v.status in ROLL_STATUSES]
    return Stats(
        as_of=on,
        branch=branch,
        by_status=_ordered(Counter(v.status for v in views)),
        by_branch={b: _ordered(by_branch[b]) for b in sorted(by_branch)},
        by_branch_kind={k: _ordered(by_kind[k]) for k in sorted(by_kind)},
        open_branches_by_kind=dict(sorted(Counter(open_kinds).items())),
        years=tuple(_years(conn, on, branch)),
        members=len(members),
        ages=_bands(AGE_BANDS, (age_on(v.birth, on) for v in members)),
        party_ages=_party_ages(members, on),
    )


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


def _bands(bands: Sequence[tuple[int | None, str]], values: Iterable[int]) -> dict[str, int]:
    counts = dict.fromkeys((label for _, label in bands), 0)
    for value in values:
        label = next(label for upper, label in bands if upper is None or value < upper)
        counts[label] += 1
    return counts


def _party_ages(members: Iterable[MemberView], on: date) -> dict[str, int]:
    """Years since full membership, in bands; members not yet full counted apart."""
    ages: list[int] = []
    probationary = 0
    for m in members:
        age = m.party_age_on(on)
        if age is None:
            probationary += 1
        else:
            ages.append(age)
    return {**_bands(PARTY_AGE_BANDS, ages), PROBATIONARY: probationary}


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
    e, s = member_events.c, member_states.c
    steps = (
        select(e.kind, e.effective, e.details, s.branch)
        .join(member_states, s.position == e.position)
        .where(e.effective <= on, e.kind.in_(("approved", "sanctioned", "left")))
        .order_by(e.position)
    )
    if branch is not None:
        steps = steps.where(s.branch == branch)
    for kind, effective, details, _ in conn.execute(steps):
        counts = tally[effective.year]
        data = json.loads(details)
        if kind == "approved" and data.get("decision") == "admit":
            counts["admissions"] += 1
        elif kind == "approved" and data.get("decision") == "convert":
            counts["conversions"] += 1
        elif kind == "sanctioned":
            counts["sanctions"][data["sanction"]["kind"]] += 1
        elif kind == "left" and data.get("status") == Status.REMOVED.value:
            counts["removals"][data.get("basis") or "unknown"] += 1
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
