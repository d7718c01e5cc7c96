"""Declarative base, shared column types and the naming convention used by migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from sqlalchemy import JSON, BigInteger, DateTime, Index, Integer, MetaData, Table, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no zone, PostgreSQL does)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Discord snowflakes need 64 bits on PostgreSQL.
Snowflake = Annotated[int, mapped_column(BigInteger)]
# Surrogate keys: BIGINT on PostgreSQL, INTEGER (rowid alias, autoincrementing) on SQLite.
BigIntPK = Annotated[
    int, mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
]


class Base(DeclarativeBase):
    # Every model maps one table (none maps a join or a select), so its __table__ is a Table.
    __table__: ClassVar[Table]
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


# Partial indexes. SQLite's WHERE is given where the index is declared; PostgreSQL's is added when
# a PostgreSQL engine is made (bot.db.make_engine), because declaring ``postgresql_where`` up front
# makes SQLAlchemy load PostgreSQL's dialects to check the keyword: 18 modules and about 2 MB in
# every bot on SQLite (docs/benchmarks.md). The migrations create both forms themselves.
_PARTIAL: list[tuple[Index, str]] = []


def partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index over the rows for which ``where`` (SQL) holds, on SQLite and PostgreSQL."""
    index = Index(name, *columns, unique=unique, sqlite_where=text(where))
    _PARTIAL.append((index, where))
    return index


def add_postgresql_where() -> None:
    """Give every partial index its PostgreSQL WHERE (once; loads PostgreSQL's dialect)."""
    for index, where in _PARTIAL:
        if "postgresql_where" not in index.dialect_kwargs:
            index.dialect_kwargs["postgresql_where"] = text(where)
