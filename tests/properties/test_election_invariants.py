"""Who an election elects (EL90 art. 21-22), for any votes, candidates and seats.

Seats go to candidates with a majority, in order of votes; candidates tied at the last seat are
none of them elected. Whatever the count, no more are elected than there are seats, no one is
elected without a majority, and no seat is left unfilled while a qualifying candidate not tied
at the cut-off remains.
"""

from __future__ import annotations

from math import ceil

from hypothesis import given
from hypothesis import strategies as st

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.elections import min_candidates, outcome
from branchbook.domain.rules import Judge

NAMES = [f"C{i}" for i in range(1, 13)]
STRANGERS = ["X1", "X2"]  # votes for people not standing, which the count ignores

candidates_st = st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES))
votes_st = st.dictionaries(st.sampled_from(NAMES + STRANGERS), st.integers(0, 20))
seats_st = st.integers(min_value=0, max_value=8)
majority_st = st.integers(min_value=1, max_value=20)


def qualifying(votes: dict[str, int], candidates: list[str], majority: int) -> list[str]:
    return [c for c in candidates if votes.get(c, 0) >= majority]


@given(votes_st, candidates_st, seats_st, majority_st)
def test_no_more_are_elected_than_seats_and_none_without_a_majority(
    votes: dict[str, int], candidates: list[str], seats: int, majority: int
) -> None:
    elected, tied = outcome(votes, candidates, seats, majority)

    assert len(elected) <= seats
    assert len(set(elected)) == len(elected)
    assert set(elected) <= set(candidates)
    assert all(votes[c] >= majority for c in elected)
    assert not set(elected) & set(tied)


@given(votes_st, candidates_st, seats_st, majority_st)
def test_every_elected_candidate_has_more_votes_than_every_qualifying_one_left_out(
    votes: dict[str, int], candidates: list[str], seats: int, majority: int
) -> None:
    elected, _ = outcome(votes, candidates, seats, majority)

    left_out = [c for c in qualifying(votes, candidates, majority) if c not in elected]
    for winner in elected:
        assert all(votes[winner] > votes[c] for c in left_out), (winner, left_out)


@given(votes_st, candidates_st, seats_st, majority_st)
def test_tied_candidates_share_the_cut_off_and_straddle_the_last_seat(
    votes: dict[str, int], candidates: list[str], seats: int, majority: int
) -> None:
    elected, tied = outcome(votes, candidates, seats, majority)

    if tied:
        assert len({votes[c] for c in tied}) == 1
        cutoff = votes[tied[0]]
        assert cutoff >= majority
        assert len(tied) >= 2
        assert len(elected) < seats < len(elected) + len(tied)
        below = [c for c in qualifying(votes, candidates, majority) if c not in elected + tied]
        assert all(votes[c] < cutoff for c in below)
        assert set(tied) <= set(candidates)


@given(votes_st, candidates_st, seats_st, majority_st)
def test_without_a_tie_every_seat_a_qualifying_candidate_can_fill_is_filled(
    votes: dict[str, int], candidates: list[str], seats: int, majority: int
) -> None:
    elected, tied = outcome(votes, candidates, seats, majority)

    if not tied:
        assert len(elected) == min(seats, len(qualifying(votes, candidates, majority)))


@given(st.integers(min_value=1, max_value=50))
def test_the_fewest_candidates_exceed_the_seats_by_a_fifth_rounded_up(seats: int) -> None:
    judge = Judge(builtin_rulebook().versions[0])

    fewest = min_candidates(judge, seats)

    assert fewest == seats + ceil(seats / 5)
    assert fewest > seats
    assert 5 * (fewest - 1 - seats) < seats <= 5 * (fewest - seats)
