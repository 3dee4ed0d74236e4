"""The standard questionnaires, as data: what each stage of the programme asks.

- baseline, on joining: the professional-isolation scale, expectations, current practices;
- after each meeting: the pulse of the themes app (`themes.MeetingRating`: usefulness 1–5, a
  comment, one thing to apply). It is listed here so that the catalogue is whole, but it has no
  question of its own: the surveys app never asks it a second time;
- mid-term and final: the isolation scale again, ideas adopted, business done with other
  members, satisfaction, would you recommend (0–10, NPS), a free comment one may allow to quote;
- alumni, one year after the end: still in touch? business since?

Project managers add questions for their territory (`SurveyQuestion` rows), asked after these.
Each questionnaire fits on one phone page, in under two minutes.

The isolation scale: five statements, each from 1 (not at all) to 5 (completely); the score is
their mean, from 1 (not isolated) to 5 (very isolated). Items are phrased in the same direction,
so none is reversed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    BASELINE = "baseline", pgettext_lazy("questionnaire", "à l'entrée")
    AFTER_MEETING = "after_meeting", pgettext_lazy("questionnaire", "après chaque rencontre")
    MIDTERM = "midterm", pgettext_lazy("questionnaire", "à mi-parcours")
    FINAL = "final", pgettext_lazy("questionnaire", "en fin de programme")
    ALUMNI = "alumni", pgettext_lazy("questionnaire", "un an après")


# The kinds sent as a survey (the after-meeting pulse is the themes app's rating form).
SENT_KINDS = (Kind.BASELINE, Kind.MIDTERM, Kind.FINAL, Kind.ALUMNI)
# When each kind is sent, in months from the opening of the edition.
MONTHS_FROM_OPENING = {Kind.BASELINE: 0, Kind.MIDTERM: 12, Kind.FINAL: 24, Kind.ALUMNI: 36}
# How long a questionnaire stays open, in days.
OPEN_DAYS = 21


class AnswerType(models.TextChoices):
    SCALE = "scale", _("échelle de 1 à 5")
    NPS = "nps", _("note de 0 à 10")
    YES_NO = "yes_no", _("oui ou non")
    CHOICE = "choice", _("un choix dans une liste")
    MULTI = "multi", _("plusieurs choix dans une liste")
    TEXT = "text", _("texte libre")


@dataclass(frozen=True)
class Question:
    code: str
    type: AnswerType
    label: str | Promise
    choices: tuple[tuple[str, str | Promise], ...] = ()
    required: bool = True
    help: str | Promise = ""


AGREEMENT = (
    ("1", _("Pas du tout")),
    ("2", _("Un peu")),
    ("3", _("Assez")),
    ("4", _("Beaucoup")),
    ("5", _("Tout à fait")),
)
SATISFACTION = (
    ("1", _("Pas satisfait")),
    ("2", _("Peu satisfait")),
    ("3", _("Assez satisfait")),
    ("4", _("Satisfait")),
    ("5", _("Très satisfait")),
)

ISOLATION = (
    Question("isolation_decisions", AnswerType.SCALE, _("Je me sens seul face à mes décisions.")),
    Question(
        "isolation_peers",
        AnswerType.SCALE,
        _("Je manque d'autres dirigeants avec qui parler de mon entreprise."),
    ),
    Question(
        "isolation_doubts",
        AnswerType.SCALE,
        _("Je garde pour moi mes doutes et mes difficultés de dirigeant."),
    ),
    Question(
        "isolation_advice",
        AnswerType.SCALE,
        _("Quand un problème se pose, je ne sais pas à qui demander conseil."),
    ),
    Question(
        "isolation_pressure",
        AnswerType.SCALE,
        _("Je porte seul la pression des responsabilités de l'entreprise."),
    ),
)
ISOLATION_CODES = tuple(question.code for question in ISOLATION)

EXPECTATIONS = Question(
    "expectations",
    AnswerType.MULTI,
    _("Qu'attendez-vous du programme ?"),
    choices=(
        ("isolation", _("Sortir de l'isolement")),
        ("practices", _("Échanger sur nos pratiques de gestion")),
        ("network", _("Développer mon réseau local")),
        ("business", _("Trouver des clients ou des partenaires")),
        ("skills", _("Progresser sur des thèmes précis")),
    ),
    required=False,
)
PRACTICES = Question(
    "practices",
    AnswerType.MULTI,
    _("Aujourd'hui, vous…"),
    choices=(
        ("peers", _("échangez régulièrement avec d'autres dirigeants")),
        ("club", _("faites partie d'un club ou d'un réseau d'entreprises")),
        ("adviser", _("avez un mentor ou un conseiller")),
        ("training", _("vous formez au moins une fois par an")),
        ("none", _("aucune de ces pratiques")),
    ),
    required=False,
)
IDEAS_ADOPTED = Question(
    "ideas_adopted",
    AnswerType.CHOICE,
    _("Combien d'idées entendues dans le groupe avez-vous mises en place dans votre entreprise ?"),
    choices=(("0", "0"), ("1", "1 – 2"), ("3", "3 – 5"), ("6", _("6 ou plus"))),
)
BUSINESS_DONE = Question(
    "business_done",
    AnswerType.YES_NO,
    _("Avez-vous fait affaire avec d'autres membres (client, fournisseur, partenaire) ?"),
)
SATISFACTION_QUESTION = Question(
    "satisfaction",
    AnswerType.SCALE,
    _("Dans l'ensemble, êtes-vous satisfait du programme ?"),
    choices=SATISFACTION,
    help=_("1 : pas satisfait ; 5 : très satisfait."),
)
NPS = Question(
    "nps",
    AnswerType.NPS,
    _("Recommanderiez-vous le programme à un autre dirigeant ?"),
    help=_("0 : pas du tout ; 10 : tout à fait."),
)
COMMENT = Question(
    "comment",
    AnswerType.TEXT,
    _("Un commentaire, en quelques mots ?"),
    required=False,
    help=_("Cochez la case qui suit si nous pouvons le citer, sans votre nom, dans le bilan."),
)
STILL_IN_TOUCH = Question(
    "still_in_touch",
    AnswerType.CHOICE,
    _("Êtes-vous toujours en contact avec des membres de votre groupe ?"),
    choices=(
        ("often", _("Oui, souvent")),
        ("sometimes", _("Oui, de temps en temps")),
        ("no", _("Non")),
    ),
)
BUSINESS_SINCE = Question(
    "business_since",
    AnswerType.YES_NO,
    _("Depuis la fin du programme, avez-vous fait affaire avec des membres du réseau ?"),
)

STANDARD: dict[str, tuple[Question, ...]] = {
    Kind.BASELINE: (*ISOLATION, EXPECTATIONS, PRACTICES),
    Kind.AFTER_MEETING: (),  # themes.MeetingRating: see the module docstring
    Kind.MIDTERM: (*ISOLATION, IDEAS_ADOPTED, BUSINESS_DONE, SATISFACTION_QUESTION, NPS, COMMENT),
    Kind.FINAL: (*ISOLATION, IDEAS_ADOPTED, BUSINESS_DONE, SATISFACTION_QUESTION, NPS, COMMENT),
    Kind.ALUMNI: (STILL_IN_TOUCH, BUSINESS_SINCE, NPS, COMMENT),
}

# Question codes whose answers are also kept on the response, for the bilan's aggregates.
SCORED = {"satisfaction", "nps", "business_done", "business_since", "still_in_touch"}


# The bilan's figures per questionnaire, and the questions each is drawn from.
FIGURE_QUESTIONS = {
    "isolation": set(ISOLATION_CODES),
    "nps": {"nps"},
    "satisfaction": {"satisfaction"},
    "business": {"business_done", "business_since"},
    "in_touch": {"still_in_touch"},
}


def asked_figures(kind: str) -> frozenset[str]:
    """The bilan's figures a questionnaire asks (the baseline: the isolation only): a figure it
    does not ask is "not asked", not hidden."""
    codes = {question.code for question in STANDARD.get(kind, ())}
    return frozenset(figure for figure, asked in FIGURE_QUESTIONS.items() if asked & codes)


def scale_choices(question: Question) -> tuple[tuple[str, str | Promise], ...]:
    if question.type == AnswerType.SCALE:
        return question.choices or AGREEMENT
    if question.type == AnswerType.NPS:
        return tuple((str(n), str(n)) for n in range(11))
    if question.type == AnswerType.YES_NO:
        return (("yes", _("Oui")), ("no", _("Non")))
    return question.choices


def isolation_score(values: dict[str, int]) -> float | None:
    """The mean of the five items, when all five are answered."""
    items = [values[code] for code in ISOLATION_CODES if code in values]
    if len(items) != len(ISOLATION_CODES):
        return None
    return sum(items) / len(items)


def nps(promoters: int, detractors: int, total: int) -> float | None:
    """Net promoter score: % of 9–10 minus % of 0–6, from −100 to 100."""
    return 100 * (promoters - detractors) / total if total else None
