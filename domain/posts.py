"""The posts a branch's leadership gives, their ranking, and the bars on taking them.

A member removed from party posts, or restored to their rights after an intra-party
probation, may not take a post equal to or higher than the one they held, until the bar
period runs out (DC art. 11, 12). The record keeps the posts of a branch's leadership, ranked
lowest first: a committee member (whatever role they divide), the deputy secretary, the
secretary. A post in one branch ranks as the same post in any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType

from branchbook.domain.discipline import UNRECORDED, Sanction, SanctionKind
from branchbook.domain.leadership import Office
from branchbook.domain.rules import Judge

COMMITTEE_MEMBER = "committee-member"
DEPUTY = "deputy"
SECRETARY = "secretary"
# The ranking of posts, lowest first: "equal or higher" compares places in it.
RANKING = (COMMITTEE_MEMBER, DEPUTY, SECRETARY)

# Each member's sanctions, by member number: what the steps that give posts are judged on.
Sanctions = Mapping[str, Sequence[Sanction]]
NO_SANCTIONS: Sanctions = MappingProxyType({})

# The rule each barring sanction breaks when its bar is not respected.
BAR_RULES = {
    SanctionKind.POST_REMOVAL.value: "discipline.removal_from_post_bar",
    SanctionKind.PROBATION.value: "discipline.post_restoration_bar",
}


def rank(post: str) -> int:
    """The place of a post in the ranking: higher is more senior."""
    return RANKING.index(post)


def post_held(office: Office | None, member: str) -> str | None:
    """The highest post a member holds in a leadership, or None."""
    if office is None:
        return None
    if member == office.secretary:
        return SECRETARY
    if member == office.deputy:
        return DEPUTY
    return COMMITTEE_MEMBER if member in office.members else None


def posts_given(
    members: Iterable[str], *, secretary: str | None = None, deputy: str | None = None
) -> dict[str, str]:
    """The post each member named in a step takes: the secretary's and deputy's over a seat."""
    given = dict.fromkeys(members, COMMITTEE_MEMBER)
    if deputy is not None:
        given[deputy] = DEPUTY
    if secretary is not None:
        given[secretary] = SECRETARY
    return given


def check_post_bars(
    judge: Judge,
    *,
    posts: Mapping[str, str],
    sanctions: Sanctions,
    on: date,
    office_on: Callable[[date], Office | None],
) -> None:
    """Refuse a post to a member barred from it (DC art. 11, 12).

    The old post is the one the sanction recorded; for a sanction that records none (the
    member held none, or it was recorded before the record kept it), the post the member held
    in this branch the day before the sanction, if any.
    """
    for member, post in posts.items():
        for sanction in sanctions.get(member, ()):
            rule = BAR_RULES.get(sanction.kind)
            if rule is None or sanction.bar_ends is None:
                continue
            start = sanction.restored or sanction.since
            old = sanction.post
            if old == UNRECORDED:
                old = post_held(office_on(sanction.since - timedelta(days=1)), member)
            judge.check(
                rule,
                member=member,
                post=post,
                old_post=old,
                start=start,
                bar_ends=sanction.bar_ends,
                on=on,
            )
