"""The two scoring schemes: the S003 evaluation table and the S002 member points."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from branchbook.domain.rules import SCALE, SCORE, YEARS, Citation, Rule, Severity


def _within_max(f: Any, _: Any) -> bool:
    return bool(Decimal(0) <= Decimal(str(f["points"])) <= Decimal(str(f["max"])))


def _within_scale(f: Any, _: Any) -> bool:
    return bool(Decimal(0) <= Decimal(str(f["points"])) <= Decimal(str(f["scale"])))


def _year_begun(f: Any, _: Any) -> bool:
    return bool(f["year"] <= f["on"].year)


def _branch_in_year(f: Any, _: Any) -> bool:
    year, dissolved = f["year"], f["dissolved"]
    return bool(
        f["founded"] <= date(year, 12, 31) and (dissolved is None or dissolved > date(year, 1, 1))
    )


def _member_in_year(f: Any, _: Any) -> bool:
    """A probationary or full member on some day of the year, by the step's date."""
    since, ended, year = f["since"], f["ended"], f["year"]
    return bool(
        since is not None
        and since <= min(f["on"], date(year, 12, 31))
        and (ended is None or ended >= date(year, 1, 1))
    )


RULES: tuple[Rule, ...] = (
    Rule(
        id="eval003.section_weights",
        title="The yearly evaluation of an enterprise party organisation scores each of the "
        "eight sections up to its weight",
        severity=Severity.COMPUTE,
        citations=(Citation("S003", "annex"),),
        params={
            "weights": {
                "一": 8,
                "二": 13,
                "三": 20,
                "四": 18,
                "五": 12,
                "六": 15,
                "七": 8,
                "八": 6,
            }
        },
        bounds={"weights": SCORE},
    ),
    Rule(
        id="eval003.bands",
        title="An evaluation score grades the organisation qualified, basically qualified or "
        "unqualified by the band minimums",
        severity=Severity.COMPUTE,
        citations=(Citation("S003", "annex"),),
        params={
            "qualified_min": 80,
            "basic_min": 60,
            "boundary_mode": "ge80_qualified,ge60_basic",
        },
        bounds={"qualified_min": SCORE, "basic_min": SCORE},
    ),
    Rule(
        id="eval003.triangle",
        title="An unmet must-pass item caps the grade, and an item is met only when fully scored",
        severity=Severity.COMPUTE,
        citations=(Citation("S003", "annex"),),
        params={"unmet_cap": "basic", "met_rule": "full_points"},
    ),
    Rule(
        id="eval003.notice_board_cap",
        title="The notice-board item scores no more than its cap however often the board is "
        "updated",
        severity=Severity.COMPUTE,
        citations=(Citation("S003", "annex §七"),),
        params={"item_cap": 1, "per_time": 0.5},
        bounds={"item_cap": SCORE},
    ),
    Rule(
        id="eval003.item_max",
        title="An item of the evaluation table is scored from 0 to its own points",
        severity=Severity.HARD,
        citations=(Citation("S003", "annex"),),
        test=_within_max,
        explain=lambda f, _: (
            f"item {f['item']} ({f['label']}) is worth at most {f['max']} "
            f"points; {f['points']} were given"
        ),
    ),
    Rule(
        id="eval003.year_begun",
        title="An organisation is evaluated for a year that has begun by the evaluation's date",
        severity=Severity.HARD,
        citations=(Citation("S003", "§三.3"),),
        test=_year_begun,
        explain=lambda f, _: (
            f"{f['branch']} cannot be evaluated on {f['on']} for {f['year']}, a year not yet begun"
        ),
    ),
    Rule(
        id="eval003.branch_in_year",
        title="An organisation is evaluated for a year in which it existed: founded by the "
        "year's last day and not dissolved by its first",
        severity=Severity.HARD,
        citations=(Citation("S003", "§三.3"),),
        test=_branch_in_year,
        explain=lambda f, _: (
            f"{f['branch']} was founded on {f['founded']}"
            + (f" and dissolved on {f['dissolved']}" if f["dissolved"] else "")
            + f": it did not exist in {f['year']}"
        ),
    ),
    Rule(
        id="eval003.consequences",
        title="A basically qualified grade brings a warning talk, an unqualified one an "
        "organisational admonition and listing for rectification, and unqualified years in a "
        "row the replacement of the secretary or the administrative head",
        severity=Severity.COMPUTE,
        citations=(Citation("S003", "§三.3"),),
        params={"replace_after_unqualified_years": 2},
        bounds={"replace_after_unqualified_years": YEARS},
    ),
    Rule(
        id="points002.annual_total",
        title="A member's annual points are the weighted sum of the individual, group and "
        "annual-evaluation scores on the component scale",
        severity=Severity.COMPUTE,
        citations=(Citation("S002", "part 3 §一.三"),),
        params={
            "weights": {"individual": 0.5, "group": 0.3, "annual": 0.2},
            "component_scale": 100,
        },
        bounds={"component_scale": SCALE},
    ),
    Rule(
        id="points002.component_range",
        title="Each component of a member's points is scored from 0 to the component scale "
        "of points002.annual_total",
        severity=Severity.HARD,
        citations=(Citation("S002", "part 3 §一.三"),),
        test=_within_scale,
        explain=lambda f, _: (
            f"the {f['component']} score of {f['member']} is "
            f"{f['points']}, outside 0 to {f['scale']}"
        ),
    ),
    Rule(
        id="points002.categories",
        title="A member's points are kept under one of the categories A to D (senior and "
        "middle managers, operating roles, general management and technical roles, retired)",
        severity=Severity.COMPUTE,
        citations=(Citation("S002", "part 3 §一.三"),),
        params={"categories": ["A", "B", "C", "D"]},
    ),
    Rule(
        id="points002.year_begun",
        title="A member's points are recorded for a year that has begun by the step's date",
        severity=Severity.HARD,
        citations=(Citation("S002", "part 3 §一.三"),),
        test=_year_begun,
        explain=lambda f, _: (
            f"points of {f['member']} cannot be recorded on {f['on']} for "
            f"{f['year']}, a year not yet begun"
        ),
    ),
    Rule(
        id="points002.party_member",
        title="A member's points are recorded for a year in which they were a probationary or "
        "full member, by the step's date",
        severity=Severity.HARD,
        citations=(Citation("S002", "part 3 §一.三"),),
        test=_member_in_year,
        explain=lambda f, _: (
            f"{f['member']} was not a probationary or full member in {f['year']} by {f['on']}"
            + (
                f" (admitted {f['since']}"
                + (f", membership ended {f['ended']})" if f["ended"] else ")")
                if f["since"] is not None
                else f" ({f['status']}, never admitted)"
            )
            + "; S002 points are kept for party members"
        ),
    ),
    Rule(
        id="secretary002.allowance",
        title="A part-time secretary scoring below the cutoff in a month gets no allowance "
        "for that month",
        severity=Severity.COMPUTE,
        citations=(Citation("S002"),),
        params={"parttime_cutoff": 95},
        bounds={"parttime_cutoff": SCORE},
    ),
    Rule(
        id="secretary002.penalty",
        title="A secretary ranked last and below the quarterly or yearly threshold is penalised",
        severity=Severity.COMPUTE,
        citations=(Citation("S002"),),
        params={"quarter_threshold": 98, "year_threshold": 95},
        bounds={"quarter_threshold": SCORE, "year_threshold": SCORE},
    ),
)
