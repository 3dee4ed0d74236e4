"""Build the national-scale dataset into a new database, PostgreSQL or SQLite, and time it.

    .venv/bin/python bench/generate_national.py                       # PostgreSQL, scale 1
    .venv/bin/python bench/generate_national.py --sqlite var/national.sqlite3
    .venv/bin/python bench/generate_national.py --scale 0.1 --seed 2

The generator itself is `manage.py generate_national` (maillage/reports/national/: a seeded
plan in memory, written in bulk, COPY on PostgreSQL, executemany on SQLite). This script makes
the database from scratch (dropped first), migrates it, runs the generator with the anchor day
of docs/PERFORMANCE.md and prints the row counts and the wall-clock time of the generation alone
and of the whole (migrations included).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True, timeout=3600)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="maillage_national", help="PostgreSQL database")
    parser.add_argument("--sqlite", type=Path, help="an SQLite file instead of PostgreSQL")
    parser.add_argument("--scale", default="1.0")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--today", default="2026-11-26")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.sqlite:
        path = args.sqlite.resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        pg = ["-h", HOST, "-U", "postgres"]
        run(["dropdb", *pg, "--if-exists", args.database], env)
        run(["createdb", *pg, args.database], env)
        env["DATABASE_URL"] = f"postgres://postgres@{HOST}:5432/{args.database}"
    started = time.monotonic()
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    generation = time.monotonic()
    run(
        [
            PYTHON,
            "manage.py",
            "generate_national",
            "--scale",
            args.scale,
            "--seed",
            args.seed,
            "--today",
            args.today,
        ],
        env,
    )
    done = time.monotonic()
    print(
        f"{env['DATABASE_URL']}: generated in {done - generation:.0f} s, "
        f"{done - started:.0f} s with the migrations"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
