"""Opening entries at every status of the path: the dates each rests on, judged as the pipeline
judges its steps, and a person left where the pipeline would have left them."""

from __future__ import annotations

from datetime import date

import pytest
from pipeline_support import (
    ADMITTED,
    Book,
    admit,
    amended,
    approve,
    book,
    designate_activist,
    designate_candidate,
    names,
    rejected,
    resolve,
    step,
    warned,
)

from branchbook.domain.decisions import Decision
from branchbook.domain.member import Member, Status
from branchbook.domain.opening import Particulars, Path
from branchbook.domain.rules import RulebookVersion, Severity

ENTRY = date(2016, 6, 1)
BIRTH = date(1990, 1, 1)


def enrol(
    b: Book,
    path: Path,
    *,
    number: str = "N1",
    birth: date = BIRTH,
    on: date = ENTRY,
    particulars: Particulars | None = None,
) -> Member:
    member = Member.enrol(
        number=number,
        name=f"Person {number}",
        birth=birth,
        branch=b.branch,
        path=path,
        particulars=particulars,
        step=step(on),
        judge=b.judge(),
    )
    b.members[number] = member
    return member


def roll_of(b: Book, number: str) -> list[str]:
    return [s.status for s in b.branch.roll.get(number, [])]


# --- where each status leaves the person --------------------------------------------------


def test_an_enrolled_applicant_is_where_an_application_leaves_them_and_off_the_roll() -> None:
    b = book(9)
    member = enrol(b, Path("applicant", applied=date(2016, 5, 20)))

    assert (member.status, member.applied, member.enrolled) == (
        Status.APPLICANT,
        date(2016, 5, 20),
        True,
    )
    assert roll_of(b, "N1") == []  # an application does not enter the roll
    assert not member.votes_on(ENTRY)
    # The talk, then the designation as activist, follow as for any applicant.
    member.talk(by="F1", step=step(date(2016, 6, 10)), judge=b.judge())
    designate_activist(b, member, on=date(2016, 7, 1))
    assert (member.status, member.activist_on) == (Status.ACTIVIST, date(2016, 7, 1))


def test_a_late_talk_with_an_enrolled_applicant_is_warned_from_the_application_date() -> None:
    b = book(9)
    member = enrol(b, Path("applicant", applied=date(2016, 3, 1)))

    member.talk(by="F1", step=step(date(2016, 6, 10)), judge=b.judge())

    assert warned(member) == ["applicant.talk_deadline"]


def test_an_enrolled_activist_is_designated_candidate_after_cultivation_from_activist_since() -> (
    None
):
    b = book(9)
    member = enrol(
        b, Path("activist", applied=date(2015, 3, 1), activist_on=date(2015, 9, 1)), number="A1"
    )
    assert (member.status, member.activist_on, member.applied) == (
        Status.ACTIVIST,
        date(2015, 9, 1),
        date(2015, 3, 1),
    )
    assert roll_of(b, "A1") == []

    member.assess(step=step(date(2016, 7, 1)), judge=b.judge())
    designate_candidate(b, member, on=date(2016, 9, 1))  # 12 months after 2015-09-01

    assert (member.status, member.candidate_on) == (Status.CANDIDATE, date(2016, 9, 1))


def test_an_enrolled_activist_is_not_designated_before_the_cultivation_months() -> None:
    b = book(9)
    member = enrol(b, Path("activist", activist_on=date(2016, 1, 1)), number="A1")

    err = rejected(
        "activist.min_cultivation",
        lambda: designate_candidate(b, member, on=date(2016, 12, 1)),
        member,
        b.branch,
    )
    names(err, "2016-01-01", "2017-01-01")


def test_an_enrolled_candidate_is_admitted_and_enters_the_roll_then() -> None:
    b = book(9)
    member = enrol(
        b, Path("candidate", activist_on=date(2015, 2, 1), candidate_on=date(2016, 3, 1))
    )
    assert (member.status, member.candidate_on, member.admitted_on) == (
        Status.CANDIDATE,
        date(2016, 3, 1),
        None,
    )
    assert roll_of(b, "N1") == []
    member.review(passed=True, step=step(date(2016, 7, 1)), judge=b.judge())
    member.train(days=3, hours=0, step=step(date(2016, 7, 2)), judge=b.judge())
    member.name_introducers(
        introducers=b.named(["F1", "F2"]), step=step(date(2016, 7, 3)), judge=b.judge()
    )
    member.prereview(body="Primary committee", step=step(date(2016, 7, 4)), judge=b.judge())

    admit(b, member, on=date(2016, 8, 1))

    assert member.status is Status.ADMITTED
    assert roll_of(b, "N1") == ["admitted"]


