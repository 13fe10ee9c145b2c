"""The statistics on the known journal: counts by status and branch, the steps of each year,
and the age and party-age distributions, each on both sides of a boundary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from journals import ADMISSION, CASES, EXTENSION, LATER, OPENING
from sqlalchemy import Engine
from views_support import recorded_views

from branchbook.projections.auditors.stats import Stats, stats

# The pipeline journal: its members, their steps and a transfer (2015-2019).
JOURNAL = [*OPENING, *EXTENSION, *ADMISSION, *LATER, *CASES]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with recorded_views(tmp_path_factory.mktemp("stats") / "store.db", JOURNAL) as engine:
        yield engine


def numbers(engine: Engine, on: str, branch: str | None = None) -> Stats:
    with engine.connect() as conn:
        return stats(conn, date.fromisoformat(on), branch)


def test_counts_by_status_branch_and_kind_at_the_end(engine: Engine) -> None:
    s = numbers(engine, "2019-12-31")
    # F1-F9, P1, A1 and G1-G3 full; P3's conversion not approved; P2 revoked; N1, N2 applicants.
    assert s.by_status == {"applicant": 2, "probationary": 1, "full": 14, "revoked": 1}
    assert s.by_branch == {
        "B01": {"applicant": 2, "probationary": 1, "full": 10, "revoked": 1},
        "B02": {"full": 4},
    }
    assert s.by_branch_kind == {"regular": {"applicant": 2, "probationary": 1, "full": 14,
                                            "revoked": 1}}  # fmt: skip
    assert s.open_branches_by_kind == {"regular": 2}
    assert numbers(engine, "2019-09-30").open_branches_by_kind == {"regular": 1}


def test_a_past_date_counts_the_record_as_it_stood(engine: Engine) -> None:
    # A1 was admitted on 2017-06-21 and approved on 2017-08-01.
    before = numbers(engine, "2017-07-31")
    assert before.by_status == {"admitted": 1, "full": 10}
    assert before.party_ages["probationary"] == 1
    after = numbers(engine, "2017-08-01")
    assert after.by_status == {"probationary": 1, "full": 10}
    assert [(y.year, y.admissions) for y in before.years] == [
        (2015, 0), (2016, 0), (2017, 0)]  # fmt: skip
    assert [(y.year, y.admissions) for y in after.years][-1] == (2017, 1)


def test_the_steps_of_each_year(engine: Engine) -> None:
    years = [y.as_dict() for y in numbers(engine, "2019-12-31").years]
    assert [y["year"] for y in years] == [2015, 2016, 2017, 2018, 2019]
    assert [y["admissions"] for y in years] == [0, 0, 1, 0, 0]  # A1
    assert [y["conversions"] for y in years] == [0, 1, 0, 1, 0]  # P1, then A1; P3 refused
    assert [y["transfers_received"] for y in years] == [0, 0, 0, 0, 1]  # F6 into B02
    assert [y["sanctions"] for y in years] == [{}, {}, {}, {}, {"warning": 1}]  # F5
    assert [y["removals"] for y in years] == [{}] * 5
    # The warning was approved on 2019-11-20: not counted the day before.
    assert numbers(engine, "2019-11-19").years[-1].sanctions == {}


def test_a_branch_counts_its_own_members_and_steps(engine: Engine) -> None:
    b02 = numbers(engine, "2019-12-31", "B02")
    assert b02.by_status == {"full": 4}
    assert [y.transfers_received for y in b02.years] == [0, 0, 0, 0, 1]
    assert [y.admissions for y in b02.years] == [0] * 5
    assert numbers(engine, "2019-10-09", "B02").by_status == {"full": 3}
    b01 = numbers(engine, "2019-12-31", "B01")
    assert [y.transfers_received for y in b01.years] == [0] * 5
    assert b01.years[-1].sanctions == {"warning": 1}


def test_the_age_distribution_moves_on_a_birthday(engine: Engine) -> None:
    # Members with membership status: F1-F9 (born 1970-01-01), G1-G3 (1975), P1 (1990),
    # A1 (1995), P3 (1992).
    end = numbers(engine, "2019-12-31")
    assert end.members == 15
    assert end.ages == {"under 30": 3, "30-39": 0, "40-49": 12, "50-59": 0, "60 and over": 0}
    new_year = numbers(engine, "2020-01-01")
    assert new_year.ages == {"under 30": 3, "30-39": 0, "40-49": 3, "50-59": 9,
                             "60 and over": 0}  # fmt: skip


def test_the_party_age_distribution_counts_the_probationary_apart(engine: Engine) -> None:
    # F (full since 2001-01-01): 20-29 years; G (2006-01-01): 10-19; P1 full since 2016-03-01
    # and A1 since 2018-06-21; P3 still probationary.
    bands = ("under 5", "5-9", "10-19", "20-29", "30 and over", "probationary")
    before = dict(zip(bands, (2, 0, 3, 9, 0, 1), strict=True))
    after = dict(zip(bands, (1, 1, 3, 9, 0, 1), strict=True))
    assert numbers(engine, "2021-02-28").party_ages == before
    assert numbers(engine, "2021-03-01").party_ages == after


def test_before_the_record_begins_everything_is_empty(engine: Engine) -> None:
    s = numbers(engine, "2014-12-31")
    assert (s.by_status, s.years, s.members) == ({}, (), 0)
    assert s.as_dict()["age"] == {"under 30": 0, "30-39": 0, "40-49": 0, "50-59": 0,
                                  "60 and over": 0}  # fmt: skip
