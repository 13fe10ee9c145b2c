"""The date a query answers for: the one rule every dated query follows.

A date given with --as-of is used as given. Without it, --as-known-at reads the record as of
that moment's date; and without either, the date is that of the latest recorded step in the
store (the latest effective date of a step that stands). The clock is never read: the same
store gives the same answer on any day. Every answer names the date and where it came from.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sqlalchemy import Connection

GIVEN = "given"
KNOWN_AT = "date of --as-known-at"
LATEST = "latest recorded step"
NO_STEP = "no step"

# The default in the help text of --as-of, the same for every dated query; with
# --as-known-at beside it, DEFAULT_HELP_KNOWN.
DEFAULT_HELP = (
    "(default: the date of the latest recorded step in the store; the clock is never read)"
)
DEFAULT_HELP_KNOWN = (
    "(default: the date of --as-known-at if given, else the date of the latest recorded step "
    "in the store; the clock is never read)"
)

EMPTY = "The record holds no steps yet."


class AsOf(NamedTuple):
    """The date a query answers for, and why that date: given, of --as-known-at, or the
    latest recorded step. `day` is None only for a store that holds no step yet."""

    day: date | None
    basis: str

    @property
    def on(self) -> date:
        """The date; for a store that holds no step yet, a failure saying so (exit 4)."""
        if self.day is None:
            from branchbook.cli.context import Failure

            raise Failure("the record holds no steps yet", 4)
        return self.day

    def shown(self) -> str:
        """The date as a heading names it: "2025-12-31 (the latest recorded step)"."""
        if self.day is None:
            return "(no step recorded yet)"
        why = "the latest recorded step" if self.basis == LATEST else self.basis
        return f"{self.day} ({why})"

    def as_dict(self) -> dict[str, Any]:
        """The top-level keys of a query's JSON."""
        day = None if self.day is None else self.day.isoformat()
        return {"as_of": day, "as_of_basis": self.basis}


def as_of_for(conn: Connection, as_of: date | None, known_at: datetime | None = None) -> AsOf:
    """The date a query answers for (the module's rule), read from the views on `conn`."""
    if as_of is not None:
        return AsOf(as_of, GIVEN)
    if known_at is not None:
        return AsOf(known_at.date(), KNOWN_AT)
    from branchbook.projections.members.as_of import latest_effective

    latest = latest_effective(conn)
    return AsOf(latest, LATEST) if latest is not None else AsOf(None, NO_STEP)
