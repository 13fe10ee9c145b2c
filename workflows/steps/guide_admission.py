"""The admission guide: from an empty record to a full member, one person's whole path."""

from __future__ import annotations

from branchbook.workflows.steps.guides import Guide, Params, Part, Stop, months, quorum


def _after_application(p: Params) -> str:
    least = p("activist.after_application", "min_months")
    since = "no minimum time after the application" if least is None else (
        f"at least {months(least)} after the application"
    )  # fmt: skip
    low, high = p("activist.contacts", "min"), p("activist.contacts", "max")
    return f"{since}; {low} to {high} full members as contacts"


def _enrol(number: str, name: str, birth: str) -> Stop:
    return Stop(
        f"branchbook member enrol --member {number} --name {name} --birth {birth} --branch B01 "
        "--status full --admitted 2010-06-01 --full-since 2011-06-01 --date 2019-01-08",
        ("record.opening_dates",),
    )


def _assess(day: str) -> Stop:
    return Stop(
        f"branchbook member assess --member M0001 --date {day}",
        ("activist.assessment_interval",),
        lambda p: (
            f"at least every {p('activist.assessment_interval', 'months')} months while an activist"
        ),
    )


def _assembly(day: str) -> Stop:
    return Stop(
        f"branchbook meeting hold --branch B01 --kind assembly --present F1,F2,F3 --chair F1 "
        f"--date {day}",
        ("assembly.quorum",),
        lambda p: f"the assembly decides with {quorum(p)}",
    )


