"""The store's own tables as SQLAlchemy sees them, for what reads them through SQLAlchemy
(verification, sealing) rather than through the driver as recording does. Their layout is the
one `workflows.store.schema` creates."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Dialect,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import BINARY, TypeEngine

from branchbook.workflows.store.location import EVENTS_TABLE, KEYS_TABLE
from branchbook.workflows.store.schema import CHAIN_TABLE, STORE_TABLE

KEY_LENGTH = 200
HASH_LENGTH = 64  # hex digits of a SHA-256


class StoredUuid(TypeDecorator[UUID]):
    """An originator id: PostgreSQL's UUID, or its 16 bytes on SQLite (the layout the library
    that made the first stores chose)."""

    impl = BINARY(16)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=True))
        return dialect.type_descriptor(BINARY(16))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        found = value if isinstance(value, UUID) else UUID(str(value))
        return found if dialect.name == "postgresql" else found.bytes

    def process_result_value(self, value: Any, dialect: Dialect) -> UUID | None:
        if value is None or isinstance(value, UUID):
            return value
        return UUID(bytes=bytes(value))


def _big() -> Any:
    return BigInteger().with_variant(Integer(), "sqlite")


def events_table(schema: str | None = None) -> Table:
    return Table(
        EVENTS_TABLE,
        MetaData(schema=schema),
        Column("id", _big(), primary_key=True, autoincrement=True),
        Column("originator_id", StoredUuid(), nullable=False),
        Column("originator_version", _big(), nullable=False),
        Column("topic", Text(), nullable=False),
        Column("state", LargeBinary(), nullable=False),
        Index(f"{EVENTS_TABLE}_aggregate_idx", "originator_id", "originator_version", unique=True),
    )


def keys_table(schema: str | None = None) -> Table:
    return Table(
        KEYS_TABLE,
        MetaData(schema=schema),
        Column("key", String(KEY_LENGTH), primary_key=True),
        Column("digest", String(64), nullable=False),
        Column("position", BigInteger, nullable=True),
        Column("events", Integer, nullable=False),
    )


def chain_table(schema: str | None = None) -> Table:
    position = BigInteger().with_variant(Integer, "sqlite")  # the row id on SQLite
    return Table(
        CHAIN_TABLE,
        MetaData(schema=schema),
        Column("position", position, primary_key=True, autoincrement=False),
        Column("recorded_at", String(40), nullable=False),
        Column("hash", String(HASH_LENGTH), nullable=False),
    )


def store_table(schema: str | None = None) -> Table:
    return Table(
        STORE_TABLE,
        MetaData(schema=schema),
        Column("name", String(64), primary_key=True),
        Column("value", Text, nullable=False),
    )
