"""The built-in rule profiles: S000 alone, and S000 amended by the S003 norms.

S000 (the Branch Work Regulations) is the base: it fixes no lecture frequency, no day for the
theme day, no grades or cap for the democratic evaluation and no training hours. S003 (the
Fuling SOE norms) sets each of them; its version amends S000 with those values only.
"""

from __future__ import annotations

from collections.abc import Mapping

from branchbook.domain.rules import ParamValue

S000 = "S000"
S000_S003 = "S000+S003"

# What S003 adds to S000, by rule and parameter.
S003_AMENDMENTS: Mapping[str, Mapping[str, ParamValue]] = {
    "lecture.frequency": {"period": "quarterly"},
    "theme_day.schedule": {"day_of_month": 10},
    "democratic_evaluation.excellent_cap": {"max_ratio": 0.15},
    "training.annual_hours": {"member_min_hours_per_year": 32, "leader_min_hours_per_year": 56},
}

# Each profile: the amendments applied, in order, to the S000 rules.
PROFILES: Mapping[str, tuple[Mapping[str, Mapping[str, ParamValue]], ...]] = {
    S000: (),
    S000_S003: (S003_AMENDMENTS,),
}
