"""What an auditor notes about a branch on a date: its term, vacancies and structure.

Answers a question, never judges a step: the parameters and citations are those of the
rulebook version in force on the date asked about, and nothing here reads the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attrs import frozen

from branchbook.domain.branch import BranchKind
from branchbook.domain.leadership import Office, Structure, Term, Vacancy
from branchbook.domain.rules import Citation, Judge, RulebookVersion
from branchbook.domain.wording import counted

# The state of a branch's term on a date.
RUNNING = "running"
REMINDER_DUE = "reminder due"
OVERDUE = "overdue"
NO_TERM = "no term"

# S000 art. 7: a branch that no longer meets the conditions is adjusted or dissolved.
ADJUST_OR_DISSOLVE = Citation("S000", "art. 7")


@frozen
class Finding:
    """One thing the record shows out of line with a rule, with the rule and its source."""

    rule: str
    message: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message, "citation": self.citation}


@frozen
class VacancyView:
    """A vacant seat on a date: since when, whose it was, and whether filling it is overdue."""

    since: date
    member: str | None
    reason: str
    days: int
    overdue: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "member": self.member,
            "reason": self.reason,
            "days": self.days,
            "overdue": self.overdue,
        }


def reminder_of(term: Term | None, version: RulebookVersion) -> date | None:
    """The date the higher organisation reminds the branch of the end of its term."""
    if term is None:
        return None
    return term.reminder(Judge(version).whole("branch.term_reminder", "months_before"))


def term_state(term: Term | None, on: date, version: RulebookVersion) -> str:
    """running, reminder due (from the reminder date), overdue (after the end) or no term."""
    reminder = reminder_of(term, version)
    if term is None or reminder is None:
        return NO_TERM
    if on >= term.overdue_from():
        return OVERDUE
    return REMINDER_DUE if on >= reminder else RUNNING


def vacancies_on(
    vacancies: tuple[Vacancy, ...], on: date, version: RulebookVersion
) -> list[VacancyView]:
    """The vacant seats on a date; overdue when vacant longer than `branch.vacancy_fill` allows."""
    warn = Judge(version).whole("branch.vacancy_fill", "warn_days")
    return [
        VacancyView(v.since, v.member, v.reason, (on - v.since).days, (on - v.since).days > warn)
        for v in vacancies
    ]


@frozen
class BranchFacts:
    """What the structural findings are judged on: a branch's state on one date."""

    code: str
    kind: BranchKind
    founded: date
    on: date
    size: int
    full: int
    office: Office | None


def findings(facts: BranchFacts, version: RulebookVersion) -> list[Finding]:
    """Everything out of line in the branch's structure, term and vacancies on the date."""
    found = _size(facts, version) + _leadership(facts, version)
    office = facts.office
    if office is None:
        return found
    if term_state(office.term, facts.on, version) == OVERDUE:
        assert office.term is not None
        end = office.term.end
        found.append(
            _finding(
                version,
                "branch.term_overdue",
                f"the term of {facts.code} ended on {end}; no change of term is recorded by "
                f"{facts.on} ({counted((facts.on - end).days, 'day')} late)",
            )
        )
    warn = Judge(version).whole("branch.vacancy_fill", "warn_days")
    for vacancy in vacancies_on(office.vacancies, facts.on, version):
        if vacancy.overdue:
            whose = f"{vacancy.member}'s seat" if vacancy.member else "a seat no election filled"
            found.append(
                _finding(
                    version,
                    "branch.vacancy_fill",
                    f"{whose} in {facts.code} has been vacant since {vacancy.since}, "
                    f"{vacancy.days} days on {facts.on}; promptly means within {warn} days",
                )
            )
    return found


def _finding(version: RulebookVersion, rule_id: str, message: str, *more: Citation) -> Finding:
    rule = version[rule_id]
    citation = "; ".join([rule.citation, *(str(c) for c in more)])
    return Finding(rule_id, message, citation)


def _breaks(version: RulebookVersion, rule_id: str, **facts: Any) -> bool:
    """Whether the branch's state on the date breaks the rule, by the rule's own test."""
    return not version[rule_id].holds(facts)


def _size(facts: BranchFacts, version: RulebookVersion) -> list[Finding]:
    found: list[Finding] = []
    if _breaks(version, "branch.max_members", branch=facts.code, size=facts.size, on=facts.on):
        most = version["branch.max_members"].params["max"]
        found.append(
            _finding(
                version,
                "branch.max_members",
                f"{facts.code} has {facts.size} members on {facts.on}; normally at most {most}",
            )
        )
    temporary = facts.kind is BranchKind.TEMPORARY
    if not temporary and _breaks(
        version, "branch.founding_members", branch=facts.code, full=facts.full
    ):
        least = version["branch.founding_members"].params["min_full_members"]
        found.append(
            _finding(
                version,
                "branch.founding_members",
                f"{facts.code} has {counted(facts.full, 'full member')} on {facts.on}, fewer than "
                f"{least}: it should be adjusted or dissolved",
                ADJUST_OR_DISSOLVE,
            )
        )
    return found


def _leadership(facts: BranchFacts, version: RulebookVersion) -> list[Finding]:
    office = facts.office
    if office is None:
        body = (
            "the approving organisation appoints it"
            if facts.kind is BranchKind.TEMPORARY
            else "the general assembly elects the committee or the secretary"
        )
        return [
            _finding(
                version,
                "election.body",
                f"no leadership of {facts.code} is recorded since its founding on "
                f"{facts.founded}; {body}",
            )
        ]
    found: list[Finding] = []
    at = Judge(version).whole("branch.committee_required", "at_full_members")
    shape = {"branch": facts.code, "full": facts.full, "on": facts.on, "at": at}
    if facts.kind is not BranchKind.TEMPORARY:
        if _breaks(version, "branch.committee_required", structure=office.structure, **shape):
            found.append(
                _finding(
                    version,
                    "branch.committee_required",
                    f"{facts.code} has {facts.full} full members on {facts.on}, at least {at}, "
                    "yet a secretary leads it without a committee: the structure changes at "
                    "the next change of term",
                )
            )
        if _breaks(version, "branch.secretary_only_deputy", seats=office.seats, **shape):
            found.append(
                _finding(
                    version,
                    "branch.secretary_only_deputy",
                    f"{facts.code} has {facts.full} full members on {facts.on}, fewer than {at}, "
                    "yet it has a committee: the structure changes at the next change of term",
                )
            )
    committee = office.structure == Structure.COMMITTEE
    size = version["branch.committee_size"].params
    if committee and _breaks(
        version, "branch.committee_size", size=office.seats, branch=facts.code
    ):
        found.append(
            _finding(
                version,
                "branch.committee_size",
                f"the committee of {facts.code} has {office.seats} seats; "
                f"{size['min']} to {size['max']} are required",
            )
        )
    return found
