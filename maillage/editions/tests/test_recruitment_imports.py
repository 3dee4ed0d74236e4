"""Bulk import of applications (CSV and XLSX): the whole file checked first, every bad row
reported with its line and reason in the user's language, nothing written until the valid rows
are confirmed, then all of them or none."""

from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from maillage.editions.models import Application, Edition
from maillage.editions.recruitment import imports, services
from maillage.editions.recruitment.tabular import read_upload
from maillage.editions.tests.applicants import (
    ApplicationFactory,
    luhn_complete,
    recruiting_edition,
    siret_of,
)
from maillage.territories.models import Territory
from maillage.territories.reference import load_reference_data
from maillage.territories.tests.factories import ActivityCodeFactory, CommuneFactory

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
HEADER = (
    "role;prenom;nom;email;entreprise;siret;naf;effectif;annee_de_creation;commune;a_deja_embauche"
)


@pytest.fixture
def recruiting(territory: Territory) -> Edition:
    territory.communes.add(CommuneFactory(insee_code="42187", name="Roanne"))
    ActivityCodeFactory(code="25.62A")
    ActivityCodeFactory(code="10.71C")
    return recruiting_edition(territory)


def row(n: int, **overrides: str) -> str:
    values = {
        "role": "dirigeant",
        "prenom": f"Prénom{n}",
        "nom": f"Nom{n}",
        "email": f"candidat{n}@example.test",
        "entreprise": f"Entreprise {n}",
        "siret": siret_of(n),
        "naf": "25.62A",
        "effectif": "12",
        "annee_de_creation": "2005",
        "commune": "Roanne",
        "a_deja_embauche": "oui",
    }
    values.update(overrides)
    return ";".join(values.values())


def csv_file(*lines: str, name: str = "candidatures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join([HEADER, *lines]).encode("utf-8"))


def check(edition: Edition, upload: SimpleUploadedFile) -> imports.Report:
    return imports.applications_check(edition, read_upload(upload))


# The report --------------------------------------------------------------------------------

BAD_FILE = (
    row(1),
    row(2, siret="12345678901234"),  # line 3: wrong check digit
    row(3),
    row(4, annee_de_creation="2099"),  # line 5: a year to come
    row(5, email="candidat1@example.test"),  # line 6: same address as line 2
    row(6, role="stagiaire"),  # line 7: unknown role
)


def test_every_bad_row_is_reported_with_its_line(recruiting: Edition) -> None:
    report = check(recruiting, csv_file(*BAD_FILE))

    assert report.valid == [2, 4]
    assert sorted({error.line for error in report.errors}) == [3, 5, 6, 7]


def test_the_report_gives_each_reason_in_french(recruiting: Edition) -> None:
    with translation.override("fr"):
        report = check(recruiting, csv_file(*BAD_FILE))

    reasons = {error.line: (error.column, error.message) for error in report.errors}
    assert reasons[3] == ("SIRET", "Ce SIRET n'est pas valide (clé de contrôle erronée).")
    assert reasons[6] == (
        "e-mail",
        "Une candidature avec cette adresse existe déjà pour cette édition.",
    )


def test_the_report_gives_each_reason_in_english(recruiting: Edition) -> None:
    with translation.override("en"):
        report = check(recruiting, csv_file(*BAD_FILE))

    reasons = {error.line: (error.column, error.message) for error in report.errors}
    assert reasons[3] == ("SIRET", "This SIRET is not valid (wrong check digit).")
    assert reasons[6] == (
        "email",
        "An application with this address already exists for this edition.",
    )


# Excel shows a number of 12 digits or more in scientific notation and saves a CSV as shown:
# a SIRET comes back "8,12346E+13", its last eight digits lost.
ROUNDED_FR = (
    "« %s » : un tableur a écrit ce numéro en notation scientifique et en a perdu les "
    "derniers chiffres. Saisissez-le en entier, dans une colonne au format Texte (voir l'aide "
    "de l'import)."
)


def test_a_siret_that_excel_wrote_in_scientific_notation_is_refused_with_the_reason(
    recruiting: Edition,
) -> None:
    upload = csv_file(row(1, siret="8,12346E+13"), row(2, siret="8.12346E+13"))

    with translation.override("fr"):
        report = check(recruiting, upload)

    assert report.valid == []
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (2, "SIRET", ROUNDED_FR % "8,12346E+13"),
        (3, "SIRET", ROUNDED_FR % "8.12346E+13"),
    ]


