"""Rules of founding, size, committees and terms of regular and temporary branches (RULES.md §3)."""

from __future__ import annotations

from domain.rules import Citation, Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        id="branch.founding_members",
        title="A branch is founded only where there are at least the minimum number of full "
        "members",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 4"), Citation("PC", "art. 30")),
        params={"min_full_members": 3},
    ),
    Rule(
        id="branch.max_members",
        title="A branch normally has no more than the maximum number of members",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 4"),),
        params={"max": 50},
    ),
    Rule(
        id="branch.joint",
        title="A joint branch normally covers no more than the maximum number of units",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 5"),),
        params={"max_units": 5},
    ),
    Rule(
        id="branch.project_branch",
        title="A project lasting at least the set number of months sets up a branch where "
        "the conditions are met",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 5"),),
        params={"min_months": 6},
    ),
    Rule(
        id="branch.founding_approval",
        title="The primary committee normally answers a request to found a branch within the "
        "set period",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 6"),),
        params={"max_months": 1},
    ),
    Rule(
        id="branch.committee_required",
        title="A branch with at least the set number of full members has a branch committee",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"at_full_members": 7},
    ),
    Rule(
        id="branch.committee_size",
        title="A branch committee has between the minimum and maximum number of members",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"min": 3, "max": 7},
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
    ),
    Rule(
        id="branch.secretary_only_deputy",
        title="A branch without a committee has no more than the maximum number of deputy "
        "secretaries",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 20"),),
        params={"max": 1},
    ),
    Rule(
        id="branch.term_years",
        title="A branch committee serves the default term, or the village and community term "
        "in villages and communities",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"default": 3, "village_community": 5},
    ),
    Rule(
        id="branch.term_range",
        title="A branch term lies within the range of years the Party Constitution allows",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 31"),),
        params={"allowed_range": [3, 5]},
    ),
    Rule(
        id="branch.term_reminder",
        title="The higher organisation reminds a branch of the end of its term the set number "
        "of months before",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"months_before": 6},
    ),
    Rule(
        id="branch.term_change",
        title="An approved extension or advancement of a branch term is no longer than the "
        "maximum months",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 21"), Citation("EL", "art. 3")),
        params={"max_months": 12},
    ),
    Rule(
        id="branch.secretary_party_age",
        title="A branch secretary normally has at least the minimum party age",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 23"),),
        params={"min_years": 1},
    ),
    Rule(
        id="branch.vacancy_fill",
        title="A vacant committee seat is filled promptly by a by-election, within the set "
        "number of days",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 21"),),
        params={"warn_days": 90},
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
            f"{f['branch']} is a temporary branch; it may not {f['action']} "
            f"(a {f['decision']} resolution)"
        ),
    ),
)
