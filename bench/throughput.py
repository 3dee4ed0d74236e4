"""Throughput of the main pages and API lists, on the national dataset and on the demo, served
by gunicorn (2 workers) on PostgreSQL, loaded from this process over 127.0.0.1 (issue 10).

    .venv/bin/python bench/throughput.py --prepare        # build both databases, then measure
    .venv/bin/python bench/throughput.py                  # measure (databases already built)
    .venv/bin/python bench/throughput.py --only "leader"  # some pages only; --steady 0 skips

Two databases: the national dataset (`manage.py generate_national`) and the Roannais demo
(`manage.py load_demo`), each served by its own gunicorn with production-like settings (DEBUG=0,
cache in Redis, sessions in the database, persistent connections). A task worker runs beside each
server, as in production (figures prepared in the background). Each role's account opens a
session directly in the database (staff would need their second factor: the session is the one
`django.contrib.auth.login` leaves after it, see `open_sessions`) and gets an API token.

For each page, in one go so the machine's load drifts little between them:
1. wrk on the reference page (bench/reference: 50 rows of one table, 5 columns) of the national
   server, 2. wrk on the page on the national server, 3. wrk on the page on the demo server,
4. and 5. wrk on the page on both servers as a hard reload (`Cache-Control: no-cache`): made
   each time, never served kept by core.page_cache.
Each wrk run: 2 connections (the 2 workers), `--seconds` long. Ratios:
- scale = median latency national / median latency demo (target <= 1.5);
- cost = requests/s of the page / requests/s of the reference (target >= 0.5);
- the same two for the pages made each time ("made scale", "made cost"), and how the page cache
  answered the page after the warm-up ("kept": hit, or why it was not kept).
Then a steady mixed load at `--rate` requests/s for `--steady` seconds on the national server,
paced by the clock (open loop: latency counts from the scheduled time, so a slow answer delays
nobody's measurement), with its p50, p95, p99 and errors, for each mix: "members" draws the
pages with each role's share of the traffic (`ROLE_WEIGHTS`), "uniform" takes every page in
turn (the staff's network-wide pages as often as a leader's home); "-made": each request a hard
reload (default: "members" and "uniform-made").

Only loopback addresses; every loop is bounded by a count or a deadline.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
REFERENCE = "/bench/reference/"
WARM_UP = 4


def server_env(database_url: str, redis_db: int) -> dict[str, str]:
    """Production-like settings (DEBUG=0), but plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.reference.settings",
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}",
        CONN_MAX_AGE="60",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


# Preparing the databases (subprocesses) -------------------------------------------------------


def run(args: list[str], env: dict[str, str], timeout: float = 3600) -> str:
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare(database: str, build: list[str]) -> float:
    """Drop, create, migrate and fill one database; returns the seconds the filling took."""
    env = server_env(f"{PG}/{database}", 0)
    run(["dropdb", "-h", HOST, "-U", "postgres", "--if-exists", database], env)
    run(["createdb", "-h", HOST, "-U", "postgres", database], env)
    # SSD page costs, as docs/deployment.md sets them in production.
    run(
        [
            "psql",
            "-h",
            HOST,
            "-U",
            "postgres",
            "-qc",
            f"ALTER DATABASE {database} SET random_page_cost = 1.1",
        ],
        env,
    )
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    started = time.monotonic()
    print(run([PYTHON, "manage.py", *build], env)[-2000:])
    return time.monotonic() - started


