"""What the surveys app holds about a person (see `core.personal_data`): the invitations they
received and, through their respondent key, their answers.

Erasure unties the answers from the person: the `Respondent` row goes, so the answers stay in
the bilan's figures tied to nobody; before that, their words go (comments, the consent to quote
them, free-text answers to a territory's questions). Invitations keep their dates (the response
rate counts them) and lose their link.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.personal_data import Erasure, Export, Holding, Subject, json_value, register
from maillage.surveys.models import (
    Answer,
    Respondent,
    Response,
    SurveyInvitation,
    SurveyQuestion,
)
from maillage.surveys.questionnaires import AnswerType


def _key(subject: Subject) -> str | None:
    if subject.person_id is None:
        return None
    return (
        Respondent.objects.filter(person_id=subject.person_id).values_list("key", flat=True).first()
    )


def export(subject: Subject) -> Export:
    if subject.person_id is None:
        return {}
    data: Export = {
        "survey_invitations": [
            {
                "survey": invitation.survey.get_kind_display(),
                "edition": invitation.survey.edition.title,
                "sent_at": json_value(invitation.sent_at),
                "reminders": invitation.reminders,
                "answered_at": json_value(invitation.answered_at),
            }
            for invitation in SurveyInvitation.objects.filter(person_id=subject.person_id)
            .select_related("survey__edition__territory")
            .order_by("survey__opens_at", "pk")
        ]
    }
    key = _key(subject)
    if key is not None:
        responses = (
            Response.objects.filter(respondent=key)
            .select_related("survey__edition__territory")
            .prefetch_related("answers")
            .order_by("survey__opens_at", "pk")
        )
        data["survey_answers"] = [
            {
                "survey": response.survey.get_kind_display(),
                "edition": response.survey.edition.title,
                "answers": [
                    {"question": answer.question, "value": answer.number, "text": answer.text}
                    if answer.number is not None
                    else {"question": answer.question, "text": answer.text}
                    for answer in response.answers.all()
                ],
                "isolation_score": response.isolation,
                "comment": response.comment,
                "quote_consent": response.quote_consent,
                "quoted": response.quoted_at is not None,
            }
            for response in responses
        ]
    return {name: rows for name, rows in data.items() if rows}


def erase(subject: Subject) -> None:
    if subject.person_id is None:
        return
    key = _key(subject)
    if key is not None:
        responses = Response.objects.filter(respondent=key)
        responses.update(comment="", quote_consent=False, quoted_at=None)
        free_text = [
            f"extra_{pk}"
            for pk in SurveyQuestion.objects.filter(type=AnswerType.TEXT).values_list(
                "pk", flat=True
            )
        ]
        Answer.objects.filter(response__in=responses, question__in=free_text).update(text="")
        Respondent.objects.filter(person_id=subject.person_id).delete()
    SurveyInvitation.objects.filter(person_id=subject.person_id).update(token_hash=None)


register(
    "surveys",
    holdings=[
        Holding(
            "surveys.SurveyInvitation",
            of_person="person",
            erasure=Erasure.ANONYMISE,
            fields=("token_hash",),
            reason="dates kept for the response rate; the link stops working",
        ),
        Holding(
            "surveys.Respondent",
            of_person="person",
            erasure=Erasure.DELETE,
            reason="the only tie between the person and their answers: the answers stay in the "
            "figures, tied to nobody; comments and free-text answers are blanked first",
        ),
        Holding(
            "surveys.Survey",
            of_user="created_by",
            erasure=Erasure.KEEP,
            reason="kept: who created a survey, a staff action",
        ),
        Holding(
            "surveys.SurveyQuestion",
            of_user="created_by",
            erasure=Erasure.KEEP,
            reason="kept: the territory's question, a staff action",
        ),
    ],
    exporter=export,
    eraser=erase,
    titles={
        "survey_invitations": _("Questionnaires reçus"),
        "survey_answers": _("Vos réponses aux questionnaires"),
    },
)
