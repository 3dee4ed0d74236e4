"""Sequential scans over large tables in the plans of a page's queries (PostgreSQL).

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    problems = seq_scans(queries.captured_queries, min_rows=10_000)

Each captured SELECT is explained (`EXPLAIN (FORMAT JSON)`, not run); every `Seq Scan` node
on a table the planner believes larger than `min_rows` (pg_class.reltuples, so ANALYZE first)
is reported with the query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class SeqScan:
    table: str
    rows: int
    sql: str

    def __str__(self) -> str:
        return f"Seq Scan on {self.table} ({self.rows} rows) in: {self.sql[:500]}"


def table_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def _nodes(plan: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def seq_scans(captured: Iterable[Mapping[str, Any]], *, min_rows: int) -> list[SeqScan]:
    sizes = table_rows()
    found: list[SeqScan] = []
    with connection.cursor() as cursor:
        for query in captured:
            sql = str(query["sql"])
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            document = json.loads(raw) if isinstance(raw, str) else raw
            for node in _nodes(document[0]["Plan"]):
                if node.get("Node Type") != "Seq Scan":
                    continue
                table = str(node.get("Relation Name"))
                if sizes.get(table, 0) > min_rows:
                    found.append(SeqScan(table, sizes[table], sql))
    return found
