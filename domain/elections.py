"""Elections by the general assembly: the count, who is elected, and its evidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import ceil
from typing import Any

from attrs import frozen

from branchbook.domain.rules import Judge
from branchbook.domain.voting import exact, needed


@frozen
class Ballots:
    """The ballots of one election: issued, returned, invalid, and yes votes per candidate."""

    issued: int
    returned: int
    invalid: int
    votes: Mapping[str, int]

    @property
    def valid(self) -> int:
        return self.returned - self.invalid


def min_candidates(judge: Judge, seats: int) -> int:
    """Seats plus the required surplus, rounded up: 3 seats need 4 candidates, 5 need 6."""
    ratio = judge.param("election.candidate_surplus", "min_ratio")
    assert isinstance(ratio, int | float)
    return seats + ceil(exact(float(ratio)) * seats)


def outcome(
    votes: Mapping[str, int], candidates: Sequence[str], seats: int, majority: int
) -> tuple[list[str], list[str]]:
    """Who is elected and who is tied at the cut-off (EL90 art. 21-22).

    Only candidates with a majority qualify; seats are filled in order of votes. Candidates
    tied at the last seat are none of them elected: they go to a re-vote for what is left.
    """
    qualifying = sorted(
        (c for c in candidates if votes.get(c, 0) >= majority), key=lambda c: -votes.get(c, 0)
    )
    if len(qualifying) <= seats:
        return qualifying, []
    if seats < 1 or votes[qualifying[seats]] < votes[qualifying[seats - 1]]:
        return qualifying[:seats], []  # the first left out has fewer votes: no tie at the cut
    cutoff = votes[qualifying[seats - 1]]
    above = [c for c in qualifying if votes[c] > cutoff]
    tied = [c for c in qualifying if votes[c] == cutoff]
    return above, tied


def count_election(
    judge: Judge,
    *,
    branch: str,
    meeting: str,
    seats: int,
    candidates: Sequence[str],
    ballots: Ballots,
    should_attend: Sequence[str],
    present_voting: Sequence[str],
    announced: Sequence[str] | None,
    contested: bool,
    void: bool = False,
) -> tuple[list[str], dict[str, Any]]:
    """Judge an election and return who is elected with the evidence of the count. An election
    the clerk records as `void` must be one (more ballots returned than issued): it elects no
    one and its evidence says why."""
    fewest = min_candidates(judge, seats)
    if contested:
        judge.check(
            "election.candidate_surplus",
            candidates=len(candidates),
            seats=seats,
            needed=fewest,
            branch=branch,
        )
    quorum = judge.version["election.quorum"].params
    quorum_needed = needed(
        quorum, len(should_attend), fraction="fraction_of_should_attend", inclusive=None
    )
    judge.check(
        "election.quorum",
        present=len(present_voting),
        should_attend=len(should_attend),
        needed=quorum_needed,
        meeting=meeting,
    )
    strangers = sorted(set(ballots.votes) - set(candidates))
    over = sorted(c for c, n in ballots.votes.items() if n > ballots.valid or n < 0)
    judge.check(
        "record.ballots_counted",
        issued=ballots.issued,
        present=len(present_voting),
        returned=ballots.returned,
        invalid=ballots.invalid,
        strangers=strangers,
        over=over,
        total=sum(ballots.votes.values()),
        most=ballots.valid * seats,
        meeting=meeting,
    )
    validity = {"issued": ballots.issued, "returned": ballots.returned, "meeting": meeting}
    if void:
        judge.check("election.void_recorded", announced=list(announced or ()), **validity)
    else:
        judge.check("election.ballot_validity", **validity)
    majority = needed(
        judge.version["election.majority"].params,
        len(present_voting),
        fraction="fraction_of_present",
        inclusive=None,
    )
    chosen, tied = outcome(ballots.votes, candidates, seats, majority)
    if void:
        chosen, tied = [], []
    elif announced is not None:
        short = sorted(c for c in announced if ballots.votes.get(c, 0) < majority)
        judge.check(
            "election.majority",
            short=short,
            votes={c: ballots.votes.get(c, 0) for c in short},
            present=len(present_voting),
            needed=majority,
        )
        judge.check(
            "election.order",
            announced=sorted(announced),
            expected=sorted(chosen),
            tied=tied,
            seats=seats,
        )
    evidence = {
        "seats": seats,
        "should_attend": len(should_attend),
        "should_attend_members": list(should_attend),
        "present_voting": len(present_voting),
        "present_voting_members": list(present_voting),
        "quorum_needed": quorum_needed,
        "candidates": list(candidates),
        "candidates_needed": fewest if contested else None,
        "ballots": {
            "issued": ballots.issued,
            "returned": ballots.returned,
            "invalid": ballots.invalid,
            "valid": ballots.valid,
        },
        "votes": dict(sorted(ballots.votes.items(), key=lambda cv: (-cv[1], cv[0]))),
        "majority_needed": majority,
        "elected": chosen,
        "tied": tied,
        "unfilled": seats - len(chosen),
        "rulebook": judge.version.fingerprint,
    }
    if void:
        rule = judge.version["election.ballot_validity"]
        evidence.update({"outcome": "void", "failed_rule": rule.id, "why": rule.reason(validity)})
    return chosen, evidence
