"""Rules of discipline, organisational disposal, lapse, lost contact, transfers and dues (§4–§6)."""

from __future__ import annotations

from typing import Any

from domain.rules import Citation, Rule, Severity

# DF 2008 rates (RULES.md §4): a band applies up to and including its ceiling; None is no ceiling.
DUES_RATES: dict[str, Any] = {
    "salaried": [
        {"max_monthly_income": 3000, "rate": 0.005},
        {"max_monthly_income": 5000, "rate": 0.01},
        {"max_monthly_income": 10000, "rate": 0.015},
        {"max_monthly_income": None, "rate": 0.02},
    ],
    "retired": [
        {"max_monthly_income": 5000, "rate": 0.005},
        {"max_monthly_income": None, "rate": 0.01},
    ],
    "farmer_yuan_per_month": {"min": 0.2, "max": 1.0},
    "student_unemployed_or_allowance_yuan_per_month": 0.2,
}

RULES: tuple[Rule, ...] = (
    Rule(
        id="discipline.warning_effect",
        title="A warning or serious warning bars party promotion and recommendation to a higher "
        "non-party post for its effect period",
        severity=Severity.COMPUTE,
        citations=(Citation("DC", "art. 10"), Citation("DC", "art. 8")),
        params={"warning_months": 12, "serious_warning_months": 18},
    ),
    Rule(
        id="discipline.removal_from_post_bar",
        title="A member removed from party posts holds no equal or higher post during the bar "
        "period",
        severity=Severity.COMPUTE,
        citations=(Citation("DC", "art. 11", "S"),),
        params={"months": 24},
    ),
    Rule(
        id="discipline.probation_term",
        title="Intra-party probation runs for one of the set terms, a one-year term is extended "
        "once by the set months, and no term exceeds the maximum",
        severity=Severity.HARD,
        citations=(Citation("DC", "art. 12"), Citation("PC", "art. 41")),
        params={"terms_months": [12, 24], "max_months": 24, "one_year_extension_months": 12},
    ),
    Rule(
        id="discipline.post_restoration_bar",
        title="A member whose rights are restored after intra-party probation holds no equal or "
        "higher post during the bar period",
        severity=Severity.COMPUTE,
        citations=(Citation("DC", "art. 12"),),
        params={"months": 24},
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
    ),
    Rule(
        id="disposal.rectification_term",
        title="A rectification order lasts no longer than the maximum term",
        severity=Severity.HARD,
        citations=(Citation("OD", "", "S"),),
        params={"max_months": 12},
    ),
    Rule(
        id="disposal.rectification_term_typical",
        title="A rectification order normally lasts the normal term",
        severity=Severity.SOFT,
        citations=(Citation("OD", "", "S"),),
        params={"normal_months": 6},
    ),
    Rule(
        id="disposal.rejoin_bar",
        title="A member urged to withdraw or removed by organisational disposal is not "
        "readmitted during the bar period",
        severity=Severity.HARD,
        citations=(Citation("OD", "", "S"),),
        params={"years": 5},
    ),
    Rule(
        id="disappeared_after_violation.removal",
        title="A member who disappears after a violation short of expulsion is removed once "
        "missing for more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DC", "art. 35 (2018 text)", "S"), Citation("PC", "art. 9")),
        params={"after_months": 6},
    ),
    Rule(
        id="lapse.self_withdrawal",
        title="A member who goes the set consecutive months without organisational life, dues "
        "or assigned work, without good reason, is proposed for removal as self-withdrawn",
        severity=Severity.SOFT,
        citations=(Citation("PC", "art. 9"),),
        params={"consecutive_months": 6},
    ),
    Rule(
        id="lost_contact.suspension",
        title="A member out of contact for the set months despite a search has their "
        "membership suspended",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 24"),),
        params={"after_months": 6},
    ),
    Rule(
        id="lost_contact.removal",
        title="A member still out of contact the set years after suspension is removed as "
        "self-withdrawn",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 24"), Citation("OD", "", "S")),
        params={"after_suspension_years": 2},
    ),
    Rule(
        id="transfer.required",
        title="A member away at a fixed place for at least the set months transfers their "
        "organisational relation",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 25"),),
        params={"away_months": 6},
    ),
    Rule(
        id="dues.payment_period",
        title="A member pays dues once in every period",
        severity=Severity.SOFT,
        citations=(Citation("DF", "", "S"),),
        params={"period": "monthly"},
    ),
    Rule(
        id="dues.backpay",
        title="A back-payment of dues normally covers no more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DF", "", "S"),),
        params={"max_months": 6},
    ),
    Rule(
        id="dues.rates",
        title="A member's monthly dues follow the rate table for their kind of income",
        severity=Severity.COMPUTE,
        citations=(Citation("DF", "", "S"),),
        params={"table": DUES_RATES},
    ),
)
