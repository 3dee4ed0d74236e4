"""Several web processes and several task workers on one PostgreSQL, as in production.

Two gunicorn processes serve the app with production settings (DEBUG=0, sessions in the
database, cache in Redis when REDIS_URL is set); two `db_worker` processes run the tasks. A
session opened on one web process works on the other; a batch of reminders handed twice to
the workers (two `send_reminders` runs, as from two machines) reaches each member once; a
member's departure written by another process closes the group on both web processes at once
(the roles kept in Redis between requests).
"""

from __future__ import annotations

import datetime
import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from conftest import PASSWORD, fill_group, member_user
from maillage.editions.models import Membership
from maillage.editions.tests.factories import GroupFactory
from maillage.meetings.models import Meeting, ReminderDelivery
from maillage.meetings.tests.conftest import Sink, free_port
from maillage.meetings.tests.factories import MeetingFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(240),
]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STARTUP_SECONDS = 90


def production_env(**extra: str) -> dict[str, str]:
    """Production-like settings on the test database (plain HTTP on loopback)."""
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="several-processes-test-secret-key-0123456789abcdef",
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
    )
    env.update(extra)
    return env


@contextmanager
def web_processes(count: int) -> Iterator[list[int]]:
    """`count` gunicorn processes (one worker each) on free ports; their ports."""
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--workers", "1",
             "--bind", f"{HOST}:{port}", "--chdir", str(ROOT), "--log-level", "warning",
             "--no-control-socket"],
            cwd=ROOT,
            env=production_env(),
            start_new_session=True,
        )
        for port in ports
    ]  # fmt: skip
    try:
        for port in ports:
            wait_for(port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def wait_for(port: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            status, _headers, _body = get(port, "/connexion/")
            if status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no web process on port {port} after {STARTUP_SECONDS} s")


def get(port: int, path: str, cookies: str = "") -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookies} if cookies else {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        conn.close()


def post(
    port: int, path: str, data: dict[str, str], cookies: str
) -> tuple[int, http.client.HTTPMessage]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(
            "POST",
            path,
            body=urlencode(data),
            headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        conn.close()


def cookies_of(headers: http.client.HTTPMessage) -> dict[str, str]:
    pairs = (value.split(";", 1)[0].split("=", 1) for value in headers.get_all("Set-Cookie") or [])
    return {name: value for name, value in pairs}


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=True,
    )


def member_with_password(territory: Any, email: str) -> Any:
    group = GroupFactory(edition__territory=territory)
    fill_group(group, leaders=2, facilitators=0)
    user = member_user(group, Membership.Role.LEADER, email)
    # The tests hash with MD5 (fast); the web processes know production's hashers only.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "severalprocesses", iterations=1000)
    user.save(update_fields=["password"])
    return user


def log_in(port: int, user: Any) -> dict[str, str]:
    """The cookies of a session opened by logging in on the web process at `port`."""
    status, headers, body = get(port, "/connexion/")
    cookies = cookies_of(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    status, headers = post(
        port,
        "/connexion/",
        {"csrfmiddlewaretoken": token.group(1), "email": user.email, "password": PASSWORD},
        cookie_header(cookies),
    )
    assert status == 302
    cookies.update(cookies_of(headers))
    return cookies


def test_a_session_opened_on_one_web_process_works_on_the_other(territory: Any) -> None:
    user = member_with_password(territory, "deux-processus@example.test")
    with web_processes(2) as (first, second):
        cookies = log_in(first, user)
        status, _headers, body = get(second, "/", cookie_header(cookies))
    assert status == 200
    assert 'action="/deconnexion/"' in body


def test_a_member_who_leaves_loses_the_group_on_every_web_process_at_once(
    territory: Any,
) -> None:
    """The roles are kept in Redis between requests: a departure written by another process
    (here a management shell, as an admin's script would) reaches both web processes' next
    request."""
    user = member_with_password(territory, "depart@example.test")
    membership = Membership.objects.get(person__user=user)
    page = f"/groupes/{membership.group_id}/"
    with web_processes(2) as (first, second):
        cookies = cookie_header(log_in(first, user))
        assert get(first, page, cookies)[0] == 200
        assert get(second, page, cookies)[0] == 200  # both have read the roles by now
        manage(
            "shell",
            "-c",
            "import datetime; from maillage.editions.models import Membership; "
            f"m = Membership.objects.get(pk={membership.pk}); "
            "m.left_on = datetime.date.today(); m.save()",
        )
        assert get(first, page, cookies)[0] == 404
        assert get(second, page, cookies)[0] == 404


def test_a_page_kept_by_a_web_process_follows_a_write_by_another_process(
    territory: Any,
) -> None:
    """Pages are kept in Redis per session (core.page_cache): a write by another process (a
    shell here) moves the version of the table it wrote, so neither web process serves the
    page it kept before."""
    user = member_with_password(territory, "garde@example.test")
    membership = Membership.objects.get(person__user=user)
    page = f"/groupes/{membership.group_id}/"
    with web_processes(2) as (first, second):
        cookies = cookie_header(log_in(first, user))
        for port in (first, second):
            get(port, page, cookies)
        status, headers, _body = get(first, page, cookies)
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
        manage(
            "shell",
            "-c",
            "from maillage.editions.models import Group; "
            f"Group.objects.filter(pk={membership.group_id}).update(name='Les Passeurs de fil')",
        )
        for port in (first, second):
            status, _headers, body = get(port, page, cookies)
            assert status == 200
            assert "Les Passeurs de fil" in body


def test_two_workers_send_a_batch_of_reminders_once_each() -> None:
    group = GroupFactory()
    fill_group(group, leaders=12, facilitators=3)
    MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname=HOST, port=sink.port)
    controller.start()
    email = f"smtp://{HOST}:{sink.port}"
    try:
        manage("send_reminders", EMAIL_URL=email)
        manage("send_reminders", EMAIL_URL=email)  # as from a second machine: each row twice
        workers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
                 "--worker-id", f"worker-{n}", "-v", "0"],
                cwd=ROOT,
                env=production_env(EMAIL_URL=email),
                start_new_session=True,
            )
            for n in (1, 2)
        ]  # fmt: skip
        for worker in workers:
            assert worker.wait(timeout=STARTUP_SECONDS * 2) == 0
    finally:
        controller.stop()
    recipients = sorted(address for _sender, rcpts, _message in sink.received for address in rcpts)
    expected = sorted(
        Membership.objects.filter(group_id=group.pk).values_list("person__email", flat=True)
    )
    assert recipients == expected
    assert set(ReminderDelivery.objects.values_list("state", flat=True)) == {"sent"}
