"""A branch's leadership over time: committee or secretary, offices, vacancies and the term.

The leadership in force from a date is one immutable `Office`. Each recorded step that
changes it (an opening entry, an election, the election and approval of the secretary, an
appointment, a vacancy, an approved change of term) yields the next `Office` through one of
the pure functions below. The Branch aggregate and the read models use the same functions,
so the two cannot disagree about who held office when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from attrs import evolve, frozen

from branchbook.domain.dates import add_months


class Structure:
    """How a branch is led (S000 art. 20)."""

    COMMITTEE = "committee"  # 支部委员会: 3-7 members
    SECRETARY = "secretary"  # 书记 (and at most one deputy), below 7 full members


class ElectionKind:
    """What an election is for (S000 art. 21)."""

    FIRST = "first"  # the first election after founding
    CHANGE_OF_TERM = "change-of-term"  # 换届
    BY_ELECTION = "by-election"  # 补选: fills vacant seats, the term runs on


# The committee roles divided among members besides secretary and deputy (S000 art. 20).
ROLES = ("organisation", "propaganda", "discipline")


@frozen
class Vacancy:
    """A seat left empty: by whom (None for a seat no election filled), since when, why."""

    since: date
    member: str | None
    reason: str


@frozen
class Term:
    """A term of office (届) from its election; extension and advancement are approved months."""

    start: date
    years: int
    extended: int = 0
    advanced: int = 0

    @property
    def ordinary_end(self) -> date:
        return add_months(self.start, 12 * self.years)

    @property
    def end(self) -> date:
        """The last day before the change of term falls due: the end plus any extension."""
        return add_months(self.start, 12 * self.years + self.extended)

    @property
    def earliest(self) -> date:
        """The earliest date of a change of term, with any approved advancement."""
        return add_months(self.ordinary_end, -self.advanced)

    def reminder(self, months_before: int) -> date:
        return add_months(self.end, -months_before)

    def overdue_from(self) -> date:
        """A term past its end without an election is overdue from the next day."""
        return self.end + timedelta(days=1)


@frozen
class Office:
    """The leadership in force from `since`: who sits, who holds which office, the term.

    `members` are the seated members (the secretary and deputy among them); `pending` is a
    secretary and deputy elected but not yet approved by the higher organisation.
    """

    since: date
    structure: str
    seats: int
    members: tuple[str, ...]
    secretary: str | None = None
    deputy: str | None = None
    roles: tuple[tuple[str, str], ...] = ()
    pending: tuple[str | None, str | None] | None = None
    vacancies: tuple[Vacancy, ...] = ()
    term: Term | None = None
    appointed: bool = False
    approved_by: str | None = None

    def role_of(self, member: str) -> list[str]:
        """The offices and roles a member holds."""
        held = [r for r, m in self.roles if m == member]
        if member == self.deputy:
            held.insert(0, "deputy")
        if member == self.secretary:
            held.insert(0, "secretary")
        return held

    def as_dict(self) -> dict[str, Any]:
        term = self.term
        return {
            "since": self.since.isoformat(),
            "structure": self.structure,
            "seats": self.seats,
            "members": list(self.members),
            "secretary": self.secretary,
            "deputy": self.deputy,
            "roles": [list(r) for r in self.roles],
            "pending": list(self.pending) if self.pending is not None else None,
            "vacancies": [
                {"since": v.since.isoformat(), "member": v.member, "reason": v.reason}
                for v in self.vacancies
            ],
            "term": None
            if term is None
            else {
                "start": term.start.isoformat(),
                "years": term.years,
                "extended": term.extended,
                "advanced": term.advanced,
            },
            "appointed": self.appointed,
            "approved_by": self.approved_by,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Office:
        term = data["term"]
        pending = data["pending"]
        return cls(
            since=date.fromisoformat(data["since"]),
            structure=data["structure"],
            seats=data["seats"],
            members=tuple(data["members"]),
            secretary=data["secretary"],
            deputy=data["deputy"],
            roles=tuple((r, m) for r, m in data["roles"]),
            pending=(pending[0], pending[1]) if pending is not None else None,
            vacancies=tuple(
                Vacancy(date.fromisoformat(v["since"]), v["member"], v["reason"])
                for v in data["vacancies"]
            ),
            term=None
            if term is None
            else Term(
                date.fromisoformat(term["start"]),
                term["years"],
                term["extended"],
                term["advanced"],
            ),
            appointed=data["appointed"],
            approved_by=data["approved_by"],
        )


def _roles(roles: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(roles.items()))


def opening(
    *,
    since: date,
    members: Iterable[str],
    secretary: str,
    deputy: str | None,
    roles: Mapping[str, str],
    term: Term | None,
) -> Office:
    """The leadership in office when the record begins, as an opening entry gives it."""
    seated = tuple(members) or tuple(m for m in (secretary, deputy) if m)
    structure = Structure.COMMITTEE if len(seated) > 2 else Structure.SECRETARY
    return Office(
        since=since,
        structure=structure,
        seats=len(seated),
        members=seated,
        secretary=secretary,
        deputy=deputy,
        roles=_roles(roles),
        term=term,
    )


def elected(
    before: Office | None,
    *,
    since: date,
    kind: str,
    structure: str,
    seats: int,
    chosen: Iterable[str],
    term_years: int,
    secretary: str | None,
    deputy: str | None,
) -> Office:
    """The leadership after an election by the general assembly.

    A first election or a change of term seats the elected and starts a new term; seats no
    candidate filled become vacancies. A by-election fills vacancies and the term runs on.
    In a branch without a committee the assembly elects the secretary and deputy itself, who
    await the higher organisation's approval.
    """
    chosen = tuple(chosen)
    pending = (secretary, deputy) if secretary is not None else None
    if kind == ElectionKind.BY_ELECTION and before is not None:
        filled = len(chosen)
        return evolve(
            before,
            since=since,
            members=before.members + chosen,
            vacancies=before.vacancies[filled:],
            pending=pending if pending is not None else before.pending,
        )
    unfilled = tuple(Vacancy(since, None, "unfilled") for _ in range(seats - len(chosen)))
    return Office(
        since=since,
        structure=structure,
        seats=seats,
        members=chosen,
        pending=pending,
        vacancies=unfilled,
        term=Term(since, term_years),
    )


def officers_elected(
    before: Office, *, since: date, secretary: str, deputy: str | None, roles: Mapping[str, str]
) -> Office:
    """The committee has elected its secretary and deputy (awaiting approval) and divided roles."""
    return evolve(before, since=since, pending=(secretary, deputy), roles=_roles(roles))


def officers_approved(before: Office, *, since: date, body: str) -> Office:
    """The higher organisation approves the elected secretary and deputy; they take office."""
    secretary, deputy = before.pending or (before.secretary, before.deputy)
    return evolve(
        before, since=since, secretary=secretary, deputy=deputy, pending=None, approved_by=body
    )


def appointed(
    before: Office | None,
    *,
    since: date,
    secretary: str,
    deputy: str | None,
    members: Iterable[str],
    roles: Mapping[str, str],
    body: str,
) -> Office:
    """The higher organisation appoints the leadership (S000 art. 8, 21); the term runs on."""
    seated = tuple(members) or tuple(m for m in (secretary, deputy) if m)
    structure = Structure.COMMITTEE if len(seated) > 2 else Structure.SECRETARY
    return Office(
        since=since,
        structure=structure,
        seats=len(seated),
        members=seated,
        secretary=secretary,
        deputy=deputy,
        roles=_roles(roles),
        term=before.term if before is not None else None,
        appointed=True,
        approved_by=body,
    )


def vacated(before: Office, *, since: date, member: str, reason: str) -> Office:
    """A member leaves office; their seat is vacant until a by-election fills it."""
    pending = before.pending
    if pending is not None and member in pending:
        pending = (None, None) if pending[0] == member else (pending[0], None)
        pending = None if pending == (None, None) else pending
    return evolve(
        before,
        since=since,
        members=tuple(m for m in before.members if m != member),
        secretary=None if before.secretary == member else before.secretary,
        deputy=None if before.deputy == member else before.deputy,
        roles=tuple((r, m) for r, m in before.roles if m != member),
        pending=pending,
        vacancies=(*before.vacancies, Vacancy(since, member, reason)),
    )


def term_changed(before: Office, *, since: date, change: str, months: int) -> Office:
    """An approved extension or advancement of the term (S000 art. 21; EL art. 3)."""
    term = before.term
    assert term is not None
    if change == "extend":
        term = evolve(term, extended=term.extended + months)
    else:
        term = evolve(term, advanced=term.advanced + months)
    return evolve(before, since=since, term=term)


def unfilled_on(before: Office, on: date) -> int:
    """The seats the election held on a date left unfilled and still vacant."""
    return sum(1 for v in before.vacancies if v.member is None and v.since == on)


def seats_reduced(before: Office, *, since: date, seats: int) -> Office:
    """The assembly reduced the seats an election left unfilled (EL90 art. 22): the vacancies
    that election left go, as many as the seats removed; the term runs on."""
    removing = before.seats - seats
    kept: list[Vacancy] = []
    for vacancy in before.vacancies:
        if removing and vacancy.member is None and vacancy.since == since:
            removing -= 1
            continue
        kept.append(vacancy)
    return evolve(before, since=since, seats=seats, vacancies=tuple(kept))
