"""Rulebook files: the example loads, and each kind of bad file names its key and line."""

from __future__ import annotations

from datetime import date

import pytest

from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.rulefile import EXAMPLE, RulebookError, load_rulebook
from branchbook.domain.rules import Rulebook, Severity

BASE = builtin_rulebook()


def load(text: str) -> Rulebook:
    return load_rulebook(text, BASE)


def failure(text: str) -> RulebookError:
    with pytest.raises(RulebookError) as err:
        load(text)
    return err.value


def test_the_example_file_gives_the_built_in_version_and_one_dated_version() -> None:
    book = load(EXAMPLE)

    first, second = book.versions
    assert (first.id, first.effective_from) == (
        BASE.versions[0].id,
        BASE.versions[0].effective_from,
    )
    assert (second.id, second.effective_from) == ("S000+S003", date(2019, 1, 1))
    assert first["assembly.quorum"].params["inclusive_half"] is True
    assert second["theme_day.schedule"].params["day_of_month"] == 10
    assert second["theme_day.schedule"].severity is Severity.SOFT
    assert book.in_force(date(2018, 12, 31)) is first
    assert book.in_force(date(2019, 1, 1)) is second


def test_the_example_changes_only_what_it_names() -> None:
    book = load(EXAMPLE)
    builtin = BASE.versions[0]

    changed = {
        rule_id
        for rule_id, rule in book.versions[0].rules.items()
        if (rule.params, rule.severity) != (builtin[rule_id].params, builtin[rule_id].severity)
    }
    assert changed == {"assembly.quorum"}
    assert book.versions[0]["assembly.quorum"].params["fraction"] == 0.5
    assert book.versions[0].fingerprint != builtin.fingerprint


def test_an_empty_file_leaves_the_built_in_rulebook_as_it_is() -> None:
    book = load("# nothing to change\n")

    assert [v.fingerprint for v in book.versions] == [v.fingerprint for v in BASE.versions]


def test_a_version_inherits_the_top_level_overrides_and_the_version_before_it() -> None:
    book = load(
        """\
[rules."applicant.min_age"]
min_age_years = 16

[[versions]]
id = "2019"
effective_from = 2019-01-01
[versions.rules."applicant.talk_deadline"]
months = 2

[[versions]]
id = "2021"
effective_from = 2021-01-01
[versions.rules."assembly.quorum"]
inclusive_half = true
"""
    )

    builtin, v2019, v2021 = book.versions
    assert [v.id for v in book.versions] == [BASE.versions[0].id, "2019", "2021"]
    assert builtin["applicant.min_age"].params["min_age_years"] == 16
    assert builtin["applicant.talk_deadline"].params["months"] == 1
    assert v2019["applicant.min_age"].params["min_age_years"] == 16
    assert v2019["applicant.talk_deadline"].params["months"] == 2
    assert v2021["applicant.min_age"].params["min_age_years"] == 16
    assert v2021["applicant.talk_deadline"].params["months"] == 2
    assert v2021["assembly.quorum"].params["inclusive_half"] is True
    assert v2019["assembly.quorum"].params["inclusive_half"] is False


def test_a_severity_override_is_inherited_by_later_versions() -> None:
    book = load(
        """\
[[versions]]
id = "strict"
effective_from = 2019-01-01
[versions.rules."applicant.talk_deadline"]
severity = "hard"

[[versions]]
id = "later"
effective_from = 2020-01-01
"""
    )

    assert book.versions[0]["applicant.talk_deadline"].severity is Severity.SOFT
    assert book.versions[1]["applicant.talk_deadline"].severity is Severity.HARD
    assert book.versions[2]["applicant.talk_deadline"].severity is Severity.HARD


def test_a_whole_number_is_accepted_where_a_fraction_is_expected() -> None:
    book = load('[rules."assembly.quorum"]\nfraction = 1\n')

    assert book.versions[0]["assembly.quorum"].params["fraction"] == 1


def test_a_toml_syntax_error_names_the_line_the_parser_reports() -> None:
    err = failure('[rules."assembly.quorum"]\ninclusive_half = true\nfraction = \n')

    assert err.line == 3
    assert err.key == "(file)"


def test_an_unknown_top_level_key_is_refused_at_its_line() -> None:
    err = failure('# a comment\n\n[rule."assembly.quorum"]\nfraction = 0.6\n')

    assert (err.key, err.line) == ("rule", 3)


def test_an_unknown_rule_id_is_refused_at_its_line() -> None:
    err = failure('[rules."assembly.quorum"]\nfraction = 0.6\n\n[rules."assembly.quorom"]\n')

    assert (err.key, err.line) == ('rules."assembly.quorom"', 4)


