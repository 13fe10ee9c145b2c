"""The ranking of posts and the post bars judged on their own (DC art. 11, 12).

A removal from posts approved on 2016-02-01 bars equal or higher posts until 2018-02-01.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from branch_support import FIRST, PRIMARY, committee_of_five, office, officers
from pipeline_support import BUILTIN, rejected, step

from branchbook.domain.discipline import UNRECORDED, Sanction
from branchbook.domain.leadership import Office, Structure
from branchbook.domain.posts import (
    COMMITTEE_MEMBER,
    DEPUTY,
    SECRETARY,
    check_post_bars,
    post_held,
    posts_given,
    rank,
)
from branchbook.domain.rules import Judge, RuleViolation

REMOVED = date(2016, 2, 1)
BAR_ENDS = date(2018, 2, 1)
OFFICE = Office(
    since=date(2015, 3, 2),
    structure=Structure.COMMITTEE,
    seats=3,
    members=("F1", "F2", "F3"),
    secretary="F1",
    deputy="F2",
)


def removal(post: str | None = UNRECORDED) -> Sanction:
    return Sanction("post-removal", "m1", REMOVED, "PC", bar_ends=BAR_ENDS, post=post)


def judge_post(sanction: Sanction, post: str, on: date, member: str = "F2") -> None:
    check_post_bars(
        Judge(BUILTIN),
        posts={member: post},
        sanctions={member: [sanction]},
        on=on,
        office_on=lambda day: OFFICE if day < REMOVED else None,
    )


def test_the_posts_rank_committee_member_then_deputy_then_secretary() -> None:
    assert rank(COMMITTEE_MEMBER) < rank(DEPUTY) < rank(SECRETARY)
    assert [post_held(OFFICE, m) for m in ("F1", "F2", "F3", "F4")] == [
        SECRETARY,
        DEPUTY,
        COMMITTEE_MEMBER,
        None,
    ]
    assert post_held(None, "F1") is None
    assert posts_given(["F1", "F2", "F3"], secretary="F1", deputy="F2") == {
        "F1": SECRETARY,
        "F2": DEPUTY,
        "F3": COMMITTEE_MEMBER,
    }


@pytest.mark.parametrize("post", [DEPUTY, SECRETARY])
def test_an_equal_or_higher_post_is_refused_the_day_before_the_bar_ends(post: str) -> None:
    with pytest.raises(RuleViolation) as err:
        judge_post(removal(DEPUTY), post, BAR_ENDS - timedelta(days=1))
    assert err.value.rule.id == "discipline.removal_from_post_bar"
    assert "2018-02-01" in str(err.value)
    assert "Disciplinary Regulation art. 11" in str(err.value)


def test_a_lower_post_within_the_bar_and_any_post_from_its_end_are_given() -> None:
    judge_post(removal(DEPUTY), COMMITTEE_MEMBER, REMOVED)
    judge_post(removal(DEPUTY), SECRETARY, BAR_ENDS)


def test_a_step_dated_before_the_removal_is_not_barred() -> None:
    judge_post(removal(DEPUTY), DEPUTY, REMOVED - timedelta(days=1))
    with pytest.raises(RuleViolation):
        judge_post(removal(DEPUTY), DEPUTY, REMOVED)


def test_a_member_who_held_no_post_is_not_barred() -> None:
    judge_post(removal(None), SECRETARY, REMOVED)


def test_a_sanction_recorded_without_its_post_takes_the_post_held_the_day_before() -> None:
    old = Sanction.from_dict({k: v for k, v in removal(DEPUTY).as_dict().items() if k != "post"})
    assert old.post == UNRECORDED
    judge_post(old, COMMITTEE_MEMBER, REMOVED)
    with pytest.raises(RuleViolation) as err:
        judge_post(old, DEPUTY, REMOVED)
    assert err.value.facts["old_post"] == DEPUTY
    judge_post(old, SECRETARY, REMOVED, member="F4")  # F4 held no post: no bar


def test_an_unrestored_probation_is_no_post_bar_and_a_restoration_is() -> None:
    running = Sanction("probation", "m1", REMOVED, "PC", 12, BAR_ENDS, post=DEPUTY)
    judge_post(running, SECRETARY, REMOVED)  # its rights are lost; no post bar is judged
    restored = Sanction(
        "probation", "m1", REMOVED, "PC", 12, BAR_ENDS, restored=BAR_ENDS,
        bar_ends=date(2020, 2, 1), post=DEPUTY,
    )  # fmt: skip
    judge_post(restored, DEPUTY, BAR_ENDS - timedelta(days=1))  # before the restoration
    with pytest.raises(RuleViolation) as err:
        judge_post(restored, DEPUTY, date(2020, 1, 31))
    assert err.value.rule.id == "discipline.post_restoration_bar"
    judge_post(restored, DEPUTY, date(2020, 2, 1))


def test_the_approval_of_a_barred_secretary_is_refused() -> None:
    b = committee_of_five()
    on = FIRST + timedelta(days=1)
    officers(b, on=on, secretary="F1", deputy="F2")
    approving = on + timedelta(days=10)
    barred = {"F1": [Sanction("post-removal", "m1", on, "PC", bar_ends=BAR_ENDS, post=SECRETARY)]}

    def approve() -> None:
        b.branch.approve_officers(
            approver=PRIMARY, step=step(approving), judge=b.judge(), sanctions=barred
        )

    err = rejected("discipline.removal_from_post_bar", approve, b.branch)
    assert err.facts["member"] == "F1"
    b.branch.approve_officers(approver=PRIMARY, step=step(approving), judge=b.judge())
    assert office(b, approving).secretary == "F1"
