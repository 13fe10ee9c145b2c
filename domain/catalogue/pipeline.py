"""Rules of the path from application to development candidate."""

from __future__ import annotations

from branchbook.domain.rules import MONTHS, YEARS, Citation, Rule, Severity
from branchbook.domain.wording import a, counted

PC = "PC"
DR = "DR"

RULES: tuple[Rule, ...] = (
    Rule(
        id="applicant.min_age",
        title="An applicant is at least the minimum age on the application date",
        severity=Severity.HARD,
        citations=(Citation(PC, "art. 1"), Citation(DR, "art. 5", "#?")),
        params={"min_age_years": 18},
        bounds={"min_age_years": YEARS},
        test=lambda f, p: f["age"] >= p["min_age_years"],
        explain=lambda f, p: (
            f"applicant born {f['birth']} is {f['age']} on {f['on']}; "
            f"at least {p['min_age_years']} required"
        ),
    ),
    Rule(
        id="applicant.talk_deadline",
        title="The organisation talks with the applicant within the deadline after the application",
        severity=Severity.SOFT,
        citations=(Citation(DR, "art. 7", "P"),),
        params={"months": 1},
        bounds={"months": MONTHS},
        test=lambda f, p: f["talk"] <= f["deadline"],
        explain=lambda f, p: (
            f"talk on {f['talk']} is after the deadline {f['deadline']} "
            f"({counted(p['months'], 'month')} after the application of {f['applied']})"
        ),
    ),
    Rule(
        id="pipeline.decision_body",
        title="The branch committee designates activists and development candidates; a branch "
        "without a committee decides in its general assembly",
        severity=Severity.HARD,
        citations=(Citation(DR, "art. 8"), Citation(DR, "art. 13")),
        test=lambda f, p: f["kind"] == f["expected"],
        explain=lambda f, p: (
            f"{f['meeting']} is {a(f['kind'])} meeting; {f['branch']} decides a {f['decision']} "
            f"in {a(f['expected'])} meeting"
        ),
    ),
)