def test_a_siret_in_scientific_notation_is_refused_in_english_too(recruiting: Edition) -> None:
    with translation.override("en"):
        report = check(recruiting, csv_file(row(1, siret="8.12346E+13")))

    (error,) = report.errors
    assert error.message.startswith("“8.12346E+13”: a spreadsheet wrote this number")


def test_a_conflict_that_excel_wrote_in_scientific_notation_is_refused(
    recruiting: Edition,
) -> None:
    """It would match no firm: the conflict would be lost without a word."""
    upload = SimpleUploadedFile(
        "candidatures.csv",
        "\n".join([f"{HEADER};conflits", f'{row(1)};"Usinage Perrin; 8,12346E+13"']).encode(),
    )

    with translation.override("fr"):
        report = check(recruiting, upload)

    assert [(e.line, e.column) for e in report.errors] == [(2, "conflits")]
    assert report.errors[0].message == ROUNDED_FR % "8,12346E+13"


# A space as INSEE prints it and the example files give it; Excel's thousands separators in
# French (a no-break space, a narrow one); dots.
@pytest.mark.parametrize("separator", [" ", "\u00a0", "\u202f", "."])
def test_a_siret_written_in_groups_is_read(recruiting: Edition, separator: str) -> None:
    siret = siret_of(1)
    written = separator.join([siret[:3], siret[3:6], siret[6:9], siret[9:]])

    report = check(recruiting, csv_file(row(1, siret=written)))

    assert report.errors == []
    assert report.valid == [2]


def test_a_siret_whose_leading_zero_a_spreadsheet_ate_is_restored(recruiting: Edition) -> None:
    siret = luhn_complete(luhn_complete("01234567") + "0001")
    assert siret.startswith("0")

    report = check(recruiting, csv_file(row(1, siret=siret.lstrip("0"))))

    assert report.errors == []


def test_a_missing_required_column_is_reported_on_line_1(recruiting: Edition) -> None:
    upload = SimpleUploadedFile("c.csv", b"prenom;nom\nA;B\n")

    report = check(recruiting, upload)

    assert report.valid == []
    assert {error.line for error in report.errors} == {1}
    assert any("siret" in error.message for error in report.errors)


def test_checking_writes_nothing(recruiting: Edition) -> None:
    check(recruiting, csv_file(*BAD_FILE))

    assert not Application.objects.exists()


def test_headers_are_matched_in_english_too(recruiting: Edition) -> None:
    header = (
        "role,first_name,last_name,email,company,siret,naf,headcount,creation_year,city,has_hired"
    )
    line = f"leader,Ann,Lee,ann@example.test,Lee Ltd,{siret_of(9)},25.62A,12,2005,Roanne,yes"
    upload = SimpleUploadedFile("applications.csv", f"{header}\n{line}\n".encode())

    report = check(recruiting, upload)

    assert report.errors == []
    assert report.valid == [2]


def test_a_windows_1252_file_is_read(recruiting: Edition) -> None:
    upload = SimpleUploadedFile(
        "c.csv", "\n".join([HEADER, row(1, prenom="Hélène")]).encode("cp1252")
    )

    report = check(recruiting, upload)

    assert report.valid == [2]
    assert report.rows[0][1]["first_name"] == "Hélène"


def test_a_utf_16_file_is_read(recruiting: Edition) -> None:
    """Excel's "Unicode text" (and "CSV UTF-16" elsewhere): UTF-16 with its byte-order mark,
    tab-separated."""
    text = "\n".join([HEADER, row(1, prenom="Hélène")]).replace(";", "\t")
    upload = SimpleUploadedFile("c.txt", text.encode("utf-16"))

    report = check(recruiting, upload)

    assert report.errors == []
    assert report.valid == [2]
    assert report.rows[0][1]["first_name"] == "Hélène"


