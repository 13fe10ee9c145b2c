"""Not found; did you mean…? A member number, branch or organisation code given that the record
does not hold, with the nearest one it does (in the wrong case, or a character off)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchbook.cli.context import Failure

if TYPE_CHECKING:
    from sqlalchemy import Connection


def not_found(conn: Connection, kind: str, code: str) -> Failure:
    """The failure (exit 4) of a `kind` (member, branch, organisation) whose `code` the
    record does not hold, suggesting the nearest one it does."""
    from branchbook.domain.near import did_you_mean
    from branchbook.projections.branches.codes import codes

    return Failure(f"{kind} {code} is not in the record{did_you_mean(code, codes(conn, kind))}", 4)
