"""Whether the log still holds what the views applied: a log cut short, or missing an event its
hash chain holds, stops a catch-up (and every query) rather than let the views show events that
are no longer there, or hide the ones recorded past the cut."""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.persistence import Notification
from sqlalchemy import Engine, column, func, inspect, select, table


class BrokenLog(Exception):
    """The log is shorter than the views, or lacks events its hash chain holds: events were
    removed from it. The views show nothing more until it is looked into."""


REMEDY = (
    "run 'branchbook verify' to see what was altered; 'branchbook projections rebuild' then "
    "shows the log as it now stands"
)


def beyond_end(applied: int, end: int) -> BrokenLog:
    """The views have applied events past the end of the log."""
    return BrokenLog(
        f"the views have applied events up to #{applied} but the log ends at #{end}: events "
        f"were removed from it; {REMEDY}"
    )


def check_position(engine: Engine, chain: str | None, start: int | None) -> None:
    """The last event the views applied must still be in the log's chain (the table `chain`,
    when it has entries): a log cut short and written again past the cut leaves it out."""
    if chain is None or not start:
        return
    entries = table(chain, column("position"))
    with engine.connect() as conn:
        if not inspect(conn).has_table(chain):
            return
        held = conn.execute(
            select(func.min(entries.c.position)).where(entries.c.position >= start)
        ).scalar()
        chained = (
            held is not None or conn.execute(select(func.count()).select_from(entries)).scalar()
        )
    if held != start and chained:
        raise BrokenLog(
            f"the log no longer holds event #{start}, the last the views applied: events "
            f"were removed from it; {REMEDY}"
        )


def check_gaps(
    engine: Engine, chain: str | None, start: int | None, page: Sequence[Notification]
) -> None:
    """A page must hold every event the chain has an entry for between the views' position
    and its last event, and nothing the chain has no entry for (once the chain has begun)."""
    if chain is None:
        return
    entries = table(chain, column("position"))
    with engine.connect() as conn:
        chained = set(
            conn.execute(
                select(entries.c.position).where(
                    entries.c.position > (start or 0), entries.c.position <= page[-1].id
                )
            ).scalars()
        )
        begun = bool(chained) or conn.execute(select(entries.c.position).limit(1)).first()
    if not begun:
        return  # a store whose events predate the chain, not adopted yet
    held = {n.id for n in page}
    if chained - held:
        raise BrokenLog(
            f"the log has no event #{min(chained - held)}, which its hash chain holds: events "
            f"were removed from it; {REMEDY}"
        )
    if held - chained:
        raise BrokenLog(
            f"the log holds event #{min(held - chained)}, which its hash chain has no entry "
            f"for: it was not recorded through branchbook; {REMEDY}"
        )
