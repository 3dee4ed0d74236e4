"""The network pages and API, through the engine's adapter, on a small world with known
answers; names only on the viewer's own ties."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from maillage.business.models import Contact, Referral
from maillage.business.network import group_members, network_view
from maillage.business.selectors import MIN_WINNERS_FOR_AMOUNT, exchange_figures
from maillage.business.tests.conftest import person_of
from maillage.business.tests.factories import ContactFactory, ReferralFactory
from maillage.editions.models import Group, Membership
from maillage.surveys.selectors import MIN_PEOPLE
from maillage.territories.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("members")]

TODAY = datetime.date.today()


def leaders(group: Group) -> list[Person]:
    return [
        m.person
        for m in Membership.objects.filter(group=group, role="leader")
        .select_related("person")
        .order_by("person__user", "pk")
    ]


@pytest.fixture
def ties(group: Group, leader: Any) -> list[Person]:
    """In the group of 15: the leader called two groupmates (one also referred them), and two
    other groupmates called each other: 3 ties."""
    me = person_of(leader)
    a, b, c, d = [p for p in leaders(group) if p.pk != me.pk][:4]
    ContactFactory(author=me, other=a)
    ContactFactory(author=b, other=me, direction="received")
    ReferralFactory(referrer=me, referee=b)
    ContactFactory(author=c, other=d)
    return [me, a, b, c, d]


def test_the_figures_count_each_pair_once(group: Group, ties: list[Person]) -> None:
    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=None,
    )
    assert view.figures.people == 15
    assert view.figures.ties == 3
    assert view.figures.density == pytest.approx(3 / (15 * 14 / 2))
    assert view.figures.average_degree == pytest.approx(6 / 15)


def test_the_timeline_starts_at_the_opening_and_ends_today(
    group: Group, ties: list[Person]
) -> None:
    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=None,
    )
    assert view.timeline[0].at == group.edition.opening_date
    assert view.timeline[-1].at == TODAY
    assert view.timeline[0].ties == 0


def test_the_drawing_names_the_viewer_and_their_ties_only(group: Group, ties: list[Person]) -> None:
    me, a, b, _c, _d = ties
    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=me.pk,
    )
    named = {node.person_id for node in view.nodes if node.person_id is not None}
    assert named == {me.pk, a.pk, b.pk}
    assert sum(edge.own for edge in view.edges) == 2


def test_staff_see_an_anonymous_drawing(group: Group, ties: list[Person]) -> None:
    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=None,
    )
    assert all(node.person_id is None and node.label == "" for node in view.nodes)
    assert len(view.edges) == 3


def test_a_set_of_fewer_than_five_is_not_drawn(leader: Any, group: Group) -> None:
    people = {p.pk for p in leaders(group)[:4]}
    view = network_view(people, today=TODAY, start=TODAY, viewer_person_id=person_of(leader).pk)
    assert not view.drawn
    assert view.nodes == []


def test_ties_across_editions_and_still_active_after_close(
    alumni_group: Group, alumnus: Any, group: Group, leader: Any
) -> None:
    """Two alumni called each other during their edition and again after it closed; one of
    them called a current member: 2 ties of the alumni group, 1 across editions."""
    me = person_of(alumnus)
    mate = next(p for p in leaders(alumni_group) if p.pk != me.pk)
    closing = alumni_group.edition.closing_date
    ContactFactory(author=me, other=mate, happened_on=closing - datetime.timedelta(days=30))
    ContactFactory(author=mate, other=me, happened_on=closing + datetime.timedelta(days=30))
    ContactFactory(author=me, other=person_of(leader), happened_on=TODAY)
    view = network_view(
        group_members(alumni_group.pk, TODAY),
        today=TODAY,
        start=alumni_group.edition.opening_date,
        viewer_person_id=None,
    )
    assert view.figures.ties == 1
    assert view.figures.outside_ties == 1
    assert view.figures.cross_edition_share == pytest.approx(1 / 2)
    assert view.figures.ties_at_close == 1
    assert view.figures.still_active_share == 1.0


# Pages and API -----------------------------------------------------------------------------------


def test_the_group_page_draws_an_svg_without_inline_style(
    client: Any, leader: Any, group: Group, ties: list[Person]
) -> None:
    client.force_login(leader)
    page = client.get(reverse("business:group_network", args=[group.pk])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg
    assert svg.count("<circle") == 15
    assert ties[1].full_name in page  # a person the leader exchanged with
    assert ties[3].full_name not in page  # someone else's tie


def test_the_drawing_markup_escapes_names_and_marks_the_viewer(
    group: Group, ties: list[Person]
) -> None:
    """The SVG is built once per view, outside the templates: it escapes as they did."""
    me, a, *_ = ties
    Person.objects.filter(pk=a.pk).update(first_name="<b>Anne")
    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=me.pk,
    )
    shapes = str(view.shapes)
    assert shapes.count("<line ") == len(view.edges) == 3
    assert shapes.count("<circle ") == len(view.nodes) == 15
    assert "&lt;b&gt;Anne" in shapes
    assert "<b>" not in shapes
    assert f'r="{view.node_radius + 3}" fill="#0b6e4f"' in shapes  # the viewer, larger
    assert shapes.count('stroke="#0b6e4f" stroke-width="3"') == 2  # the viewer's own ties


def test_the_drawings_table_speaks_the_pages_language(group: Group, ties: list[Person]) -> None:
    from django.utils import translation

    view = network_view(
        group_members(group.pk, TODAY),
        today=TODAY,
        start=group.edition.opening_date,
        viewer_person_id=ties[0].pk,
    )
    with translation.override("fr"):
        french = [who for who, _ties in view.rows]
    with translation.override("en"):
        english = [who for who, _ties in view.rows]
    assert "Vous" in french
    assert "You" in english
    assert sum(who.startswith("Membre anonyme n° ") for who in french) == 12  # 15 - me, a, b
    assert sum(who.startswith("Anonymous member no. ") for who in english) == 12


def test_the_project_manager_sees_figures_and_anonymous_nodes(
    client: Any, project_manager: Any, group: Group, ties: list[Person]
) -> None:
    client.force_login(project_manager)
    page = client.get(reverse("business:group_network", args=[group.pk])).content.decode()
    for person in ties:
        assert person.full_name not in page
    assert "Membre anonyme" in page
    assert "Plein foncé" not in page  # the legend of a member's own node: staff have none
    assert "Chaque cercle est un membre, anonyme" in page


def test_a_member_reads_the_legend_of_their_own_node(
    client: Any, leader: Any, group: Group, ties: list[Person]
) -> None:
    client.force_login(leader)
    page = client.get(reverse("business:group_network", args=[group.pk])).content.decode()
    assert "Plein foncé" in page


@pytest.mark.parametrize("persona", ["other_group_leader", "alumnus", "outsider"])
def test_others_get_404_on_the_group_network(
    client: Any, request: Any, group: Group, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("business:group_network", args=[group.pk])).status_code == 404


def test_the_territory_page_shows_the_exchange_totals(
    client: Any, project_manager: Any, group: Group, ties: list[Person]
) -> None:
    client.force_login(project_manager)
    page = client.get(
        reverse("business:territory_network", args=[group.edition.territory.slug])
    ).content.decode()
    assert "Échanges et affaires, en chiffres" in page
    assert ReferralFactory._meta.model.objects.get().client not in page


def test_the_api_gives_the_figures_and_names_only_the_callers_ties(
    api: Any, leader: Any, project_manager: Any, group: Group, ties: list[Person]
) -> None:
    mine = api(leader).get(f"/groups/{group.pk}/network").json()
    assert mine["figures"]["ties"] == 3
    assert {n["name"] for n in mine["nodes"] if n["name"]} == {p.full_name for p in ties[:3]}
    staff = api(project_manager).get(f"/groups/{group.pk}/network").json()
    assert all(n["name"] is None for n in staff["nodes"])
    assert api(project_manager).get(f"/groups/{group.pk + 999}/network").status_code == 404


def test_a_contact_the_viewer_is_not_part_of_never_names_its_ends(
    api: Any, facilitator: Any, group: Group, ties: list[Person]
) -> None:
    body = api(facilitator).get(f"/groups/{group.pk}/network").json()
    assert [n for n in body["nodes"] if n["name"]] == [n for n in body["nodes"] if n["is_viewer"]]
    assert Contact.objects.count() == 3


def test_people_without_a_tie_go_in_a_row_at_the_bottom() -> None:
    from maillage.business.network import arrange

    positions = {0: (0.0, 0.0), 1: (0.45, 0.5), 2: (0.55, 0.5), 3: (1.0, 1.0)}
    spots = arrange(positions, {1: 1, 2: 1})
    assert spots[0][1] == spots[3][1] == 1.0
    assert spots[1][0] == 0.0
    assert spots[2][0] == 1.0
    assert max(spots[1][1], spots[2][1]) < 1.0


def won(referrer: Person, referee: Person, amount: str) -> None:
    ReferralFactory(
        referrer=referrer, referee=referee, status=Referral.Status.WON, amount=Decimal(amount)
    )


def test_an_amount_won_by_one_member_never_shows_however_many_referrals(group: Group) -> None:
    giver, *others = leaders(group)
    for _ in range(6):
        won(giver, others[0], "1000")
    (edition,) = exchange_figures(Group.objects.filter(pk=group.pk))
    assert edition.referrals_won == 6
    assert edition.groups[0].amount_won is None
    assert edition.amount_won is None


def test_an_amount_won_by_five_members_shows(group: Group) -> None:
    giver, *others = leaders(group)
    for other in others[:4]:
        won(giver, other, "1000")
    (edition,) = exchange_figures(Group.objects.filter(pk=group.pk))
    assert edition.amount_won is None  # four winners
    won(giver, others[4], "500")
    (edition,) = exchange_figures(Group.objects.filter(pk=group.pk))
    assert edition.groups[0].amount_won == Decimal("4500")
    assert edition.amount_won == Decimal("4500")


def test_the_business_rule_is_the_bilans_small_number_rule() -> None:
    assert MIN_WINNERS_FOR_AMOUNT == MIN_PEOPLE


def test_the_edition_total_never_gives_away_a_hidden_groups_amount(
    group: Group, other_group: Group
) -> None:
    """Five members won in one group, one member in the other (hidden): shown beside the
    edition's total, the first group's amount would give that one member's income. The first
    group's is hidden too; the total (six winners) shows."""
    giver, *others = leaders(group)
    for other in others[:5]:
        won(giver, other, "1000")
    other_giver, lone_winner = leaders(other_group)[:2]
    won(other_giver, lone_winner, "7300")
    (edition,) = exchange_figures(Group.objects.filter(pk__in=[group.pk, other_group.pk]))
    shown = {row.group_id: row.amount_won for row in edition.groups}
    assert shown == {group.pk: None, other_group.pk: None}
    assert edition.amount_won == Decimal("12300")


