"""Sending a survey by email with a secret link, answering it on one page, reminding only
those who have not answered."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.editions.models import Group, Membership
from maillage.surveys.models import Answer, Respondent, Response, Survey, SurveyInvitation
from maillage.surveys.questionnaires import ISOLATION_CODES, Kind
from maillage.surveys.services import (
    question_add,
    quote_choose,
    survey_create,
    survey_invite,
    survey_remind,
)

pytestmark = pytest.mark.django_db

FINAL_ANSWERS = {
    **dict.fromkeys(ISOLATION_CODES, "2"),
    "ideas_adopted": "3",
    "business_done": "yes",
    "satisfaction": "5",
    "nps": "9",
    "comment": "Un groupe où l'on ose tout dire.",
    "quote_consent": "on",
}


def open_survey(group: Group, by: User, kind: str = Kind.FINAL) -> Survey:
    now = timezone.now()
    return survey_create(
        edition=group.edition,
        group=group,
        kind=kind,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(days=14),
        by=by,
    )


def link_in(message: Any) -> str:
    match = re.search(r"https?://\S+/q/(\S+)/", message.body)
    assert match is not None
    return f"/q/{match.group(1)}/"


def test_sending_invites_each_leader_of_the_group_once(
    group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)

    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)

    assert survey.invitations.count() == 12  # leaders, not facilitators
    assert len(mail.outbox) == 12
    assert all("/q/" in message.body for message in mail.outbox)


def test_a_survey_closing_in_the_past_is_refused_and_not_created(
    client: Any, group: Group, project_manager: User
) -> None:
    """It was created, then its sending refused ("this questionnaire is closed"): each try left
    a dead survey in the list."""
    client.force_login(project_manager)
    url = reverse("surveys:create", args=[group.edition.territory.slug])

    response = client.post(
        url,
        {
            "edition": group.edition.pk,
            "kind": Kind.MIDTERM,
            "opens_at": "2020-01-01T10:00",
            "closes_at": "2020-02-01T10:00",
            "send": "on",
        },
    )

    assert response.status_code == 200
    assert "La clôture doit être à venir." in response.content.decode()
    assert not Survey.objects.exists()


def test_only_the_hash_of_the_link_is_stored(
    group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)

    token = link_in(mail.outbox[0]).split("/")[2]

    assert not SurveyInvitation.objects.filter(token_hash=token).exists()
    assert SurveyInvitation.objects.exclude(token_hash=None).count() == 12


def test_the_email_speaks_the_language_of_the_person(
    group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    membership = Membership.objects.filter(group=group, role="leader").first()
    user = User.objects.create_user(email="en@example.test", password="x" * 12, language="en")
    membership.person.user = user
    membership.person.save()
    survey = open_survey(group, project_manager)

    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)

    english = next(m for m in mail.outbox if m.to == [membership.person.email])
    assert english.extra_headers["Content-Language"] == "en"


def test_the_answer_page_speaks_the_language_of_the_person_unless_they_chose_one(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    """The link is opened without a login: the page spoke French to whom the email spoke
    English."""
    membership = Membership.objects.filter(group=group, role="leader").first()
    user = User.objects.create_user(email="en@example.test", password="x" * 12, language="en")
    membership.person.user = user
    membership.person.save()
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    english = link_in(next(m for m in mail.outbox if m.to == [membership.person.email]))
    french = link_in(next(m for m in mail.outbox if m.to != [membership.person.email]))

    page = client.get(english)
    assert page["Content-Language"] == "en"
    assert "Send my answers" in page.content.decode()
    assert "Envoyer mes réponses" in client.get(french).content.decode()
    client.cookies["django_language"] = "fr"
    assert "Envoyer mes réponses" in client.get(english).content.decode()


def test_a_leader_answers_on_one_page_with_the_link(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert page.content.decode().count('type="radio"') >= 5 * 5 + 11  # scale items and NPS
    response = client.post(link, FINAL_ANSWERS)

    assert response.status_code == 200
    stored = Response.objects.get(survey=survey)
    assert stored.isolation == 2.0
    assert (stored.nps, stored.satisfaction, stored.ideas_adopted, stored.business) == (
        9,
        5,
        3,
        True,
    )
    assert stored.quote_consent
    assert Answer.objects.filter(response=stored).count() == 9  # 5 items + 4 closed questions


def test_a_link_answers_once(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    link = link_in(mail.outbox[0])
    client.post(link, FINAL_ANSWERS)

    again = client.post(link, FINAL_ANSWERS)

    assert "déjà répondu" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_a_wrong_link_answers_404(client: Any, db: None) -> None:
    assert client.get(reverse("surveys:answer", args=["nope"])).status_code == 404


def test_the_answer_is_stored_under_a_respondent_key_not_a_person(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    client.post(link_in(mail.outbox[0]), FINAL_ANSWERS)

    stored = Response.objects.get(survey=survey)
    person_fields = [
        f.name for f in Response._meta.get_fields() if getattr(f, "related_model", None)
    ]
    assert "person" not in person_fields
    assert Respondent.objects.filter(key=stored.respondent).exists()


def test_reminding_writes_only_to_those_who_have_not_answered(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    answered_email = mail.outbox[0].to[0]
    client.post(link_in(mail.outbox[0]), FINAL_ANSWERS)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reminded = survey_remind(survey=survey, by=project_manager)

    assert len(reminded) == 11
    assert len(mail.outbox) == 11
    assert answered_email not in {m.to[0] for m in mail.outbox}
    assert all(m.subject.startswith("Rappel") for m in mail.outbox)


def test_a_reminder_replaces_the_previous_link(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    first = {m.to[0]: link_in(m) for m in mail.outbox}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        survey_remind(survey=survey, by=project_manager)
    email = mail.outbox[0].to[0]

    assert client.get(first[email]).status_code == 404
    assert client.get(link_in(mail.outbox[0])).status_code == 200


def test_a_member_answers_from_home_when_logged_in(
    client: Any, group: Group, leader: User, project_manager: User
) -> None:
    survey = open_survey(group, project_manager, kind=Kind.BASELINE)
    survey_invite(survey=survey, by=project_manager)
    client.force_login(leader)

    home = client.get(reverse("home")).content.decode()
    assert reverse("surveys:respond", args=[survey.pk]) in home
    answers = {**dict.fromkeys(ISOLATION_CODES, "4"), "expectations": ["isolation", "network"]}
    client.post(reverse("surveys:respond", args=[survey.pk]), answers)

    assert Response.objects.get(survey=survey).isolation == 4.0
    assert (
        reverse("surveys:respond", args=[survey.pk])
        not in client.get(reverse("home")).content.decode()
    )


def test_a_territory_question_is_asked_after_the_standard_ones(
    client: Any, group: Group, leader: User, project_manager: User
) -> None:
    question_add(
        territory=group.edition.territory,
        kind=Kind.BASELINE,
        label="Comment avez-vous connu le programme ?",
        type="choice",
        options=["La CCI", "Un autre dirigeant"],
        by=project_manager,
    )
    survey = open_survey(group, project_manager, kind=Kind.BASELINE)
    survey_invite(survey=survey, by=project_manager)
    client.force_login(leader)

    page = client.get(reverse("surveys:respond", args=[survey.pk])).content.decode()

    assert page.index("Comment avez-vous connu") > page.index("aucune de ces pratiques")


def test_a_comment_without_consent_cannot_be_quoted(group: Group, project_manager: User) -> None:
    survey = open_survey(group, project_manager)
    response = Response.objects.create(survey=survey, respondent="k" * 32, comment="Privé.")

    with pytest.raises(Exception, match="cité"):
        quote_choose(response=response, chosen=True, by=project_manager)


def test_sending_is_audited_without_answers(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    client.post(link_in(mail.outbox[0]), FINAL_ANSWERS)

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"surveys.survey.created", "surveys.survey.sent", "surveys.response.recorded"} <= actions
    recorded = AuditEntry.objects.get(action="surveys.response.recorded")
    assert recorded.actor is None
    assert recorded.data == {}


def test_the_project_manager_sees_the_response_rate_and_reminds(
    client: Any, group: Group, project_manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    survey = open_survey(group, project_manager)
    with django_capture_on_commit_callbacks(execute=True):
        survey_invite(survey=survey, by=project_manager)
    client.post(link_in(mail.outbox[0]), FINAL_ANSWERS)
    client.force_login(project_manager)

    page = client.get(reverse("surveys:survey", args=[survey.pk])).content.decode()
    assert "<strong>1</strong> réponses sur 12" in page or "<strong>1</strong> réponse" in page
    assert "Relancer les 11 personnes" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("surveys:remind", args=[survey.pk]))
    assert len(mail.outbox) == 11
