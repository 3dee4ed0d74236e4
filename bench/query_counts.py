"""SQL queries of every main page and API list, on the national dataset and on the demo: the
count must be the same on both (it does not grow with the data), as the query-budget tests
check on small generated networks (issue 10).

    .venv/bin/python bench/query_counts.py            # databases built by bench/throughput.py
    .venv/bin/python bench/query_counts.py --national-db maillage_national --demo-db maillage_demo

Each database is read in a subprocess of its own, with the production-like settings of
bench/throughput.py: one session and one API token per role (as the throughput benchmark opens
them), each page requested in-process (Django's test client) after a first request has warmed
its caches, and the queries of the next request counted. Prints a table and exits 1 if a count
differs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _throughput() -> Any:
    """bench/throughput.py (a script, not a package): its settings and its sessions."""
    spec = importlib.util.spec_from_file_location("throughput", ROOT / "bench" / "throughput.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class Recorder(list[str]):
    """Counts the queries run inside `connection.execute_wrapper(recorder)`."""

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.append(sql)
        return execute(sql, params, many, context)


def count_queries(dataset: str) -> list[dict[str, Any]]:
    """(Run inside Django.) The queries of each main page, for its role."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    opened = _throughput().open_sessions(dataset)
    counts = []
    for page in opened["pages"]:
        account = opened["roles"][page["role"]]
        client = Client()
        headers: dict[str, str] = {}
        if page["api"]:
            headers["Authorization"] = f"Bearer {account['token']}"
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = account["session"]
        first = client.get(page["path"], headers=headers)
        queries = Recorder()
        with connection.execute_wrapper(queries):
            again = client.get(page["path"], headers=headers)
        counts.append(
            {
                **page,
                "status": again.status_code if first.status_code == 200 else first.status_code,
                "queries": len(queries),
            }
        )
    return counts


def measure(database: str, dataset: str) -> list[dict[str, Any]]:
    throughput = _throughput()
    env = throughput.server_env(f"{throughput.PG}/{database}", 13 if dataset == "national" else 14)
    env["ALLOWED_HOSTS"] = "testserver"
    done = subprocess.run(
        [throughput.PYTHON, __file__, "--count", dataset],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{dataset}: {done.stderr[-3000:]}")
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-db", default="maillage_bench_national")
    parser.add_argument("--demo-db", default="maillage_bench_demo")
    parser.add_argument("--count", choices=["national", "demo"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.reference.settings")
        django.setup()
        print(json.dumps(count_queries(args.count)))
        return 0
    national = measure(args.national_db, "national")
    demo = {(p["role"], p["name"]): p for p in measure(args.demo_db, "demo")}
    print("| role | page | queries (national) | queries (demo) |")
    print("|---|---|---|---|")
    different = 0
    for page in national:
        twin = demo[(page["role"], page["name"])]
        flag = ""
        if page["queries"] != twin["queries"] or page["status"] != 200 or twin["status"] != 200:
            different += 1
            flag = f" **differs** (HTTP {page['status']} / {twin['status']})"
        print(f"| {page['role']} | {page['name']} | {page['queries']} | {twin['queries']}{flag} |")
    print(f"\n{len(national)} pages, {different} with a different count or not 200")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
