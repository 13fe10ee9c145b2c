"""A branch's roll: where each member stands in their relation branch, change by change."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from attrs import frozen

# The statuses that place a person on a branch's roll (§1.3 invariant).
# A suspended member's relation stays with the branch, which later restores or removes them.
ROLL_STATUSES = frozenset({"admitted", "probationary", "full", "suspended"})
FULL_STATUS = "full"
# The standings that say a person has left the branch for good on their date: the relation
# moved to another branch (recorded on the outgoing roll on receipt of a transfer), or death.
LEFT = "transferred-out"
GONE = {LEFT: "relation left the branch", "deceased": "died"}


@frozen
class Standing:
    """Where a member stands in their relation branch from a date on.

    `status` is the member's status (a value of domain.member.Status); `votes` says whether
    they hold voting rights (full members whose rights are not suspended, §1.4); `counted`
    whether they count in the should-attend base (voters not excluded under COD-5, §2.2).
    """

    since: date
    status: str
    votes: bool
    counted: bool

    @property
    def on_roll(self) -> bool:
        return self.status in ROLL_STATUSES


def standing_at(history: Sequence[Standing], on: date) -> Standing | None:
    """The standing in force on a date: the last change on or before it (history by date)."""
    at = bisect_right([s.since for s in history], on)
    return history[at - 1] if at else None
