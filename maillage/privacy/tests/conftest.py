"""A small world around Alice, a leader of the group "Groupe Loire", and Bruno, her neighbour in
the group: each has an account, attendance, a consent change, audit entries, credentials."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from conftest import member_user
from maillage.accounts.models import MagicLink, User, hash_token
from maillage.accounts.services import api_token_create
from maillage.core.audit import audit
from maillage.editions.charter import CHARTER_VERSION
from maillage.editions.models import CharterAcceptance, Group, Membership
from maillage.meetings.models import (
    CalendarFeed,
    HostingPreference,
    Meeting,
    Minutes,
    MinutesRevision,
    ReminderDelivery,
    Rsvp,
)
from maillage.meetings.tests.factories import AttendanceFactory, MeetingFactory, MinutesFactory
from maillage.privacy.services import consents_update
from maillage.territories.models import Person


@dataclass
class World:
    group: Group
    alice: User
    alice_person: Person
    bruno: User
    bruno_person: Person
    meeting: Meeting
    minutes: Minutes


def named_member(group: Group, email: str, first: str, last: str, phone: str) -> User:
    user = member_user(group, Membership.Role.LEADER, email)
    Person.objects.filter(user=user).update(
        first_name=first, last_name=last, email=email, phone=phone, job_title="Gérante"
    )
    user.display_name = f"{first} {last}"
    user.save(update_fields=["display_name"])
    return user


@pytest.fixture
def world(group: Group) -> World:
    alice = named_member(group, "alice.lambert@example.test", "Alice", "Lambert", "0611223344")
    bruno = named_member(group, "bruno.martin@example.test", "Bruno", "Martin", "0655667788")
    alice_person = Person.objects.get(user=alice)
    bruno_person = Person.objects.get(user=bruno)
    meeting: Any = MeetingFactory(group=group, number=3)
    for person in (alice_person, bruno_person):
        AttendanceFactory(meeting=meeting, person=person)
        CharterAcceptance.objects.create(
            membership=person.memberships.get(group=group), version=CHARTER_VERSION
        )
    consents_update(person=alice_person, choices={"quote_consent": True}, by=alice)
    consents_update(person=bruno_person, choices={"quote_consent": True}, by=bruno)
    minutes: Any = MinutesFactory(
        meeting=meeting, updated_by=alice, text="Alice a parlé de sa trésorerie."
    )
    MinutesRevision.objects.create(minutes=minutes, text=minutes.text, author=alice)
    for person in (alice_person, bruno_person):
        Rsvp.objects.create(
            meeting=meeting, person=person, answer="no", reason=f"{person.first_name} est malade"
        )
        CalendarFeed.objects.create(person=person, token_hash=f"feed-{person.pk}")
        HostingPreference.objects.create(group=group, person=person, willing=False)
        ReminderDelivery.objects.create(
            meeting=meeting, person=person, kind="day", last_error=f"550 {person.email} inconnu"
        )
    for user in (alice, bruno):
        api_token_create(user=user, name=f"portable de {user.display_name}", ip_address="192.0.2.7")
        MagicLink.objects.create(
            user=user,
            token_hash=hash_token(f"secret-{user.pk}"),
            expires_at=timezone.now() + datetime.timedelta(minutes=10),
        )
        audit(user, "accounts.login.succeeded", obj=user, ip_address="198.51.100.4")
    return World(group, alice, alice_person, bruno, bruno_person, meeting, minutes)


def identifiers(world: World, who: str) -> list[str]:
    """Strings that identify Alice or Bruno."""
    person: Any = getattr(world, f"{who}_person")
    user: Any = getattr(world, who)
    return [person.first_name, person.last_name, person.email, person.phone, user.display_name]
