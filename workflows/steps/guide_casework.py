"""The guides to a branch's other procedures: a transfer of the relation, an election of the
leadership, and discipline and disposal. Each follows one case, on a branch B01 of nine full
members F1 to F9 under the committee TC01."""

from __future__ import annotations

from branchbook.domain.wording import counted
from branchbook.workflows.steps.guides import Guide, Params, Part, Stop, months, quorum

PRESENT = "F1,F2,F3,F4,F5,F6,F7,F8,F9"
COMMITTEE = "F1,F2,F3,F4,F5"


def _meeting(kind: str, day: str) -> Stop:
    present = PRESENT if kind == "assembly" else COMMITTEE
    return Stop(
        f"branchbook meeting hold --branch B01 --kind {kind} --present {present} --chair F1 "
        f"--date {day}",
        ("assembly.quorum",) if kind == "assembly" else ("committee_meeting.quorum",),
        (lambda p: f"the assembly decides with {quorum(p)}") if kind == "assembly" else None,
    )


def _approve(day: str) -> Stop:
    return Stop(
        f"branchbook member approve --member F9 --body TC01 --date {day}",
        ("discipline.approver",),
        lambda p: "a primary committee; an expulsion, a discipline commission",
    )


TRANSFER = Guide(
    "transfer",
    "Transfer: a member's organisational relation moves to another branch",
    "The member stays on the old branch's roll until the receiving branch takes them in.",
    (
        Part(
            "Request and letter",
            (
                Stop(
                    "branchbook transfer request --member F9 --to B02 --reason 工作调动 "
                    "--date 2023-03-01",
                    ("transfer.destination", "record.transfer_pending", "transfer.required"),
                    lambda p: (
                        "one transfer at a time, to another branch; a member away at a "
                        f"fixed place for {months(p('transfer.required', 'away_months'))} transfers"
                    ),
                ),
                Stop(
                    "branchbook transfer issue --member F9 --body TC01 --ref 城组〔2023〕15号 "
                    "--date 2023-03-06",
                    ("record.transfer_pending",),
                ),
            ),
        ),
        Part(
            "Receipt, or refusal",
            (
                Stop(
                    "branchbook transfer receive --member F9 --branch B02 --date 2023-03-20",
                    ("transfer.receiving_branch", "transfer.probation_expired"),
                    lambda p: (
                        "only the branch addressed; a probationary member whose probation "
                        "has run is converted (or not) by the old branch first"
                    ),
                ),
                Stop(
                    "branchbook transfer reject --member F9 --by B02 --reason 不符合接收条件 "
                    "--date 2023-03-22",
                    ("transfer.rejection_reason",),
                    lambda p: "a reason; the member stays in their branch",
                    case="instead of receiving",
                ),
                Stop(
                    "branchbook member postpone-conversion --member F9 --months 3 "
                    "--date 2023-03-25",
                    ("probation.transferred_in_postpone",),
                    lambda p: (
                        f"by at most {months(p('probation.transferred_in_postpone', 'max_months'))}"
                    ),
                    case="for a probationary member, if the receiving branch needs time",
                ),
            ),
        ),
    ),
)


def _election(p: Params) -> str:
    present = p("election.quorum", "fraction_of_should_attend")
    surplus = p("election.candidate_surplus", "min_ratio")
    low, high = p("branch.committee_size", "min"), p("branch.committee_size", "max")
    return (
        f"more than {present:.0%} of the voting members present; each elected by more than "
        f"{p('election.majority', 'fraction_of_present'):.0%} of those present; at least "
        f"{surplus:.0%} more candidates than seats; {low} to {high} seats; a term of "
        f"{p('branch.term_years', 'default')} years"
    )


