"""Rules of dues and of members taking part in a branch other than their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branchbook.domain.rules import MONTHS, Citation, Rule, Severity
from branchbook.domain.wording import counted

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

# How many months one dues period spans; a run of unpaid months shorter than it is not late.
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}


def _dues_months_reason(f: Mapping[str, Any]) -> str:
    if f["already"]:
        return f"{f['member']} has already paid dues for {', '.join(f['already'])}"
    return (
        f"{f['member']} was admitted in {f['admitted']}; dues are not paid for {f['first']}, "
        "a month before admission"
    )


def _takes_part_rightly(f: Mapping[str, Any]) -> bool:
    if f["step"] == "end":
        return bool(f["taking_part"])
    temporary_basis = f["basis"] == "temporary"
    temporary_branch = f["kind"] == "temporary"
    return (
        f["branch"] != f["relation"]
        and not f["taking_part"]
        and temporary_basis == temporary_branch
    )


def _participation_reason(f: Mapping[str, Any]) -> str:
    who, branch = f["member"], f["branch"]
    if f["step"] == "end":
        return f"{who} does not take part in {branch} on {f['on']}"
    if branch == f["relation"]:
        return f"{branch} is {who}'s relation branch, where they take part already"
    if f["taking_part"]:
        return f"{who} already takes part in {branch}"
    if f["kind"] == "temporary":
        return f"{branch} is a temporary branch: a member takes part there on a temporary basis"
    return f"{branch} is a {f['kind']} branch, not a temporary one: the basis cannot be temporary"


RULES: tuple[Rule, ...] = (
    Rule(
        id="transfer.required",
        title="A member away at a fixed place for at least the set months transfers their "
        "organisational relation",
        severity=Severity.SOFT,
        citations=(Citation("EM", "art. 25"),),
        params={"away_months": 6},
        bounds={"away_months": MONTHS},
        test=lambda f, p: f["months"] < p["away_months"],
        explain=lambda f, p: (
            f"{f['member']} has taken part in {f['branch']} at a fixed place since {f['since']}, "
            f"{counted(f['months'], 'month')} on {f['on']}; away {p['away_months']} months or "
            "more, the relation is transferred"
        ),
    ),
    Rule(
        id="dues.payment_period",
        title="A member pays dues once in every period",
        severity=Severity.SOFT,
        citations=(Citation("DF", "", "S"),),
        params={"period": "monthly"},
        test=lambda f, p: f["unpaid_months"] < PERIOD_MONTHS.get(str(p["period"]), 1),
        explain=lambda f, p: (
            f"{f['member']} has paid no dues for {counted(f['unpaid_months'], 'month')} from "
            f"{f['since']} to {f['on']}; dues are paid {p['period']}"
        ),
    ),
    Rule(
        id="dues.backpay",
        title="A back-payment of dues normally covers no more than the set months",
        severity=Severity.SOFT,
        citations=(Citation("DF", "", "S"),),
        params={"max_months": 6},
        bounds={"max_months": MONTHS},
        test=lambda f, p: f["months_back"] <= p["max_months"],
        explain=lambda f, p: (
            f"{f['member']} pays in {f['paid_in']} for months from {f['first']}, "
            f"{f['months_back']} months back; a back-payment normally covers no more than "
            f"{p['max_months']}"
        ),
    ),
    Rule(
        id="dues.rates",
        title="A member's monthly dues follow the rate table for their kind of income",
        severity=Severity.COMPUTE,
        citations=(Citation("DF", "", "S"),),
        params={"table": DUES_RATES},
    ),
    Rule(
        id="dues.collecting_branch",
        title="A member pays dues to their relation branch, or to a branch where they take part "
        "as a mobile member",
        severity=Severity.HARD,
        citations=(Citation("EM", "art. 25", "S"),),
        test=lambda f, p: f["branch"] == f["relation"] or f["branch"] in f["mobile"],
        explain=lambda f, p: (
            f"{f['branch']} is neither {f['member']}'s relation branch {f['relation']} nor a "
            f"branch where they take part as a mobile member on {f['on']}"
        ),
    ),
    Rule(
        id="record.dues_months",
        title="Dues are paid once for a month, and not for months before admission",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "S"),),
        test=lambda f, p: (
            not f["already"] and (f["admitted"] is None or f["first"] >= f["admitted"])
        ),
        explain=lambda f, p: _dues_months_reason(f),
    ),
    Rule(
        id="record.participation_branch",
        title="A member takes part in a branch other than their relation branch once at a time, "
        "on a temporary basis exactly where the branch is temporary",
        severity=Severity.HARD,
        citations=(Citation("BOOK", "", "S"), Citation("S000", "art. 8, 16")),
        test=lambda f, p: _takes_part_rightly(f),
        explain=lambda f, p: _participation_reason(f),
    ),
    Rule(
        id="mobility.inflow_report",
        title="A branch reports on a member's participation to their relation branch only "
        "where the member took part and their relation is elsewhere",
        severity=Severity.HARD,
        citations=(Citation("S000", "art. 10(9)"),),
        test=lambda f, p: f["took_part"] and f["branch"] != f["relation"],
        explain=lambda f, p: (
            f"{f['branch']} holds {f['member']}'s relation on {f['on']}: there is no other "
            "branch to report to"
            if f["branch"] == f["relation"]
            else f"{f['member']} has not taken part in {f['branch']} by {f['on']}"
        ),
    ),
)
