"""Who may run surveys: the staff of the territory (its project managers, its network's
admins). Members answer through their own invitation; nobody reads another's answers.

Fetch and authorise in one call; an outsider and a member of the territory get 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from maillage.editions.permissions import roles_of
from maillage.surveys.models import Response, Survey, SurveyInvitation, SurveyQuestion
from maillage.territories.models import Territory


def get_territory_for_surveys(user: Any, slug: str) -> Territory:
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None or territory.pk not in roles_of(user).staff.territory_ids:
        raise Http404
    return territory


def get_survey_for_staff(user: Any, survey_id: int) -> Survey:
    survey = (
        Survey.objects.select_related("edition__territory", "group").filter(pk=survey_id).first()
    )
    if survey is None or survey.edition.territory_id not in roles_of(user).staff.territory_ids:
        raise Http404
    return survey


def get_question_for_staff(user: Any, question_id: int) -> SurveyQuestion:
    question = SurveyQuestion.objects.select_related("territory").filter(pk=question_id).first()
    if question is None or question.territory_id not in roles_of(user).staff.territory_ids:
        raise Http404
    return question


def get_response_for_quoting(user: Any, response_id: int) -> Response:
    """A response, for choosing its comment as a quote: staff of its territory."""
    response = (
        Response.objects.select_related("survey__edition__territory").filter(pk=response_id).first()
    )
    if (
        response is None
        or response.survey.edition.territory_id not in roles_of(user).staff.territory_ids
    ):
        raise Http404
    return response


def get_own_invitation(user: Any, survey_id: int) -> SurveyInvitation:
    """The logged-in person's invitation to a survey; anyone else 404."""
    person_id = roles_of(user).person_id
    invitation = (
        SurveyInvitation.objects.select_related("survey__edition__territory", "person")
        # `survey__pk`, not `survey_id`: Django range-checks it (an id past 64 bits finds
        # nothing), where SQLite would refuse to bind a foreign key's raw value (a 500).
        .filter(survey__pk=survey_id, person_id=person_id)
        .first()
        if person_id is not None
        else None
    )
    if invitation is None:
        raise Http404
    return invitation
