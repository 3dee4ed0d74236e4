"""The territories app's part: the network, its territories with their communes, network
admins and project managers (accounts), and the large employers that lend facilitators."""

from __future__ import annotations

import random

from maillage.accounts.models import User
from maillage.reports.national.world import (
    EMAIL_DOMAIN,
    LARGE_EMPLOYERS,
    NETWORK_SLUG,
    TERRITORY_NAMES,
    TerritoryPlan,
    World,
    ascii_slug,
    siren_from,
)
from maillage.reports.national.writer import Writer
from maillage.territories.models import (
    ActivityCode,
    Commune,
    Company,
    Network,
    NetworkAdmin,
    ProjectManager,
    Territory,
)

COMMUNES_PER_TERRITORY = 20
EMPLOYERS_PER_TERRITORY = 12


def build(world: World, w: Writer) -> None:
    rng = world.rng("territories")
    network = Network.objects.using(w.using).create(name="Réseau national Plato", slug=NETWORK_SLUG)
    world.network_id = network.pk
    world.activity_ids = list(
        ActivityCode.objects.using(w.using)
        .filter(nomenclature=ActivityCode.Nomenclature.NAF_REV2)
        .order_by("code")
        .values_list("id", flat=True)
    )
    if not world.activity_ids:
        raise ValueError("No activity code: run `manage.py load_reference_data` first.")
    taken = set(Territory.objects.using(w.using).values_list("slug", flat=True))
    for index, territory_id in enumerate(w.ids(Territory, world.shape.territories)):
        base = TERRITORY_NAMES[index % len(TERRITORY_NAMES)]
        name = (
            base if index < len(TERRITORY_NAMES) else f"{base} {index // len(TERRITORY_NAMES) + 1}"
        )
        slug = ascii_slug(name)
        while slug in taken:
            slug += "-n"
        taken.add(slug)
        department = f"{10 + index % 85:02d}"
        centre = (43.3 + 7.0 * rng.random(), -1.5 + 8.5 * rng.random())
        world.territories.append(TerritoryPlan(territory_id, index, name, slug, department, centre))
    w.insert(
        Territory,
        ["id", "network", "name", "slug", "organiser"],
        ((t.id, world.network_id, t.name, t.slug, f"CCI {t.name}") for t in world.territories),
    )
    _communes(world, w, rng)
    _staff(world, w, rng)
    _employers(world, w, rng)


def _communes(world: World, w: Writer, rng: random.Random) -> None:
    rows = []
    for t in world.territories:
        ids = w.ids(Commune, COMMUNES_PER_TERRITORY)
        for j, commune_id in enumerate(ids):
            number = 800 + j + COMMUNES_PER_TERRITORY * (t.index // 85)
            lat = t.centre[0] + rng.uniform(-0.25, 0.25)
            lon = t.centre[1] + rng.uniform(-0.35, 0.35)
            name = f"{t.name}-{['le-Haut', 'le-Bas', 'sur-Loire', 'les-Bains', 'en-Plaine'][j % 5]}"
            if j >= 5:
                name = f"Saint-{rng.choice(['Just', 'Martin', 'Jean', 'Romain', 'Denis'])} {j}"
            rows.append(
                (
                    commune_id,
                    f"{t.department}{number}",
                    name,
                    f"{t.department}{number}",
                    t.department,
                    lat,
                    lon,
                )
            )
            t.commune_ids.append(commune_id)
            t.commune_points.append((lat, lon))
    w.insert(
        Commune,
        ["id", "insee_code", "name", "postal_code", "department", "latitude", "longitude"],
        rows,
    )
    w.insert(
        Territory.communes.through,
        ["territory", "commune"],
        ((t.id, c) for t in world.territories for c in t.commune_ids),
    )


def _staff(world: World, w: Writer, rng: random.Random) -> None:
    users: list[tuple[int, str, str]] = []
    admin_ids = list(w.ids(User, 2))
    for n, user_id in enumerate(admin_ids, start=1):
        users.append((user_id, f"reseau{n}@{EMAIL_DOMAIN}", f"Admin réseau {n}"))
    world.network_admin_user_ids = admin_ids
    for t in world.territories:
        count = 2 if rng.random() < 0.3 else 1
        for n, user_id in enumerate(w.ids(User, count), start=1):
            users.append((user_id, f"cdp{n}.{t.slug}@{EMAIL_DOMAIN}", f"Chef de projet {t.name}"))
            t.project_manager_user_ids.append(user_id)
    write_users(w, users, world)
    w.insert(NetworkAdmin, ["network", "user"], ((world.network_id, u) for u in admin_ids))
    w.insert(
        ProjectManager,
        ["territory", "user"],
        ((t.id, u) for t in world.territories for u in t.project_manager_user_ids),
    )


def write_users(w: Writer, users: list[tuple[int, str, str]], world: World) -> None:
    """Accounts without a usable password (the bench opens sessions directly)."""
    w.insert(
        User,
        ["id", "email", "display_name", "password", "date_joined"],
        ((uid, email, name, f"!national-{uid}", world.now) for uid, email, name in users),
    )


def _employers(world: World, w: Writer, rng: random.Random) -> None:
    for t in world.territories:
        for j, company_id in enumerate(w.ids(Company, EMPLOYERS_PER_TERRITORY)):
            point = t.commune_points[j % len(t.commune_points)]
            world.companies.append(
                (
                    company_id,
                    f"{LARGE_EMPLOYERS[j % len(LARGE_EMPLOYERS)]} – {t.name}",
                    siren_from(company_id + 500_000_000 // 10),
                    rng.choice(world.activity_ids),
                    "GE" if j % 3 else "ETI",
                    t.commune_ids[j % len(t.commune_ids)],
                    point[0],
                    point[1],
                )
            )
            t.employer_ids.append(company_id)
