"""Natural keys (member number, branch code) map to aggregate ids deterministically."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID, uuid5

# Fixed forever: changing it would orphan every stored aggregate.
NAMESPACE = UUID("6f1d7a52-3a0e-5b8e-9c57-2b6c1f0e4d11")


# A journal names the same member and branch several times per command: compute each id once.
@lru_cache(maxsize=65536)
def member_id(number: str) -> UUID:
    return uuid5(NAMESPACE, f"member/{number}")


@lru_cache(maxsize=4096)
def branch_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"branch/{code}")


@lru_cache(maxsize=16384)
def meeting_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"meeting/{code}")


@lru_cache(maxsize=1024)
def organisation_id(code: str) -> UUID:
    return uuid5(NAMESPACE, f"organisation/{code}")


@lru_cache(maxsize=16384)
def dues_id(number: str) -> UUID:
    """The dues ledger of a member."""
    return uuid5(NAMESPACE, f"dues/{number}")


@lru_cache(maxsize=16384)
def participation_id(number: str) -> UUID:
    """Where a member takes part without their relation: mobile member, temporary branch."""
    return uuid5(NAMESPACE, f"participation/{number}")


@lru_cache(maxsize=16384)
def transfers_id(number: str) -> UUID:
    """The transfers of a member's organisational relation between branches."""
    return uuid5(NAMESPACE, f"transfers/{number}")


@lru_cache(maxsize=1024)
def evaluation_id(branch: str, year: int) -> UUID:
    """The S003 evaluation of a branch for a year."""
    return uuid5(NAMESPACE, f"evaluation/{branch}/{year}")


@lru_cache(maxsize=16384)
def points_id(number: str, year: int) -> UUID:
    """The S002 points of a member for a year."""
    return uuid5(NAMESPACE, f"points/{number}/{year}")
