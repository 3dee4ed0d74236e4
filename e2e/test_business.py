"""Exchanges on a phone: a leader logs a contact and gives a referral in a few taps, then the
leader it was given to moves it on; pages checked with axe-core, in French then in English."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from e2e.journey import LEADER, PHONE, Device, Journey, Role

StartJourney = Callable[[Device, Role], Journey]


@pytest.mark.browser
def test_a_leader_logs_a_contact_and_a_referral_on_a_phone(start_journey: StartJourney) -> None:
    journey = start_journey(PHONE, LEADER)
    page = journey.page
    journey.log_in()
    expect(page.get_by_role("heading", name="Mes échanges")).to_be_visible()

    journey.nav_link("Échanges").click()
    expect(journey.heading).to_have_text("Mes échanges")
    journey.check(screenshot="exchanges-phone")

    page.get_by_role("button", name="Noter un échange").first.click()
    expect(journey.heading).to_have_text("Noter un échange")
    page.get_by_label("Avec qui").select_option(index=1)
    page.get_by_label("visite", exact=True).check()
    page.get_by_label("Note (facultatif)").fill("Visite de l'atelier")
    journey.check(screenshot="contact-phone")
    page.get_by_role("button", name="Noter", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Échange noté")
    expect(page.get_by_text("Visite de l'atelier")).to_be_visible()

    page.get_by_role("button", name="Recommander un membre").first.click()
    expect(journey.heading).to_have_text("Recommander un membre")
    page.get_by_label("Membre recommandé").select_option(index=1)
    page.get_by_label("Client ou prospect").fill("Boulangerie des Essais")
    page.get_by_label("Pour quoi").fill("Refaire leur site internet")
    page.get_by_label("Je vous ai présentés en personne").check()
    journey.check(screenshot="referral-phone")
    page.get_by_role("button", name="Transmettre").click()
    expect(journey.heading).to_have_text(re.compile("Boulangerie des Essais"))
    journey.check()

    journey.revisit_in_english()
    journey.finish()


@pytest.mark.browser
def test_a_leader_moves_a_received_referral_on_then_sees_the_network(
    start_journey: StartJourney,
) -> None:
    journey = start_journey(PHONE, LEADER)
    page = journey.page
    journey.log_in()
    page.get_by_role("link", name=re.compile("de la part de")).first.click()
    expect(journey.heading).to_have_text(re.compile("Recommandation"))
    journey.check()
    page.get_by_label("Nouveau statut").select_option("won")
    page.get_by_label("Montant (€), si gagnée").fill("2500")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#referral-status")).to_contain_text("gagnée")
    journey.check()

    journey.nav_link("Échanges").click()
    page.get_by_role("link", name=re.compile("^Le réseau du Groupe")).first.click()
    expect(journey.heading).to_have_text(re.compile("^Le réseau"))
    expect(page.get_by_role("img", name=re.compile("Graphe des liens"))).to_be_visible()
    journey.check(screenshot="network-phone")
    journey.finish()
