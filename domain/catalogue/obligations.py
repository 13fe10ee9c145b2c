"""Recurring obligations an auditor checks from the record, and date arithmetic.

The parameters here are what S000 says. Where S000 is silent (lecture frequency, the day of the
theme day) or sets nothing (the excellent cap, training hours) the parameter is None: not
checked, or not required by the profile. The S000+S003 profile (profiles.py) fills them in.
"""

from __future__ import annotations

from branchbook.domain.rules import DAY_OF_MONTH, HOURS, PER_YEAR, Citation, Rule, Severity

RULES: tuple[Rule, ...] = (
    Rule(
        id="group_meeting.frequency",
        title="Each party group normally meets at least once in every period",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 13"), Citation("S003", "annex §四")),
        params={"period": "monthly"},
    ),
    Rule(
        id="lecture.frequency",
        title="The branch holds a party lecture at least once in every period",
        severity=Severity.SOFT,
        citations=(Citation("S003", "annex §四"), Citation("S000", "art. 16")),
        params={"period": None},
        nullable=frozenset({"period"}),
    ),
    Rule(
        id="secretary_lecture.frequency",
        title="The party committee secretary gives at least the set number of party lectures "
        "a year",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 16"), Citation("S003", "annex §四")),
        params={"min_per_year": 1},
        bounds={"min_per_year": PER_YEAR},
    ),
    Rule(
        id="theme_day.schedule",
        title="The branch holds a theme day in every period on a fixed day of the month",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 16"), Citation("S003", "annex §四")),
        params={"period": "monthly", "day_of_month": None},
        nullable=frozenset({"day_of_month"}),
        bounds={"day_of_month": DAY_OF_MONTH},
    ),
    Rule(
        id="org_life_meeting.frequency",
        title="The branch holds at least the set number of organisational life meetings a "
        "year, usually in the set quarter",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 17"),),
        params={"min_per_year": 1, "usual_quarter": "Q4"},
        bounds={"min_per_year": PER_YEAR},
    ),
    Rule(
        id="democratic_evaluation.frequency",
        title="The branch normally holds the set number of democratic evaluations of members a "
        "year",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 18"),),
        params={"per_year": 1},
        bounds={"per_year": PER_YEAR},
    ),
    Rule(
        id="democratic_evaluation.excellent_cap",
        title="A democratic evaluation normally rates no more than the set share of members "
        "excellent",
        severity=Severity.SOFT,
        citations=(Citation("S003", "", "P"),),
        params={"max_ratio": None},
        nullable=frozenset({"max_ratio"}),
        test=lambda f, p: (
            p["max_ratio"] is None
            or not f["rated"]
            or f["excellent"] / f["rated"] <= p["max_ratio"]
        ),
        explain=lambda f, p: (
            f"{f['excellent']} of {f['rated']} rated excellent at {f['meeting']} "
            f"({f['excellent'] / f['rated']:.0%}); normally at most {p['max_ratio']:.0%}"
        ),
    ),
    Rule(
        id="talks.per_pair",
        title="Committee members and members normally hold at least the set number of "
        "heart-to-heart talks with each other a year",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 19"),),
        params={"min_per_year": 1},
        bounds={"min_per_year": PER_YEAR},
    ),
    Rule(
        id="training.annual_hours",
        title="Members and leadership-team members each complete their minimum class hours of "
        "training a year",
        severity=Severity.SOFT,
        citations=(Citation("S003", "annex §五"),),
        params={"member_min_hours_per_year": None, "leader_min_hours_per_year": None},
        nullable=frozenset({"member_min_hours_per_year", "leader_min_hours_per_year"}),
        bounds={"member_min_hours_per_year": HOURS, "leader_min_hours_per_year": HOURS},
    ),
    Rule(
        id="secretary.rotation_training",
        title="A branch secretary attends at least the set number of county-level rotation "
        "trainings a year",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 25"),),
        params={"min_per_year": 1},
        bounds={"min_per_year": PER_YEAR},
    ),
    Rule(
        id="secretary.annual_report",
        title="A branch secretary reports on their duties every year to the higher organisation "
        "and the general assembly",
        severity=Severity.SOFT,
        citations=(Citation("S000", "art. 27"),),
        params={"required": True},
    ),
    Rule(
        id="dates.month_arithmetic",
        title="A period of months is added in calendar months, clamped to the end of a shorter "
        "month",
        severity=Severity.COMPUTE,
        citations=(Citation("BOOK", "", "S"),),
        params={"method": "calendar_months_clamped"},
    ),
)
