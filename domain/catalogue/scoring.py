"""The two scoring schemes of the seeds: the S003 evaluation table and S002 points (§7–§8)."""

from __future__ import annotations

from branchbook.domain.rules import SCALE, SCORE, Citation, Rule, Severity

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
        params={"item_cap": 1},
        bounds={"item_cap": SCORE},
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
