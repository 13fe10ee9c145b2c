"""Random commands for the replay tests, and the domain judging them in memory by the same
rulebook: the aggregates as they should be."""

from __future__ import annotations

import json
from datetime import date, timedelta

from attrs import frozen
from eventsourcing.domain import Aggregate
from hypothesis import strategies as st

from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.catalogue import builtin_rulebook
from branchbook.domain.member import Member
from branchbook.domain.organisation import Body, Organisation, OrganisationKind
from branchbook.domain.rulefile import load_rulebook
from branchbook.domain.rules import Judge, RuleViolation
from branchbook.domain.step import Step

ACTOR = "property"
BASE = date(2019, 6, 1)
BRANCH_CODES = ("B1", "B2")
ORGANISATION = "C1"
# Branches are founded under the organisation entered first, or under one not in the record.
PARENTS = ("C1", "C1", "C1", "C9")
MEMBER_NUMBERS = ("M1", "M2", "M3")
# A second version from 2021 lowers the age and lengthens the talk deadline, so a step's date
# decides which version judges it and which fingerprint it carries.
RULEBOOK = load_rulebook(
    """\
[[versions]]
id = "2021"
effective_from = 2021-01-01
[versions.rules."applicant.min_age"]
min_age_years = 16
[versions.rules."applicant.talk_deadline"]
months = 2
""",
    builtin_rulebook(),
)
MEMBER_STATE = {
    "number", "name", "birth", "branch", "status", "applied", "talks", "enrolled",
    "last_change", "standings", "activist_on", "contacts", "recommended_by", "assessments",
    "candidate_on", "review_passed", "reviewed_on", "trainings", "introducers",
    "prereviewed_on", "prereview_body", "admitted_on", "admitted_at", "probation_months",
    "extensions", "approved_on", "approved_by", "oath_on", "pending", "full_since", "ended_on",
    "rights_suspended", "excluded", "relations", "transferred_in_probation", "postponed",
    "sanctions", "rectification", "urged", "basis", "suspension", "particulars", "age_judged_on",
    "suspension_spells", "conversion_failed",
}  # fmt: skip
BRANCH_STATE = {
    "code", "name", "kind", "parent", "units", "founded", "dissolved", "roll", "offices",
}  # fmt: skip
ORGANISATION_STATE = {"code", "name", "kind", "parent", "authority"}


@frozen
class Command:
    """One generated command, its dates relative to what the record holds when it runs.

    The organisation is entered `offset` days after BASE (before it when negative); a branch is
    founded `offset` days after BASE; an application is dated `offset` days after
    its branch's founding (before it when negative) and the applicant was born `age_days`
    before it (after it when negative); a talk is dated `offset` days after the application.
    """

    name: str
    values: dict[str, str]
    offset: int
    age_days: int = 0


def talk_with_offset(number: str, offset: int) -> Command:
    return Command("member.talk", {"member": number, "by": "Secretary"}, offset)


ENTER_ORGANISATION = Command(
    "org.add",
    {"code": ORGANISATION, "name": "Primary committee", "kind": OrganisationKind.COMMITTEE.value},
    -365,
)
found_branch = st.builds(
    lambda code, kind, parent, full, offset: Command(
        "branch.found",
        {
            "code": code,
            "name": f"Branch {code}",
            "kind": kind,
            "parent": parent,
            "full-members": str(full),
        },
        offset,
    ),
    st.sampled_from(BRANCH_CODES),
    st.sampled_from([k.value for k in BranchKind]),
    st.sampled_from(PARENTS),
    st.integers(min_value=2, max_value=52),  # 2 is too few to found, 51 and more warn
    st.integers(min_value=0, max_value=600),
)
ADULTHOOD = 18 * 365 + 4  # days from birth to an 18th birthday, give or take a leap day
# Days of age at the application: adults, the days around the 18th (and 16th) birthday, minors,
# and people not yet born on the application date.
ADULTS = st.integers(min_value=ADULTHOOD + 365, max_value=ADULTHOOD + 40 * 365)
AGES = st.one_of(
    ADULTS,
    st.integers(min_value=-3, max_value=3).map(lambda d: ADULTHOOD + d),
    ADULTS,
    st.integers(min_value=-3, max_value=3).map(lambda d: ADULTHOOD - 2 * 365 + d),
    st.integers(min_value=0, max_value=ADULTHOOD),
    st.integers(min_value=-3, max_value=0),
)
apply_member = st.builds(
    lambda number, branch, offset, age: Command(
        "member.apply",
        {"member": number, "name": f"Person {number}", "branch": branch},
        offset,
        age,
    ),
    st.sampled_from(MEMBER_NUMBERS),
    st.sampled_from(BRANCH_CODES),
    st.integers(min_value=-10, max_value=500),
    AGES,
)
TALK_OFFSETS = st.integers(min_value=-20, max_value=80)
talk_with = st.builds(
    talk_with_offset,
    st.sampled_from(MEMBER_NUMBERS),
    TALK_OFFSETS,
)
# An application followed by talks with the same person, so that most talks find an applicant.
story = st.builds(
    lambda applied, offsets: [
        applied,
        *(talk_with_offset(applied.values["member"], offset) for offset in offsets),
    ],
    apply_member,
    st.lists(TALK_OFFSETS, max_size=3),
)
# The organisation is entered and branches are usually founded first, so that most foundings,
# applications and talks reach the rules.
COMMANDS = st.builds(
    lambda first, rest: [
        ENTER_ORGANISATION,
        *first,
        *(command for part in rest for command in part),
    ],
    st.lists(found_branch, min_size=1, max_size=2, unique_by=lambda c: c.values["code"]),
    st.lists(
        st.one_of(story, talk_with.map(lambda c: [c]), found_branch.map(lambda c: [c])),
        min_size=1,
        max_size=10,
    ),
)


