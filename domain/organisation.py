"""Higher organisations (上级党组织): the bodies above branches that approve and receive filings."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from uuid import UUID

from attrs import frozen
from eventsourcing.domain import Aggregate, event

from branchbook.domain import ids
from branchbook.domain.rules import Judge
from branchbook.domain.step import Step


class OrganisationKind(Enum):
    """What a higher organisation is."""

    COMMITTEE = "committee"  # 党委: a primary, township or higher Party committee
    GENERAL_BRANCH = "general-branch"  # 党总支: may not approve probationary members
    DISCIPLINE_COMMISSION = "discipline-commission"  # 纪委: approves expulsions (PC art. 42)


class Organisation(Aggregate):
    """A higher organisation, identified by its code, in the tree above the branches."""

    TOPIC = "branchbook:Organisation"

    class Event(Aggregate.Event):
        TOPIC = "branchbook:Organisation.Event"
        step: Step

    class Registered(Aggregate.Created):
        TOPIC = "branchbook:Organisation.Registered"
        code: str
        name: str
        kind: str
        parent: str | None
        authority: bool
        step: Step

    @staticmethod
    def create_id(code: str) -> UUID:
        return ids.organisation_id(code)

    @classmethod
    def register(
        cls,
        *,
        code: str,
        name: str,
        kind: OrganisationKind,
        parent: Organisation | None,
        authority: bool,
        step: Step,
        judge: Judge,
    ) -> Organisation:
        """Enter a higher organisation; `authority` says it may approve probationary members."""
        return cls(
            code=code,
            name=name,
            kind=kind.value,
            parent=parent.code if parent else None,
            authority=authority,
            step=step.judged(judge),
        )

    @event(Registered)
    def __init__(
        self, *, code: str, name: str, kind: str, parent: str | None, authority: bool, step: Step
    ) -> None:
        self.code = code
        self.name = name
        self.kind = OrganisationKind(kind)
        self.parent = parent
        self.authority = authority

    @property
    def body_type(self) -> str:
        """The approver type the rulebook's approval rules name (`approval.approver`)."""
        if self.kind is OrganisationKind.GENERAL_BRANCH:
            return "general_branch"
        if self.kind is OrganisationKind.DISCIPLINE_COMMISSION:
            return "discipline_commission"
        return "primary_committee_with_authority" if self.authority else "committee"


@frozen
class Body:
    """A higher organisation acting on a branch's step, with the chain above that branch.

    `above` lists the codes of the branch's higher organisations, nearest first, so that a
    rule can check that the body acting is one of them.
    """

    code: str
    name: str
    body_type: str
    above: tuple[str, ...]

    @classmethod
    def of(cls, organisation: Organisation, chain: Sequence[Organisation]) -> Body:
        """The body with the chain above a branch; a discipline commission acts for the
        committee it is attached to, so it counts as above wherever that committee is."""
        above = tuple(o.code for o in chain)
        commission = organisation.kind is OrganisationKind.DISCIPLINE_COMMISSION
        if commission and organisation.parent in above:
            above = (*above, organisation.code)
        return cls(organisation.code, organisation.name, organisation.body_type, above)

    def check_above(self, judge: Judge, *, branch: str, acting: str) -> None:
        """The body is a higher organisation of the branch (record integrity)."""
        judge.check(
            "record.body_above",
            body=self.code,
            branch=branch,
            above=list(self.above),
            acting=acting,
        )
