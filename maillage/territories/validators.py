"""SIREN and SIRET checks, by python-stdnum (Luhn key; La Poste's establishments, SIREN 356000000,
follow their own sum-of-digits rule, which stdnum knows); the calendar settings the scheduling
engine refuses, said in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret


def _check(module: object, value: str, label: str, length: int) -> None:
    try:
        module.validate(value)  # type: ignore[attr-defined]
    except InvalidLength as exc:
        raise ValidationError(
            _("Un %(label)s compte %(length)d chiffres."),
            code="length",
            params={"label": label, "length": length},
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _("Un %(label)s ne contient que des chiffres."), code="format", params={"label": label}
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _("Ce %(label)s n'est pas valide (clé de contrôle erronée)."),
            code="checksum",
            params={"label": label},
        ) from exc


def validate_siren(value: str) -> None:
    _check(stdnum_siren, value, "SIREN", 9)


def validate_siret(value: str) -> None:
    _check(stdnum_siret, value, "SIRET", 14)


def compact_number(value: str) -> str:
    """Remove spaces and dots as people type them: '356 000 000' → '356000000'."""
    return "".join(ch for ch in value if not ch.isspace() and ch not in ".-")


# The scheduling engine's refusals of a territory's calendar settings, by their
# `SchedulingError.code` (the engine, Django-free, words them in English). The territory's form
# and the meetings' adapter say them alike.
CALENDAR_SETTING_MESSAGES = {
    "time_zone": _(
        "Le fuseau horaire du territoire, « %(value)s », est inconnu : "
        "donnez un nom IANA comme Europe/Paris ou America/Martinique."
    ),
    "holiday_subdivision": _(
        "La subdivision des jours fériés du territoire, « %(value)s », est inconnue."
    ),
    "school_zone": _(
        "La zone scolaire du territoire, « %(value)s », est inconnue : "
        "A, B ou C (zones de métropole), ou aucune."
    ),
    "overseas_school_zone": _(
        "La subdivision d'outre-mer « %(subdivision)s » a son propre calendrier scolaire, "
        "pas celui de la zone %(zone)s : laissez la zone scolaire vide."
    ),
    "school_zone_needed": _(
        "Éviter les vacances scolaires demande une zone scolaire (A, B ou C) ; les "
        "calendriers scolaires d'outre-mer et de Corse ne sont pas dans nos données."
    ),
}


def calendar_setting_error(error: ValueError) -> ValidationError:
    """The engine's refusal of a calendar setting in the user's language (rendered when read);
    its English text when the code is not one of ours."""
    code = getattr(error, "code", None)
    if code not in CALENDAR_SETTING_MESSAGES:
        return ValidationError(str(error))
    return ValidationError(
        CALENDAR_SETTING_MESSAGES[code], code=code, params=getattr(error, "params", {})
    )