def test_an_enrolled_probationary_member_is_on_the_roll_without_a_vote_and_converts() -> None:
    b = book(9)
    member = enrol(b, Path("probationary", admitted_on=date(2016, 3, 1)), number="P1")

    assert roll_of(b, "P1") == ["probationary"]
    assert not member.votes_on(ENTRY)
    assert member.probation_end == date(2017, 3, 1)
    resolve(b, member, Decision.CONVERT, on=date(2017, 3, 1))
    approve(b, member, on=date(2017, 3, 10))
    assert (member.status, member.full_since) == (Status.FULL, date(2017, 3, 1))


def test_an_enrolled_full_member_votes_and_counts_party_age_from_full_since() -> None:
    b = book(9)
    member = enrol(
        b,
        Path(
            "full",
            applied=date(2009, 1, 5),
            activist_on=date(2009, 6, 1),
            candidate_on=date(2010, 7, 1),
            admitted_on=date(2010, 12, 1),
            full_since=date(2011, 12, 1),
        ),
        number="F10",
    )

    assert roll_of(b, "F10") == ["full"]
    assert member.votes_on(ENTRY)
    assert member.party_age_on(date(2016, 12, 1)) == 5
    assert member.party_age_on(date(2016, 11, 30)) == 4


def test_the_particulars_are_kept_with_the_member() -> None:
    b = book(9)
    given = Particulars(
        "female", "110101199001010021", "汉族", "本科", "市政府办公室", "13800000000"
    )

    member = enrol(b, Path("applicant", applied=date(2016, 5, 1)), particulars=given)

    assert member.particulars == given
    assert enrol(b, Path("applicant", applied=ENTRY), number="N2").particulars == Particulars()


# --- the dates each status rests on -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "missing"),
    [
        (Path("applicant"), "applied"),
        (Path("activist", applied=date(2015, 1, 1)), "activist-since"),
        (Path("candidate", activist_on=date(2015, 1, 1)), "candidate-since"),
        (Path("probationary"), "admitted"),
        (Path("full", full_since=date(2015, 1, 1)), "admitted"),
    ],
)
def test_a_status_without_the_date_it_rests_on_is_rejected(path: Path, missing: str) -> None:
    b = book(9)
    err = rejected("record.opening_dates", lambda: enrol(b, path), b.branch)
    names(err, "N1", path.status, missing)


def test_a_full_member_without_full_since_is_rejected_by_its_own_rule() -> None:
    b = book(9)
    err = rejected(
        "record.full_since_given",
        lambda: enrol(b, Path("full", admitted_on=date(2010, 1, 1))),
        b.branch,
    )
    names(err, "N1")


@pytest.mark.parametrize(
    ("path", "early"),
    [
        (Path("probationary", admitted_on=date(2015, 1, 1), full_since=date(2016, 1, 1)),
         "full-since"),
        (Path("candidate", candidate_on=date(2015, 1, 1), admitted_on=date(2016, 1, 1)),
         "admitted"),
        (Path("applicant", applied=date(2015, 1, 1), activist_on=date(2015, 6, 1)),
         "activist-since"),
        (Path("activist", activist_on=date(2015, 1, 1), candidate_on=date(2016, 2, 1)),
         "candidate-since"),
    ],
)  # fmt: skip
def test_a_date_of_a_stage_not_yet_reached_is_rejected(path: Path, early: str) -> None:
    b = book(9)
    err = rejected("record.opening_dates", lambda: enrol(b, path), b.branch)
    names(err, "N1", path.status, early)
    assert "needs" not in err.reason


FULL_PATH = {
    "applied": date(2009, 1, 5),
    "activist_on": date(2009, 6, 1),
    "candidate_on": date(2010, 7, 1),
    "admitted_on": date(2010, 12, 1),
    "full_since": date(2011, 12, 1),
}


@pytest.mark.parametrize(
    ("changed", "step_name", "what"),
    [
        ({"activist_on": date(2008, 12, 31)}, "designation as activist", "application"),
        ({"candidate_on": date(2009, 5, 31)}, "designation as development candidate",
         "designation as activist"),
        ({"admitted_on": date(2010, 6, 30)}, "admission", "designation as development candidate"),
        ({"full_since": date(2010, 11, 30)}, "full membership", "admission"),
    ],
)  # fmt: skip
def test_the_dates_keep_the_order_of_the_path(
    changed: dict[str, date], step_name: str, what: str
) -> None:
    b = book(9)
    path = Path("full", **{**FULL_PATH, **changed})
    err = rejected("record.step_order", lambda: enrol(b, path), b.branch)
    names(err, step_name, what)


def test_dates_of_one_day_keep_the_order() -> None:
    b = book(9)
    day = date(2015, 1, 1)
    member = enrol(b, Path("activist", applied=day, activist_on=day), on=day)
    assert member.status is Status.ACTIVIST


