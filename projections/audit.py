"""The audit trail: every recorded event with its step, and the links between corrections."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection


def project(conn: Connection, event: Any, position: int) -> None:
    """Add one event of any aggregate to bb_audit."""
