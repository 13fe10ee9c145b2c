"""Who may take a seat in a branch's leadership: the party age, sanctions and participation of
the members a leadership step names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from branchbook.domain import ids
from branchbook.domain.branch import Branch, BranchKind
from branchbook.domain.discipline import Sanction
from branchbook.domain.member import Member
from branchbook.domain.participation import Basis, Participation
from branchbook.domain.posts import Sanctions

if TYPE_CHECKING:
    from branchbook.workflows.store.uow import UnitOfWork


def party_ages(uow: UnitOfWork, numbers: tuple[str | None, ...], on: Any) -> dict[str, int | None]:
    """Party age on a date of each member named (None for someone not a full member)."""
    ages: dict[str, int | None] = {}
    for number in numbers:
        if number is not None:
            member = uow.get(ids.member_id(number), Member)
            ages[number] = member.party_age_on(on) if member is not None else None
    return ages


def sanctions_of(uow: UnitOfWork, numbers: Iterable[str | None]) -> Sanctions:
    """The sanctions of each member named: what bars them from a post (DC art. 11, 12)."""
    found: dict[str, list[Sanction]] = {}
    for number in numbers:
        if number is not None:
            member = uow.get(ids.member_id(number), Member)
            found[number] = list(member.sanctions) if member is not None else []
    return found


def taking_part(
    uow: UnitOfWork, branch: Branch, numbers: Iterable[str | None], on: date
) -> set[str]:
    """Those named who take part in a temporary branch on a date on the temporary basis, full
    members with their rights (S000 art. 8): the ones its leaders may be appointed from."""
    if branch.kind is not BranchKind.TEMPORARY:
        return set()
    found: set[str] = set()
    for number in filter(None, numbers):
        member = uow.get(ids.member_id(number), Member)
        record = uow.get(ids.participation_id(number), Participation)
        if member is None or record is None or not member.votes_on(on):
            continue
        spells = record.branches_on(on)
        if any(s.branch == branch.code and s.basis == Basis.TEMPORARY.value for s in spells):
            found.add(number)
    return found


def named(v: dict[str, Any]) -> tuple[str | None, ...]:
    """Everyone a step on the leadership seats: members, secretary and deputy."""
    return (*v.get("members", ()), v["secretary"], v.get("deputy"))