def open_sessions(dataset: str) -> dict[str, Any]:
    """(Run inside Django.) One session and one API token per role; the pages to request.

    The session holds what `django.contrib.auth.login` writes (user id, backend, auth hash) and
    the lifetimes `maillage.accounts.sessions.start` adds; staff sessions are only ever created
    after the second factor, which this stands for. Members accept the group charter as they
    would on their first visit."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.cache import cache
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from maillage.accounts import sessions
    from maillage.accounts.services import api_token_create
    from maillage.core.roles import is_staff_member
    from maillage.editions.charter import charter_accept
    from maillage.editions.models import Membership
    from maillage.reports.bilan.prepared import prepare_all
    from maillage.reports.national import NETWORK_SLUG
    from maillage.reports.national.pages import bench_accounts, main_pages
    from maillage.territories import demo

    accounts = bench_accounts(NETWORK_SLUG if dataset == "national" else demo.NETWORK_SLUG)
    # As after a deploy (docs/deployment.md): an empty cache, then the bilans prepared.
    cache.clear()
    prepare_all()
    engine = import_module(settings.SESSION_ENGINE)
    roles: dict[str, Any] = {}
    for role, user in accounts.users.items():
        for membership in Membership.objects.filter(person__user=user, left_on__isnull=True):
            charter_accept(membership=membership, by=user)
        store = engine.SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        sessions.start(store, staff=is_staff_member(user))
        store.create()
        _token, raw = api_token_create(user=user, name="bench")
        roles[role] = {
            "email": user.email,
            "session": store.session_key,
            "token": raw,
            # The CSRF cookie a browser holds from its first page (the sign-in form).
            "csrf": get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS),
        }
    return {
        "cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "roles": roles,
        "pages": [
            {"role": p.role, "name": p.name, "path": p.path, "api": p.api}
            for p in main_pages(accounts)
        ],
    }


def sessions_for(database: str, dataset: str, redis_db: int) -> dict[str, Any]:
    env = server_env(f"{PG}/{database}", redis_db)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)  # the code may be newer than the data
    out = run([PYTHON, __file__, "--sessions-for", dataset], env)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


# Serving ------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    sessions: dict[str, Any]
    worker: subprocess.Popen[bytes] | None = None  # the task worker, as in production

    def headers(self, role: str, api: bool) -> dict[str, str]:
        account = self.sessions["roles"][role]
        if api:
            return {"Authorization": f"Bearer {account['token']}"}
        return {
            "Cookie": f"{self.sessions['cookie']}={account['session']}; "
            f"{self.sessions['csrf_cookie']}={account['csrf']}"
        }

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"


def start_server(name: str, database: str, port: int, redis_db: int, workers: int) -> Server:
    sessions = sessions_for(database, name, redis_db)
    env = server_env(f"{PG}/{database}", redis_db)
    process = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--chdir",
            str(ROOT),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--worker-id", f"bench-{name}", "-v", "0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    server = Server(name, port, process, sessions, worker)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.url(REFERENCE), timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    stop_server(server)
    raise SystemExit(f"gunicorn ({name}) did not answer within 120 s")


def stop_server(server: Server) -> None:
    for process in (server.process, server.worker):
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def check(server: Server, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """Status and size of one GET (redirects are not followed: a redirect is a failure)."""
    status, size, _kept = check_kept(server, path, headers)
    return status, size


def check_kept(server: Server, path: str, headers: dict[str, str]) -> tuple[int, int, str]:
    """`check`, and how core.page_cache answered: "hit", "kept", or why it did not keep it."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(server.url(path), headers=headers)
    try:
        with opener.open(request, timeout=60) as response:
            kept = response.headers.get("X-Page-Cache") or "not kept: " + (
                response.headers.get("X-Page-Cache-Skip") or "-"
            )
            return response.status, len(response.read()), kept
    except urllib.error.HTTPError as error:
        return error.code, 0, ""


# A hard reload (Ctrl+Shift+R): the page is made again, not served kept (core.page_cache).
MADE = {"Cache-Control": "no-cache"}


# wrk ----------------------------------------------------------------------------------------


@dataclass
class Run:
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    errors: int


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(server: Server, path: str, headers: dict[str, str], seconds: int) -> Run:
    args = ["wrk", "-t2", "-c2", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*args, server.url(path)], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|90|99)(?:\.0+)?%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "90", "99"}:
        raise RuntimeError(f"unexpected wrk output for {path}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(bad.group(1)) if bad else 0) + (
        sum(int(x) for x in socket.groups()) if socket else 0
    )
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(latency["50"]),
        p90_ms=_ms(latency["90"]),
        p99_ms=_ms(latency["99"]),
        requests=requests,
        errors=errors,
    )


# Steady load --------------------------------------------------------------------------------


@dataclass
class Steady:
    rate: float
    seconds: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


# The share of each role's requests in the "members" mix: the people of the network (leaders
# above all) use it much more than its staff. Within a role, its pages in equal shares.
ROLE_WEIGHTS = {
    "leader": 8.0,
    "facilitator": 3.0,
    "alumnus": 2.0,
    "project_manager": 2.0,
    "network_admin": 1.0,
}