BRANCH = Part(
    "The organisation and a branch with full members on its roll (skip what the record holds)",
    (
        Stop(
            "branchbook org add --code TC01 --name 城关镇党委 --kind committee "
            "--approves-admissions --date 2018-12-01",
            ("approval.approver",),
            lambda p: (
                "only a committee with authority to approve admissions approves one: "
                "--approves-admissions"
            ),
        ),
        Stop(
            "branchbook branch found --code B01 --name 机关第一党支部 --kind regular --parent TC01 "
            "--full-members 3 --approved-by TC01 --date 2019-01-08",
            ("branch.founding_members",),
            lambda p: (
                f"at least {p('branch.founding_members', 'min_full_members')} full "
                "members; --full-members counts them, it does not put them on the roll"
            ),
        ),
        _enrol("F1", "李明", "1980-02-01"),
        _enrol("F2", "张伟", "1982-07-15"),
        _enrol("F3", "刘洋", "1985-11-30"),
        Stop(
            "branchbook branch leadership --branch B01 --secretary F1 --deputy F2 "
            "--date 2019-01-08",
            ("branch.committee_required",),
            lambda p: (
                f"from {p('branch.committee_required', 'at_full_members')} full members "
                "a branch elects a committee (`branch elect`); a smaller one, a secretary, and its "
                "general assembly takes the committee's decisions"
            ),
        ),
    ),
)
APPLICATION = Part(
    "Application",
    (
        Stop(
            "branchbook member apply --member M0001 --name 王芳 --birth 1990-05-01 --branch B01 "
            "--date 2024-03-01",
            ("applicant.min_age",),
            lambda p: (
                f"the applicant is at least {p('applicant.min_age', 'min_age_years')} on "
                "the application date"
            ),
        ),
        Stop(
            "branchbook member talk --member M0001 --by 李明 --date 2024-03-20",
            ("applicant.talk_deadline",),
            lambda p: f"within {months(p('applicant.talk_deadline', 'months'))} of the application",
        ),
    ),
)
ACTIVIST = Part(
    "Activist",
    (
        _assembly("2024-09-02"),
        Stop(
            "branchbook member designate-activist --member M0001 "
            "--meeting B01-2024-09-02-assembly --contacts F1,F2 --recommended-by members "
            "--date 2024-09-02",
            ("activist.after_application", "activist.contacts", "pipeline.decision_body"),
            _after_application,
        ),
        _assess("2025-03-01"),
        _assess("2025-09-01"),
    ),
)
CANDIDATE = Part(
    "Development candidate",
    (
        _assembly("2025-09-05"),
        Stop(
            "branchbook member designate-candidate --member M0001 "
            "--meeting B01-2025-09-05-assembly --date 2025-09-05",
            ("activist.min_cultivation", "pipeline.decision_body"),
            lambda p: (
                f"at least {p('activist.min_cultivation', 'months')} months after "
                "becoming an activist"
            ),
        ),
        Stop(
            "branchbook member review --member M0001 --result passed --date 2025-10-10",
            ("candidate.political_review",),
            lambda p: (
                "passed before the admission vote"
                if p("candidate.political_review", "required")
                else "not required by the rulebook in force"
            ),
        ),
        Stop(
            "branchbook member train --member M0001 --days 3 --hours 24 --date 2025-10-20",
            ("candidate.training",),
            lambda p: (
                f"at least {p('candidate.training', 'min_days')} days or "
                f"{p('candidate.training', 'min_hours')} class hours"
            ),
        ),
        Stop(
            "branchbook member introduce --member M0001 --introducers F1,F2 --date 2025-10-21",
            ("candidate.introducers",),
            lambda p: (
                f"{p('candidate.introducers', 'required')} full members, none under "
                "intra-party probation"
            ),
        ),
        Stop(
            "branchbook member prereview --member M0001 --body TC01 --date 2025-11-01",
            ("candidate.prereview", "candidate.leaving_unit"),
            lambda p: (
                "before the admission vote; normally no admission of someone leaving the "
                f"unit within {p('candidate.leaving_unit', 'within_months')} months"
            ),
        ),
    ),
)
ADMISSION = Part(
    "Admission",
    (
        _assembly("2025-11-15"),
        Stop(
            "branchbook member admit --member M0001 --meeting B01-2025-11-15-assembly --yes 3 "
            "--date 2025-11-15",
            (
                "admission.assembly_after_prereview",
                "admission.secret_ballot",
                "assembly.pass_threshold",
                "probation.start",
            ),
            lambda p: (
                "within "
                f"{months(p('admission.assembly_after_prereview', 'within_months'))} of the "
                "pre-review, each candidate voted on separately"
                + (", by secret ballot" if p("admission.secret_ballot", "required") else "")
                + "; probation runs from this date"
            ),
        ),
        Stop(
            "branchbook member approve --member M0001 --body TC01 --date 2025-12-01",
            ("approval.deadline", "approval.deadline_special", "approval.approver"),
            lambda p: (
                f"within {p('approval.deadline', 'normal_months')} months of the "
                f"resolution; at most {p('approval.deadline_special', 'max_months')} in a special "
                "case (--special)"
            ),
        ),
    ),
)
PROBATION = Part(
    "Probation and full membership",
    (
        Stop("branchbook member oath --member M0001 --date 2025-12-10"),
        _assembly("2026-11-16"),
        Stop(
            "branchbook member convert --member M0001 --meeting B01-2026-11-16-assembly --yes 3 "
            "--date 2026-11-16",
            ("probation.length", "probation.early_conversion", "probation.extension"),
            lambda p: (
                f"when the {p('probation.length', 'months')} months of probation end, not "
                "before; or extend them once (`member extend`) by "
                f"{p('probation.extension', 'min_months')} to "
                f"{p('probation.extension', 'max_months')} months"
            ),
        ),
        Stop(
            "branchbook member approve --member M0001 --body TC01 --date 2026-12-01",
            ("conversion.approval_deadline", "party_age.start"),
            lambda p: (
                f"within {p('conversion.approval_deadline', 'normal_months')} months of "
                "the resolution; party age counts from the end of probation"
            ),
        ),
    ),
)
GUIDES = {
    "admission": Guide(
        "admission",
        "Admission: from an application to a full member",
        "One person's whole path, from an empty record: run the commands in order, with your "
        "own numbers, names and dates.",
        (BRANCH, APPLICATION, ACTIVIST, CANDIDATE, ADMISSION, PROBATION),
    )
}