def test_a_group_shows_its_amount_again_when_the_hidden_ones_hold_five_winners_together(
    group: Group, other_group: Group
) -> None:
    giver, *others = leaders(group)
    for other in others[:5]:
        won(giver, other, "1000")
    other_giver, *other_winners = leaders(other_group)
    for winner in other_winners[:3]:
        won(other_giver, winner, "100")
    (edition,) = exchange_figures(Group.objects.filter(pk__in=[group.pk, other_group.pk]))
    assert [row.amount_won for row in edition.groups] == [None, None]
    assert edition.amount_won == Decimal("5300")
    for winner in other_winners[3:5]:
        won(other_giver, winner, "100")
    (edition,) = exchange_figures(Group.objects.filter(pk__in=[group.pk, other_group.pk]))
    shown = {row.group_id: row.amount_won for row in edition.groups}
    assert shown == {group.pk: Decimal("5000"), other_group.pk: Decimal("500")}
    assert edition.amount_won == Decimal("5500")


def test_the_edition_total_shows_when_no_group_is_hidden_for_few_winners(
    group: Group, other_group: Group
) -> None:
    """Hidden groups whose winners, together, are five or more hide no one's income: the edition
    total shows though neither group's does."""
    giver, *others = leaders(group)
    for other in others[:3]:
        won(giver, other, "1000")
    other_giver, *other_winners = leaders(other_group)
    for winner in other_winners[:2]:
        won(other_giver, winner, "100")
    (edition,) = exchange_figures(Group.objects.filter(pk__in=[group.pk, other_group.pk]))
    assert [row.amount_won for row in edition.groups] == [None, None]
    assert edition.amount_won == Decimal("3200")
