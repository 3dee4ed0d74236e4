"""French first: the browser's language is not consulted; the switch and the account are."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_french(client: Any) -> None:
    response = client.get("/connexion/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "fr"


def test_the_language_switch_chooses_english(client: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/connexion/"})
    response = client.get("/connexion/")
    assert response["Content-Language"] == "en"


def test_an_account_in_english_gets_english_pages(client: Any, outsider: Any) -> None:
    outsider.language = "en"
    outsider.save(update_fields=["language"])
    client.force_login(outsider)
    response = client.get("/annuaire/")
    assert response["Content-Language"] == "en"
