"""Suggestions for a need: TF-IDF with French-aware preprocessing, measured on a labelled set;
only members one may see are suggested."""

from __future__ import annotations

from typing import Any

import pytest

from maillage.business import matching, services
from maillage.business.demo_data import KINDS
from maillage.business.models import OfferNeed
from maillage.business.selectors import suggestions
from maillage.business.tests.conftest import group_neighbour, person_of
from maillage.business.tests.factories import OfferNeedFactory
from maillage.editions.models import Group, Membership
from maillage.territories.models import Person


def small_labelled_set() -> list[matching.LabelledNeed]:
    """Two providers per kind of need (each offer in the provider's words, with a firm's
    blurb), and every need of every kind written in a client's words."""
    offers = []
    providers: dict[str, set[int]] = {}
    person = 0
    for kind in KINDS:
        for index in range(2):
            person += 1
            offers.append(
                matching.Offer(
                    person_id=person,
                    text=kind.offers[index % len(kind.offers)],
                    naf_code=kind.providers[index % len(kind.providers)],
                )
            )
            providers.setdefault(kind.key, set()).add(person)
    candidates = tuple(offers)
    return [
        matching.LabelledNeed(
            text=need, expected=frozenset(providers[kind.key]), candidates=candidates
        )
        for kind in KINDS
        for need in kind.needs
    ]


def test_tfidf_finds_the_right_members_far_better_than_chance() -> None:
    labelled = small_labelled_set()
    quality = matching.evaluate(labelled, matching.tfidf_ranker)
    chance = matching.evaluate(labelled, matching.random_ranker(1))
    # Measured: precision at 3 = 0.50, MRR = 0.76 (chance: 0.08 and 0.11).
    assert quality.precision_at_3 >= 0.45
    assert quality.mrr >= 0.65
    assert quality.mrr > 4 * chance.mrr


def test_folding_and_stemming_meet_accents_and_plurals() -> None:
    assert matching.tokens("Les Comptabilités") == matching.tokens("la comptabilite")
    assert "nous" not in matching.tokens("Nous cherchons un traiteur")


def test_the_reason_names_the_offers_own_words() -> None:
    offers = [matching.Offer(1, "Création de sites internet et référencement")]
    (match,) = matching.rank("refaire notre site internet", offers)
    assert set(match.shared_words) == {"sites", "internet"}


def test_a_need_naf_code_lifts_offers_of_that_class() -> None:
    offers = [
        matching.Offer(1, "Conseil aux dirigeants", "69.20Z"),
        matching.Offer(2, "Conseil aux dirigeants", "70.22Z"),
    ]
    ranked = matching.rank("conseil", offers, need_naf="69.20Z")
    assert [m.person_id for m in ranked] == [1, 2]
    assert ranked[0].same_naf == "class"


def test_empty_offers_and_needs_give_no_suggestion() -> None:
    assert matching.rank("", [matching.Offer(1, "Traiteur")]) == []
    assert matching.rank("traiteur", [matching.Offer(1, "  ")]) == []


# Who may be suggested ----------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytest.fixture
def caterers(group: Group, other_group: Group) -> dict[str, Any]:
    """Three caterers: a groupmate who keeps out of the directory, a member of the other group
    who appears in it, and one who does not."""
    neighbour = group_neighbour(group)
    others = [
        m.person
        for m in Membership.objects.filter(
            group=other_group, role="leader", person__user__isnull=True
        ).select_related("person")[:2]
    ]
    others[1].directory_consent = False
    others[1].save(update_fields=["directory_consent"])
    for person in (neighbour, *others):
        OfferNeedFactory(person=person, offer="Traiteur pour les entreprises, buffets et cocktails")
    return {"neighbour": neighbour, "visible": others[0], "hidden": others[1]}


@pytestmark_db
def test_suggestions_are_own_groupmates_and_members_who_agreed_to_appear(
    leader: Any, caterers: dict[str, Any]
) -> None:
    found = {s.person.pk: s for s in suggestions(leader, "un buffet pour nos clients")}
    assert set(found) == {caterers["neighbour"].pk, caterers["visible"].pk}
    assert found[caterers["neighbour"].pk].same_group
    assert not found[caterers["visible"].pk].same_group


@pytestmark_db
def test_the_member_is_never_suggested_to_themself(leader: Any) -> None:
    services.offer_need_save(offer="Traiteur pour les entreprises", need="", by=leader)
    assert suggestions(leader, "traiteur") == []


@pytestmark_db
def test_saving_offers_takes_the_companys_naf_code(leader: Any) -> None:
    row = services.offer_need_save(offer="Traiteur", need="Un comptable", by=leader)
    assert row.offer_activity == person_of(leader).company.activity
    assert OfferNeed.objects.count() == 1


@pytestmark_db
def test_staff_cannot_write_offers(project_manager: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.offer_need_save(offer="x", need="y", by=project_manager)


@pytestmark_db
def test_the_api_suggests_with_the_reason(api: Any, leader: Any, caterers: dict[str, Any]) -> None:
    body = api(leader).get("/me/suggestions", need="un buffet pour nos clients").json()
    assert body["count"] == 2
    assert "buffets" in body["items"][0]["shared_words"]


@pytestmark_db
@pytest.mark.parametrize("persona", ["project_manager", "outsider"])
def test_the_api_refuses_suggestions_to_non_members(api: Any, request: Any, persona: str) -> None:
    response = api(request.getfixturevalue(persona)).get("/me/suggestions", need="traiteur")
    assert response.status_code == 403


@pytestmark_db
def test_the_page_shows_suggestions_for_my_need(
    client: Any, leader: Any, caterers: dict[str, Any]
) -> None:
    from django.urls import reverse

    from maillage.business.tests.conftest import accept_charter

    accept_charter(leader)
    services.offer_need_save(offer="Menuiserie", need="Un traiteur pour un buffet", by=leader)
    client.force_login(leader)
    page = client.get(reverse("business:offers_needs")).content.decode()
    assert caterers["visible"].full_name in page
    assert caterers["hidden"].full_name not in page


@pytestmark_db
def test_a_staff_member_who_is_also_an_alumnus_is_suggested_only_who_agreed_to_appear(
    project_manager: Any, alumni_group: Group, caterers: dict[str, Any]
) -> None:
    """A project manager who once took part as a leader sees their territory's people as staff;
    as a member, they are suggested only those who agreed to appear beyond their group."""
    membership = Membership.objects.filter(
        group=alumni_group, role="leader", person__user__isnull=True
    ).first()
    assert membership is not None
    Person.objects.filter(pk=membership.person_id).update(user=project_manager)
    found = {s.person.pk for s in suggestions(project_manager, "un buffet pour nos clients")}
    assert found == {caterers["visible"].pk}