ELECTION = Guide(
    "election",
    "Election: the general assembly elects the committee, the committee its officers",
    "A branch of fewer full members than a committee needs elects a secretary and deputy "
    "instead (`branch elect --secretary --deputy`).",
    (
        Part(
            "The general assembly elects the committee",
            (
                _meeting("assembly", "2022-01-08"),
                Stop(
                    "branchbook branch elect --branch B01 --meeting B01-2022-01-08-assembly "
                    "--seats 5 --candidates F1,F2,F3,F4,F5,F6 --issued 9 --returned 9 "
                    "--votes F1=9,F2=9,F3=8,F4=8,F5=7,F6=1 --elected F1,F2,F3,F4,F5 "
                    "--date 2022-01-08",
                    (
                        "election.quorum",
                        "election.majority",
                        "election.candidate_surplus",
                        "branch.committee_size",
                        "branch.term_years",
                    ),
                    _election,
                ),
            ),
        ),
        Part(
            "The committee elects its secretary and deputy; the higher organisation approves",
            (
                _meeting("committee", "2022-01-09"),
                Stop(
                    "branchbook branch elect-officers --branch B01 "
                    "--meeting B01-2022-01-09-committee --secretary F1 --deputy F2 "
                    "--roles organisation=F3,propaganda=F4,discipline=F5 --date 2022-01-09",
                    ("election.body", "branch.secretary_party_age"),
                    lambda p: (
                        "a secretary of at least "
                        f"{counted(p('branch.secretary_party_age', 'min_years'), 'year')} of "
                        "party age"
                    ),
                ),
                Stop(
                    "branchbook branch approve-officers --branch B01 --body TC01 --date 2022-01-29"
                ),
            ),
        ),
        Part(
            "During the term",
            (
                Stop(
                    "branchbook branch vacate --branch B01 --member F5 --reason 调离 "
                    "--date 2023-05-01",
                    ("branch.vacancy_fill",),
                    lambda p: (
                        "a by-election (`branch elect --by-election`) within "
                        f"{p('branch.vacancy_fill', 'warn_days')} days"
                    ),
                ),
                Stop(
                    "branchbook branch term --branch B01 --change extend --months 6 "
                    "--body TC01 --date 2024-12-20",
                    ("branch.term_change", "branch.term_reminder"),
                    lambda p: (
                        "by at most "
                        f"{months(p('branch.term_change', 'max_months'))}; the higher organisation "
                        f"reminds the branch {months(p('branch.term_reminder', 'months_before'))} "
                        "before the term ends"
                    ),
                ),
            ),
        ),
    ),
)


def _probation_terms(p: Params) -> str:
    terms = " or ".join(months(m) for m in p("discipline.probation_term", "terms_months"))
    return f"intra-party probation of {terms}; the assembly decides with {quorum(p)}"


DISCIPLINE = Guide(
    "discipline",
    "Discipline and disposal: a sanction, or rectification, urging and removal",
    "B01 has a committee (as `branchbook guide election` elects it). A probationary member is "
    "not sanctioned: their probation is extended or revoked instead.",
    (
        Part(
            "A sanction",
            (
                _meeting("assembly", "2023-06-14"),
                Stop(
                    "branchbook member discipline --member F9 --meeting B01-2023-06-14-assembly "
                    "--sanction probation --months 12 --matter 违反廉洁纪律 --yes 7 "
                    "--date 2023-06-14",
                    ("discipline.probation_term", "assembly.pass_threshold"),
                    _probation_terms,
                ),
                _approve("2023-07-04"),
                _meeting("assembly", "2024-07-05"),
                Stop(
                    "branchbook member review-sanction --member F9 "
                    "--meeting B01-2024-07-05-assembly --outcome restore --yes 7 "
                    "--date 2024-07-05",
                    ("discipline.probation_expiry", "discipline.probation_term"),
                    lambda p: (
                        "when the term has run: rights restored, or a one-year term "
                        "extended once by "
                        f"{months(p('discipline.probation_term', 'one_year_extension_months'))}"
                    ),
                ),
                _approve("2024-07-19"),
            ),
        ),
        Part(
            "Disposal, instead of a sanction for the same matter",
            (
                _meeting("committee", "2025-04-03"),
                Stop(
                    "branchbook member rectify --member F8 --meeting B01-2025-04-03-committee "
                    "--months 6 --matter 长期不参加组织生活 --filed-with TC01 --date 2025-04-03",
                    (
                        "disposal.rectification_term",
                        "disposal.rectification_term_typical",
                        "disposal.no_double_jeopardy",
                    ),
                    lambda p: (
                        "normally "
                        f"{months(p('disposal.rectification_term_typical', 'normal_months'))}, at "
                        f"most {months(p('disposal.rectification_term', 'max_months'))}"
                    ),
                ),
                Stop(
                    "branchbook member rectify-end --member F8 --outcome not-corrected "
                    "--date 2025-10-03"
                ),
                _meeting("assembly", "2025-11-06"),
                Stop(
                    "branchbook member urge --member F8 --meeting B01-2025-11-06-assembly "
                    "--matter 限期改正期满仍无转变 --yes 7 --date 2025-11-06",
                    ("assembly.pass_threshold",),
                ),
                Stop(
                    "branchbook member approve --member F8 --body TC01 --date 2025-11-20",
                    ("discipline.approver",),
                ),
                _meeting("assembly", "2025-12-04"),
                Stop(
                    "branchbook member remove --member F8 --meeting B01-2025-12-04-assembly "
                    "--basis refused-urging --matter 经劝退不退 --yes 7 --date 2025-12-04",
                    ("assembly.pass_threshold",),
                    case="where the member, urged, does not withdraw (`member withdraw`)",
                ),
                Stop(
                    "branchbook member approve --member F8 --body TC01 --date 2025-12-18",
                    ("discipline.approver",),
                    case="of the removal",
                ),
            ),
        ),
    ),
)
GUIDES = {"transfer": TRANSFER, "election": ELECTION, "discipline": DISCIPLINE}
