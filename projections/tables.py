"""The read-model tables, kept in the store's own database beside the events."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, MetaData, String, Table, Text

metadata = MetaData()

# One row per set of views: the last notification applied, written in the same transaction.
positions = Table(
    "bb_view_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

branches = Table(
    "bb_branches",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("parent", Text, nullable=False),
    Column("founded", Date, nullable=False),
)

members = Table(
    "bb_members",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("number", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("birth", Date, nullable=False),
    Column("branch", String(64), nullable=False),
    Column("status", String(32), nullable=False),
    Column("since", Date, nullable=False),
    Column("applied", Date, nullable=False),
    Column("talked", Date, nullable=True),
    Index("bb_members_branch_idx", "branch", "number"),
)
