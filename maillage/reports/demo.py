"""The demo territory, gathered from each app's own part (`maillage/<app>/demo.py`).

Built in one transaction, anchored on a day (today by default): same day, same data. Demo
accounts exist only through here (`python manage.py load_demo`).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from maillage.accounts.models import User
from maillage.business import demo as business_demo
from maillage.editions import demo as editions_demo
from maillage.meetings import demo as meetings_demo
from maillage.reports import demo_trail
from maillage.surveys import demo as surveys_demo
from maillage.territories import demo as territories_demo
from maillage.territories.models import Network, Person, Territory
from maillage.territories.reference import load_reference_data
from maillage.themes import demo as themes_demo

PASSWORD = "maillage-demo-roannais"
ACCOUNT_EMAILS = territories_demo.ACCOUNT_EMAILS + editions_demo.ACCOUNT_EMAILS
# 156 firms' leaders (with the returning alumni, 159 leader places in 14 groups), and the firms
# that only apply (edition 4's waiting list, edition 5's applicants).
SMALL_FIRMS = 156 + editions_demo.recruitment_demo.APPLICANT_FIRMS
SEED = "maillage-demo"


class DemoError(Exception):
    """The demo cannot be built or removed as asked."""


@dataclass(frozen=True)
class DemoSummary:
    today: datetime.date
    territory: Territory
    accounts: list[territories_demo.DemoAccount]
    editions: int
    groups: int
    meetings: int


def demo_exists() -> bool:
    return (
        Network.objects.filter(slug=territories_demo.NETWORK_SLUG).exists()
        or Territory.objects.filter(slug=territories_demo.TERRITORY_SLUG).exists()
        or User.objects.filter(email__in=ACCOUNT_EMAILS).exists()
        or Person.objects.filter(email__endswith=f"@{territories_demo.DEMO_EMAIL_DOMAIN}").exists()
    )


def demo_delete() -> None:
    """Remove the demo network with everything under it, and the demo accounts."""
    with transaction.atomic():
        network = Network.objects.filter(slug=territories_demo.NETWORK_SLUG).first()
        if network is not None:
            surveys_demo.delete(network)
            business_demo.delete(network)
            themes_demo.delete(network)
            meetings_demo.delete(network)
            editions_demo.delete(network)
            territories_demo.delete(network)
        other = Territory.objects.filter(slug=territories_demo.TERRITORY_SLUG).first()
        if other is not None:
            raise DemoError(
                f"A territory with the slug {other.slug!r} exists outside the demo network "
                f"({other.network}): remove it first, the demo needs that slug."
            )
        User.objects.filter(email__in=ACCOUNT_EMAILS).delete()


def demo_build(*, today: datetime.date) -> DemoSummary:
    """Build the whole demo anchored on `today`. The demo must not exist yet."""
    if demo_exists():
        raise DemoError("The demo is already loaded.")
    password_hash = make_password(PASSWORD)  # once: argon2 is slow on purpose

    def rng(part: str) -> random.Random:
        return random.Random(f"{SEED}:{part}")  # each part its own stream

    with transaction.atomic():
        load_reference_data()
        openings = editions_demo.edition_opening_dates(today)
        territory_part = territories_demo.build(
            rng=rng("territories"),
            password_hash=password_hash,
            small_firms=SMALL_FIRMS,
            founded_before=openings[0].year,
        )
        editions_part = editions_demo.build(
            territory_part, today=today, rng=rng("editions"), password_hash=password_hash
        )
        catalogue = themes_demo.build_catalogue(territory_part.network)
        theme_plan = themes_demo.plan(editions_part.groups, catalogue, rng("themes"), today=today)
        meetings_part = meetings_demo.build(
            editions_part,
            territory=territory_part.territory,
            organiser_venue=(
                f"Salle de réunion de la {territory_part.territory.organiser}",
                "42300 Roanne",
            ),
            today=today,
            rng=rng("meetings"),
            topics=themes_demo.topics(theme_plan),
        )
        themes_demo.link(meetings_part, theme_plan)
        themes_demo.build_ballots_and_ratings(
            meetings_part,
            theme_plan,
            zone=ZoneInfo(territory_part.territory.time_zone),
            today=today,
            rng=rng("themes-votes"),
        )
        business_demo.build(editions_part, meetings_part, today=today, rng=rng("business"))
        surveys_demo.build(
            editions_part,
            zone=ZoneInfo(territory_part.territory.time_zone),
            today=today,
            rng=rng("surveys"),
        )
        zone = ZoneInfo(territory_part.territory.time_zone)
        demo_trail.build(
            territory_part.territory,
            until=datetime.datetime.combine(today, datetime.time(8), tzinfo=zone),
        )
    return DemoSummary(
        today=today,
        territory=territory_part.territory,
        accounts=territory_part.accounts + editions_part.accounts,
        editions=len(editions_part.editions) + (1 if editions_part.recruiting else 0),
        groups=len(editions_part.groups),
        meetings=len(meetings_part.meetings),
    )
