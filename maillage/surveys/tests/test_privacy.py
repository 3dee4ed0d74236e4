"""Survey answers are pseudonymous for staff; a person may export them, and erasing the person
unties the answers (the figures keep them); retention deletes old answers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.editions.models import Group, Membership
from maillage.privacy.retention import apply_retention
from maillage.privacy.services import person_erase, personal_data_export
from maillage.surveys.models import Answer, Respondent, Response, Survey, SurveyInvitation
from maillage.surveys.questionnaires import ISOLATION_CODES
from maillage.surveys.selectors import questions_of
from maillage.surveys.services import question_add, response_submit

pytestmark = pytest.mark.django_db


def answered_survey(
    group: Group, people: int, *, comment: str = "", consent: bool = False
) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        edition=group.edition,
        kind="final",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )
    memberships = Membership.objects.filter(group=group, role="leader").select_related("person")
    for index, membership in enumerate(memberships[:people]):
        invitation = SurveyInvitation.objects.create(
            survey=survey, person=membership.person, group=group
        )
        answers: dict[str, Any] = {
            **dict.fromkeys(ISOLATION_CODES, 2 + index % 3),
            "nps": 9,
            "satisfaction": 4,
            "comment": comment if index == 0 else "",
        }
        response_submit(
            invitation=invitation,
            questions=questions_of(survey),
            answers=answers,
            quote_consent=consent,
        )
    return survey


def test_the_survey_page_shows_counts_not_answers(
    client: Any, group: Group, project_manager: User
) -> None:
    survey = answered_survey(group, 6, comment="Mon associé me lâche.", consent=False)
    client.force_login(project_manager)

    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()

    assert "Mon associé me lâche." not in page  # no consent: never shown
    assert "1 réponse libre, non montrée." in page
    assert "Moyenne" in page  # aggregates from six people


def test_fewer_than_five_answers_show_only_their_count(
    client: Any, group: Group, project_manager: User
) -> None:
    survey = answered_survey(group, 4)
    client.force_login(project_manager)

    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()

    assert "4 réponses" in page
    assert "moins de cinq, le détail n'est pas montré." in page
    assert "Moyenne" not in page


def test_a_consented_comment_is_offered_for_quoting(
    client: Any, group: Group, project_manager: User
) -> None:
    survey = answered_survey(group, 6, comment="Un vrai conseil d'administration.", consent=True)
    client.force_login(project_manager)

    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()

    assert "Un vrai conseil d&#x27;administration." in page
    response = Response.objects.get(survey=survey, quote_consent=True)
    client.post(reverse("surveys:quote", args=[response.pk]), {"chosen": "1"})
    response.refresh_from_db()
    assert response.quoted_at is not None


def test_the_person_exports_their_own_answers(group: Group, leader: User) -> None:
    answered_survey(group, 12, comment="À moi.", consent=True)
    person = leader.person

    document = personal_data_export(by=leader, person=person)

    mine = document["data"]["surveys"]["survey_answers"]
    assert len(mine) == 1
    assert mine[0]["isolation_score"] is not None
    assert len(document["data"]["surveys"]["survey_invitations"]) == 1


def test_erasure_unties_the_answers_and_blanks_the_words(group: Group, network_admin: User) -> None:
    survey = answered_survey(group, 5, comment="Mots à effacer.", consent=True)
    first = Respondent.objects.order_by("pk").first()
    assert first is not None
    person = first.person
    response = Response.objects.get(survey=survey, respondent=first.key)
    question = question_add(
        territory=group.edition.territory, kind="final", label="Et encore ?", type="text", by=None
    )
    Answer.objects.create(response=response, question=question.code, text="Texte libre.")

    person_erase(person=person, by=network_admin)

    response.refresh_from_db()
    assert not Respondent.objects.filter(person=person).exists()
    assert response.comment == ""
    assert not response.quote_consent
    assert response.isolation is not None  # the figures keep it
    assert Answer.objects.get(response=response, question=question.code).text == ""
    assert SurveyInvitation.objects.filter(person=person, token_hash__isnull=False).count() == 0


@override_settings(RETENTION={"survey_answers": 12})
def test_retention_deletes_the_answers_of_editions_closed_long_ago(group: Group) -> None:
    survey = answered_survey(group, 5)
    edition = group.edition
    edition.opening_date = datetime.date(2020, 1, 1)
    edition.save()

    results = {r.kind: r for r in apply_retention()}

    assert results["survey_answers"].affected == 5
    assert not Response.objects.filter(survey=survey).exists()
    assert Survey.objects.filter(pk=survey.pk).exists()
