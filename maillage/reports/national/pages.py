"""The main pages and API lists of each role, on a generated network: who asks for what.

`bench_accounts` picks one account per role (deterministically, by query: works on the national
dataset and on the demo alike); `main_pages` lists, for those accounts, the pages and API lists
the scale tests and the benchmark request. Shared by `maillage/reports/tests/test_explain.py`
and `bench/throughput.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from maillage.accounts.models import User
from maillage.editions.models import Edition, Group, Membership
from maillage.meetings.models import Meeting
from maillage.territories.models import NetworkAdmin, ProjectManager, Territory

ROLES = ("network_admin", "project_manager", "facilitator", "leader", "alumnus")


@dataclass(frozen=True)
class Page:
    role: str
    name: str
    path: str
    api: bool = False

    @property
    def label(self) -> str:
        return f"{self.role}: {self.name}"


@dataclass(frozen=True)
class BenchAccounts:
    users: dict[str, User]
    territory: Territory  # the project manager's
    edition: Edition  # a running edition of that territory
    group: Group  # a running group of that edition, with the facilitator and the leader
    alumni_group: Group


def bench_accounts(network_slug: str, today: datetime.date | None = None) -> BenchAccounts:
    """One account per role in the network `network_slug`."""
    today = today or timezone.localdate()
    admin = NetworkAdmin.objects.filter(network__slug=network_slug).select_related("user").first()
    running = Q(group__edition__opening_date__lte=today, group__edition__closing_date__gt=today)
    in_network = Q(group__edition__territory__network__slug=network_slug)
    active = Q(left_on__isnull=True, person__user__isnull=False)
    membership = (
        Membership.objects.filter(in_network, running, active, role=Membership.Role.FACILITATOR)
        .filter(group__memberships__role=Membership.Role.LEADER)
        .select_related("person__user", "group__edition__territory__network")
        .order_by("group__edition__territory_id", "group_id", "id")
        .first()
    )
    if admin is None or membership is None:
        raise LookupError(f"No network admin or running group in {network_slug!r}.")
    group = membership.group
    territory = group.edition.territory
    manager = (
        ProjectManager.objects.filter(territory=territory)
        .select_related("user")
        .order_by("id")
        .first()
    )
    # The leader with the most meetings attended: a busy member's pages.
    leader = (
        Membership.objects.filter(active, group=group, role=Membership.Role.LEADER)
        .select_related("person__user")
        .order_by("id")
        .first()
    )
    current = Membership.objects.filter(running).values("person_id")
    alumnus = (
        Membership.objects.filter(
            in_network,
            active,
            role=Membership.Role.LEADER,
            group__edition__territory=territory,
            group__edition__closing_date__lte=today,
        )
        .exclude(person_id__in=current)
        .select_related("person__user", "group")
        .order_by("-group__edition__closing_date", "id")
        .first()
    )
    if manager is None or leader is None or alumnus is None:
        raise LookupError(f"No project manager, leader or alumnus in {territory.slug!r}.")
    users = {
        "network_admin": admin.user,
        "project_manager": manager.user,
        "facilitator": membership.person.user,
        "leader": leader.person.user,
        "alumnus": alumnus.person.user,
    }
    return BenchAccounts(
        users={role: user for role, user in users.items() if user is not None},
        territory=territory,
        edition=group.edition,
        group=group,
        alumni_group=alumnus.group,
    )


def main_pages(accounts: BenchAccounts) -> list[Page]:
    """Each role's main pages and API lists."""
    group, edition, slug = accounts.group, accounts.edition, accounts.territory.slug
    network = accounts.territory.network.slug
    now = timezone.now()
    meetings = Meeting.objects.filter(group=group)
    next_meeting = meetings.filter(starts_at__gte=now).order_by("starts_at").first()
    last_held = (
        meetings.filter(status=Meeting.Status.HELD, starts_at__lt=now)
        .order_by("-starts_at")
        .first()
    )
    meeting = next_meeting or last_held
    if meeting is None or last_held is None:
        raise LookupError(f"The group {group.pk} has no held meeting.")
    pages = [
        Page("network_admin", "home", "/"),
        Page("network_admin", "directory", "/annuaire/"),
        Page("network_admin", "territory", f"/territoires/{slug}/"),
        Page("network_admin", "themes catalogue", "/thematiques/"),
        Page("network_admin", "audit trail", "/journal/"),
        Page("network_admin", "network bilan", f"/reseaux/{network}/bilan/"),
        Page("project_manager", "home", "/"),
        Page("project_manager", "territory", f"/territoires/{slug}/"),
        Page("project_manager", "edition", f"/editions/{edition.pk}/"),
        Page("project_manager", "applications", f"/editions/{edition.pk}/candidatures/"),
        Page("project_manager", "territory network", f"/territoires/{slug}/reseau/"),
        Page("project_manager", "surveys", f"/territoires/{slug}/questionnaires/"),
        Page("project_manager", "territory trail", f"/territoires/{slug}/journal/"),
        Page("project_manager", "territory bilan", f"/territoires/{slug}/bilan/"),
        Page("project_manager", "edition bilan", f"/editions/{edition.pk}/bilan/"),
        Page("project_manager", "directory", "/annuaire/"),
        Page("facilitator", "home", "/"),
        Page("facilitator", "group", f"/groupes/{group.pk}/"),
        Page("facilitator", "attendance", f"/rencontres/{last_held.pk}/presences/"),
        Page("facilitator", "agenda", f"/rencontres/{meeting.pk}/ordre-du-jour/"),
        Page("facilitator", "group themes", f"/groupes/{group.pk}/thematiques/"),
        Page("facilitator", "group bilan", f"/groupes/{group.pk}/bilan/"),
        Page("leader", "home", "/"),
        Page("leader", "group", f"/groupes/{group.pk}/"),
        Page("leader", "meeting", f"/rencontres/{meeting.pk}/"),
        Page("leader", "minutes", f"/rencontres/{last_held.pk}/compte-rendu/"),
        Page("leader", "group ideas", f"/groupes/{group.pk}/idees/"),
        Page("leader", "exchanges", "/echanges/"),
        Page("leader", "contacts", "/echanges/contacts/"),
        Page("leader", "referrals", "/echanges/recommandations/"),
        Page("leader", "group network", f"/groupes/{group.pk}/reseau/"),
        Page("leader", "directory", "/annuaire/"),
        Page("leader", "my calendar", "/mon-agenda/"),
        Page("leader", "group calendar", f"/groupes/{group.pk}/calendrier/"),
        Page("leader", "my data", "/mes-donnees/"),
        Page("alumnus", "home", "/"),
        Page("alumnus", "directory", "/annuaire/"),
        Page("alumnus", "exchanges", "/echanges/"),
        # API lists
        Page("network_admin", "API territories", "/api/v1/territories", api=True),
        Page("network_admin", "API themes", "/api/v1/themes", api=True),
        Page("project_manager", "API territory report", f"/api/v1/territories/{slug}/report", True),
        Page(
            "project_manager", "API edition report", f"/api/v1/editions/{edition.pk}/report", True
        ),
        Page(
            "project_manager",
            "API applications",
            f"/api/v1/editions/{edition.pk}/applications",
            api=True,
        ),
        Page("leader", "API group meetings", f"/api/v1/groups/{group.pk}/meetings", api=True),
        Page("leader", "API ideas", "/api/v1/ideas", api=True),
        Page("leader", "API contacts", "/api/v1/contacts", api=True),
        Page("leader", "API referrals", "/api/v1/referrals", api=True),
        Page("leader", "API group ballots", f"/api/v1/groups/{group.pk}/ballots", api=True),
        Page("leader", "API group network", f"/api/v1/groups/{group.pk}/network", api=True),
    ]
    return [page for page in pages if page.role in accounts.users]
