"""Rules of the general assembly, the branch committee meeting and elections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branchbook.domain.rules import Citation, Rule, Severity
from branchbook.domain.voting import needed, threshold_text
from branchbook.domain.wording import counted


def _of_should_attend(p: Mapping[str, Any], base: int) -> int:
    return needed(p, base, fraction="fraction_of_should_attend", inclusive=None)


def _of_present(p: Mapping[str, Any], base: int) -> int:
    return needed(p, base, fraction="fraction_of_present", inclusive=None)


RULES: tuple[Rule, ...] = (
    Rule(
        id="assembly.frequency",
        title="The general assembly normally meets at least once in every period",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 11"),),
        params={"period": "quarterly"},
    ),
    Rule(
        id="assembly.quorum",
        title="The general assembly votes only with more than half of the should-attend voting "
        "members present",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 11"), Citation("DR", "art. 20")),
        params={"fraction": 0.5, "inclusive_half": False},
        test=lambda f, p: f["present"] >= needed(p, f["should_attend"]),
        explain=lambda f, p: (
            f"{f['present']} of {f['should_attend']} voting members present; "
            f"{threshold_text(p)} (at least {needed(p, f['should_attend'])}) required"
            + _not_counted(f.get("not_voting", ()))
        ),
    ),
    Rule(
        id="assembly.pass_threshold",
        title="A general assembly decision passes when the yes votes exceed half of the "
        "should-attend voting members",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 11"), Citation("DR", "art. 21")),
        params={"fraction_of_should_attend": 0.5},
        test=lambda f, p: f["yes"] >= _of_should_attend(p, f["should_attend"]),
        explain=lambda f, p: (
            f"{counted(f['yes'], 'yes vote')}"
            + (f" (including {f['written']} written)" if f["written"] else "")
            + f" of {f['should_attend']} should-attend voting members; "
            f"{threshold_text(p, fraction='fraction_of_should_attend', inclusive=None)} "
            f"(at least {_of_should_attend(p, f['should_attend'])}) required"
        ),
    ),
    Rule(
        id="assembly.vote_failed",
        title="A general assembly vote is recorded as failed only when its count does not "
        "carry: the quorum was present and the yes votes fall short of the pass threshold",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 11"), Citation("DR", "art. 21")),
        test=lambda f, p: f["yes"] < f["needed"],
        explain=lambda f, p: (
            f"{counted(f['yes'], 'yes vote')}"
            + (f" (including {f['written']} written)" if f["written"] else "")
            + f" of {f['should_attend']} should-attend voting members carry the {f['decision']} "
            f"of {f['member']} (at least {f['needed']} required); a vote that carries is not "
            "recorded as failed"
        ),
    ),
    Rule(
        id="assembly.reserved_powers",
        title="Only the general assembly admits, converts, extends the probation of, or "
        "revokes a probationary member",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 11"), Citation("DR", "art. 20")),
        test=lambda f, p: f["kind"] == "assembly",
        explain=lambda f, p: (
            f"{f['meeting']} is a {f['kind']} meeting; a {f['decision']} resolution needs the "
            "general assembly"
        ),
    ),
    Rule(
        id="should_attend.exclusion_basis",
        title="A member is left out of the should-attend count only with the consent of an "
        "organisation above the branch and a resolution of the branch's general assembly (which "
        "needs its quorum, assembly.quorum)",
        severity=Severity.HARD,
        citations=(Citation("COD-5", "", "S"),),
        test=lambda f, p: (
            f["kind"] == "assembly"
            and f["held"] == f["on"]
            and bool(f["consent"].strip())
            and f["consenting"] in f["above"]
        ),
        explain=lambda f, p: (
            f"the consent to the exclusion comes from {f['consenting']}, which is not above "
            f"{f['branch']} (its higher organisations: {', '.join(f['above']) or 'none'})"
            if f["consenting"] not in f["above"]
            else f"exclusion on {f['on']} rests on {f['meeting']} ({f['kind']}, held "
            f"{f['held']}) and the consent {f['consent']!r}; an assembly held that day and the "
            "reference of the higher organisation's consent are required"
        ),
    ),
    Rule(
        id="assembly.written_opinions",
        title="Written opinions of absent members do not count in general assembly decisions "
        "other than admission and conversion",
        severity=Severity.COMPUTE,
        citations=(Citation("S000", "art. 11"), Citation("DR", "art. 21")),
        params={"counted": False},
    ),
    Rule(
        id="should_attend.cod5_exclusions",
        title="With higher consent and an assembly resolution, members in the five COD-5 "
        "categories are left out of the should-attend count",
        severity=Severity.COMPUTE,
        citations=(Citation("COD-5", "", "S"),),
        params={"enabled": True, "ordinary_business": False},
    ),
    Rule(
        id="committee_meeting.frequency",
        title="The branch committee normally meets at least once in every period",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 12"),),
        params={"period": "monthly"},
    ),
    Rule(
        id="committee_meeting.quorum",
        title="The branch committee decides only with more than half of its members present",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 12"),),
        params={"fraction": 0.5, "inclusive_half": False},
        test=lambda f, p: f["present"] >= needed(p, f["committee"]),
        explain=lambda f, p: (
            f"{f['present']} of {f['committee']} committee members present at {f['meeting']}; "
            f"{threshold_text(p)} (at least {needed(p, f['committee'])}) required"
        ),
    ),
    Rule(
        id="committee_meeting.pass_threshold",
        title="A branch committee decision passes when the yes votes exceed half of the "
        "members present",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 17"),),
        params={"fraction_of_present": 0.5},
        test=lambda f, p: f["yes"] >= _of_present(p, f["present"]),
        explain=lambda f, p: (
            f"{counted(f['yes'], 'yes vote')} of {f['present']} committee members present; "
            f"{threshold_text(p, fraction='fraction_of_present', inclusive=None)} (at least "
            f"{_of_present(p, f['present'])}) required"
        ),
    ),
    Rule(
        id="election.quorum",
        title="An election is held only with more than the set fraction of the should-attend "
        "voting members present",
        severity=Severity.HARD,
        citations=(Citation("EL90"), Citation("EL", "", "S")),
        params={"fraction_of_should_attend": 0.8},
        test=lambda f, p: f["present"] >= f["needed"],
        explain=lambda f, p: (
            f"{f['present']} of {f['should_attend']} should-attend voting members present at "
            f"{f['meeting']}; "
            + threshold_text(p, fraction="fraction_of_should_attend", inclusive=None)
            + f" (at least {f['needed']}) required for an election"
        ),
    ),
    Rule(
        id="election.majority",
        title="A candidate is elected only with yes votes from more than half of the voting "
        "members present",
        severity=Severity.HARD,
        citations=(Citation("EL90", "art. 22"), Citation("EL", "", "S")),
        params={"fraction_of_present": 0.5},
        test=lambda f, p: not f["short"],
        explain=lambda f, p: (
            "announced as elected without more than half of the "
            f"{f['present']} voting members present (at least {f['needed']}): "
            + ", ".join(f"{c} ({n})" for c, n in f["votes"].items())
        ),
    ),
    Rule(
        id="election.order",
        title="Seats go to the qualifying candidates in order of votes; candidates tied at the "
        "last seat go to a re-vote",
        severity=Severity.HARD,
        citations=(Citation("EL90", "art. 21"), Citation("EL", "", "S")),
        test=lambda f, p: f["announced"] == f["expected"],
        explain=lambda f, p: (
            f"announced as elected: {', '.join(f['announced']) or 'no one'}; the count elects "
            f"{', '.join(f['expected']) or 'no one'} to {counted(f['seats'], 'seat')}"
            + (f", with {', '.join(f['tied'])} tied for a re-vote" if f["tied"] else "")
        ),
    ),
    Rule(
        id="election.body",
        title="The general assembly elects the committee (or the secretary where there is no "
        "committee); the committee elects the secretary and deputy",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 21"), Citation("EL", "art. 4")),
        test=lambda f, p: f["kind"] == f["expected"],
        explain=lambda f, p: (
            f"{f['meeting']} is a {f['kind']} meeting; the {f['decision']} of {f['branch']} "
            f"needs a {f['expected']} meeting"
        ),
    ),
    Rule(
        id="election.candidate_surplus",
        title="A committee election has more candidates than seats by at least the set share "
        "of the seats, rounded up",
        severity=Severity.HARD,
        citations=(Citation("EL", "art. 13"), Citation("PC", "art. 11")),
        params={"min_ratio": 0.2, "secretary_only": False},
        test=lambda f, p: f["candidates"] >= f["needed"],
        explain=lambda f, p: (
            f"{counted(f['candidates'], 'candidate')} for {counted(f['seats'], 'seat')} in "
            f"{f['branch']}; at least "
            f"{f['needed']} required ({p['min_ratio']:.0%} more than the seats, rounded up)"
        ),
    ),
    Rule(
        id="election.void_recorded",
        title="An election is recorded as void only when more ballots were returned than were "
        "issued; it elects no one and is held again",
        severity=Severity.HARD,
        citations=(Citation("EL90", "art. 19"),),
        test=lambda f, p: f["returned"] > f["issued"] and not f["announced"],
        explain=lambda f, p: (
            f"{f['returned']} ballots returned at {f['meeting']} and {f['issued']} issued"
            + (
                f"; a void election announces no one elected ({', '.join(f['announced'])} named)"
                if f["announced"]
                else ": the count stands, so the election is not void"
            )
        ),
    ),
    Rule(
        id="election.ballot_validity",
        title="An election stands only if no more ballots are returned than were issued",
        severity=Severity.HARD,
        citations=(Citation("EL90", "art. 19"),),
        params={"returned_le_issued": True},
        test=lambda f, p: f["returned"] <= f["issued"],
        explain=lambda f, p: (
            f"{f['returned']} ballots returned at {f['meeting']} but {f['issued']} issued: the "
            "election is void and must be held again"
        ),
    ),
    Rule(
        id="election.seat_reduction",
        title="Seats an election left unfilled are reduced, instead of filled by a new vote, "
        "only with the consent of more than half of the electors present",
        severity=Severity.HARD,
        citations=(Citation("EL90", "art. 22", "S"),),
        test=lambda f, p: 2 * f["yes"] > f["present"],
        explain=lambda f, p: (
            f"reducing {f['branch']} to {counted(f['seats'], 'seat')} at {f['meeting']}: "
            f"{f['yes']} of "
            f"the {f['present']} electors present consent; more than half are required"
        ),
    ),
)


def _not_counted(names: tuple[str, ...]) -> str:
    """Those present the quorum does not count, named: not voting members on the branch's
    roll that day (not entered, probationary, or without their rights)."""
    if not names:
        return ""
    return (
        f"; present but not counted, not being voting members on the branch's roll that day: "
        f"{', '.join(names)}"
    )
