"""Import of a territory's past editions (editions, groups, members, meetings, attendance) from
one workbook or several CSV files: checked first, then all valid rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maillage.editions import history_import
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.recruitment.tabular import read_upload
from maillage.editions.tests.applicants import luhn_complete
from maillage.meetings.models import Attendance, Meeting
from maillage.territories.models import Person, Territory
from maillage.territories.reference import load_reference_data

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
KINDS = ("editions", "groupes", "membres", "rencontres", "presences")


@pytest.fixture
def reference(db: None) -> None:
    load_reference_data()


def csv_uploads(**replace: str) -> list[SimpleUploadedFile]:
    files = []
    for kind in KINDS:
        text = replace.get(kind) or (EXAMPLES / "historique" / f"{kind}.csv").read_text("utf-8")
        files.append(SimpleUploadedFile(f"{kind}.csv", text.encode("utf-8")))
    return files


def tables_of(uploads: list[SimpleUploadedFile]) -> list[history_import.Table]:
    sheets = [sheet for upload in uploads for sheet in read_upload(upload)]
    tables, errors = history_import.recognise(sheets)
    assert errors == []
    return tables


def test_the_example_workbook_checks_without_error(reference: None, territory: Territory) -> None:
    upload = SimpleUploadedFile("historique.xlsx", (EXAMPLES / "historique.xlsx").read_bytes())

    _history, report = history_import.check(territory, tables_of([upload]))

    assert report.errors == []
    assert report.counts == {
        "editions": (1, 1),
        "groups": (2, 2),
        "members": (6, 6),
        "meetings": (3, 3),
        "attendance": (9, 9),
    }


def test_importing_writes_the_editions_groups_members_meetings_and_attendance(
    reference: None, territory: Territory, project_manager: Any
) -> None:
    tables = tables_of(csv_uploads())
    _history, report = history_import.check(territory, tables)

    written = history_import.history_import(
        territory=territory, tables=tables, expected=report.valid, by=project_manager
    )

    assert written == {"editions": 1, "groups": 2, "members": 6, "meetings": 3, "attendance": 9}
    edition = Edition.objects.get(territory=territory, number=1)
    assert edition.closing_date.isoformat() == "2020-03-26"
    assert list(edition.groups.order_by("name").values_list("name", flat=True)) == [
        "Groupe Loire",
        "Groupe Renaison",
    ]
    left = Membership.objects.get(person__email="marc@boulangerie-chambon.example")
    assert left.left_on is not None
    assert left.left_on.isoformat() == "2019-09-15"
    assert Meeting.objects.filter(edition=edition, status="held").count() == 3
    assert Attendance.objects.filter(status="late").count() == 1


def test_people_are_found_again_by_their_address(
    reference: None, territory: Territory, project_manager: Any, group: Group
) -> None:
    known = group.memberships.first().person
    members = (EXAMPLES / "historique" / "membres.csv").read_text("utf-8")
    members = members.replace("claire.perrin@usinage-perrin.example", known.email)
    presences = (EXAMPLES / "historique" / "presences.csv").read_text("utf-8")
    presences = presences.replace("claire.perrin@usinage-perrin.example", known.email)
    tables = tables_of(csv_uploads(membres=members, presences=presences))
    _history, report = history_import.check(territory, tables)

    history_import.history_import(
        territory=territory, tables=tables, expected=report.valid, by=project_manager
    )

    assert Person.objects.filter(email=known.email).count() == 1
    assert Membership.objects.filter(person=known).count() == 2


def test_rows_depending_on_a_bad_row_are_refused_too(reference: None, territory: Territory) -> None:
    groups = "edition;nom\n1;Groupe Loire\n7;Groupe Renaison\n"  # edition 7 does not exist

    _history, report = history_import.check(territory, tables_of(csv_uploads(groupes=groups)))

    lines = {(error.sheet, error.line) for error in report.errors}
    assert ("groupes", 3) in lines
    assert {("membres", 5), ("membres", 6), ("membres", 7)} <= lines  # the Renaison members
    assert ("rencontres", 4) in lines
    assert report.counts["members"] == (3, 6)


def test_bad_rows_are_reported_with_the_reason_in_the_users_language(
    reference: None, territory: Territory
) -> None:
    editions = "numero;date_d_ouverture\n1;le printemps\n"

    with translation.override("en"):
        _history, report = history_import.check(
            territory, tables_of(csv_uploads(editions=editions))
        )

    first = report.errors[0]
    assert (first.sheet, first.line) == ("editions", 2)
    assert "is not a date" in first.message


def test_a_siret_that_excel_wrote_in_scientific_notation_is_refused_with_the_reason(
    reference: None, territory: Territory
) -> None:
    """Excel saved the members' CSV with the SIRET as it showed it: its last digits are lost,
    so the row is refused (and the rows that need it), never imported with a wrong SIRET."""
    members = (EXAMPLES / "historique" / "membres.csv").read_text("utf-8")
    members = members.replace("812 345 676 00017", "8,12346E+13")

    with translation.override("fr"):
        _history, report = history_import.check(territory, tables_of(csv_uploads(membres=members)))

    (error, *_dependants) = [e for e in report.errors if e.sheet == "membres"]
    assert error.line == 2
    assert error.message.startswith("«\u00a08,12346E+13\u00a0»\u00a0: un tableur a écrit ce")
    assert report.counts["members"] == (5, 6)


def test_a_siret_with_its_leading_zero_eaten_or_no_break_spaces_is_read(
    reference: None, territory: Territory, project_manager: Any
) -> None:
    members = (EXAMPLES / "historique" / "membres.csv").read_text("utf-8")
    siret = luhn_complete(luhn_complete("01234567") + "0001")
    members = members.replace("812 345 676 00017", siret[1:])
    members = members.replace("793 456 120 00013", "793\u00a0456\u00a0120\u00a000013")
    tables = tables_of(csv_uploads(membres=members))
    _history, report = history_import.check(territory, tables)
    assert report.errors == []

    history_import.history_import(
        territory=territory, tables=tables, expected=report.valid, by=project_manager
    )

    assert Person.objects.get(email="claire.perrin@usinage-perrin.example").company.siret == siret
    assert Person.objects.get(email="marc@boulangerie-chambon.example").company.siret == (
        "79345612000013"
    )


def test_numbers_beyond_what_a_column_holds_are_refused_at_the_check(
    reference: None, territory: Territory, project_manager: Any
) -> None:
    """They passed the check, then the confirmation failed on the database or on the calendar
    (a 500)."""
    editions = (
        "numero;date_d_ouverture;duree_mois\n1;26/03/2018;24\n2;26/03/2020;99999\n3;26/03/9999;24\n"
    )
    long_name = "Groupe " + "x" * 100
    groups = (
        "edition;nom\n1;Groupe Loire\n1;Groupe Renaison\n"
        f"1;{long_name}a\n1;{long_name}b\n"  # one name once cut to the column's 100
    )
    meetings = (EXAMPLES / "historique" / "rencontres.csv").read_text("utf-8") + (
        "1;Groupe Loire;-1;12/09/2018;18:00;21:00;tenue;\n"
        "1;Groupe Loire;70000;12/10/2018;18:00;21:00;tenue;\n"
        "1;Groupe Loire;9;31/12/9999;23:00;23:30;tenue;\n"
    )
    tables = tables_of(csv_uploads(editions=editions, groupes=groups, rencontres=meetings))

    _history, report = history_import.check(territory, tables)

    assert {(error.sheet, error.line) for error in report.errors} == {
        ("editions", 3),
        ("editions", 4),
        ("groupes", 5),
        ("rencontres", 5),
        ("rencontres", 6),
        ("rencontres", 7),
    }
    history_import.history_import(
        territory=territory, tables=tables, expected=report.valid, by=project_manager
    )
    assert Meeting.objects.filter(group__edition__territory=territory).count() == 3
    assert Group.objects.filter(edition__territory=territory).count() == 3


def test_an_unknown_sheet_is_reported(reference: None, territory: Territory) -> None:
    sheets = read_upload(SimpleUploadedFile("budget.csv", b"a;b\n1;2\n"))

    _tables, errors = history_import.recognise(sheets)

    assert errors[0].sheet == "budget"


def test_a_failure_midway_writes_nothing(
    reference: None, territory: Territory, project_manager: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = tables_of(csv_uploads())
    _history, report = history_import.check(territory, tables)
    kind = history_import._kinds["attendance"]

    def broken(history: Any, payloads: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        history_import._kinds,
        "attendance",
        history_import.Kind(
            kind.key, kind.label, kind.names, kind.columns, kind.order, kind.check, broken
        ),
    )

    with pytest.raises(RuntimeError):
        history_import.history_import(
            territory=territory, tables=tables, expected=report.valid, by=project_manager
        )

    assert not Edition.objects.filter(territory=territory).exists()
    assert not Person.objects.filter(email__endswith=".example").exists()


def test_the_page_checks_several_csv_files_then_imports_on_confirmation(
    reference: None, client: Client, territory: Territory, project_manager: Any
) -> None:
    client.force_login(project_manager)
    url = reverse("editions:history_import", args=[territory.slug])

    response = client.post(url, {"uploads": csv_uploads()})

    assert response.status_code == 200
    assert not Edition.objects.filter(territory=territory).exists()
    confirmed = client.post(url, {"action": "confirm", "token": response.context["token"]})
    assert confirmed.status_code == 302
    assert Edition.objects.filter(territory=territory, number=1).exists()
    assert Attendance.objects.count() == 9


def test_members_of_the_territory_cannot_import(
    client: Client, territory: Territory, leader: Any
) -> None:
    client.force_login(leader)

    response = client.get(reverse("editions:history_import", args=[territory.slug]))

    assert response.status_code == 403


def test_an_account_imported_into_a_past_group_is_its_alumnus_at_once(
    reference: None, territory: Territory, project_manager: Any, leader: Any
) -> None:
    """Memberships are written in bulk (no signal): the import moves the roles generation
    itself, so a member's cached roles do not miss the past group."""
    from maillage.accounts.models import User
    from maillage.editions.permissions import roles_of

    before = roles_of(User.objects.get(pk=leader.pk)).group_ids
    email = leader.person.email
    members = (EXAMPLES / "historique" / "membres.csv").read_text("utf-8")
    members = members.replace("claire.perrin@usinage-perrin.example", email)
    presences = (EXAMPLES / "historique" / "presences.csv").read_text("utf-8")
    presences = presences.replace("claire.perrin@usinage-perrin.example", email)
    tables = tables_of(csv_uploads(membres=members, presences=presences))
    _history, report = history_import.check(territory, tables)
    history_import.history_import(
        territory=territory, tables=tables, expected=report.valid, by=project_manager
    )

    imported = Membership.objects.get(person=leader.person, group__edition__number=1)
    roles = roles_of(User.objects.get(pk=leader.pk))
    assert roles.group_ids == before | {imported.group_id}
    assert imported.group_id in roles.alumni_group_ids
