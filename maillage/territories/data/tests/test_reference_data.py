import re
import subprocess
import sys

import pytest

from maillage.territories.data import naf_sections, naf_subclasses, roannais_communes


def test_naf_rev2_has_732_subclasses() -> None:
    assert len(naf_subclasses()) == 732


def test_naf_subclasses_span_615_classes_272_groups_88_divisions_21_sections() -> None:
    rows = naf_subclasses()
    counts = [
        len({getattr(row, level) for row in rows})
        for level in ("class_", "group", "division", "section")
    ]
    assert counts == [615, 272, 88, 21]


def test_naf_codes_are_unique_and_well_formed() -> None:
    codes = [row.code for row in naf_subclasses()]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"\d\d\.\d\d[A-Z]", code) for code in codes)


def test_naf_parent_codes_are_prefixes_of_the_code() -> None:
    for row in naf_subclasses():
        assert (row.division, row.group, row.class_) == (row.code[:2], row.code[:4], row.code[:5])


@pytest.mark.parametrize(
    ("code", "section", "label"),
    [
        (
            "01.11Z",
            "A",
            "Culture de céréales (à l'exception du riz), de légumineuses et de graines "
            "oléagineuses",
        ),
        ("25.62A", "C", "Décolletage"),
        ("47.11B", "G", "Commerce d'alimentation générale"),
        ("62.01Z", "J", "Programmation informatique"),
        ("99.00Z", "U", "Activités des organisations et organismes extraterritoriaux"),
    ],
)
def test_known_naf_subclass_has_its_section_and_french_label(
    code: str, section: str, label: str
) -> None:
    row = next(row for row in naf_subclasses() if row.code == code)
    assert (row.section, row.label) == (section, label)


def test_naf_labels_have_no_stray_whitespace() -> None:
    assert all(re.fullmatch(r"\S+( \S+)*", row.label) for row in naf_subclasses())


def test_naf_sections_run_from_a_to_u_with_french_labels() -> None:
    sections = naf_sections()
    assert [section.section for section in sections] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert sections[2].label == "Industrie manufacturière"


def test_every_naf_subclass_belongs_to_a_listed_section() -> None:
    assert {row.section for row in naf_subclasses()} == {s.section for s in naf_sections()}


def test_roannais_has_62_communes_with_unique_insee_codes() -> None:
    codes = [commune.insee for commune in roannais_communes()]
    assert len(codes) == 62
    assert len(set(codes)) == 62


@pytest.mark.parametrize(
    ("insee", "name", "postal_code"),
    [
        ("42187", "Roanne", "42300"),
        ("42184", "Riorges", "42153"),
        ("42127", "Mably", "42300"),
        ("42071", "Le Coteau", "42120"),
        ("42052", "Charlieu", "42190"),
    ],
)
def test_known_roannais_commune_has_its_name_and_postal_code(
    insee: str, name: str, postal_code: str
) -> None:
    commune = next(commune for commune in roannais_communes() if commune.insee == insee)
    assert (commune.name, commune.postal_code, commune.department) == (name, postal_code, "42")


def test_roanne_lies_at_its_known_position() -> None:
    roanne = next(commune for commune in roannais_communes() if commune.insee == "42187")
    assert abs(roanne.lat - 46.036) < 0.02
    assert abs(roanne.lon - 4.068) < 0.02


def test_every_roannais_commune_lies_within_the_north_of_the_loire() -> None:
    for commune in roannais_communes():
        assert 45.7 < commune.lat < 46.3, commune
        assert 3.6 < commune.lon < 4.5, commune


def test_callers_cannot_alter_the_reference_lists() -> None:
    naf_subclasses().clear()
    roannais_communes().clear()
    assert len(naf_subclasses()) == 732
    assert len(roannais_communes()) == 62


def test_reference_data_imports_no_django() -> None:
    script = (
        "import sys, maillage.territories.data as d; d.naf_subclasses(); d.roannais_communes(); "
        "sys.exit(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == 0
