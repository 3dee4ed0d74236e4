"""SIREN and SIRET checks, by python-stdnum (Luhn key; La Poste's establishments, SIREN 356000000,
follow their own sum-of-digits rule, which stdnum knows)."""

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
