from __future__ import annotations

import pytest
from django.core.management import call_command

from maillage.territories.models import ActivityCode, Commune
from maillage.territories.reference import load_reference_data


@pytest.mark.django_db
def test_reference_data_loads_the_732_naf_subclasses_with_their_section() -> None:
    load_reference_data()

    code = ActivityCode.objects.get(nomenclature=ActivityCode.Nomenclature.NAF_REV2, code="25.62B")
    assert (
        ActivityCode.objects.filter(nomenclature=ActivityCode.Nomenclature.NAF_REV2).count() == 732
    )
    assert (code.label, code.section, code.section_label) == (
        "Mécanique industrielle",
        "C",
        "Industrie manufacturière",
    )


@pytest.mark.django_db
def test_reference_data_loads_roanne_with_its_coordinates() -> None:
    load_reference_data()

    roanne = Commune.objects.get(insee_code="42187")
    assert (roanne.name, roanne.postal_code) == ("Roanne", "42300")
    assert roanne.latitude == pytest.approx(46.036, abs=0.01)
    assert roanne.longitude == pytest.approx(4.068, abs=0.01)


@pytest.mark.django_db
def test_loading_reference_data_twice_changes_nothing() -> None:
    first = load_reference_data()
    codes = ActivityCode.objects.count()
    communes = Commune.objects.count()

    second = load_reference_data()

    assert second == first
    assert (ActivityCode.objects.count(), Commune.objects.count()) == (codes, communes)


@pytest.mark.django_db
def test_loading_reference_data_restores_an_edited_label() -> None:
    load_reference_data()
    ActivityCode.objects.filter(code="25.62B").update(label="changed")

    load_reference_data()

    assert ActivityCode.objects.get(code="25.62B").label == "Mécanique industrielle"


@pytest.mark.django_db
def test_load_reference_data_command_says_what_it_loaded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("load_reference_data")

    assert "732 NAF rev. 2 codes" in capsys.readouterr().out
