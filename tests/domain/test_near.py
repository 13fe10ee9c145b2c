"""Did you mean…? The nearest known name: the same in another case, else the one alone closest."""

from __future__ import annotations

from branchbook.domain.near import did_you_mean, nearest


def test_a_name_in_the_wrong_case_is_the_known_one() -> None:
    assert nearest("b01", ["B01", "B02", "b1x"]) == "B01"
    assert did_you_mean("m0001", ["M0001"]) == "; did you mean M0001?"


def test_a_near_miss_is_the_closest_known_name() -> None:
    assert nearest("M001", ["M0001", "M0200", "B01"]) == "M0001"
    assert nearest("full-member", ["full-members", "branch", "date"]) == "full-members"


def test_nothing_is_suggested_when_nothing_is_near_or_two_are_as_near() -> None:
    assert nearest("Z", ["M0001", "B01"]) is None
    assert nearest("M0010", ["M0001", "M0002", "M0003"]) is None  # each as near as the others
    assert did_you_mean("B01", ["B01", "B02"]) == ""  # known: not a miss
    assert did_you_mean("x", []) == ""


def test_without_close_only_another_case_is_suggested() -> None:
    assert nearest("m001", ["M0001"], close=False) is None
    assert nearest("m0001", ["M0001"], close=False) == "M0001"


def test_a_name_that_merely_holds_the_one_given_is_not_suggested() -> None:
    keys = ("member", "by", "date", "doc", "note")
    assert nearest("full_members", keys) is None
    assert nearest("membr", keys) == "member"
    assert nearest("B03", ("B01", "B02", "B011")) is None  # two as near: none
    assert nearest("B3", ("B03", "B1")) == "B03"
