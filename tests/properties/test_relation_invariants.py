"""Random transfer, discipline and disposal histories keep every member on exactly one roll.

Three regular branches under committee C1 (with a discipline commission D1) open with five
members each, full or probationary. Hypothesis draws steps with random gaps between them:
transfers requested (sometimes to the member's own branch), issued, received (sometimes by the
wrong branch) or refused (sometimes without a reason); sanctions resolved at general assemblies
and approved (sometimes by the wrong body); intra-party probations reviewed; memberships
suspended and restored; withdrawals, removals and deaths. Every line goes through the recorder
into a SQLite store, and a line the rules refuse must write nothing. Then, on every date of the
history, the members and branches loaded back from the store must agree: a member on a roll is
on exactly their relation branch's roll, nobody without a vote is a voter or in the
should-attend base, and a transfer under way leaves the relation with its origin. A fourth
branch may be dissolved, and transfers into it are recorded late, dated back (sometimes before
its dissolution, recorded already): from its dissolution on, no one stands on its roll.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from attrs import frozen
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from relation_support import BRANCHES, KINDS, LATE, NUMBERS, Driver, Op, fresh_store, opening

from branchbook.domain import ids
from branchbook.domain.branch import Branch
from branchbook.domain.member import Member
from branchbook.domain.transfer import Transfers
from branchbook.workflows.store.app import BranchBook

ops = st.builds(
    Op,
    kind=st.sampled_from(KINDS),
    who=st.integers(min_value=0, max_value=len(NUMBERS) - 1),
    gap=st.sampled_from([0, 0, 1, 3, 7, 14, 30, 45, 60, 90, 120, 200, 400]),
    pick=st.integers(min_value=0, max_value=11),
    flag=st.booleans(),
    follow=st.booleans(),
)
histories = st.tuples(
    st.lists(st.sampled_from([True, True, False]), min_size=len(NUMBERS), max_size=len(NUMBERS)),
    st.lists(ops, min_size=10, max_size=40),
)
ALL_FULL = [True] * len(NUMBERS)
# B1M1 goes to B2: requested, issued, offered to B3 (refused), received by B2 the same day it
# is sanctioned there; B1M2 asks to go to B3 and is refused, first without a reason.
TRANSFER_AND_SANCTION = [
    Op("request", 0, 1, 1, False),
    Op("issue", 0, 2, 0, False),
    Op("receive", 0, 3, 1, False),
    Op("receive", 0, 0, 0, True),
    Op("discipline", 0, 0, 1, False),
    Op("approve", 0, 5, 1, False),
    Op("request", 1, 1, 2, False),
    Op("reject", 0, 2, 0, True),
    Op("reject", 0, 0, 0, False),
    Op("review", 0, 30, 0, True),
    Op("approve", 0, 5, 1, False),
]


@frozen
class Record:
    """The members and branches loaded back from the store, and the members' transfer files."""

    members: dict[str, Member]
    branches: dict[str, Branch]
    transfers: dict[str, Transfers]

    @classmethod
    def load(cls, app: BranchBook) -> Record:
        members = {n: app.find(ids.member_id(n)) for n in NUMBERS}
        branches = {b: app.find(ids.branch_id(b)) for b in (*BRANCHES, LATE)}
        files = {n: app.find(ids.transfers_id(n)) for n in NUMBERS}
        return cls(
            members={n: m for n, m in members.items() if isinstance(m, Member)},
            branches={b: br for b, br in branches.items() if isinstance(br, Branch)},
            transfers={n: t for n, t in files.items() if isinstance(t, Transfers)},
        )

    def check_rolls_on(self, on: date) -> None:
        """Invariants 1 and 2 on one date, with the roll's standing equal to the member's."""
        rolls = {code: set(b.members_on(on)) for code, b in self.branches.items()}
        for number, member in self.members.items():
            standing = member.standing_on(on)
            holders = [code for code, roll in rolls.items() if number in roll]
            if standing is not None and standing.on_roll:
                assert holders == [member.relation_on(on)], (on, number, standing, holders)
                held = self.branches[holders[0]].standing_on(number, on)
                assert held is not None
                assert (held.status, held.votes) == (standing.status, standing.votes), (
                    on,
                    number,
                    held,
                    standing,
                )
            else:
                assert holders == [], (on, number, standing, holders)
        for code, branch in self.branches.items():
            for number in {*branch.voters_on(on), *branch.counted_on(on)}:
                assert self.members[number].votes_on(on), (on, code, number)

    def check_dissolved(self, dates: Sequence[date]) -> None:
        """Invariant 4: from a branch's dissolution on, no one's relation is in it,
        whatever was recorded after the dissolution and dated before it."""
        for code, branch in self.branches.items():
            if branch.dissolved is None:
                continue
            for on in (d for d in dates if d >= branch.dissolved):
                assert branch.members_on(on) == [], (code, on, branch.members_on(on))
                held = [
                    n
                    for n, m in self.members.items()
                    if m.relation_on(on) == code and (s := m.standing_on(on)) and s.on_roll
                ]
                assert held == [], (code, on, held)

    def check_transfers(self, dates: Sequence[date]) -> None:
        """Invariant 3: until a transfer is received the relation stays with its origin; on
        the day of receipt it is the receiving branch's."""
        last = dates[-1]
        for number, file in self.transfers.items():
            member = self.members[number]
            every = [*file.history, *([file.pending] if file.pending else [])]
            for t, after in zip(every, [*every[1:], None], strict=True):
                end = t.closed or last + timedelta(days=1)
                for on in (d for d in dates if t.requested <= d < end):
                    assert member.relation_on(on) == t.origin, (number, on, t)
                # A later transfer received the same day moves the relation on again.
                moved_on = after is not None and (after.closed, after.outcome) == (
                    t.closed,
                    "received",
                )
                if t.outcome == "received" and not moved_on:
                    assert t.closed is not None
                    assert member.relation_on(t.closed) == t.to, (number, t)


# The fourth branch dissolved, then transfers into it recorded late: dated the day before the
# dissolution, twelve days before it, and after it; then dissolved again.
LATE_AFTER_DISSOLUTION = [
    Op("dissolve", 0, 30, 0, False),
    Op("late", 0, 0, 0, False),
    Op("late", 3, 1, 11, True),
    Op("late", 6, 30, 0, False),
    Op("dissolve", 0, 1, 0, False),
]
# A transfer into the fourth branch recorded late but before its dissolution, which the member
# on its roll then prevents.
LATE_BEFORE_DISSOLUTION = [
    Op("late", 1, 30, 2, False),
    Op("dissolve", 0, 1, 0, False),
    Op("request", 1, 1, 0, True, follow=True),
    Op("dissolve", 0, 30, 0, False),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example((ALL_FULL, TRANSFER_AND_SANCTION))
@example((ALL_FULL, LATE_AFTER_DISSOLUTION))
@example((ALL_FULL, LATE_BEFORE_DISSOLUTION))
@given(histories)
def test_every_member_stands_on_exactly_their_relation_branchs_roll_on_every_date(
    history: tuple[list[bool], list[Op]],
) -> None:
    full, steps = history
    with fresh_store() as app:
        driver = Driver(app)
        for line in opening(full):
            assert driver.record(line).accepted, line
        for op in steps:
            driver.play(op)
        for line, outcome in driver.outcomes:
            if outcome.accepted:
                event(f"accepted {line['command']}")

        record = Record.load(app)
        dates = driver.check_dates()
        for on in dates:
            record.check_rolls_on(on)
        record.check_transfers(dates)
        record.check_dissolved(dates)
