"""The reports API: the territory's report keeps its issue-2 keys and grows the bilan's sections;
editions and groups have theirs; a hidden figure is null; no individual answer is reachable."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine

from maillage.accounts.models import User
from maillage.reports.tests.bilan_world import TODAY, World, build
from maillage.surveys.models import Respondent
from maillage.territories.tests.factories import ProjectManagerFactory

pytestmark = pytest.mark.django_db

SECTIONS = {"scope", "activity", "exchanges", "business", "change", "quotes", "years", "parts"}


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


def manager_of(world: World) -> User:
    user = User.objects.create_user(
        email=f"chef-{world.territory.slug}@example.test", password="x" * 12
    )
    ProjectManagerFactory(territory=world.territory, user=user)
    return user


def test_the_territory_report_keeps_its_keys_and_adds_the_sections(api: Any) -> None:
    world = build()

    body = api(manager_of(world)).get(f"/territories/{world.territory.slug}/report").json()

    assert {"territory", "editions", "totals"} | SECTIONS <= set(body)
    assert set(body["editions"][0]) >= {
        "id",
        "number",
        "opening_date",
        "status",
        "leaders",
        "facilitators",
        "companies",
        "groups",
        "meetings_held",
    }
    assert body["totals"]["leaders"] == 8
    assert body["activity"]["leaders"] == 8


def test_the_group_report_gives_the_figures(api: Any) -> None:
    world = build()

    body = api(manager_of(world)).get(f"/groups/{world.group.pk}/report").json()

    assert body["group"] == world.group.pk
    assert body["activity"]["meetings_held"] == 3
    assert float(body["business"]["amount_won"]) == 8000
    assert body["change"]["nps"] == pytest.approx(40)
    assert body["change"]["isolation_change"]["mean"] == pytest.approx(-0.76)
    assert body["change"]["density_end"] == pytest.approx(5 / 21)
    assert [q["text"] for q in body["quotes"]] == ["Enfin des pairs."]


def test_each_stage_says_which_figures_its_questionnaire_asks(api: Any) -> None:
    """A null among them is hidden (fewer than five people); the others are not asked."""
    world = build()

    body = api(manager_of(world)).get(f"/groups/{world.group.pk}/report").json()

    asked = {stage["questionnaire"]: stage["asked"] for stage in body["change"]["stages"]}
    assert asked == {
        "baseline": ["isolation"],
        "midterm": ["business", "isolation", "nps", "satisfaction"],
        "final": ["business", "isolation", "nps", "satisfaction"],
        "alumni": ["business", "in_touch", "nps"],
    }


def test_the_edition_report_lists_its_groups(api: Any) -> None:
    world = build()

    body = api(manager_of(world)).get(f"/editions/{world.edition.pk}/report").json()

    assert body["edition"] == world.edition.pk
    assert [(p["name"], p["leaders"]) for p in body["parts"]] == [("Loire", 6)]


def test_figures_on_fewer_than_five_people_are_null(api: Any) -> None:
    world = build(final_respondents=4, winners=4)

    body = api(manager_of(world)).get(f"/groups/{world.group.pk}/report").json()

    assert body["business"]["amount_won"] is None
    assert body["business"]["referrals_won"] == 4
    assert body["change"]["nps"] is None
    assert body["change"]["satisfaction"] is None
    assert body["change"]["isolation_change"] is None
    assert body["change"]["pairs"] == 4
    themes = {t["title"]: t["rating"] for t in body["activity"]["themes"]}
    assert themes["Recrutement"] is None


def test_no_individual_answer_is_in_the_api(api: Any) -> None:
    world = build()
    client = api(manager_of(world))
    keys = list(Respondent.objects.values_list("key", flat=True))

    for path in (
        f"/territories/{world.territory.slug}/report",
        f"/editions/{world.edition.pk}/report",
        f"/groups/{world.group.pk}/report",
    ):
        text = json.dumps(client.get(path).json(), ensure_ascii=False)
        assert "Secret" not in text
        assert "Très utile." not in text  # consented but not chosen
        assert not any(key in text for key in keys)
        assert "L0 Dirigeant" not in text