def mixed(pages: list[dict[str, Any]], total: int, mix: str) -> list[dict[str, Any]]:
    """`total` requests: every page in turn ("uniform"), or drawn (seeded) with the role
    weights above ("members")."""
    if mix.startswith("uniform"):
        return [pages[i % len(pages)] for i in range(total)]
    per_role: dict[str, int] = {}
    for page in pages:
        per_role[page["role"]] = per_role.get(page["role"], 0) + 1
    weights = [ROLE_WEIGHTS[page["role"]] / per_role[page["role"]] for page in pages]
    return random.Random(1).choices(pages, weights, k=total)


def steady_load(server: Server, rate: float, seconds: int, mix: str, threads: int = 16) -> Steady:
    """`rate` requests a second for `seconds`, the main pages mixed, paced by the clock."""
    total = int(rate * seconds)
    start = time.monotonic() + 1.0
    jobs: queue.Queue[tuple[float, dict[str, Any]] | None] = queue.Queue()
    made = MADE if mix.endswith("-made") else {}
    for i, page in enumerate(mixed(server.sessions["pages"], total, mix)):
        jobs.put((start + i / rate, page))
    for _ in range(threads):
        jobs.put(None)
    result = Steady(rate, seconds)
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
        while (job := jobs.get()) is not None:
            scheduled, page = job
            delay = scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                connection.request(
                    "GET", page["path"], headers=server.headers(page["role"], page["api"]) | made
                )
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException) as error:
                status = 0
                connection.close()
                connection = http.client.HTTPConnection(HOST, server.port, timeout=30)
                with lock:
                    result.errors.append(f"{page['path']}: {error}")
            latency = (time.monotonic() - scheduled) * 1000
            with lock:
                result.latencies_ms.append(latency)
                if status != 200 and status != 0:
                    result.errors.append(f"{page['path']}: HTTP {status}")
        connection.close()

    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    began = time.monotonic()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=seconds + 120)
    result.elapsed = time.monotonic() - began
    return result


