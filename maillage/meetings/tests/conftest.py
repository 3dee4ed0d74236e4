"""Meetings of the personas' group, the members' charter accepted, and a real SMTP server on
127.0.0.1 to send emails to."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import accept_charter
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory

PARIS = ZoneInfo("Europe/Paris")


def evening_in(days: int) -> datetime.datetime:
    """18:00 in Paris, `days` days from today there."""
    day = timezone.localdate(timezone=PARIS) + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=PARIS)


@pytest.fixture
def leader(leader: Any) -> Any:
    """The root persona, who accepted the group's confidentiality charter."""
    return accept_charter(leader)


@pytest.fixture
def facilitator(facilitator: Any) -> Any:
    return accept_charter(facilitator)


@pytest.fixture
def other_group_leader(other_group_leader: Any) -> Any:
    return accept_charter(other_group_leader)


@pytest.fixture
def planned_meeting(group: Group) -> Meeting:
    """Meeting n° 5 of the group, in ten days from 18:00 to 21:00 (Paris), at a leader's firm.
    Fixed hours: a meeting at the hour the tests run ended after midnight when they ran in the
    evening, and a move (same hours, another day) was refused."""
    host = group.memberships.filter(role=Membership.Role.LEADER).first().person
    return MeetingFactory(
        group=group,
        number=5,
        status=Meeting.Status.PLANNED,
        starts_at=evening_in(days=10),
        host=host,
        host_company=host.company,
    )


@pytest.fixture
def todays_meeting(group: Group) -> Meeting:
    """Meeting n° 5 of the group, begun ten minutes ago: its presence may be recorded."""
    return MeetingFactory(
        group=group,
        number=5,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
    )


@pytest.fixture
def held_meeting(group: Group) -> Meeting:
    return MeetingFactory(
        group=group,
        number=4,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=20),
    )


@dataclass
class Sink:
    """What the SMTP server received, and how it answers."""

    port: int
    refuse: bool = False
    received: list[tuple[str, list[str], Message]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [message for _, rcpts, message in self.received if address in rcpts]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def use_smtp(settings: Any, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def smtp_sink(settings: Any) -> Iterator[Sink]:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1; Django sends to it."""
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    use_smtp(settings, sink.port)
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings: Any) -> int:
    """An address where no SMTP server listens."""
    port = free_port()
    use_smtp(settings, port)
    return port
