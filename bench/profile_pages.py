"""Where a page's server time goes: each main page requested in-process (the full middleware
stack, production-like settings), timed, its queries counted and timed, and optionally profiled.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_national \\
        .venv/bin/python bench/profile_pages.py [--only leader] [--profile 25] [--repeat 20]

Prints per page: median wall ms, queries, SQL ms, the rest (Python: views, templates,
middleware), and the median over the reference page's, requested in turn with it (the ratio
holds when the machine's speed drifts; at most 2 is what bench/throughput.py's cost target
asks). With --profile N, the N costliest functions (cumulative) of each page. Run after
`bench/throughput.py --prepare` (the databases it builds). A diagnostic, not a measure of
throughput: that is bench/throughput.py's.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.reference.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("LOG_LEVEL", "ERROR")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="pages whose 'role: name' contains this")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    parser.add_argument(
        "--plans", type=float, default=0.0, help="show queries planned for longer (ms, PostgreSQL)"
    )
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime…")
    parser.add_argument("--network", default="", help="network slug (default: national, else demo)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from maillage.accounts import sessions
    from maillage.accounts.services import api_token_create
    from maillage.core.roles import is_staff_member
    from maillage.reports.national import NETWORK_SLUG
    from maillage.reports.national.pages import Page, bench_accounts, main_pages
    from maillage.territories import demo
    from maillage.territories.models import Network

    slug = args.network or (
        NETWORK_SLUG if Network.objects.filter(slug=NETWORK_SLUG).exists() else demo.NETWORK_SLUG
    )
    accounts = bench_accounts(slug)
    clients: dict[tuple[str, bool], Client] = {}
    for role, user in accounts.users.items():
        from importlib import import_module

        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        sessions.start(store, staff=is_staff_member(user))
        store.create()
        web = Client()
        web.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
        clients[(role, False)] = web
        _token, raw = api_token_create(user=user, name="profile")
        clients[(role, True)] = Client(headers={"Authorization": f"Bearer {raw}"})

    pages = [p for p in main_pages(accounts) if args.only in p.label]
    reference = Page("leader", "reference (bench/reference)", "/bench/reference/")
    pages.insert(0, reference)
    print(
        f"{'page':<45} {'ms':>6} {'queries':>7} {'sql ms':>7} {'python ms':>9} {'KB':>5}"
        f" {'× ref':>6}"
    )
    for page in pages:
        web = clients[(page.role, page.api)]
        for _ in range(3):
            response = web.get(page.path)
        if response.status_code != 200:
            print(f"{page.label:<45} HTTP {response.status_code}")
            continue
        walls, reference_walls = [], []
        reference_client = clients[(reference.role, reference.api)]
        for _ in range(args.repeat):
            started = time.perf_counter()
            web.get(page.path)
            walls.append((time.perf_counter() - started) * 1000)
            # The reference in turn with the page: the ratio holds when the machine's speed drifts.
            started = time.perf_counter()
            reference_client.get(reference.path)
            reference_walls.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = web.get(page.path)
            wall = (time.perf_counter() - started) * 1000
        sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
        median = statistics.median(walls)
        print(
            f"{page.label:<45} {median:6.1f} {len(captured):7d} {sql:7.1f} "
            f"{median - sql * median / wall:9.1f} {len(response.content) / 1024:5.1f}"
            f" {median / statistics.median(reference_walls):6.2f}",
            flush=True,
        )
        if args.plans and connection.vendor == "postgresql":
            selects = [q for q in captured.captured_queries if q["sql"].startswith("SELECT")]
            for query in selects:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN (ANALYZE, SUMMARY) {query['sql']}")
                    plan = [row[0] for row in cursor.fetchall()]
                planning = float(plan[-2].split(":")[1].split()[0])
                execution = float(plan[-1].split(":")[1].split()[0])
                if planning >= args.plans:
                    print(f"    planning {planning:.1f} ms, execution {execution:.1f} ms: ")
                    print(f"      {query['sql'][: int(os.environ.get('SQLW', 300))]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(5):
                web.get(page.path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
