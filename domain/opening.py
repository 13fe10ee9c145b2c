"""What an opening entry says of a person's path, and how it is judged.

An opening entry (`member.enrol`) brings a person into the record at the status a ledger kept
before the record book began: applicant, activist, development candidate, probationary or full
member. It gives the dates that status rests on (the application, the designations, the
admission, full membership) and the person's particulars. The dates are judged as the steps of
the pipeline would have judged them, each by the rule that judges that step: their order, the
applicant's age at the application, the months of cultivation and of probation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise

from attrs import frozen

from branchbook.domain.dates import add_months, age_on
from branchbook.domain.rules import Judge

# The statuses an opening entry may give, in the order of the path (values of member.Status).
OPENING_STATUSES = ("applicant", "activist", "candidate", "probationary", "full")
# The values of a person's sex an opening entry may give.
SEXES = ("male", "female")
# The dates of the path, in its order: the journal key of each and the step it stands for.
PATH = (
    ("applied", "application"),
    ("activist-since", "designation as activist"),
    ("candidate-since", "designation as development candidate"),
    ("admitted", "admission"),
    ("full-since", "full membership"),
)
# The dates each status rests on (full-since of a full member: record.full_since_given).
REQUIRED = {
    "applicant": ("applied",),
    "activist": ("activist-since",),
    "candidate": ("candidate-since",),
    "probationary": ("admitted",),
    "full": ("admitted",),
}


@frozen
class Path:
    """The dates an opening entry gives of the path; None where it gives none."""

    status: str
    applied: date | None = None
    activist_on: date | None = None
    candidate_on: date | None = None
    admitted_on: date | None = None
    full_since: date | None = None

    def dates(self) -> dict[str, date | None]:
        """Each date of the path by its journal key, in the path's order."""
        values = (
            self.applied,
            self.activist_on,
            self.candidate_on,
            self.admitted_on,
            self.full_since,
        )
        return {key: value for (key, _), value in zip(PATH, values, strict=True)}

    def given(self) -> Iterator[tuple[str, str, date]]:
        """The dates given: journal key, the step it stands for, the date; in the path's order."""
        for (key, what), value in zip(PATH, self.dates().values(), strict=True):
            if value is not None:
                yield key, what, value

    def reached(self) -> tuple[str, ...]:
        """The journal keys of the dates the status has reached (a later stage has none yet)."""
        keys = [key for key, _ in PATH]  # each status reaches one more date of the path
        known = self.status in OPENING_STATUSES
        last = OPENING_STATUSES.index(self.status) if known else len(keys) - 1
        return tuple(keys[: last + 1])

    def completed(self, on: date) -> Path:
        """The path the entry records: each date its status rests on, the entry's date where
        none is given, and none of a stage not reached (only differs from this path when a
        rulebook has made the rules that require so soft)."""
        reached = self.reached()
        dates = {key: value if key in reached else None for key, value in self.dates().items()}
        needed = REQUIRED.get(self.status, ()) + (("full-since",) if self.status == "full" else ())
        for key in needed:
            dates[key] = dates[key] or on
        values = [dates[key] for key, _ in PATH]
        return Path(self.status, *values)

    @property
    def age_judged_on(self) -> date | None:
        """The date the applicant's age is judged on: the application, or when none is given
        the earliest date the entry gives, which the application preceded."""
        return next((day for _, _, day in self.given()), None)


@frozen
class Particulars:
    """A person's particulars as a ledger keeps them; None where it gives none."""

    sex: str | None = None
    id_number: str | None = None
    ethnicity: str | None = None
    education: str | None = None
    work_unit: str | None = None
    phone: str | None = None


def judge_opening(judge: Judge, *, member: str, birth: date, path: Path, on: date) -> Path:
    """Judge the dates of an opening entry dated `on`, as the pipeline judges its steps; the
    path the entry records."""
    judge.check(
        "record.transition",
        member=member,
        status="not in the record",
        step="enrol",
        allowed=list(OPENING_STATUSES),
        target=path.status,
        ok=path.status in OPENING_STATUSES,
    )
    dates = path.dates()
    reached = path.reached()
    judge.check(
        "record.opening_dates",
        member=member,
        status=path.status,
        missing=[key for key in REQUIRED.get(path.status, ()) if dates[key] is None],
        early=[key for key, value in dates.items() if value is not None and key not in reached],
    )
    if path.status == "full":
        judge.check("record.full_since_given", member=member, full_since=path.full_since)
    path = path.completed(on)
    given = list(path.given())
    first = path.age_judged_on or on
    judge.check("record.birth_before_step", birth=birth, on=first)
    judge.check("applicant.min_age", birth=birth, age=age_on(birth, first), on=first)
    order = "record.step_order"
    for (_, what, after), (_, step, day) in pairwise(given):
        judge.check(order, step=step, on=day, what=what, after=after)
    if given:
        _, what, last = given[-1]
        judge.check(order, step="enrolment", on=on, what=what, after=last)
    if path.applied is not None and path.activist_on is not None:
        months = judge.param("activist.after_application", "min_months")
        earliest = add_months(path.applied, months) if isinstance(months, int) else None
        judge.check(
            "activist.after_application", applied=path.applied, on=path.activist_on,
            earliest=earliest,
        )  # fmt: skip
    if path.activist_on is not None and path.candidate_on is not None:
        months = judge.whole("activist.min_cultivation", "months")
        judge.check(
            "activist.min_cultivation", since=path.activist_on, on=path.candidate_on,
            earliest=add_months(path.activist_on, months),
        )  # fmt: skip
    if path.admitted_on is not None and path.full_since is not None:
        months = judge.whole("probation.length", "months")
        judge.check(
            "probation.early_conversion", member=member, on=path.full_since,
            end=add_months(path.admitted_on, months),
        )  # fmt: skip
    return path
