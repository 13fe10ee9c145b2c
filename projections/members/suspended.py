"""When members' memberships stood suspended, read from their state rows: the spells the dues
ledger passes over (domain.dues.months_suspended), for `member show`, the due list and the
compliance report alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Connection, select

from branchbook.domain.member import Status
from branchbook.projections.members.as_of import known_then
from branchbook.projections.storage.tables import member_states

Spell = tuple[date, date | None]
_SUSPENDED = Status.SUSPENDED.value


def suspension_spells(
    conn: Connection, numbers: Iterable[str], on: date, *, known: int | None = None
) -> dict[str, list[Spell]]:
    """Each member's spells of suspended membership that began by the date, in the log's
    order: from the day the membership was suspended to the day of the step that ended the
    suspension (None: still suspended on the date); as known at position `known`."""
    wanted = sorted(set(numbers))
    spells: dict[str, list[Spell]] = defaultdict(list)
    if not wanted:
        return spells
    s = member_states.c
    query = (
        select(s.member, s.status, s.effective, s.suspended_on)
        .where(s.member.in_(wanted), s.effective <= on, known_then(known))
        .order_by(s.member, s.position)
    )
    began: dict[str, date] = {}
    for number, status, effective, suspended_on in conn.execute(query):
        if status == _SUSPENDED and number not in began:
            began[number] = suspended_on or effective
        elif status != _SUSPENDED and number in began:
            spells[number].append((began.pop(number), effective))
    for number, start in began.items():
        spells[number].append((start, None))
    return spells
