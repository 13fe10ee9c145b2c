"""A branch's roll: where each member stands in their relation branch, change by change."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from attrs import frozen

# The statuses that place a person on a branch's roll.
# A suspended member's relation stays with the branch, which later restores or removes them.
ROLL_STATUSES = frozenset({"admitted", "probationary", "full", "suspended"})
FULL_STATUS = "full"
# The standings that say a person has left the branch for good on their date: the relation
# moved to another branch (recorded on the outgoing roll on receipt of a transfer), or death.
LEFT = "transferred-out"
GONE = {LEFT: "relation left the branch", "deceased": "died"}
# The step that records each of them: the receipt of the transfer, the death.
GONE_BY = {LEFT: "transfer.receive", "deceased": "member.death"}


@frozen
class Standing:
    """Where a member stands in their relation branch from a date on.

    `status` is the member's status (a value of domain.member.Status); `votes` says whether
    they hold voting rights (full members whose rights are not suspended); `counted`
    whether they count in the should-attend base (voters not excluded under COD-5).
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


def gone_from(present: Iterable[str], standing_of: Callable[[str], Standing | None]) -> list[str]:
    """Those of `present` whose standing in a branch on a date (`standing_of`) says they had
    left it: each with how, on which date and by which step. Someone never on the branch's
    roll (a guest, a member taking part from another branch) has no standing and is not named."""
    return [
        f"{n} ({GONE[s.status]} on {s.since.isoformat()}, {GONE_BY[s.status]})"
        for n in present
        if (s := standing_of(n)) is not None and s.status in GONE
    ]
