"""Bulk writes for the national generator: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples of Python values in the order of the field names given (attnames: `group_id`,
not `group`). Ids are handed out by the writer (`ids`), from the table's current maximum, so
that parts can link rows without reading them back; sequences are reset at the end (`finish`).
Fields left out get their Django default (evaluated once per table) or, for `auto_now` fields,
the writer's `now`. Each table is written in its own transaction: PostgreSQL checks the foreign
keys (deferred) at its commit.
"""

from __future__ import annotations

import datetime
import decimal
import json
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max
from django.utils import timezone

type Converter = Callable[[Any], Any]
type Log = Callable[[str], None]

SQLITE_BATCH = 5000


class Writer:
    def __init__(self, using: str = "default", log: Log | None = None) -> None:
        self.using = using
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self.now = timezone.now()
        self.log: Log = log or (lambda message: None)
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self._next_id: dict[type[models.Model], int] = {}
        self._models: list[type[models.Model]] = []

    # Ids ------------------------------------------------------------------------------------

    def ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys for `model`, above every existing one."""
        if model not in self._next_id:
            current = model._default_manager.using(self.using).aggregate(top=Max("pk"))["top"]
            self._next_id[model] = (current or 0) + 1
        start = self._next_id[model]
        self._next_id[model] = start + count
        return range(start, start + count)

    def next_id(self, model: type[models.Model]) -> int:
        return self.ids(model, 1)[0]

    # Rows -----------------------------------------------------------------------------------

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write `rows` (tuples in the order of `fields`) into `model`'s table."""
        started = time.monotonic()
        opts = model._meta
        given = {_attname(opts.get_field(name)): i for i, name in enumerate(fields)}
        concrete = [field for field in opts.concrete_fields if field.attname in given]
        concrete += [
            field
            for field in opts.concrete_fields
            if field.attname not in given and not (field.primary_key and field.attname == "id")
        ]
        fillers = [self._filler(field) for field in concrete[len(given) :]]
        order = [given[field.attname] for field in concrete[: len(given)]]
        convert = [self._converter(field) for field in concrete]
        columns = [str(field.column) for field in concrete]

        def full_rows() -> Iterable[tuple[Any, ...]]:
            for row in rows:
                values = [row[i] for i in order] + fillers
                yield tuple(
                    c(v) if c is not None and v is not None else v
                    for c, v in zip(convert, values, strict=True)
                )

        count = 0
        with transaction.atomic(using=self.using):
            if self.vendor == "postgresql":
                count = self._copy(opts.db_table, columns, full_rows())
            else:
                count = self._executemany(opts.db_table, columns, full_rows())
        if model not in self._models:
            self._models.append(model)
        label = opts.label
        self.counts[label] = self.counts.get(label, 0) + count
        self.seconds[label] = self.seconds.get(label, 0.0) + time.monotonic() - started
        self.log(f"  {label}: {count} rows ({time.monotonic() - started:.1f} s)")
        return count

    def _copy(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        quote = self.connection.ops.quote_name
        sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        count = 0
        with self.connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _executemany(self, table: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        quote = self.connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join('%s' for _ in columns)})"
        )
        count = 0
        batch: list[tuple[Any, ...]] = []
        with self.connection.cursor() as cursor:
            for row in rows:
                batch.append(row)
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def _filler(self, field: models.Field[Any, Any]) -> Any:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        return field.get_default()

    def _converter(self, field: models.Field[Any, Any]) -> Converter | None:
        ops = self.connection.ops
        if isinstance(field, models.JSONField):
            return lambda value: value if isinstance(value, str) else json.dumps(value)
        if self.vendor == "postgresql":
            return None
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.TimeField):
            return ops.adapt_timefield_value
        if isinstance(field, models.DecimalField):
            places = field.decimal_places

            def decimal_value(value: Any) -> Any:
                return str(decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-places)))

            return decimal_value
        return None

    # End ------------------------------------------------------------------------------------

    def finish(self) -> None:
        """Reset the sequences past the ids handed out; refresh the planner's statistics."""
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                for sql in self.connection.ops.sequence_reset_sql(no_style(), self._models):
                    cursor.execute(sql)
            started = time.monotonic()
            cursor.execute("ANALYZE")
            self.log(f"  ANALYZE ({time.monotonic() - started:.1f} s)")


def _attname(field: object) -> str:
    attname = getattr(field, "attname", None)
    if not isinstance(attname, str):
        raise ValueError(f"{field} is not a concrete field")
    return attname


def aware(day: datetime.date, at: datetime.time, zone: datetime.tzinfo) -> datetime.datetime:
    """A local day and time as an aware UTC datetime."""
    return datetime.datetime.combine(day, at, tzinfo=zone).astimezone(datetime.UTC)
