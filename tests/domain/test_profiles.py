"""The built-in rule profiles: S000 alone, and S000 amended by S003."""

from __future__ import annotations

import pytest

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.catalogue.profiles import S003_AMENDMENTS
from branchbook.domain.rulefile import load_rulebook


def test_s000_is_the_default_profile_and_sets_none_of_the_s003_values() -> None:
    (version,) = builtin_rulebook().versions
    assert version.id == "S000"
    assert version.fingerprint == builtin_rulebook("S000").versions[0].fingerprint
    assert version["theme_day.schedule"].params == {"period": "monthly", "day_of_month": None}
    assert version["lecture.frequency"].params["period"] is None
    assert version["democratic_evaluation.excellent_cap"].params["max_ratio"] is None
    assert set(version["training.annual_hours"].params.values()) == {None}


def test_the_s003_profile_amends_s000_with_the_s003_values_only() -> None:
    base = builtin_rulebook("S000").versions[0]
    (version,) = builtin_rulebook("S000+S003").versions
    assert version.id == "S000+S003"
    assert version.fingerprint.startswith("S000+S003#")
    changed = {r for r in base.rules if base[r].params != version[r].params}
    assert changed == set(S003_AMENDMENTS)
    assert version["theme_day.schedule"].params["day_of_month"] == 10
    assert version["lecture.frequency"].params["period"] == "quarterly"
    assert version["democratic_evaluation.excellent_cap"].params["max_ratio"] == 0.15
    assert version["training.annual_hours"].params == {
        "member_min_hours_per_year": 32,
        "leader_min_hours_per_year": 56,
    }
    assert version["theme_day.schedule"].citations == base["theme_day.schedule"].citations


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"S003.*S000, S000\+S003"):
        builtin_rulebook("S003")


def test_a_rulebook_file_amends_a_profile_and_may_set_what_s000_leaves_unset() -> None:
    text = '[rules."theme_day.schedule"]\nday_of_month = 15\n'
    s000 = load_rulebook(text, builtin_rulebook("S000")).versions[0]
    s003 = load_rulebook(text, builtin_rulebook("S000+S003")).versions[0]
    assert s000["theme_day.schedule"].params["day_of_month"] == 15
    assert (s003.id, s003["theme_day.schedule"].params["day_of_month"]) == ("S000+S003", 15)
    assert s003["lecture.frequency"].params["period"] == "quarterly"
