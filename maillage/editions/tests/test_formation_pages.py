"""The formation screen (htmx and plain forms), its map, and the recruitment API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.editions.models import Application, Edition, FormationRun, Group
from maillage.editions.recruitment import runs
from maillage.editions.recruitment.forms import FormationRunForm
from maillage.editions.tests.applicants import (
    ApplicationFactory,
    accepted_cohort,
    recruiting_edition,
    siret_of,
)
from maillage.territories.models import Territory
from maillage.territories.tests.factories import ActivityCodeFactory, CommuneFactory

pytestmark = pytest.mark.pages_made  # they count the queries of making pages


@pytest.fixture
def recruiting(territory: Territory) -> Edition:
    edition = recruiting_edition(territory)
    accepted_cohort(edition, leaders=22, facilitators=6)
    return edition


@pytest.fixture
def run(
    recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> FormationRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.run_start(
            edition=recruiting, by=project_manager, seed=1, time_limit_s=20, max_iterations=2000
        )
    run.refresh_from_db()
    return run


@pytest.fixture
def pm_client(client: Client, project_manager: Any) -> Client:
    client.force_login(project_manager)
    return client


def formation_url(edition: Edition) -> str:
    return reverse("editions:formation", args=[edition.pk])


def change_url(edition: Edition) -> str:
    return reverse("editions:formation_change", args=[edition.pk])


# The screen --------------------------------------------------------------------------------


def test_the_project_manager_starts_a_run_from_the_screen(
    pm_client: Client, recruiting: Edition, django_capture_on_commit_callbacks: Any
) -> None:
    form = {
        "num_groups": "",
        "time_limit": "1",
        "seed": "4",
        "w_div": "0.3",
        "w_geo": "0.3",
        "w_size": "0.15",
        "w_cov": "0.25",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = pm_client.post(formation_url(recruiting), form)

    assert response.status_code == 302
    run = FormationRun.objects.get(edition=recruiting)
    assert run.status == "done"
    assert run.seed == 4


def test_the_screen_shows_the_groups_scores_and_a_map_without_inline_style(
    pm_client: Client, run: FormationRun
) -> None:
    response = pm_client.get(formation_url(run.edition))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card formation-group') == 2
    assert "<svg" in page
    assert page.count("<circle") == 22
    assert page.count('<rect class="map-point') == 6
    assert "style=" not in page
    assert re.search(r'cx="\d+(\.\d+)?"', page)  # coordinates are not localised ("12,5")
    assert "Distance au centre du groupe" in page  # the map's table alternative


def test_moving_with_htmx_answers_the_board(pm_client: Client, run: FormationRun) -> None:
    person = run.groups[0]["leaders"][0]

    response = pm_client.post(
        change_url(run.edition),
        {"run": run.pk, "action": "move", "person": person, "to_group": 1},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="formation-board"')
    run.refresh_from_db()
    assert person in run.groups[1]["leaders"]


def test_a_refused_move_is_explained_on_the_board(pm_client: Client, run: FormationRun) -> None:
    first, second = run.groups[0]["leaders"][0], run.groups[1]["leaders"][0]
    Application.objects.filter(pk=second).update(
        activity=Application.objects.get(pk=first).activity
    )
    from maillage.editions.recruitment import formation

    run.instance = formation.build_instance(run.edition)
    run.save(update_fields=["instance"])

    response = pm_client.post(
        change_url(run.edition),
        {"run": run.pk, "action": "move", "person": second, "to_group": 0},
        headers={"HX-Request": "true"},
    )

    assert 'role="alert"' in response.content.decode()
    assert "concurrents directs" in response.content.decode()


def test_moving_works_without_javascript(pm_client: Client, run: FormationRun) -> None:
    person = run.groups[1]["leaders"][0]

    response = pm_client.post(
        change_url(run.edition), {"run": run.pk, "action": "move", "person": person, "to_group": 0}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#formation-board")
    run.refresh_from_db()
    assert person in run.groups[0]["leaders"]


def test_locking_from_the_screen(pm_client: Client, run: FormationRun) -> None:
    person = run.groups[0]["leaders"][0]

    pm_client.post(change_url(run.edition), {"run": run.pk, "action": "lock", "person": person})

    run.refresh_from_db()
    assert run.locked == [person]


def test_the_change_address_only_takes_posts(pm_client: Client, run: FormationRun) -> None:
    assert pm_client.get(change_url(run.edition)).status_code == 405


def test_publishing_from_the_screen(
    pm_client: Client, run: FormationRun, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("editions:formation_publish", args=[run.edition.pk])
    assert pm_client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = pm_client.post(url, {"name_0": "Groupe Loire", "name_1": "Groupe Rhins"})

    assert response.status_code == 302
    assert set(Group.objects.filter(edition=run.edition).values_list("name", flat=True)) == {
        "Groupe Loire",
        "Groupe Rhins",
    }


def test_the_screen_takes_the_same_queries_whatever_the_number_of_people(
    pm_client: Client,
    territory: Territory,
    project_manager: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for number, (leaders, facilitators) in enumerate([(11, 3), (33, 9)], start=6):
        edition = recruiting_edition(territory, number=number)
        accepted_cohort(edition, leaders=leaders, facilitators=facilitators)
        with django_capture_on_commit_callbacks(execute=True):
            runs.run_start(
                edition=edition, by=project_manager, seed=1, time_limit_s=20, max_iterations=500
            )
        pm_client.get(formation_url(edition))
        with CaptureQueriesContext(connection) as queries:
            pm_client.get(formation_url(edition))
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_other_territorys_staff_get_404_and_members_403(
    client: Client, run: FormationRun, other_project_manager: Any, leader: Any
) -> None:
    client.force_login(other_project_manager)
    assert client.get(formation_url(run.edition)).status_code == 404
    client.force_login(leader)
    assert client.get(formation_url(run.edition)).status_code == 403


# The API -----------------------------------------------------------------------------------


def test_staff_list_the_applications_of_an_edition(
    api: Any, recruiting: Edition, project_manager: Any
) -> None:
    response = api(project_manager).get(
        f"/editions/{recruiting.pk}/applications", status="accepted", role="facilitator"
    )

    assert response.status_code == 200
    assert response.json()["count"] == 6
    assert response.json()["items"][0]["role"] == "facilitator"


def test_members_get_403_and_other_staff_404_on_the_applications(
    api: Any, recruiting: Edition, leader: Any, other_project_manager: Any
) -> None:
    path = f"/editions/{recruiting.pk}/applications"

    assert api(leader).get(path).status_code == 403
    assert api(other_project_manager).get(path).status_code == 404
    assert api(None).get(path).status_code == 401


def _payload(**overrides: Any) -> dict[str, Any]:
    payload = {
        "role": "leader",
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.test",
        "company_name": "Lee SARL",
        "siret": siret_of(77),
        "naf": "62.01Z",
        "headcount": 8,
        "creation_year": 2001,
        "commune": "42187",
        "has_hired": True,
        "available_weekdays": [0, 4],
        "available_moments": ["morning"],
    }
    payload.update(overrides)
    return payload


def test_staff_enter_an_application_through_the_api(
    api: Any, recruiting: Edition, project_manager: Any
) -> None:
    CommuneFactory(insee_code="42187", name="Roanne")
    ActivityCodeFactory(code="62.01Z")

    response = api(project_manager).post(f"/editions/{recruiting.pk}/applications", _payload())

    assert response.status_code == 201
    body = response.json()
    assert (body["source"], body["naf"], body["commune"]) == ("api", "62.01Z", "Roanne")
    assert Application.objects.get(pk=body["id"]).available_weekdays == [0, 4]


def test_the_api_refuses_an_invalid_siret_with_the_field(
    api: Any, recruiting: Edition, project_manager: Any
) -> None:
    CommuneFactory(insee_code="42187", name="Roanne")
    ActivityCodeFactory(code="62.01Z")

    response = api(project_manager).post(
        f"/editions/{recruiting.pk}/applications", _payload(siret="12345678901234")
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("siret:")


def test_staff_decide_through_the_api(api: Any, recruiting: Edition, project_manager: Any):
    application = ApplicationFactory(edition=recruiting)

    response = api(project_manager).post(
        f"/applications/{application.pk}/decision", {"status": "waitlisted", "message": "Bientôt"}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "waitlisted"


def test_a_run_started_through_the_api_is_followed_to_its_groups(
    api: Any, recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api(project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(
            f"/editions/{recruiting.pk}/formation-runs",
            {"seed": 2, "time_limit_s": 20, "max_iterations": 1000},
        )

    assert started.status_code == 202
    followed = client.get(f"/formation-runs/{started.json()['id']}")
    body = followed.json()
    assert body["status"] == "done"
    assert len(body["groups"]) == 2
    assert sum(len(g["leaders"]) for g in body["groups"]) == 22
    assert body["problems"] == []


def test_huge_weights_are_refused_not_summed_to_infinity(
    api: Any, recruiting: Edition, project_manager: Any
) -> None:
    form = FormationRunForm(
        {"time_limit": 10, "seed": 1, "w_div": "1e308", "w_geo": "1e308", "w_size": 1, "w_cov": 1}
    )
    assert not form.is_valid()
    assert set(form.errors) == {"w_div", "w_geo"}
    response = api(project_manager).post(
        f"/editions/{recruiting.pk}/formation-runs", {"weights": {"div": 1e308, "geo": 1e308}}
    )
    assert response.status_code in (400, 422)
    assert not FormationRun.objects.filter(edition=recruiting).exists()


def test_a_run_of_another_territory_is_404(
    api: Any, run: FormationRun, other_project_manager: Any
) -> None:
    assert api(other_project_manager).get(f"/formation-runs/{run.pk}").status_code == 404


def test_a_running_run_shows_its_progress_and_the_page_refreshes_when_it_ends(
    pm_client: Client, recruiting: Edition, project_manager: Any
) -> None:
    run = FormationRun.objects.create(edition=recruiting, status="running", progress=40)
    url = formation_url(recruiting) + f"?partial=progress&run={run.pk}"

    running = pm_client.get(url, headers={"HX-Request": "true"})

    assert running.status_code == 200
    assert 'value="40"' in running.content.decode()
    FormationRun.objects.filter(pk=run.pk).update(status="done", progress=100)
    finished = pm_client.get(url, headers={"HX-Request": "true"})
    assert finished.status_code == 204
    assert finished["HX-Refresh"] == "true"