class Live:
    """The domain judging the same commands in memory: the aggregates as they should be."""

    def __init__(self) -> None:
        self.organisations: dict[str, Organisation] = {}
        self.branches: dict[str, Branch] = {}
        self.members: dict[str, Member] = {}
        # What each accepted command said: saying it again is already recorded (exactly once).
        self.recorded: set[str] = set()

    def raw(self, command: Command) -> dict[str, str]:
        """The command's input as a journal line gives it, its dates resolved."""
        values = dict(command.values)
        start = BASE
        if command.name == "member.apply" and values["branch"] in self.branches:
            start = self.branches[values["branch"]].founded
        if command.name == "member.talk" and values["member"] in self.members:
            start = self.members[values["member"]].applied or BASE
        on = start + timedelta(days=command.offset)
        if command.name == "member.apply":
            values["birth"] = (on - timedelta(days=command.age_days)).isoformat()
        return {**values, "date": on.isoformat()}

    def run(self, command: Command, raw: dict[str, str]) -> str:
        """The status the command should end in; accepted ones change the live aggregates."""
        said = json.dumps([command.name, raw], sort_keys=True)
        if said in self.recorded:
            return "already-recorded"
        status = self.judge(command, raw)
        if status == "accepted":
            self.recorded.add(said)
        return status

    def judge(self, command: Command, raw: dict[str, str]) -> str:
        on = date.fromisoformat(raw["date"])
        judge = Judge(RULEBOOK.in_force(on))
        step = Step(effective=on, actor=ACTOR)
        try:
            if command.name == "org.add":
                return self.enter(raw, step, judge)
            if command.name == "branch.found":
                return self.found(raw, step, judge)
            if command.name == "member.apply":
                return self.apply(raw, step, judge)
            return self.talk(raw, step, judge)
        except RuleViolation:
            return "rejected"

    def enter(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["code"] in self.organisations:
            return "conflict"
        self.organisations[raw["code"]] = Organisation.register(
            code=raw["code"],
            name=raw["name"],
            kind=OrganisationKind(raw["kind"]),
            parent=None,
            authority=False,
            step=step,
            judge=judge,
        )
        return "accepted"

    def found(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["code"] in self.branches:
            return "conflict"
        parent = self.organisations.get(raw["parent"])
        if parent is None:
            return "not-found"
        self.branches[raw["code"]] = Branch.found(
            code=raw["code"],
            name=raw["name"],
            kind=BranchKind(raw["kind"]),
            parent=parent.code,
            full_members=int(raw["full-members"]),
            approver=Body.of(parent, [parent]),
            step=step,
            judge=judge,
        )
        return "accepted"

    def apply(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        if raw["member"] in self.members:
            return "conflict"
        branch = self.branches.get(raw["branch"])
        if branch is None:
            return "not-found"
        self.members[raw["member"]] = Member.apply(
            number=raw["member"],
            name=raw["name"],
            birth=date.fromisoformat(raw["birth"]),
            branch=branch,
            step=step,
            judge=judge,
        )
        return "accepted"

    def talk(self, raw: dict[str, str], step: Step, judge: Judge) -> str:
        member = self.members.get(raw["member"])
        if member is None:
            return "not-found"
        member.talk(by=raw["by"], step=step, judge=judge)
        return "accepted"

    def aggregates(self) -> list[Aggregate]:
        return [*self.organisations.values(), *self.branches.values(), *self.members.values()]