def test_an_unknown_rule_id_inside_a_version_is_refused_at_its_line() -> None:
    err = failure(
        '[[versions]]\nid = "x"\neffective_from = 2020-01-01\n[versions.rules."no.such"]\nn = 1\n'
    )

    assert (err.key, err.line) == ('versions[0].rules."no.such"', 4)


def test_an_unknown_parameter_is_refused_at_its_line() -> None:
    err = failure('[rules."assembly.quorum"]\nfraction = 0.6\nquota = 3\n')

    assert (err.key, err.line) == ('rules."assembly.quorum".quota', 3)


def test_an_unknown_parameter_named_like_its_rule_is_refused_at_its_own_line() -> None:
    # The natural slip: `min_age` for the parameter `min_age_years` of rule applicant.min_age.
    err = failure('[rules."applicant.min_age"]\nmin_age = 16\n')

    assert err.key == 'rules."applicant.min_age".min_age'
    assert err.line == 2


@pytest.mark.parametrize(
    ("rule_id", "line", "words"),
    [
        ("assembly.quorum", "inclusive_half = 1", "true or false"),
        ("applicant.talk_deadline", "months = true", "a whole number"),
        ("applicant.talk_deadline", "months = 1.5", "a whole number"),
        ("assembly.quorum", 'fraction = "half"', "a number"),
        ("assembly.frequency", "period = 4", "text"),
        ("approval.approver", 'allowed_types = "branch"', "an array"),
    ],
    ids=[
        "int-for-bool",
        "bool-for-int",
        "float-for-int",
        "text-for-number",
        "int-for-text",
        "list",
    ],
)
def test_a_parameter_of_the_wrong_type_is_refused_at_its_line(
    rule_id: str, line: str, words: str
) -> None:
    name = line.split(" = ", maxsplit=1)[0]

    err = failure(f'# types\n[rules."{rule_id}"]\n{line}\n')

    assert (err.key, err.line) == (f'rules."{rule_id}".{name}', 3)
    assert words in err.problem


@pytest.mark.parametrize("value", ['"fatal"', '"HARD"', "1"])
def test_an_unknown_severity_is_refused_at_its_line(value: str) -> None:
    err = failure(f'[rules."assembly.quorum"]\nfraction = 0.6\nseverity = {value}\n')

    assert (err.key, err.line) == ('rules."assembly.quorum".severity', 3)


def test_a_version_without_an_id_is_refused_at_its_header() -> None:
    err = failure("[[versions]]\neffective_from = 2020-01-01\n")

    assert (err.key, err.line) == ("versions[0].id", 1)


def test_a_version_without_an_id_is_refused_at_its_own_header_not_the_next_versions_id() -> None:
    err = failure(
        '[[versions]]\neffective_from = 2020-01-01\n\n[[versions]]\nid = "b"\n'
        "effective_from = 2021-01-01\n"
    )

    assert err.key == "versions[0].id"
    assert err.line == 1


def test_a_version_without_an_effective_date_is_refused_at_its_header() -> None:
    err = failure('[[versions]]\nid = "x"\n')

    assert (err.key, err.line) == ("versions[0].effective_from", 1)


@pytest.mark.parametrize("value", ['"2020-01-01"', "2020-01-01T00:00:00", "20200101"])
def test_an_effective_date_that_is_not_a_plain_date_is_refused_at_its_line(value: str) -> None:
    err = failure(f'[[versions]]\nid = "x"\neffective_from = {value}\n')

    assert (err.key, err.line) == ("versions[0].effective_from", 3)


@pytest.mark.parametrize("second", ["2019-06-30", "2020-01-01"], ids=["earlier", "same-day"])
def test_a_version_dated_on_or_before_the_one_before_it_is_refused_at_its_line(
    second: str,
) -> None:
    err = failure(
        '[[versions]]\nid = "a"\neffective_from = 2020-01-01\n\n'
        f'[[versions]]\nid = "b"\neffective_from = {second}\n'
    )

    assert (err.key, err.line) == ("versions[1].effective_from", 7)


def test_an_unknown_key_in_a_version_is_refused_at_its_line() -> None:
    err = failure('[[versions]]\nid = "x"\neffective_from = 2020-01-01\nstarts = 2020-01-01\n')

    assert (err.key, err.line) == ("versions[0].starts", 4)


def test_the_error_message_names_the_line_and_the_key() -> None:
    err = failure('[rules."assembly.quorum"]\nquota = 3\n')

    assert str(err).startswith('line 2: rules."assembly.quorum".quota: ')
