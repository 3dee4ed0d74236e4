"""The timed session formats shipped with the product, from which facilitators build an agenda.

Data, not rows: the product ships them, translated; an agenda item stores the format's code and
its own title, duration and details (copied from the format, then edited).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    title: Promise
    minutes: int


@dataclass(frozen=True)
class SessionFormat:
    code: str
    title: Promise
    minutes: int
    description: Promise
    steps: tuple[Step, ...] = ()


NEWS_ROUND = SessionFormat(
    "news_round",
    _("Tour de table"),
    45,
    _(
        "Quelques minutes chacun, sur une grille préparée : mon actualité, une réussite, "
        "une difficulté, ce que j'attends du groupe."
    ),
)
THEMATIC = SessionFormat(
    "thematic",
    _("Séance thématique"),
    60,
    _("Le thème choisi par le groupe, animé par un expert invité ou un animateur."),
)
CODEVELOPMENT = SessionFormat(
    "codevelopment",
    _("Co-développement"),
    75,
    _(
        "Un membre expose une situation ; le groupe l'aide en six étapes, chacune minutée, "
        "sans juger ni se disperser."
    ),
    steps=(
        Step(_("Exposé de la situation"), 10),
        Step(_("Questions de clarification"), 10),
        Step(_("Formulation de la demande"), 5),
        Step(_("Consultation"), 25),
        Step(_("Plan d'action"), 10),
        Step(_("Apprentissages"), 15),
    ),
)
CHALLENGE = SessionFormat(
    "challenge",
    _("Défi d'un membre"),
    30,
    _("Un membre soumet un défi de son entreprise ; le groupe propose des pistes."),
)
COMPANY_VISIT = SessionFormat(
    "company_visit",
    _("Visite d'entreprise"),
    45,
    _("L'hôte fait visiter son entreprise et présente son métier."),
)
BUSINESS_EXCHANGE = SessionFormat(
    "business_exchange",
    _("Échanges d'affaires"),
    20,
    _("Besoins, offres et recommandations entre membres."),
)
IDEAS_FOLLOW_UP = SessionFormat(
    "ideas_follow_up",
    _("Suivi des idées"),
    15,
    _("Les idées retenues aux rencontres précédentes : essayées, adoptées, abandonnées ?"),
)
OTHER = SessionFormat("other", _("Autre"), 15, _("Un temps libre : accueil, pause, repas…"))

FORMATS: tuple[SessionFormat, ...] = (
    NEWS_ROUND,
    THEMATIC,
    CODEVELOPMENT,
    CHALLENGE,
    COMPANY_VISIT,
    BUSINESS_EXCHANGE,
    IDEAS_FOLLOW_UP,
    OTHER,
)
BY_CODE: dict[str, SessionFormat] = {session.code: session for session in FORMATS}
CHOICES: list[tuple[str, Promise]] = [(session.code, session.title) for session in FORMATS]


def get_format(code: str) -> SessionFormat:
    try:
        return BY_CODE[code]
    except KeyError:
        raise ValueError(f"Unknown session format {code!r}.") from None
