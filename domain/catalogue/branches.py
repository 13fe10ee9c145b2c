"""Rules of founding, size, committees and terms of regular and temporary branches."""

from __future__ import annotations

from branchbook.domain.rules import COUNT, DAYS, MEMBERS, MONTHS, YEARS, Citation, Rule, Severity
from branchbook.domain.wording import counted

# How a temporary branch's forbidden actions read in a reason.
TEMPORARY_ACTIONS = {
    "admit": "admit members",
    "discipline": "discipline members",
    "dispose": "dispose of members",
    "collect_dues": "collect dues",
    "elect_delegates": "elect delegates",
    "term_change_election": "hold elections or changes of term",
}

RULES: tuple[Rule, ...] = (
    Rule(
        id="branch.founding_members",
        title="A branch is founded only where there are at least the minimum number of full "
        "members",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 4"), Citation("PC", "art. 30")),
        params={"min_full_members": 3},
        bounds={"min_full_members": MEMBERS},
        test=lambda f, p: f["full"] >= p["min_full_members"],
        explain=lambda f, p: (
            f"{f['branch']} would be founded with {counted(f['full'], 'full member')}; at least "
            f"{p['min_full_members']} are required (probationary members do not count)"
        ),
    ),
    Rule(
        id="branch.max_members",
        title="A branch normally has no more than the maximum number of members",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 4"),),
        params={"max": 50},
        bounds={"max": MEMBERS},
        test=lambda f, p: f["size"] <= p["max"],
        explain=lambda f, p: (
            f"{f['branch']} would have {f['size']} members on {f['on']}; normally at most "
            f"{p['max']}"
        ),
    ),
    Rule(
        id="branch.joint",
        title="A joint branch normally covers no more than the maximum number of units",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 5"),),
        params={"max_units": 5},
        bounds={"max_units": COUNT},
        test=lambda f, p: f["units"] <= p["max_units"],
        explain=lambda f, p: (
            f"joint branch {f['branch']} covers {f['units']} units; normally at most "
            f"{p['max_units']}"
        ),
    ),
    Rule(
        id="branch.project_branch",
        title="A project lasting at least the set number of months sets up a branch where "
        "the conditions are met",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 5"),),
        params={"min_months": 6},
        bounds={"min_months": MONTHS},
    ),
    Rule(
        id="branch.founding_approval",
        title="The primary committee normally answers a request to found a branch within the "
        "set period",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 6"),),
        params={"max_months": 1},
        bounds={"max_months": MONTHS},
        test=lambda f, p: f["on"] <= f["due"],
        explain=lambda f, p: (
            f"the founding was approved on {f['on']}, after {f['due']}: "
            f"{counted(p['max_months'], 'month')} from the request of {f['requested']}"
        ),
    ),
    Rule(
        id="branch.committee_required",
        title="A branch with at least the set number of full members has a branch committee",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"at_full_members": 7},
        bounds={"at_full_members": MEMBERS},
        test=lambda f, p: f["full"] < p["at_full_members"] or f["structure"] == "committee",
        explain=lambda f, p: (
            f"{f['branch']} has {f['full']} full members on {f['on']}; from "
            f"{p['at_full_members']} on it must elect a committee (3 or more seats), not a "
            "secretary alone"
        ),
    ),
    Rule(
        id="branch.committee_size",
        title="A branch committee has between the minimum and maximum number of members",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"min": 3, "max": 7},
        bounds={"min": MEMBERS, "max": MEMBERS},
        test=lambda f, p: p["min"] <= f["size"] <= p["max"],
        explain=lambda f, p: (
            f"committee of {f['size']} for {f['branch']}; {p['min']} to {p['max']} members required"
        ),
    ),
    Rule(
        id="branch.committee_members_full",
        title="Every member of the branch committee is a full member of the branch with "
        "voting, election and standing rights",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 4"), Citation("S000", "art. 20")),
        test=lambda f, p: not f["not_voting"],
        explain=lambda f, p: (
            f"not full members of {f['branch']} with their rights on {f['on']}: "
            + ", ".join(f["not_voting"])
        ),
    ),
    Rule(
        id="branch.committee_size_typical",
        title="A branch committee normally has no more than the typical maximum number of members",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 20"),),
        params={"typical_max": 5},
        bounds={"typical_max": MEMBERS},
        test=lambda f, p: f["size"] <= p["typical_max"],
        explain=lambda f, p: (
            f"committee of {f['size']} for {f['branch']}; normally at most {p['typical_max']}"
        ),
    ),
    Rule(
        id="branch.secretary_only_deputy",
        title="A branch without a committee has no more than the maximum number of deputy "
        "secretaries",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"max": 1},
        bounds={"max": MEMBERS},
        test=lambda f, p: f["full"] >= f["at"] or f["seats"] <= 1 + p["max"],
        explain=lambda f, p: (
            f"{f['branch']} has {f['full']} full members on {f['on']}, fewer than {f['at']}: it "
            "has a "
            f"secretary and at most {p['max']} deputy, not {f['seats']} seats"
        ),
    ),
    Rule(
        id="branch.term_years",
        title="A branch committee serves the default term, or the village and community term "
        "in villages and communities",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"default": 3, "village_community": 5},
        bounds={"default": YEARS, "village_community": YEARS},
    ),
    Rule(
        id="branch.term_range",
        title="A branch term lies within the range of years the Party Constitution allows",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 31"),),
        params={"allowed_range": [3, 5]},
        bounds={"allowed_range": YEARS},
        # A file may give the range as one year, or its ends in either order.
        test=lambda f, p: min(p["allowed_range"]) <= f["years"] <= max(p["allowed_range"]),
        explain=lambda f, p: (
            f"a term of {f['years']} years for {f['branch']}; the Party Constitution allows "
            f"{min(p['allowed_range'])} to {max(p['allowed_range'])}"
        ),
    ),
    Rule(
        id="branch.term_reminder",
        title="The higher organisation reminds a branch of the end of its term the set number "
        "of months before",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"months_before": 6},
        bounds={"months_before": MONTHS},
    ),
    Rule(
        id="branch.term_change",
        title="An approved extension or advancement of a branch term is no longer than the "
        "maximum months",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 21"), Citation("EL", "art. 3")),
        params={"max_months": 12},
        bounds={"max_months": MONTHS},
        test=lambda f, p: f["total"] <= p["max_months"],
        explain=lambda f, p: (
            f"to {f['change']} the term of {f['branch']} by {counted(f['months'], 'month')} makes "
            f"{f['total']} in all; at most {p['max_months']}"
        ),
    ),
    Rule(
        id="branch.term_advance",
        title="A change of term before the term ends needs the higher organisation's approved "
        "advancement",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 21"), Citation("EL", "art. 3")),
        test=lambda f, p: f["on"] >= f["earliest"],
        explain=lambda f, p: (
            f"the term of {f['branch']} ends on {f['end']}; an election on {f['on']} comes "
            + (
                f"before {f['earliest']}, the {counted(f['advanced'], 'month')} of approved "
                "advancement"
                if f["advanced"]
                else "early, and no advancement was approved"
            )
        ),
    ),
    Rule(
        id="branch.term_overdue",
        title="The change of term is held by the end of the term (with any approved extension)",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"), Citation("EL", "art. 3")),
        test=lambda f, p: f["on"] <= f["end"],
        explain=lambda f, p: (
            f"the term of {f['branch']} ended on {f['end']}; the election on {f['on']} is "
            f"{counted((f['on'] - f['end']).days, 'day')} late"
        ),
    ),
    Rule(
        id="branch.secretary_party_age",
        title="A branch secretary normally has at least the minimum party age",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 23"),),
        params={"min_years": 1},
        bounds={"min_years": YEARS},
        test=lambda f, p: f["age"] is not None and f["age"] >= p["min_years"],
        explain=lambda f, p: (
            f"secretary {f['secretary']} has "
            + ("no party age" if f["age"] is None else f"{counted(f['age'], 'year')} of party age")
            + f" on {f['on']}; normally at least {p['min_years']}"
        ),
    ),
    Rule(
        id="branch.vacancy_fill",
        title="A vacant committee seat is filled promptly by a by-election, within the set "
        "number of days",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"warn_days": 90},
        bounds={"warn_days": DAYS},
        test=lambda f, p: f["days"] <= p["warn_days"],
        explain=lambda f, p: (
            f"the by-election on {f['on']} fills a seat vacant since {f['vacant_since']}, "
            f"{f['days']} days; promptly means within {p['warn_days']}"
        ),
    ),
    Rule(
        id="temporary_branch.forbidden_actions",
        title="A temporary branch does not admit, discipline or dispose of members, collect "
        "dues, elect delegates or hold term-change elections",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 8"),),
        params={
            "actions": [
                "admit",
                "discipline",
                "dispose",
                "collect_dues",
                "elect_delegates",
                "term_change_election",
            ]
        },
        test=lambda f, p: f["action"] not in p["actions"],
        explain=lambda f, p: (
            f"{f['branch']} is a temporary branch; it may not "
            f"{TEMPORARY_ACTIONS.get(f['action'], f['action'])} ({f['decision']})"
        ),
    ),
    Rule(
        id="temporary_branch.relations",
        title="A temporary branch receives no member's relation: its members keep theirs and "
        "take part there, and only an opening entry on its founding day places one on its roll",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 8"), Citation("EM", "art. 25")),
        test=lambda f, p: f["step"] == "opening entry" and f["on"] == f["founded"],
        explain=lambda f, p: (
            f"{f['branch']} is a temporary branch: {f['member']} keeps the relation and takes "
            f"part there (member participate --basis temporary); "
            + (
                f"an opening entry on {f['on']} comes after its founding on {f['founded']}"
                if f["step"] == "opening entry"
                else f"no {f['step']} into it"
            )
        ),
    ),
    Rule(
        id="temporary_branch.appointees",
        title="The leaders appointed to a temporary branch are full members with their rights "
        "who take part in it or stand on its roll",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 8"), Citation("PC", "art. 4")),
        test=lambda f, p: not f["outside"],
        explain=lambda f, p: (
            f"not full members with their rights taking part in {f['branch']} on {f['on']}: "
            + ", ".join(f["outside"])
        ),
    ),
    Rule(
        id="temporary_branch.who_counts",
        title="In a temporary branch the leaders the approving organisation appointed count "
        "and vote with those on its roll; members taking part without the relation do not",
        severity=Severity.COMPUTE,
        citations=(Citation("S000", "art. 8"), Citation("BOOK", "", "S")),
        params={"appointed_leaders": True},
    ),
)
