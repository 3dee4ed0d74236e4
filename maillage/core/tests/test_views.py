"""The home page by role, the navigation, and the layout every page shares."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import fill_group
from maillage.core import home, navigation
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.tests.factories import EditionFactory, GroupFactory
from maillage.meetings.models import Meeting
from maillage.meetings.tests.factories import MeetingFactory
from maillage.territories.tests.factories import TerritoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pages_made]


def home_page(client: Any, user: Any) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return str(response.content.decode())


def main_content(page: str) -> str:
    return page.split('<main id="main"')[1]


def plan_meeting(group: Group, days: int = 10, **extra: Any) -> Meeting:
    return MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        **extra,
    )


def test_home_sends_anonymous_visitors_to_the_login(client: Any) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/"


def test_leader_home_shows_the_next_meeting_and_the_group(
    client: Any, leader: Any, group: Group
) -> None:
    plan_meeting(group, days=40, number=5)
    plan_meeting(group, days=10, number=4, venue_name="Salle des Halles")
    page = home_page(client, leader)
    assert "Prochaine rencontre" in page
    assert "Rencontre n° 4" in page
    assert "Salle des Halles" in page
    assert "Rencontre n° 5" not in page
    assert "Mon groupe" in page
    assert "Groupe Loire" in page


def test_leader_home_opens_the_next_meeting(client: Any, leader: Any, group: Group) -> None:
    meeting = plan_meeting(group)
    page = main_content(home_page(client, leader))
    assert f'href="{reverse("meetings:meeting", args=[meeting.pk])}"' in page


def test_leader_home_says_what_to_expect_when_no_meeting_is_planned(
    client: Any, leader: Any, group: Group
) -> None:
    MeetingFactory(group=group, status=Meeting.Status.HELD)
    page = home_page(client, leader)
    assert "Pas encore de date pour la prochaine rencontre." in page


def test_leader_home_puts_the_next_meeting_before_the_group(
    client: Any, leader: Any, group: Group
) -> None:
    plan_meeting(group)
    page = main_content(home_page(client, leader))
    assert page.index("Prochaine rencontre") < page.index("Mon groupe")


def test_facilitator_home_starts_with_preparing_the_next_meeting(
    client: Any, facilitator: Any, group: Group
) -> None:
    plan_meeting(group)
    page = main_content(home_page(client, facilitator))
    assert "Préparer la prochaine rencontre" in page
    assert page.index("Préparer la prochaine rencontre") < page.index("Mon groupe")
    assert "Trouver un lieu" in page


def test_facilitator_home_links_each_thing_to_prepare_to_its_page(
    client: Any, facilitator: Any, group: Group
) -> None:
    meeting = plan_meeting(group)
    page = main_content(home_page(client, facilitator))
    for name in ("meeting", "agenda", "change"):  # the meeting, its agenda, its venue
        assert f'href="{reverse(f"meetings:{name}", args=[meeting.pk])}"' in page


def test_alumnus_home_shows_the_former_group(client: Any, alumnus: Any) -> None:
    page = home_page(client, alumnus)
    assert "Mon ancien groupe" in page
    assert "Groupe Charlieu" in page
    assert "Prochaine rencontre" not in page


def test_project_manager_home_lists_open_editions_not_closed_ones(
    client: Any, project_manager: Any, edition: Edition, closed_edition: Edition
) -> None:
    page = home_page(client, project_manager)
    assert "Mes éditions" in page
    assert reverse("reports:edition", args=[edition.pk]) in page
    assert reverse("reports:edition", args=[closed_edition.pk]) not in page


def test_project_manager_home_flags_groups_outside_their_bounds(
    client: Any, project_manager: Any, group: Group, edition: Edition
) -> None:
    small = GroupFactory(edition=edition, name="Groupe Perreux")
    fill_group(small, leaders=7)
    page = home_page(client, project_manager)
    assert "À surveiller" in page
    assert "Groupe Perreux" in page
    assert "7 dirigeants (attendu\u00a0: 10 à 12)" in page
    assert "Groupe Loire" not in page.split("À surveiller")[1]


def test_project_manager_home_flags_past_meetings_still_planned(
    client: Any, project_manager: Any, group: Group
) -> None:
    MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    page = home_page(client, project_manager)
    assert "1 rencontre passée est encore" in page


def test_project_manager_home_dates_a_past_meeting_in_its_territorys_time_zone(
    client: Any, project_manager: Any, group: Group
) -> None:
    """Martinique is five or six hours behind Paris: a meeting at 21:00 there is on the next
    day in Paris; the project manager reads the day of the territory."""
    from zoneinfo import ZoneInfo

    territory = group.edition.territory
    territory.time_zone = "America/Martinique"
    territory.save(update_fields=["time_zone"])
    martinique = ZoneInfo("America/Martinique")
    day = timezone.localdate(timezone=martinique) - datetime.timedelta(days=3)
    MeetingFactory(
        group=group,
        status=Meeting.Status.PLANNED,
        starts_at=datetime.datetime.combine(day, datetime.time(21), tzinfo=martinique),
    )
    page = home_page(client, project_manager)
    assert f"{day:%d/%m/%Y}</li>" in page


def test_project_manager_home_says_nothing_needs_attention(
    client: Any, project_manager: Any, group: Group
) -> None:
    assert "Rien à signaler." in home_page(client, project_manager)


def test_project_manager_home_does_not_show_another_territory(
    client: Any, other_project_manager: Any, group: Group, edition: Edition
) -> None:
    page = home_page(client, other_project_manager)
    assert "Aucune édition en cours ni en préparation." in page
    assert "Groupe Loire" not in page


def test_network_admin_home_lists_the_territories(
    client: Any, network_admin: Any, group: Group, other_territory: Any
) -> None:
    page = home_page(client, network_admin)
    assert "Mes territoires" in page
    assert reverse("reports:territory", args=["roannais"]) in page
    assert reverse("reports:territory", args=["forez"]) in page


def test_account_without_a_role_gets_a_friendly_explanation(client: Any, outsider: Any) -> None:
    page = home_page(client, outsider)
    assert "Votre compte n'est encore rattaché à aucun programme." in page
    assert "chef de projet" in page


# Navigation -----------------------------------------------------------------------------------


def nav_links(page: str) -> list[str]:
    nav = page.split('class="site-nav')[1].split("</nav>")[0] if "site-nav" in page else ""
    return re.findall(r'href="([^"]+)"', nav)


def test_leader_navigation_leads_to_the_group_then_the_directory(
    client: Any, leader: Any, group: Group
) -> None:
    links = nav_links(home_page(client, leader))
    assert links == [
        reverse("meetings:group", args=[group.pk]),
        reverse("themes:programme", args=[group.pk]),
        reverse("business:exchanges"),
        reverse("editions:directory"),
    ]


def test_project_manager_navigation_leads_to_the_territory(
    client: Any, project_manager: Any, territory: Any
) -> None:
    links = nav_links(home_page(client, project_manager))
    assert links == [
        reverse("reports:territory", args=["roannais"]),
        reverse("themes:catalogue"),
        reverse("editions:directory"),
        reverse("admin:index"),  # editions, groups and memberships are created there
    ]


def test_project_manager_navigation_follows_a_renamed_territory_at_once(
    client: Any, project_manager: Any, territory: Any
) -> None:
    """The territories of the navigation are kept with the roles between requests."""
    assert reverse("reports:territory", args=["roannais"]) in nav_links(
        home_page(client, project_manager)
    )
    territory.slug = "roannais-forez"
    territory.save()
    assert nav_links(client.get("/").content.decode())[0] == reverse(
        "reports:territory", args=["roannais-forez"]
    )


def test_alumnus_navigation_leads_to_the_former_group(
    client: Any, alumnus: Any, alumni_group: Group
) -> None:
    links = nav_links(home_page(client, alumnus))
    assert reverse("meetings:group", args=[alumni_group.pk]) in links


def test_account_without_a_role_has_no_navigation(client: Any, outsider: Any) -> None:
    assert nav_links(home_page(client, outsider)) == []


def test_django_admin_link_only_for_admin_site_users(client: Any, outsider: Any) -> None:
    assert reverse("admin:index") not in home_page(client, outsider)
    outsider.is_staff = True
    outsider.save()
    assert reverse("admin:index") in home_page(client, outsider)


def test_navigation_marks_the_current_page(client: Any, leader: Any, group: Group) -> None:
    client.force_login(leader)
    page = client.get(reverse("editions:directory")).content.decode()
    assert f'href="{reverse("editions:directory")}" aria-current="page"' in page


def test_home_sections_come_in_their_order(rf: Any, outsider: Any) -> None:
    def late(request: Any) -> list[home.Section]:
        return [home.Section("late.html", order=99)]

    def early(request: Any) -> list[home.Section]:
        return [home.Section("early.html", order=1)]

    saved = list(home._builders)
    try:
        home._builders.clear()  # the apps' own sections aside
        home.register(late)
        home.register(early)
        home.register(late)  # registering twice keeps one
        request = rf.get("/")
        request.user = outsider
        templates = [section.template for section in home.sections_for(request)]
        assert templates == ["early.html", "late.html"]
    finally:
        home._builders[:] = saved


def test_navigation_is_empty_for_anonymous_visitors(rf: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert navigation.items_for(request) == []


# Layout, languages, security headers ----------------------------------------------------------


def test_pages_have_a_skip_link_to_the_main_content(client: Any, leader: Any) -> None:
    page = home_page(client, leader)
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page


def test_pages_carry_no_inline_style_or_script(client: Any, leader: Any, group: Group) -> None:
    plan_meeting(group)
    page = home_page(client, leader)
    assert " style=" not in page
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
    assert not re.search(r"\son[a-z]+=", page)


@pytest.mark.parametrize(
    "url_name", ["home", "territory", "edition", "group", "directory", "person", "company"]
)
def test_no_page_carries_inline_style_or_script(
    client: Any, project_manager: Any, group: Group, url_name: str
) -> None:
    person = group.memberships.select_related("person").first().person
    urls = {
        "home": reverse("home"),
        "territory": reverse("reports:territory", args=[group.edition.territory.slug]),
        "edition": reverse("reports:edition", args=[group.edition_id]),
        "group": reverse("meetings:group", args=[group.pk]),
        "directory": reverse("editions:directory") + "?sector=nope",
        "person": reverse("editions:person", args=[person.pk]),
        "company": reverse("editions:company", args=[person.company_id]),
    }
    plan_meeting(group)
    client.force_login(project_manager)
    page = client.get(urls[url_name]).content.decode()
    assert " style=" not in page
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []


def test_pages_are_served_with_a_strict_content_security_policy(client: Any, leader: Any) -> None:
    client.force_login(leader)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_htmx_is_told_not_to_inject_its_indicator_styles(client: Any, leader: Any) -> None:
    page = home_page(client, leader)
    assert '"includeIndicatorStyles": false' in page
    assert "vendor/htmx/htmx.min.js" in page


def test_pages_are_french_by_default(client: Any, leader: Any) -> None:
    page = home_page(client, leader)
    assert '<html lang="fr"' in page
    assert "Se déconnecter" in page


def test_language_switch_turns_the_pages_to_english(client: Any, leader: Any) -> None:
    client.force_login(leader)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en"' in page
    assert "Log out" in page
    assert 'name="language" value="fr"' in page


def test_leader_home_is_translated_to_english(client: Any, leader: Any, group: Group) -> None:
    plan_meeting(group)
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("home")).content.decode()
    assert "Next meeting" in page
    assert "My group" in page


# Query budget ---------------------------------------------------------------------------------


def add_full_group(edition: Edition, name: str) -> Group:
    group = GroupFactory(edition=edition, name=name)
    fill_group(group, leaders=8)  # outside the bounds: one more line to show
    MeetingFactory(group=group, status=Meeting.Status.PLANNED)  # past, still planned
    plan_meeting(group)
    return group


def test_project_manager_home_query_budget(
    client: Any, project_manager: Any, group: Group, django_assert_num_queries: Any
) -> None:
    add_full_group(group.edition, "Groupe Perreux")
    client.force_login(project_manager)
    # session, user; roles: network admin rows, project manager rows, memberships, person;
    # the managed territories (read once: the business section's network links and the
    # navigation); attention: open groups, their members, past meetings still planned; open
    # editions (with group and leader counts)
    with django_assert_num_queries(11):
        client.get(reverse("home"))


def test_project_manager_home_queries_do_not_grow_with_the_data(
    client: Any, project_manager: Any, group: Group, closed_edition: Edition
) -> None:
    add_full_group(group.edition, "Groupe Perreux")
    client.force_login(project_manager)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    add_full_group(group.edition, "Groupe Renaison")
    add_full_group(EditionFactory(territory=group.edition.territory, number=5), "Groupe Ouest")
    add_full_group(closed_edition, "Groupe Charlieu")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(after) == len(before)


def test_leader_home_query_budget(
    client: Any, leader: Any, group: Group, django_assert_num_queries: Any
) -> None:
    plan_meeting(group)
    client.force_login(leader)
    # session, user; roles: network admin rows, project manager rows, memberships, person;
    # my groups (with member counts); their next meetings; themes: my open ballots, my meetings
    # to rate; business: my open ideas, my referrals, contacts to confirm; surveys: to answer
    with django_assert_num_queries(14):
        client.get(reverse("home"))


def test_network_admin_home_queries_do_not_grow_with_the_data(
    client: Any, network_admin: Any, group: Group, other_territory: Any
) -> None:
    client.force_login(network_admin)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    add_full_group(EditionFactory(territory=other_territory), "Groupe Forez")
    cache.clear()  # the territories' figures are prepared once, then served from the cache
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("home"))
    assert len(after) == len(before)


def test_membership_counts_ignore_people_who_left(client: Any, leader: Any, group: Group) -> None:
    gone = group.memberships.filter(role=Membership.Role.LEADER).exclude(person__user=leader)[0]
    gone.left_on = timezone.localdate() - datetime.timedelta(days=1)
    gone.save()
    page = home_page(client, leader)
    assert "<dt>Dirigeants</dt><dd>11</dd>" in page


def test_network_admin_home_pages_the_territories_of_a_large_network(
    client: Any, network_admin: Any, territory: Any
) -> None:
    for number in range(30):
        TerritoryFactory(network=territory.network, name=f"Territoire {number:02d}")
    first = home_page(client, network_admin)
    assert "31 territoires." in first
    assert "Page 1 sur 2" in first
    assert first.count('<th scope="row">') == 25
    client.force_login(network_admin)
    second = client.get(reverse("home"), {"page": 2}).content.decode()
    assert second.count('<th scope="row">') == 6
