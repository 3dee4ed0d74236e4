"""Applications: the one validator (SIRET, NAF, commune, the territory's eligibility rules), the
public form, the project manager's decisions and their emails, the review list."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maillage.core.models import AuditEntry
from maillage.editions.models import Application, Edition, EditionStatus, RecruitmentSettings
from maillage.editions.recruitment import services
from maillage.editions.recruitment.forms import ApplicationForm
from maillage.editions.tests.applicants import (
    ApplicationFactory,
    accept,
    recruiting_edition,
    siret_of,
)
from maillage.editions.tests.factories import GroupFactory, MembershipFactory
from maillage.territories.models import Company, Person, Territory
from maillage.territories.tests.factories import ActivityCodeFactory, CommuneFactory

pytestmark = pytest.mark.pages_made  # they count the queries of making pages


@pytest.fixture
def recruiting(territory: Territory) -> Edition:
    territory.communes.add(CommuneFactory(insee_code="42187", name="Roanne"))
    ActivityCodeFactory(code="25.62A", label="Usinage")
    return recruiting_edition(territory)


def leader_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "role": "leader",
        "first_name": "Claire",
        "last_name": "Martin",
        "email": "claire.martin@example.test",
        "company_name": "Usinage Martin",
        "siret": siret_of(1),
        "naf": "25.62A",
        "headcount": "14",
        "creation_year": "2010",
        "commune": "Roanne",
        "has_hired": "yes",
        "wished_themes": ["Développement commercial"],
        "available_weekdays": ["1", "3"],
        "available_moments": ["evening"],
    }
    data.update(overrides)
    return data


def errors_of(edition: Edition, **overrides: Any) -> dict[str, list[str]]:
    form = ApplicationForm(leader_data(**overrides), edition=edition)
    form.is_valid()
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


# Validation --------------------------------------------------------------------------------


def test_a_complete_leader_application_is_valid(recruiting: Edition) -> None:
    assert errors_of(recruiting) == {}


def test_siret_with_a_wrong_check_digit_is_refused(recruiting: Edition) -> None:
    bad = siret_of(1)[:-1] + str((int(siret_of(1)[-1]) + 1) % 10)

    assert "siret" in errors_of(recruiting, siret=bad)


def test_siret_is_accepted_with_spaces_as_people_type_it(recruiting: Edition) -> None:
    spaced = " ".join([siret_of(1)[:3], siret_of(1)[3:6], siret_of(1)[6:9], siret_of(1)[9:]])

    assert errors_of(recruiting, siret=spaced) == {}


def test_siret_of_the_wrong_length_says_how_many_digits(recruiting: Edition) -> None:
    with translation.override("en"):
        errors = errors_of(recruiting, siret="1234")

    assert errors["siret"] == ["A SIRET has 14 digits."]


def test_unknown_naf_code_is_refused_with_an_example(recruiting: Edition) -> None:
    assert errors_of(recruiting, naf="99.99Z")["naf"] == [
        "« 99.99Z » n'est pas un code NAF rév. 2 (par exemple 25.62A)."
    ]


def test_naf_code_is_found_without_its_dot(recruiting: Edition) -> None:
    form = ApplicationForm(leader_data(naf="2562a"), edition=recruiting)

    assert form.is_valid()
    assert form.cleaned_data["naf"].code == "25.62A"


def test_unknown_commune_is_refused(recruiting: Edition) -> None:
    assert "commune" in errors_of(recruiting, commune="Atlantis")


def test_commune_is_found_by_insee_code_or_name_without_accents(recruiting: Edition) -> None:
    assert errors_of(recruiting, commune="42187") == {}
    assert errors_of(recruiting, commune="ROANNE") == {}


def test_firm_younger_than_the_territorys_minimum_is_not_eligible(recruiting: Edition) -> None:
    year = recruiting.opening_date.year - 2

    errors = errors_of(recruiting, creation_year=str(year))

    assert errors["creation_year"] == [
        f"L'entreprise doit avoir au moins 3 ans à l'ouverture du programme (créée en {year})."
    ]


def test_firm_that_never_hired_is_not_eligible(recruiting: Edition) -> None:
    with translation.override("en"):
        errors = errors_of(recruiting, has_hired="no")

    assert errors["has_hired"] == ["The programme is for leaders who have already hired."]


def test_eligibility_follows_the_territorys_rules(recruiting: Edition) -> None:
    RecruitmentSettings.objects.create(
        territory=recruiting.territory,
        min_firm_age_years=10,
        must_have_hired=False,
        max_headcount=10,
        territory_communes_only=True,
    )
    CommuneFactory(insee_code="69123", name="Lyon")

    errors = errors_of(recruiting, has_hired="", creation_year="2020", commune="Lyon")

    assert set(errors) == {"creation_year", "headcount", "commune"}


def test_leaders_must_give_naf_headcount_and_creation_year(recruiting: Edition) -> None:
    errors = errors_of(recruiting, naf="", headcount="", creation_year="", has_hired="")

    assert set(errors) == {"naf", "headcount", "creation_year", "has_hired"}


def test_a_facilitator_gives_their_employer_without_eligibility_questions(
    recruiting: Edition,
) -> None:
    assert (
        errors_of(
            recruiting,
            role="facilitator",
            headcount="",
            creation_year="",
            has_hired="",
            expertise=["Recrutement"],
        )
        == {}
    )


def test_a_facilitator_gives_their_employers_naf_code(recruiting: Edition) -> None:
    """Accepting them may create their employer, which cannot be created without it."""
    errors = errors_of(recruiting, role="facilitator", naf="", expertise=["Recrutement"])

    assert errors == {"naf": ["Indiquez le code NAF (APE) de votre employeur."]}


def test_a_second_application_with_the_same_address_is_refused(recruiting: Edition) -> None:
    ApplicationFactory(edition=recruiting, email="claire.martin@example.test")

    assert "email" in errors_of(recruiting, email="Claire.Martin@example.test")


def test_a_theme_outside_the_territorys_choices_is_refused(recruiting: Edition) -> None:
    assert "wished_themes" in errors_of(recruiting, wished_themes=["Astrologie"])


# The public form ---------------------------------------------------------------------------


def test_anyone_may_open_the_form_of_a_recruiting_edition(client: Client, recruiting: Edition):
    response = client.get(reverse("editions:apply", args=[recruiting.pk]))

    assert response.status_code == 200
    assert b'name="siret"' in response.content


def test_the_form_of_a_running_edition_says_it_is_closed(client: Client, edition: Edition):
    response = client.get(reverse("editions:apply", args=[edition.pk]))

    assert b'name="siret"' not in response.content
    assert "sont closes" in response.content.decode()


def _post(client: Client, edition: Edition, **overrides: Any) -> Any:
    return client.post(
        reverse("editions:apply", args=[edition.pk]),
        {**leader_data(**overrides), "consent": "on"},
    )


def test_submitting_the_form_records_the_application_and_acknowledges_it(
    client: Client, recruiting: Edition, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, recruiting)

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.source == "form"
    assert application.status == "submitted"
    assert application.available_weekdays == [1, 3]
    assert mail.outbox[0].to == ["claire.martin@example.test"]
    assert AuditEntry.objects.filter(action="editions.application.submitted").exists()


def test_the_acknowledgement_is_in_the_language_the_form_was_filled_in(
    client: Client, recruiting: Edition, django_capture_on_commit_callbacks: Any
) -> None:
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, recruiting)

    assert Application.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Your application")


def test_an_invalid_form_is_answered_with_its_errors_and_records_nothing(
    client: Client, recruiting: Edition
) -> None:
    response = _post(client, recruiting, siret="12345678901234")

    assert response.status_code == 400
    assert "clé de contrôle" in response.content.decode()
    assert not Application.objects.exists()


def test_the_form_needs_the_consent(client: Client, recruiting: Edition) -> None:
    response = client.post(reverse("editions:apply", args=[recruiting.pk]), leader_data())

    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_bot_filling_the_hidden_field_is_refused(client: Client, recruiting: Edition) -> None:
    response = _post(client, recruiting, website="http://spam.example")

    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_form_refuses_a_post_without_csrf_token(recruiting: Edition) -> None:
    client = Client(enforce_csrf_checks=True)

    response = _post(client, recruiting)

    assert response.status_code == 403
    assert not Application.objects.exists()


def test_too_many_submissions_from_one_address_are_slowed_down(
    client: Client, recruiting: Edition
) -> None:
    for _attempt in range(10):
        _post(client, recruiting, siret="1")  # invalid: nothing recorded, still counted

    response = _post(client, recruiting)

    assert response.status_code == 429
    assert not Application.objects.exists()


# Decisions ---------------------------------------------------------------------------------


def test_accepting_links_the_application_to_a_new_person_and_firm(
    recruiting: Edition, project_manager: Any
) -> None:
    application = ApplicationFactory(edition=recruiting)

    services.application_decide(
        application=application, status="accepted", by=project_manager, notify=False
    )

    application.refresh_from_db()
    person = Person.objects.get(email=application.email)
    assert application.person == person
    assert person.company is not None
    assert person.company.siret == application.siret
    assert person.company.headcount_band == Company.HeadcountBand.PME


def test_accepting_reuses_the_person_with_that_address(
    recruiting: Edition, project_manager: Any, group: Any
) -> None:
    member = group.memberships.first().person
    application = ApplicationFactory(edition=recruiting, email=member.email)

    services.application_decide(
        application=application, status="accepted", by=project_manager, notify=False
    )

    application.refresh_from_db()
    assert application.person == member


def test_the_decision_is_emailed_with_the_message_in_the_applicants_language(
    recruiting: Edition, project_manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    application = ApplicationFactory(edition=recruiting, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application=application,
            status="waitlisted",
            message="We will call you in May.",
            by=project_manager,
        )

    assert mail.outbox[0].subject.startswith("Your application")
    assert "waiting list" in mail.outbox[0].body
    assert "We will call you in May." in mail.outbox[0].body


def test_every_decision_is_audited(recruiting: Edition, project_manager: Any) -> None:
    application = ApplicationFactory(edition=recruiting)

    services.application_decide(
        application=application, status="declined", by=project_manager, notify=False
    )

    entry = AuditEntry.objects.get(action="editions.application.declined")
    assert entry.object_id == str(application.pk)
    assert entry.actor == project_manager


@pytest.mark.parametrize(
    ("start", "then"),
    [("submitted", "accepted"), ("waitlisted", "accepted"), ("accepted", "waitlisted")],
)
def test_allowed_transitions(
    recruiting: Edition, project_manager: Any, start: str, then: str
) -> None:
    application = ApplicationFactory(edition=recruiting, status=start)

    services.application_decide(application=application, status=then, by=project_manager)

    application.refresh_from_db()
    assert application.status == then


def test_a_declined_application_stays_declined(recruiting: Edition, project_manager: Any) -> None:
    application = ApplicationFactory(edition=recruiting, status="declined")

    with pytest.raises(Exception, match="ne peut pas devenir"):
        services.application_decide(application=application, status="accepted", by=project_manager)


def test_an_accepted_applicant_in_a_group_cannot_be_declined(
    recruiting: Edition, project_manager: Any
) -> None:
    application = accept(ApplicationFactory(edition=recruiting))
    MembershipFactory(person=application.person, group=GroupFactory(edition=recruiting))

    with pytest.raises(Exception, match="déjà dans un groupe"):
        services.application_decide(application=application, status="declined", by=project_manager)


def test_a_closed_edition_takes_no_application(edition: Edition) -> None:
    assert edition.status == EditionStatus.RUNNING

    with pytest.raises(Exception, match="ne reçoit plus"):
        services.application_submit(
            edition=edition, fields={}, source="form", language="fr", notify=False
        )


# The review pages --------------------------------------------------------------------------


def test_the_project_manager_decides_from_the_application_page(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    application = ApplicationFactory(edition=recruiting)
    client.force_login(project_manager)

    response = client.post(
        reverse("editions:application", args=[application.pk]),
        {"status": "accepted", "message": "Bienvenue"},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.decision_message == "Bienvenue"


def test_the_review_list_filters_by_status_and_role(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    ApplicationFactory(edition=recruiting, last_name="Accepté", status="accepted")
    ApplicationFactory(edition=recruiting, last_name="Attente", status="waitlisted")
    client.force_login(project_manager)

    response = client.get(
        reverse("editions:applications", args=[recruiting.pk]), {"status": "waitlisted"}
    )

    assert [a.last_name for a in response.context["page"]] == ["Attente"]


def test_the_review_list_searches_names_and_firms(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    ApplicationFactory(edition=recruiting, company_name="Boulangerie Dumas")
    ApplicationFactory(edition=recruiting, company_name="Garage Perrin")
    client.force_login(project_manager)

    response = client.get(reverse("editions:applications", args=[recruiting.pk]), {"q": "dumas"})

    assert [a.company_name for a in response.context["page"]] == ["Boulangerie Dumas"]


def test_the_review_list_takes_the_same_queries_for_5_or_25_applications(
    client: Client,
    recruiting: Edition,
    project_manager: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(project_manager)
    url = reverse("editions:applications", args=[recruiting.pk])
    ApplicationFactory.create_batch(5, edition=recruiting)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(url)
    ApplicationFactory.create_batch(20, edition=recruiting)
    with CaptureQueriesContext(connection) as twenty_five:
        client.get(url)

    assert len(twenty_five) == len(five)
    # session, user, staff scope (2), roles (memberships, person), edition, count, page,
    # counts by status, communes of the territory (none here): a dozen at most
    with django_assert_max_num_queries(12):
        client.get(url)


def test_staff_of_another_territory_get_404(
    client: Client, recruiting: Edition, other_project_manager: Any
) -> None:
    application = ApplicationFactory(edition=recruiting)
    client.force_login(other_project_manager)

    assert client.get(reverse("editions:applications", args=[recruiting.pk])).status_code == 404
    assert client.get(reverse("editions:application", args=[application.pk])).status_code == 404


def test_members_of_the_territory_get_403(client: Client, recruiting: Edition, leader: Any) -> None:
    client.force_login(leader)

    assert client.get(reverse("editions:applications", args=[recruiting.pk])).status_code == 403


def test_the_territorys_rules_are_set_on_their_page(
    client: Client, territory: Territory, project_manager: Any
) -> None:
    client.force_login(project_manager)

    response = client.post(
        reverse("editions:recruitment_settings", args=[territory.slug]),
        {
            "min_firm_age_years": "5",
            "max_headcount": "",
            "themes": "Export\nRecrutement\nexport",
        },
    )

    assert response.status_code == 302
    rules = RecruitmentSettings.objects.get(territory=territory)
    assert rules.min_firm_age_years == 5
    assert rules.must_have_hired is False
    assert rules.max_headcount is None
    assert rules.theme_choices == ["Export", "Recrutement"]


def test_opening_date_counts_for_the_firms_age(territory: Territory) -> None:
    edition = recruiting_edition(
        territory, opening_date=datetime.date(datetime.date.today().year + 1, 3, 26)
    )
    CommuneFactory(insee_code="42187", name="Roanne")
    ActivityCodeFactory(code="25.62A")
    year = edition.opening_date.year - 3

    assert errors_of(edition, creation_year=str(year)) == {}
