"""Rules of discipline, organisational disposal, lapse, lost contact and transfers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from branchbook.domain.dates import add_months
from branchbook.domain.posts import rank
from branchbook.domain.rules import MONTHS, YEARS, Citation, Rule, Severity
from branchbook.domain.wording import counted


def _years_after(day: date, p: Mapping[str, Any], key: str = "years") -> date:
    return add_months(day, 12 * int(p[key]))


def _post_free(f: Mapping[str, Any]) -> bool:
    """No bar: no old post, outside the bar period, or a post lower than the old one.

    The bar runs from the removal (or the restoration) to `bar_ends`, which the sanction
    computed with the months in force on the day it was approved."""
    return (
        f["old_post"] is None
        or not f["start"] <= f["on"] < f["bar_ends"]
        or rank(f["post"]) < rank(f["old_post"])
    )


def _post_barred(f: Mapping[str, Any], what: str) -> str:
    return (
        f"{f['member']} {what} on {f['start']} having held the post of {f['old_post']}; until "
        f"{f['bar_ends']} they take no post equal to or higher (ranking: committee-member < "
        f"deputy < secretary), and the step of {f['on']} gives them the post of {f['post']}"
    )


# DF 2008 rates: a band applies up to and including its ceiling; None is no ceiling.
RULES: tuple[Rule, ...] = (
    Rule(
        id="discipline.warning_effect",
        title="A warning or serious warning bars party promotion and recommendation to a higher "
        "non-party post for its effect period",
        severity=Severity.COMPUTE,
        citations=(Citation("DC", "art. 10"), Citation("DC", "art. 8")),
        params={"warning_months": 12, "serious_warning_months": 18},
        bounds={"warning_months": MONTHS, "serious_warning_months": MONTHS},
    ),
    Rule(
        id="discipline.removal_from_post_bar",
        title="A member removed from party posts holds no equal or higher post during the bar "
        "period",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 11", "S"),),
        params={"months": 24},
        bounds={"months": MONTHS},
        test=lambda f, p: _post_free(f),
        explain=lambda f, p: _post_barred(f, "was removed from party posts"),
    ),
    Rule(
        id="discipline.probation_term",
        title="Intra-party probation runs for one of the set terms, a one-year term is extended "
        "once by the set months, and no term exceeds the maximum",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 12"), Citation("PC", "art. 41")),
        params={"terms_months": [12, 24], "max_months": 24, "one_year_extension_months": 12},
        bounds={"terms_months": MONTHS, "max_months": MONTHS, "one_year_extension_months": MONTHS},
        test=lambda f, p: (
            f["months"] in p["terms_months"]
            if f["extension"] == 0
            else f["months"] == 12
            and f["extended"] == 0
            and f["extension"] == p["one_year_extension_months"]
            and f["months"] + f["extension"] <= p["max_months"]
        ),
        explain=lambda f, p: (
            f"an intra-party probation of {f['months']} months is not one of "
            + "/".join(str(m) for m in p["terms_months"])
            if f["extension"] == 0
            else f"a {f['months']}-month term already extended by {f['extended']} months may "
            f"not be extended by {f['extension']}; only a 12-month term is extended, once, by "
            f"{p['one_year_extension_months']} months, to at most {p['max_months']} in all"
        ),
    ),
    Rule(
        id="discipline.post_restoration_bar",
        title="A member whose rights are restored after intra-party probation holds no equal or "
        "higher post during the bar period",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 12"),),
        params={"months": 24},
        bounds={"months": MONTHS},
        test=lambda f, p: _post_free(f),
        explain=lambda f, p: _post_barred(f, "had their rights restored after probation"),
    ),
    Rule(
        id="discipline.probation_start",
        title="Intra-party probation runs from the date the sanction is approved",
        severity=Severity.COMPUTE,
        citations=(Citation("DC", "art. 12"),),
        params={"from_date": "approval"},
    ),
    Rule(
        id="discipline.expulsion_rejoin_bar",
        title="An expelled member is not readmitted during the bar period",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 13"),),
        params={"years": 5},
        bounds={"years": YEARS},
        test=lambda f, p: f["expelled"] is None or f["on"] >= _years_after(f["expelled"], p),
        explain=lambda f, p: (
            f"{f['member']} was expelled on {f['expelled']}; no readmission before "
            f"{_years_after(f['expelled'], p)}"
        ),
    ),
    Rule(
        id="disposal.rectification_term",
        title="A rectification order lasts no longer than the maximum term",
        severity=Severity.HARD,
        citations=(Citation("OD", "", "S"),),
        params={"max_months": 12},
        bounds={"max_months": MONTHS},
        test=lambda f, p: 0 < f["months"] <= p["max_months"],
        explain=lambda f, p: (
            f"a rectification term of {f['months']} months; it lasts 1 to {p['max_months']} months"
        ),
    ),
    Rule(
        id="disposal.rectification_term_typical",
        title="A rectification order normally lasts the normal term",
        severity=Severity.SOFT,
        citations=(Citation("OD", "", "S"),),
        params={"normal_months": 6},
        bounds={"normal_months": MONTHS},
        test=lambda f, p: f["months"] <= p["normal_months"],
        explain=lambda f, p: (
            f"a rectification term of {f['months']} months is longer than the normal "
            f"{p['normal_months']}"
        ),
    ),
    Rule(
        id="disposal.rejoin_bar",
        title="A member urged to withdraw or removed by organisational disposal is not "
        "readmitted during the bar period",
        severity=Severity.HARD,
        citations=(Citation("OD", "", "S"),),
        params={"years": 5},
        bounds={"years": YEARS},
        test=lambda f, p: f["removed"] is None or f["on"] >= _years_after(f["removed"], p),
        explain=lambda f, p: (
            f"{f['member']} was removed ({f['basis']}) on {f['removed']}; no readmission before "
            f"{_years_after(f['removed'], p)}"
        ),
    ),
    Rule(
        id="disappeared_after_violation.removal",
        title="A member who disappears after a violation short of expulsion is removed once "
        "missing for more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DC", "art. 35 (2018 text)", "S"), Citation("PC", "art. 9")),
        params={"after_months": 6},
        bounds={"after_months": MONTHS},
        test=lambda f, p: f["on"] > add_months(f["since"], int(p["after_months"])),
        explain=lambda f, p: (
            f"{f['member']} went missing on {f['since']} after the violation {f['matter']!r}; "
            f"removal follows more than {p['after_months']} months missing (after "
            f"{add_months(f['since'], int(p['after_months']))}), and it is {f['on']}"
        ),
    ),
    Rule(
        id="lapse.self_withdrawal",
        title="A member who goes the set consecutive months without organisational life, dues "
        "or assigned work, without good reason, is proposed for removal as self-withdrawn",
        severity=Severity.SOFT,
        citations=(Citation("PC", "art. 9"),),
        params={"consecutive_months": 6},
        bounds={"consecutive_months": MONTHS},
        test=lambda f, p: (
            f["unpaid_months"] >= p["consecutive_months"]
            if f.get("deciding")
            else f["unpaid_months"] < p["consecutive_months"]
        ),
        explain=lambda f, p: (
            f"{f['member']} has {counted(f['unpaid_months'], 'consecutive unpaid month')} of dues "
            f"before {f['on']}; removal as self-withdrawn follows "
            f"{p['consecutive_months']} consecutive months"
            if f.get("deciding")
            else f"{f['member']} has paid no dues for {f['unpaid_months']} consecutive months "
            f"before {f['on']}; {p['consecutive_months']} months count as self-withdrawal"
        ),
    ),
    Rule(
        id="lost_contact.suspension",
        title="A member out of contact for the set months despite a search has their "
        "membership suspended",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 24"),),
        params={"after_months": 6},
        bounds={"after_months": MONTHS},
        test=lambda f, p: f["months"] >= p["after_months"],
        explain=lambda f, p: (
            f"contact with {f['member']} was lost on {f['since']}, "
            f"{counted(f['months'], 'month')} before "
            f"{f['on']}; membership is suspended after {p['after_months']} months of search"
        ),
    ),
    Rule(
        id="lost_contact.removal",
        title="A member still out of contact the set years after suspension is removed as "
        "self-withdrawn",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 24"), Citation("OD", "", "S")),
        params={"after_suspension_years": 2},
        bounds={"after_suspension_years": YEARS},
        test=lambda f, p: (
            f["suspended"] is not None
            and f["on"] >= _years_after(f["suspended"], p, "after_suspension_years")
        ),
        explain=lambda f, p: (
            f"{f['member']}'s membership was suspended on {f['suspended']}; removal for lost "
            f"contact follows {p['after_suspension_years']} years later"
        ),
    ),
    Rule(
        id="discipline.probationary_member",
        title="A probationary member is not given a disciplinary sanction; their probation is "
        "extended or revoked instead",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 36 (2023 text)", "S"), Citation("DR", "art. 32")),
        test=lambda f, p: f["status"] != "probationary",
        explain=lambda f, p: (
            f"{f['member']} is a probationary member; extend or revoke the probation instead of "
            f"a {f['sanction']}"
        ),
    ),
    Rule(
        id="discipline.approver",
        title="The primary Party committee approves discipline and disposal, never a general "
        "branch; an expulsion is approved by a discipline commission",
        severity=Severity.HARD,
        citations=(Citation("PC", "art. 42"), Citation("PC", "art. 9")),
        params={
            "allowed_types": ["primary_committee_with_authority", "committee"],
            "expulsion_types": ["discipline_commission"],
        },
        test=lambda f, p: (
            f["body_type"] in p["expulsion_types" if f["expulsion"] else "allowed_types"]
        ),
        explain=lambda f, p: (
            f"{f['body']} is a {f['body_type']}; approving the {f['decision']} needs one of: "
            + ", ".join(p["expulsion_types" if f["expulsion"] else "allowed_types"])
        ),
    ),
    Rule(
        id="discipline.probation_expiry",
        title="Rights are restored, or a one-year intra-party probation extended, when the "
        "term has run",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 12"),),
        test=lambda f, p: f["on"] >= f["ends"],
        explain=lambda f, p: (
            f"the intra-party probation of {f['member']} runs until {f['ends']}; the "
            f"{f['decision']} is dated {f['on']}"
        ),
    ),
    Rule(
        id="disposal.no_double_jeopardy",
        title="A member sanctioned under discipline for a matter is not also given "
        "organisational disposal for it",
        severity=Severity.HARD,
        citations=(Citation("OD", "art. 4"),),
        test=lambda f, p: f["matter"] not in f["sanctioned"],
        explain=lambda f, p: f"{f['member']} was already sanctioned for the matter {f['matter']!r}",
    ),
    Rule(
        id="transfer.destination",
        title="A relation is transferred to another branch than the one that holds it",
        severity=Severity.HARD,
        citations=(Citation("EM", "art. 25"),),
        test=lambda f, p: f["to"] != f["origin"],
        explain=lambda f, p: f"{f['member']} is already in {f['to']}",
    ),
    Rule(
        id="transfer.receiving_branch",
        title="Only the branch a transfer is addressed to receives it",
        severity=Severity.HARD,
        citations=(Citation("EM", "art. 25"),),
        test=lambda f, p: f["branch"] == f["to"],
        explain=lambda f, p: (
            f"the transfer of {f['member']} is addressed to {f['to']}, not {f['branch']}"
        ),
    ),
    Rule(
        id="transfer.rejection_reason",
        title="A transfer is refused only with a reason",
        severity=Severity.HARD,
        citations=(Citation("EM", "art. 25"),),
        test=lambda f, p: bool(f["reason"].strip()),
        explain=lambda f, p: f"the refusal of {f['member']}'s transfer gives no reason",
    ),
    Rule(
        id="transfer.probation_expired",
        title="A probationary member whose probation has run is converted, or not, by the "
        "original branch before transferring",
        severity=Severity.SOFT,
        citations=(Citation("DR", "art. 33", "S"),),
        test=lambda f, p: f["ends"] is None or f["on"] < f["ends"],
        explain=lambda f, p: (
            f"the probation of {f['member']} ended on {f['ends']}; the original branch should "
            "decide the conversion before the transfer"
        ),
    ),
)
