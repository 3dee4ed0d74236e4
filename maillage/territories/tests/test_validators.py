import pytest
from django.core.exceptions import ValidationError

from maillage.territories.validators import compact_number, validate_siren, validate_siret


@pytest.mark.parametrize("siren", ["732829320", "552100554", "356000000"])
def test_valid_sirens_pass(siren: str) -> None:
    validate_siren(siren)


def test_a_siren_with_a_wrong_luhn_key_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_siren("732829321")
    assert error.value.code == "checksum"


def test_a_siren_must_have_nine_digits() -> None:
    with pytest.raises(ValidationError) as error:
        validate_siren("73282932")
    assert error.value.code == "length"


def test_a_siret_follows_the_luhn_key() -> None:
    validate_siret("73282932000074")
    with pytest.raises(ValidationError):
        validate_siret("73282932000075")


@pytest.mark.parametrize("siret", ["35600000009075", "35600000049837", "35600000000048"])
def test_la_poste_establishments_follow_their_own_rule(siret: str) -> None:
    validate_siret(siret)


def test_a_la_poste_siret_whose_digits_do_not_sum_to_a_multiple_of_five_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_siret("35600000009090")


def test_numbers_are_compacted_as_people_type_them() -> None:
    assert compact_number("732 829 320") == "732829320"
