"""A step dated before a fact of the same records recorded on a later date: the admission of
a candidate whose branch's dissolution, on a later date, is already recorded."""

from __future__ import annotations

from pipeline_support import ADMITTED, DAY, admit, all_present, book, names, ready, rejected


def test_an_admission_dated_before_a_recorded_dissolution_is_refused_naming_it() -> None:
    b = book(9)
    member = ready(b)
    meeting = all_present(b, ADMITTED)
    # The dissolution, recorded already, is dated the day after the admission: the branch's
    # state as a dissolution on that date leaves it (the roll is not emptied here).
    b.branch.dissolved = ADMITTED + DAY
    err = rejected(
        "record.later_dissolution",
        lambda: admit(b, member, meeting=meeting),
        member,
        b.branch,
        meeting,
    )
    names(err, "C1", "B01", ADMITTED + DAY, "the admission", "branch.dissolve")


def test_the_same_admission_with_no_dissolution_recorded_is_recorded() -> None:
    b = book(9)
    member = ready(b)
    admit(b, member)
    assert b.branch.standing_on("C1", ADMITTED) is not None