# Report -------------------------------------------------------------------------------------


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    pg = subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({model}), {int(memory) // 1024 // 1024} GB RAM, "
        f"PostgreSQL {pg}, Python {platform.python_version()}, wrk {shutil.which('wrk')}"
    )


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure(args: argparse.Namespace) -> int:
    national = start_server("national", args.national_db, 8101, 11, 2)
    try:
        demo = start_server("demo", args.demo_db, 8102, 12, 2)
    except BaseException:
        stop_server(national)
        raise
    failures = 0
    try:
        pages = national.sessions["pages"]
        demo_pages = {(p["role"], p["name"]): p for p in demo.sessions["pages"]}
        if args.only:
            pages = [p for p in pages if args.only in f"{p['role']}: {p['name']}"]
        print(f"Machine: {machine()}; load average before: {load_average()}")
        for server, server_pages in ((national, pages), (demo, list(demo_pages.values()))):
            for page in server_pages:
                headers = server.headers(page["role"], page["api"])
                status, _size = check(server, page["path"], headers)
                for _ in range(WARM_UP):  # both workers' templates, caches and imports
                    check(server, page["path"], headers)
                    check(server, page["path"], headers | MADE)
                page[f"kept on {server.name}"] = check_kept(server, page["path"], headers)[2]
                if status != 200:
                    failures += 1
                    print(f"  {server.name} {page['role']} {page['path']}: HTTP {status}")
        if failures:
            print(f"{failures} pages do not answer 200: stopping.")
            return 1
        rows = []
        print(
            "| role | page | path (national) | national p50 ms | demo p50 ms | scale | "
            "national req/s | reference req/s | cost | national p99 ms | errors | kept | "
            "made national p50 ms | made demo p50 ms | made scale | made req/s | made cost |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for page in pages:
            twin = demo_pages[(page["role"], page["name"])]
            reference = wrk(
                national, REFERENCE, national.headers(page["role"], False), args.seconds
            )
            on_national = wrk(
                national, page["path"], national.headers(page["role"], page["api"]), args.seconds
            )
            on_demo = wrk(demo, twin["path"], demo.headers(page["role"], page["api"]), args.seconds)
            made = wrk(
                national,
                page["path"],
                national.headers(page["role"], page["api"]) | MADE,
                args.seconds,
            )
            made_on_demo = wrk(
                demo, twin["path"], demo.headers(page["role"], page["api"]) | MADE, args.seconds
            )
            scale = on_national.p50_ms / on_demo.p50_ms
            cost = on_national.rps / reference.rps
            errors = (
                reference.errors
                + on_national.errors
                + on_demo.errors
                + made.errors
                + made_on_demo.errors
            )
            made_scale = made.p50_ms / made_on_demo.p50_ms
            rows.append(
                (page, on_national, on_demo, reference, scale, cost, errors, made, made_scale)
            )
            print(
                f"| {page['role']} | {page['name']} | `{page['path']}` | "
                f"{on_national.p50_ms:.1f} | {on_demo.p50_ms:.1f} | {scale:.2f} | "
                f"{on_national.rps:.1f} | {reference.rps:.1f} | {cost:.2f} | "
                f"{on_national.p99_ms:.0f} | {errors} | {page['kept on national']} | "
                f"{made.p50_ms:.1f} | {made_on_demo.p50_ms:.1f} | {made_scale:.2f} | "
                f"{made.rps:.1f} | {made.rps / reference.rps:.2f} |",
                flush=True,
            )
        if rows:
            scales = [row[4] for row in rows]
            costs = [row[5] for row in rows]
            print(
                f"\nscale: median {statistics.median(scales):.2f}, worst {max(scales):.2f} "
                f"(target <= 1.5); cost: median {statistics.median(costs):.2f}, worst "
                f"{min(costs):.2f} (target >= 0.5); {sum(1 for s in scales if s > 1.5)} pages "
                f"over the scale target, {sum(1 for c in costs if c < 0.5)} under the cost "
                f"target; errors {sum(row[6] for row in rows)}"
            )
            made_costs = [row[7].rps / row[3].rps for row in rows]
            made_scales = [row[8] for row in rows]
            print(
                f"made each time (hard reload, not served kept): scale median "
                f"{statistics.median(made_scales):.2f}, worst {max(made_scales):.2f}; cost median "
                f"{statistics.median(made_costs):.2f}, worst {min(made_costs):.2f}; "
                f"kept pages {sum(1 for row in rows if row[0]['kept on national'] == 'hit')} "
                f"of {len(rows)}"
            )
        for mix in args.mix if args.steady > 0 else []:
            print(
                f"\nSteady mixed load ({mix}): {args.rate} req/s for {args.steady} s on the "
                f"national data; load average {load_average()}"
            )
            steady = steady_load(national, args.rate, args.steady, mix)
            print(
                f"requests {len(steady.latencies_ms)} in {steady.elapsed:.0f} s; "
                f"p50 {steady.percentile(0.50):.0f} ms, p95 {steady.percentile(0.95):.0f} ms, "
                f"p99 {steady.percentile(0.99):.0f} ms, max {max(steady.latencies_ms):.0f} ms; "
                f"errors {len(steady.errors)} (target: p95 < 200 ms, p99 < 500 ms, no error)",
                flush=True,
            )
            for error in steady.errors[:10]:
                print(f"  {error}")
        print(f"Load average after: {load_average()}")
    finally:
        stop_server(demo)
        stop_server(national)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--national-db", default="maillage_bench_national")
    parser.add_argument("--demo-db", default="maillage_bench_demo")
    parser.add_argument("--prepare", action="store_true", help="(re)build both databases first")
    parser.add_argument("--seconds", type=int, default=8, help="wrk run per page and server")
    parser.add_argument("--steady", type=int, default=300, help="seconds of steady load (0: none)")
    parser.add_argument("--rate", type=float, default=20.0, help="steady load, requests/s")
    parser.add_argument(
        "--mix",
        nargs="+",
        choices=["members", "uniform", "members-made", "uniform-made"],
        default=["members", "uniform-made"],
        help="steady load mixes, each run in turn (see ROLE_WEIGHTS; -made: every request a "
        "hard reload, the page made, not served kept)",
    )
    parser.add_argument("--only", default="", help="pages whose 'role: name' contains this")
    parser.add_argument("--sessions-for", choices=["national", "demo"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sessions_for:
        import django

        django.setup()
        print(json.dumps(open_sessions(args.sessions_for)))
        return 0
    if args.prepare:
        seconds = prepare(args.national_db, ["generate_national"])
        print(f"national dataset built in {seconds:.0f} s")
        seconds = prepare(args.demo_db, ["load_demo"])
        print(f"demo built in {seconds:.0f} s")
    return measure(args)


if __name__ == "__main__":
    sys.exit(main())
