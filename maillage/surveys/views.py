"""Pages: answering (by the emailed link, or logged in), and for the territory's staff the
surveys with their response rates, sending and reminders, the territory's own questions and the
choice of quotes. Staff never see an individual's answers: counts, aggregates and the comments
their authors allowed to quote."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maillage.accounts.models import hash_token
from maillage.editions.models import Edition
from maillage.meetings.emails import language_of
from maillage.surveys import services
from maillage.surveys.forms import AnswerForm, QuestionForm, SurveyForm
from maillage.surveys.models import Response, Survey, SurveyInvitation, SurveyQuestion
from maillage.surveys.permissions import (
    get_own_invitation,
    get_question_for_staff,
    get_response_for_quoting,
    get_survey_for_staff,
    get_territory_for_surveys,
)
from maillage.surveys.questionnaires import SENT_KINDS, Kind
from maillage.surveys.selectors import (
    Rate,
    questions_of,
    quotable,
    rates_by_group,
    survey_results,
    with_rates,
)

# Answering -------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: no login, the token is the key (a wrong or replaced one: 404)."""
    invitation = (
        SurveyInvitation.objects.select_related("survey__edition__territory", "person__user")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise Http404
    # Nobody is logged in: the page speaks the person's language, as their email did, unless
    # they chose one with the language switch.
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in dict(settings.LANGUAGES):
        request.LANGUAGE_CODE = language_of(invitation.person)
        translation.activate(request.LANGUAGE_CODE)
    response = _answer_page(request, invitation)
    response["Content-Language"] = request.LANGUAGE_CODE
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The same form for a logged-in member, from their home page."""
    return _answer_page(request, get_own_invitation(request.user, survey_id))


def _answer_page(request: HttpRequest, invitation: SurveyInvitation) -> HttpResponse:
    survey = invitation.survey
    questions = questions_of(survey)
    context = {"survey": survey, "invitation": invitation, "state": survey.state}
    if invitation.answered_at is not None:
        return render(request, "surveys/answered.html", context)
    if survey.state != "open":
        return render(request, "surveys/answered.html", context)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                invitation=invitation,
                questions=questions,
                answers=form.answers(),
                quote_consent=form.cleaned_data.get("quote_consent", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "surveys/answered.html", {**context, "thanks": True})
    return render(
        request,
        "surveys/answer.html",
        {**context, "form": form, "count": len(questions)},
        status=400 if request.method == "POST" else 200,
    )


# The territory's surveys -------------------------------------------------------------------


@login_required
@require_safe
def territory_surveys(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_surveys(request.user, slug)
    surveys = list(
        with_rates(Survey.objects.filter(edition__territory=territory))
        .select_related("edition__territory", "group")
        .order_by("-edition__number", "-opens_at", "-pk")
    )
    return render(
        request,
        "surveys/territory.html",
        {
            "territory": territory,
            "surveys": [
                (survey, Rate(survey.invited, survey.answered))  # type: ignore[attr-defined]
                for survey in surveys
            ],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_surveys(request.user, slug)
    editions = Edition.objects.filter(territory=territory).select_related("territory")
    form = SurveyForm(request.POST or None, editions=editions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                edition=data["edition"],
                group=data["group"],
                kind=data["kind"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                by=request.user,
            )
            if data["send"]:
                sent = services.survey_invite(survey=survey, by=request.user)
                messages.success(
                    request, _("%(count)s invitations envoyées.") % {"count": len(sent)}
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("surveys:survey", survey.pk)
    return render(request, "surveys/survey_form.html", {"territory": territory, "form": form})


@login_required
@require_safe
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for_staff(request.user, survey_id)
    questions = questions_of(survey)
    by_group = rates_by_group(survey)
    total = Rate(sum(r.invited for _g, r in by_group), sum(r.answered for _g, r in by_group))
    return render(
        request,
        "surveys/survey.html",
        {
            "survey": survey,
            "territory": survey.edition.territory,
            "by_group": by_group,
            "total": total,
            "results": survey_results(survey, questions),
            "quotes": list(quotable(Response.objects.filter(survey=survey))[:50]),
        },
    )


@login_required
@require_POST
def survey_send(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for_staff(request.user, survey_id)
    try:
        sent = services.survey_invite(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s invitations envoyées.") % {"count": len(sent)})
    return redirect("surveys:survey", survey.pk)


@login_required
@require_POST
def survey_remind(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for_staff(request.user, survey_id)
    try:
        reminded = services.survey_remind(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Relance envoyée à %(count)s personnes qui n'ont pas encore répondu.")
            % {"count": len(reminded)},
        )
    return redirect("surveys:survey", survey.pk)


@login_required
@require_POST
def quote_choose(request: HttpRequest, response_id: int) -> HttpResponse:
    response = get_response_for_quoting(request.user, response_id)
    try:
        services.quote_choose(
            response=response, chosen=request.POST.get("chosen") == "1", by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("surveys:survey", args=[response.survey_id]) + "#quotes")


# The territory's own questions ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_territory_for_surveys(request.user, slug)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_add(
                territory=territory,
                kind=data["kind"],
                label=data["label"],
                type=data["type"],
                options=data["options"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Question ajoutée."))
            return redirect("surveys:questions", territory.slug)
    extras = list(SurveyQuestion.objects.filter(territory=territory, active=True))
    return render(
        request,
        "surveys/questions.html",
        {
            "territory": territory,
            "form": form,
            "kinds": [(Kind(kind), [q for q in extras if q.kind == kind]) for kind in SENT_KINDS],
        },
    )


@login_required
@require_POST
def question_withdraw(request: HttpRequest, question_id: int) -> HttpResponse:
    question = get_question_for_staff(request.user, question_id)
    services.question_withdraw(question=question, by=request.user)
    messages.success(request, _("La question n'est plus posée."))
    return redirect("surveys:questions", question.territory.slug)