def test_a_file_with_old_mac_line_endings_is_read(recruiting: Edition) -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with a lone carriage return."""
    upload = SimpleUploadedFile("c.csv", "\r".join([HEADER, row(1), row(2)]).encode("cp1252"))

    report = check(recruiting, upload)

    assert report.errors == []
    assert report.valid == [2, 3]


def test_an_xlsx_file_is_checked_like_a_csv(recruiting: Edition) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "candidatures"
    sheet.append(HEADER.split(";"))
    for line in BAD_FILE:
        values: list[Any] = line.split(";")
        values[7] = int(values[7])  # numbers as Excel keeps them
        values[5] = int(values[5]) if values[5].isdigit() else values[5]
        sheet.append(values)
    data = io.BytesIO()
    workbook.save(data)

    report = check(recruiting, SimpleUploadedFile("candidatures.xlsx", data.getvalue()))

    assert report.valid == [2, 4]
    assert sorted({error.line for error in report.errors}) == [3, 5, 6, 7]


def test_a_workbook_opening_on_an_instructions_sheet_is_read_from_its_data_sheet(
    recruiting: Edition,
) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Mode d'emploi"
    notes.append(["Remplissez l'onglet suivant, une ligne par candidat."])
    data_sheet = workbook.create_sheet("Liste 2027")
    data_sheet.append(HEADER.split(";"))
    data_sheet.append(row(1).split(";"))
    data = io.BytesIO()
    workbook.save(data)

    report = check(recruiting, SimpleUploadedFile("liste.xlsx", data.getvalue()))

    assert report.sheet == "Liste 2027"
    assert report.errors == []
    assert report.valid == [2]


def test_a_workbook_without_a_data_sheet_reports_the_missing_columns(
    recruiting: Edition,
) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["rien", "ici"])
    data = io.BytesIO()
    workbook.save(data)

    report = check(recruiting, SimpleUploadedFile("notes.xlsx", data.getvalue()))

    assert report.sheet == "Notes"
    assert report.errors
    assert all(error.line == 1 for error in report.errors)


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    client.force_login(project_manager)

    response = client.post(
        reverse("editions:applications_import", args=[recruiting.pk]),
        {"file": SimpleUploadedFile("photo.png", b"\x89PNG....")},
    )

    assert "Envoyez un fichier .csv ou .xlsx." in response.content.decode()


# Confirming --------------------------------------------------------------------------------


def test_confirming_writes_exactly_the_valid_rows(
    recruiting: Edition, project_manager: Any
) -> None:
    report = check(recruiting, csv_file(*BAD_FILE))

    created = imports.applications_import(
        edition=recruiting, rows=report.rows, expected=report.valid, by=project_manager
    )

    assert len(created) == 2
    assert sorted(Application.objects.values_list("email", flat=True)) == [
        "candidat1@example.test",
        "candidat3@example.test",
    ]
    assert set(Application.objects.values_list("source", flat=True)) == {"import"}


def test_a_failure_midway_writes_nothing(
    recruiting: Edition, project_manager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = check(recruiting, csv_file(row(1), row(2), row(3)))
    real = services.application_submit
    calls = []

    def failing(**kwargs: Any) -> Application:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "application_submit", failing)

    with pytest.raises(RuntimeError):
        imports.applications_import(
            edition=recruiting, rows=report.rows, expected=report.valid, by=project_manager
        )

    assert not Application.objects.exists()


def test_rows_that_changed_since_the_check_stop_the_import(
    recruiting: Edition, project_manager: Any
) -> None:
    report = check(recruiting, csv_file(row(1), row(2)))
    ApplicationFactory(edition=recruiting, email="candidat2@example.test")  # meanwhile

    with pytest.raises(imports.ImportChanged):
        imports.applications_import(
            edition=recruiting, rows=report.rows, expected=report.valid, by=project_manager
        )

    assert Application.objects.count() == 1


def test_imported_decisions_link_accepted_people(recruiting: Edition, project_manager: Any) -> None:
    header = HEADER + ";statut"
    upload = SimpleUploadedFile(
        "c.csv", "\n".join([header, row(1) + ";acceptée", row(2) + ";refusée"]).encode()
    )
    report = check(recruiting, upload)

    imports.applications_import(
        edition=recruiting, rows=report.rows, expected=report.valid, by=project_manager
    )

    accepted = Application.objects.get(email="candidat1@example.test")
    assert accepted.status == "accepted"
    assert accepted.person is not None
    assert Application.objects.get(email="candidat2@example.test").status == "declined"


def test_an_accepted_facilitator_without_their_employers_naf_is_reported_at_the_check(
    recruiting: Edition, project_manager: Any
) -> None:
    """Accepting creates the employer, which needs its NAF code: the row is refused with its
    line when checked, and the other rows import (it used to pass the check, then refuse the
    whole import on confirmation)."""
    header = HEADER + ";statut"
    facilitator = row(2, role="animateur", naf="", effectif="", annee_de_creation="")
    upload = SimpleUploadedFile(
        "c.csv", "\n".join([header, row(1) + ";acceptée", facilitator + ";acceptée"]).encode()
    )
    report = check(recruiting, upload)

    assert [(error.line, error.column) for error in report.errors] == [(3, "code NAF")]
    imports.applications_import(
        edition=recruiting, rows=report.rows, expected=report.valid, by=project_manager
    )
    assert list(Application.objects.values_list("email", "status")) == [
        ("candidat1@example.test", "accepted")
    ]


# The page ----------------------------------------------------------------------------------


def test_upload_shows_the_report_and_writes_nothing_until_confirmed(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    client.force_login(project_manager)
    url = reverse("editions:applications_import", args=[recruiting.pk])

    response = client.post(url, {"file": csv_file(*BAD_FILE)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 lignes valides sur 6" in page
    assert "clé de contrôle" in page
    assert not Application.objects.exists()

    confirmed = client.post(url, {"action": "confirm", "token": response.context["token"]})

    assert confirmed.status_code == 302
    assert Application.objects.count() == 2


def test_the_report_page_speaks_english_to_an_english_user(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    client.force_login(project_manager)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("editions:applications_import", args=[recruiting.pk]),
        {"file": csv_file(*BAD_FILE)},
    )

    assert "wrong check digit" in response.content.decode()


def test_a_confirmation_with_a_stale_token_writes_nothing(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    client.force_login(project_manager)
    url = reverse("editions:applications_import", args=[recruiting.pk])
    client.post(url, {"file": csv_file(row(1))})

    response = client.post(url, {"action": "confirm", "token": "forged"})

    assert response.status_code == 302
    assert not Application.objects.exists()


def test_the_example_files_import_without_error(territory: Territory) -> None:
    load_reference_data()
    edition = recruiting_edition(territory)

    for name in ("candidatures.csv", "candidatures.xlsx"):
        upload = SimpleUploadedFile(name, (EXAMPLES / name).read_bytes())
        report = check(edition, upload)
        assert report.errors == [], name
        assert len(report.valid) == 6


def test_the_example_files_are_downloadable(
    client: Client, recruiting: Edition, project_manager: Any
) -> None:
    client.force_login(project_manager)

    response = client.get(
        reverse("editions:applications_import", args=[recruiting.pk]), {"exemple": "csv"}
    )

    assert response.status_code == 200
    assert b"siret" in b"".join(response.streaming_content)


def test_the_example_csv_files_open_in_french_excel() -> None:
    """UTF-8 with its byte-order mark (without it Excel reads "GÃ©rante", and saves it so), ";"
    between the columns."""
    for path in [EXAMPLES / "candidatures.csv", *sorted((EXAMPLES / "historique").glob("*.csv"))]:
        data = path.read_bytes()
        assert data.startswith(codecs.BOM_UTF8), path.name
        assert ";" in data.decode("utf-8-sig").splitlines()[0], path.name


def test_the_example_files_give_sirets_that_excel_keeps_whole() -> None:
    """Excel opens a cell of 12 digits or more as a number, shows it 8,12346E+13 and saves the
    CSV so. Written in groups ("812 345 676 00017", as INSEE prints it) it stays text; in the
    workbooks the SIRET column is text-formatted, for the rows people add too."""
    for path in [EXAMPLES / "candidatures.csv", EXAMPLES / "historique" / "membres.csv"]:
        sheet = read_upload(SimpleUploadedFile(path.name, path.read_bytes()))[0]
        for _line, values in sheet.rows:
            assert re.fullmatch(r"\d{3} \d{3} \d{3} \d{5}", values["siret"]), path.name
    for name, sheet_name in [("candidatures.xlsx", "candidatures"), ("historique.xlsx", "membres")]:
        worksheet = load_workbook(EXAMPLES / name)[sheet_name]
        column = [cell.value for cell in worksheet[1]].index("siret") + 1
        cells = [worksheet.cell(row=r, column=column) for r in range(2, 201)]
        assert {cell.number_format for cell in cells} == {"@"}, name
        assert all(isinstance(cell.value, str | None) for cell in cells), name
