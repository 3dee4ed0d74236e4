"""Backups round-trip: `pg_dump --format=custom` of the database, `pg_restore` into a new one,
and every table holds the same rows (docs/deployment.md, "Backups")."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import connection

from conftest import fill_group
from maillage.editions.tests.factories import GroupFactory
from maillage.meetings.tests.factories import MeetingFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(180),
]


def libpq_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ, PGHOST=str(db["HOST"] or "127.0.0.1"), PGUSER=str(db["USER"]))
    env["PGPORT"] = str(db["PORT"] or 5432)
    if db["PASSWORD"]:
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def row_counts(dbname: str) -> dict[str, int]:
    """Every table of the public schema and its exact number of rows."""
    db = connection.settings_dict
    with psycopg.connect(
        dbname=dbname,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts: dict[str, int] = {}
        for table in tables:
            row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


@pytest.fixture
def restored_name(tmp_path: Any) -> Iterator[str]:
    name = f"{connection.settings_dict['NAME']}_restored"
    env = libpq_env()
    subprocess.run(["dropdb", "--if-exists", name], env=env, check=True, timeout=60)
    try:
        yield name
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=env, check=True, timeout=60)


def test_a_dump_restored_into_a_new_database_has_every_row(
    tmp_path: Any, restored_name: str
) -> None:
    group = GroupFactory()
    fill_group(group)
    MeetingFactory.create_batch(3, group=group)
    env = libpq_env()
    source = str(connection.settings_dict["NAME"])
    dump = tmp_path / "maillage.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--file", str(dump), source],
        env=env,
        check=True,
        timeout=120,
    )
    subprocess.run(["createdb", restored_name], env=env, check=True, timeout=60)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", restored_name, str(dump)],
        env=env,
        check=True,
        timeout=120,
    )
    before = row_counts(source)
    assert before["editions_membership"] == 15
    assert row_counts(restored_name) == before