def test_the_entry_is_not_dated_before_the_last_date_it_gives() -> None:
    b = book(9)
    err = rejected(
        "record.step_order",
        lambda: enrol(b, Path("applicant", applied=date(2016, 6, 2))),
        b.branch,
    )
    names(err, "enrolment", "application", "2016-06-02")


def test_birth_precedes_the_first_date_given() -> None:
    b = book(9)
    err = rejected(
        "record.birth_before_step",
        lambda: enrol(b, Path("activist", activist_on=date(1989, 12, 1))),
        b.branch,
    )
    names(err, "1990-01-01", "1989-12-01")


# --- age, cultivation and probation ---------------------------------------------------------


def test_a_member_admitted_at_seventeen_is_rejected_for_age() -> None:
    b = book(9)
    err = rejected(
        "applicant.min_age",
        lambda: enrol(
            b,
            Path("full", admitted_on=date(2007, 12, 31), full_since=date(2008, 12, 31)),
            birth=date(1990, 1, 1),
        ),
        b.branch,
    )
    names(err, "17", "2007-12-31")


def test_age_is_judged_on_the_application_when_one_is_given() -> None:
    b = book(9)
    too_young = Path("activist", applied=date(2007, 12, 1), activist_on=date(2008, 6, 1))
    rejected("applicant.min_age", lambda: enrol(b, too_young), b.branch)

    of_age = Path("activist", applied=date(2008, 1, 1), activist_on=date(2008, 6, 1))
    assert enrol(b, of_age).status is Status.ACTIVIST


def test_age_is_judged_on_the_earliest_date_when_no_application_is_given() -> None:
    b = book(9)
    path = Path("candidate", activist_on=date(2007, 6, 1), candidate_on=date(2009, 1, 1))
    err = rejected("applicant.min_age", lambda: enrol(b, path), b.branch)
    names(err, "2007-06-01")


def test_a_candidate_designated_before_the_cultivation_months_is_rejected() -> None:
    b = book(9)
    path = Path("candidate", activist_on=date(2015, 3, 1), candidate_on=date(2016, 2, 29))
    err = rejected("activist.min_cultivation", lambda: enrol(b, path), b.branch)
    names(err, "2015-03-01", "2016-03-01")
    exact = Path("candidate", activist_on=date(2015, 3, 1), candidate_on=date(2016, 3, 1))
    assert enrol(b, exact).candidate_on == date(2016, 3, 1)


def test_full_membership_before_the_end_of_probation_is_rejected() -> None:
    b = book(9)
    path = Path("full", admitted_on=date(2010, 1, 1), full_since=date(2010, 12, 31))
    err = rejected("probation.early_conversion", lambda: enrol(b, path), b.branch)
    names(err, "2011-01-01", "2010-12-31")


@pytest.mark.parametrize(
    "version",
    [amended({"probation.early_conversion": {"allowed": True}}),
     amended({"probation.length": {"months": 6}})],
)  # fmt: skip
def test_early_conversion_follows_the_rulebook(version: RulebookVersion) -> None:
    b = book(9, version=version)
    member = enrol(b, Path("full", admitted_on=date(2010, 1, 1), full_since=date(2010, 7, 1)))
    assert member.full_since == date(2010, 7, 1)


def test_where_a_rulebook_makes_the_dates_soft_the_entry_keeps_the_dates_of_its_status() -> None:
    version = amended(
        {}, {"record.opening_dates": Severity.SOFT, "record.full_since_given": Severity.SOFT}
    )
    b = book(9, version=version)
    early = enrol(b, Path("probationary", admitted_on=date(2015, 6, 1), full_since=ENTRY))
    assert (early.full_since, early.party_age_on(ENTRY)) == (None, None)
    assert warned(early) == ["record.opening_dates"]
    undated = enrol(b, Path("applicant"), number="N2")
    assert undated.applied == ENTRY
    full = enrol(b, Path("full", admitted_on=date(2010, 1, 1)), number="N3")
    assert (full.full_since, warned(full)) == (ENTRY, ["record.full_since_given"])


# --- the branch -------------------------------------------------------------------------------


def test_only_a_member_who_joins_the_roll_is_counted_against_the_branch_size() -> None:
    b = book(50)
    applicant = enrol(b, Path("applicant", applied=ENTRY))
    assert "branch.max_members" not in warned(applicant)

    member = enrol(b, Path("probationary", admitted_on=ADMITTED), number="P1", on=ADMITTED)
    assert "branch.max_members" in warned(member)


def test_an_entry_in_a_branch_not_yet_founded_is_rejected() -> None:
    b = book(9)
    rejected(
        "record.branch_founded",
        lambda: enrol(b, Path("applicant", applied=date(2014, 1, 1)), on=date(2014, 2, 1)),
        b.branch,
    )
