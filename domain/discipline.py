"""Disciplinary sanctions and organisational disposal: their terms and effects.

The sanctions and the disposal orders are values: the Member aggregate keeps them, and their
effects (an end date, a bar on posts, a lost vote) are computed here from the rulebook in force
on the day the higher body approved them.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from attrs import evolve, frozen

from branchbook.domain.dates import add_months
from branchbook.domain.rules import Judge


class SanctionKind(Enum):
    """The five disciplinary sanctions (PC art. 41; DC art. 8-13)."""

    WARNING = "warning"  # 警告
    SERIOUS_WARNING = "serious-warning"  # 严重警告
    POST_REMOVAL = "post-removal"  # 撤销党内职务
    PROBATION = "probation"  # 留党察看
    EXPULSION = "expulsion"  # 开除党籍


class RemovalBasis(Enum):
    """Why a member was removed from the membership (PC art. 9; OD; EM art. 24)."""

    WITHDRAWAL = "withdrawal"  # 退党: at the member's request
    URGED_WITHDRAWAL = "urged-withdrawal"  # withdrew after being urged (劝退)
    REFUSED_URGING = "refused-urging"  # 劝而不退
    SELF_WITHDRAWAL = "self-withdrawal"  # 自行脱党: 6 months without life, dues or work
    LOST_CONTACT = "lost-contact"  # still not found 2 years after suspension
    UNQUALIFIED = "unqualified"  # 除名 for other disposal grounds
    DISAPPEARED = "disappeared"  # 违纪后失联: missing after a violation short of expulsion


# The old post of a sanction that records none: recorded before the record kept it, or the
# member held none (a sanction's `post`; the post bars then look at the branch's leadership).
UNRECORDED = "unrecorded"

# Removals that bar readmission for the disposal bar period (OD [S]).
BARRED = frozenset(
    {
        RemovalBasis.URGED_WITHDRAWAL.value,
        RemovalBasis.REFUSED_URGING.value,
        RemovalBasis.SELF_WITHDRAWAL.value,
        RemovalBasis.LOST_CONTACT.value,
        RemovalBasis.UNQUALIFIED.value,
        RemovalBasis.DISAPPEARED.value,
    }
)


@frozen
class Sanction:
    """A sanction in the member's record, from the day it was approved.

    `ends` is when its effect (warnings) or its term (intra-party probation) runs out;
    `bar_ends` when the bar on equal or higher posts lifts (removal from posts, restoration);
    `post` the highest post the member held in the branch's leadership when a removal from
    posts or an intra-party probation was approved (None for none held).
    """

    kind: str
    matter: str
    since: date
    body: str
    months: int | None = None
    ends: date | None = None
    extended: int = 0
    restored: date | None = None
    bar_ends: date | None = None
    post: str | None = UNRECORDED

    def in_force(self, on: date) -> bool:
        """Whether the sanction still has effect on a date (including a post bar)."""
        if on < self.since:
            return False
        if self.kind == SanctionKind.EXPULSION.value:
            return True
        if self.kind == SanctionKind.PROBATION.value and self.restored is None:
            return True
        last = self.bar_ends or self.ends
        return last is not None and on < last

    @property
    def withholds_rights(self) -> bool:
        """An intra-party probation not yet ended takes away vote, election and standing."""
        return self.kind == SanctionKind.PROBATION.value and self.restored is None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "matter": self.matter,
            "since": self.since.isoformat(),
            "body": self.body,
            "months": self.months,
            "extended": self.extended,
        }
        for key in ("ends", "restored", "bar_ends"):
            day = getattr(self, key)
            out[key] = day.isoformat() if day else None
        if self.post not in (UNRECORDED, None):
            out["post"] = self.post  # kept only when one was held: absent reads as unrecorded
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sanction:
        days = {
            k: date.fromisoformat(data[k]) if data.get(k) else None
            for k in ("ends", "restored", "bar_ends")
        }
        return cls(
            kind=data["kind"],
            matter=data["matter"],
            since=date.fromisoformat(data["since"]),
            body=data["body"],
            months=data.get("months"),
            extended=data.get("extended", 0),
            post=data.get("post", UNRECORDED),
            **days,
        )


def approved_sanction(
    judge: Judge, *, kind: str, matter: str, months: int | None, decided: date, on: date, body: str
) -> Sanction:
    """The sanction a higher body approves on a date, with its effect computed (DC art. 10-13)."""
    since = decided if judge.param("discipline.probation_start", "from_date") == "decision" else on
    if kind == SanctionKind.PROBATION.value:
        assert months is not None
        return Sanction(kind, matter, since, body, months, add_months(since, months))
    effect = {
        SanctionKind.WARNING.value: ("discipline.warning_effect", "warning_months"),
        SanctionKind.SERIOUS_WARNING.value: ("discipline.warning_effect", "serious_warning_months"),
    }
    if kind in effect:
        rule, param = effect[kind]
        return Sanction(kind, matter, on, body, ends=add_months(on, judge.whole(rule, param)))
    if kind == SanctionKind.POST_REMOVAL.value:
        bar = judge.whole("discipline.removal_from_post_bar", "months")
        return Sanction(kind, matter, on, body, bar_ends=add_months(on, bar))
    return Sanction(kind, matter, on, body)


def reviewed(sanction: Sanction, judge: Judge, *, outcome: str, on: date) -> Sanction:
    """An intra-party probation at its end: rights restored, or the one-year term extended."""
    if outcome == "extend":
        months = judge.whole("discipline.probation_term", "one_year_extension_months")
        assert sanction.ends is not None
        return evolve(sanction, extended=months, ends=add_months(sanction.ends, months))
    bar = judge.whole("discipline.post_restoration_bar", "months")
    return evolve(sanction, restored=on, bar_ends=add_months(on, bar))
