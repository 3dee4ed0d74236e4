"""The Roannais demo: built once for the module (committed, removed at the end), then read by
each test inside its own rolled-back transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from pytest_django import DjangoDbBlocker

from maillage.accounts.models import TotpDevice, User
from maillage.business.models import Contact, Idea, OfferNeed, Referral
from maillage.core.models import AuditEntry
from maillage.editions.models import (
    Application,
    Edition,
    EditionStatus,
    FormationRun,
    Group,
    Membership,
)
from maillage.editions.selectors import composition_problems
from maillage.meetings.models import Attendance, Meeting
from maillage.reports.demo import ACCOUNT_EMAILS, PASSWORD
from maillage.reports.tests.demo_module import demo_for_the_module
from maillage.territories import demo as territories_demo
from maillage.territories.models import (
    ActivityCode,
    Company,
    NetworkAdmin,
    Person,
    ProjectManager,
    Territory,
)
from maillage.territories.validators import validate_siren, validate_siret
from maillage.themes.models import MeetingTheme

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    with django_db_blocker.unblock(), demo_for_the_module(TODAY) as output:
        yield output


def roannais() -> Territory:
    return Territory.objects.get(slug="roannais")


def edition(number: int) -> Edition:
    return Edition.objects.get(territory__slug="roannais", number=number)


@pytest.mark.django_db
def test_the_loaded_demo_is_anchored_on_its_day() -> None:
    assert edition(4).opening_date == datetime.date(2026, 3, 26)
    assert edition(4).status_on(TODAY) == EditionStatus.RUNNING


@pytest.mark.django_db
def test_editions_1_to_3_are_closed() -> None:
    assert [edition(number).status_on(TODAY) for number in (1, 2, 3)] == [EditionStatus.CLOSED] * 3


@pytest.mark.django_db
def test_editions_1_to_3_held_more_than_100_distinct_leaders() -> None:
    leaders = (
        Membership.objects.filter(
            group__edition__territory__slug="roannais",
            group__edition__number__lte=3,
            role=Membership.Role.LEADER,
        )
        .values("person")
        .distinct()
        .count()
    )

    assert leaders > 100


@pytest.mark.django_db
def test_editions_1_to_3_held_more_than_130_group_meetings_with_attendance() -> None:
    held = Meeting.objects.filter(
        edition__territory__slug="roannais",
        edition__number__lte=3,
        kind=Meeting.Kind.GROUP,
        status=Meeting.Status.HELD,
    )

    assert held.filter(attendances__isnull=False).distinct().count() > 130


@pytest.mark.django_db
def test_edition_4_has_three_groups() -> None:
    assert edition(4).groups.count() == 3


@pytest.mark.django_db
def test_edition_4_was_formed_by_the_engine_from_its_applications() -> None:
    run = FormationRun.objects.get(edition=edition(4))
    person_of = dict(Application.objects.filter(edition=edition(4)).values_list("pk", "person_id"))
    groups = edition(4).groups.order_by("pk")

    assert run.status == FormationRun.Status.PUBLISHED
    assert len(run.groups) == groups.count() == 3
    for proposed, group in zip(run.groups, groups, strict=True):
        wanted = {person_of[pk] for pk in [*proposed["leaders"], *proposed["facilitators"]]}
        assert set(group.memberships.values_list("person_id", flat=True)) == wanted


@pytest.mark.django_db
def test_edition_4_also_waitlisted_and_declined_applicants() -> None:
    statuses = set(Application.objects.filter(edition=edition(4)).values_list("status", flat=True))

    assert statuses == {"accepted", "waitlisted", "declined"}


@pytest.mark.django_db
def test_edition_5_recruits_and_opens_on_the_next_26_march() -> None:
    assert edition(5).opening_date == datetime.date(2027, 3, 26)
    assert edition(5).status_on(TODAY) == EditionStatus.RECRUITING
    assert not edition(5).groups.exists()


@pytest.mark.django_db
def test_edition_5_has_enough_accepted_applications_to_form_groups() -> None:
    applications = Application.objects.filter(edition=edition(5))
    accepted = applications.filter(status="accepted")

    assert 34 <= applications.count() <= 38
    assert accepted.filter(role="leader").count() == 22
    assert accepted.filter(role="facilitator").count() >= 6
    assert applications.filter(status="submitted").exists()


@pytest.mark.django_db
def test_every_group_respects_its_bounds_and_facilitators_come_from_distinct_companies() -> None:
    groups = Group.objects.filter(edition__territory__slug="roannais").select_related("edition")

    assert composition_problems(groups, TODAY, closed_too=True) == {}


@pytest.mark.django_db
def test_most_groups_have_eleven_or_twelve_leaders() -> None:
    groups = Group.objects.filter(edition__territory__slug="roannais").annotate(
        leaders=Count("memberships", filter=Q(memberships__role=Membership.Role.LEADER))
    )
    sizes = [group.leaders for group in groups]

    assert sum(1 for size in sizes if size >= 11) >= len(sizes) * 0.8


@pytest.mark.django_db
def test_facilitators_are_lent_by_large_companies() -> None:
    facilitators = Membership.objects.filter(
        group__edition__territory__slug="roannais", role=Membership.Role.FACILITATOR
    ).select_related("person__company")

    assert all(membership.person.company.is_large for membership in facilitators)


@pytest.mark.django_db
def test_leaders_of_a_group_have_distinct_naf_classes() -> None:
    classes: dict[int, list[str]] = {}
    leaders = Membership.objects.filter(
        group__edition__territory__slug="roannais", role=Membership.Role.LEADER
    ).select_related("person__company__activity")
    for membership in leaders:
        classes.setdefault(membership.group_id, []).append(
            membership.person.company.activity.naf_class
        )

    assert all(len(set(found)) == len(found) for found in classes.values())


@pytest.mark.django_db
def test_nobody_is_in_two_overlapping_groups() -> None:
    periods: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    memberships = Membership.objects.filter(
        group__edition__territory__slug="roannais"
    ).select_related("group__edition")
    for membership in memberships:
        end = membership.left_on or membership.group.edition.closing_date
        periods.setdefault(membership.person_id, []).append((membership.joined_on, end))

    for spans in periods.values():
        spans.sort()
        assert all(previous[1] <= following[0] for previous, following in pairwise(spans))


@pytest.mark.django_db
def test_a_few_members_left_during_an_edition() -> None:
    left = Membership.objects.filter(
        group__edition__territory__slug="roannais", left_on__isnull=False
    )

    assert 3 <= left.count() <= 12
    assert all(m.left_on is not None and m.left_on <= TODAY for m in left)


@pytest.mark.django_db
def test_first_meeting_of_edition_4_has_the_theme_developpement_commercial() -> None:
    first = (
        Meeting.objects.filter(edition=edition(4), kind=Meeting.Kind.GROUP)
        .order_by("starts_at")
        .first()
    )

    assert first is not None
    assert [link.theme.title for link in first.meeting_themes.all()] == ["Développement commercial"]


@pytest.mark.django_db
def test_every_group_of_edition_4_opened_with_developpement_commercial() -> None:
    themes = MeetingTheme.objects.filter(
        meeting__edition=edition(4), meeting__number=1, position=0
    ).values_list("theme__title", flat=True)

    assert list(themes) == ["Développement commercial"] * 3


@pytest.mark.django_db
def test_every_held_meeting_has_attendance_and_minutes() -> None:
    held = Meeting.objects.filter(edition__territory=roannais(), status=Meeting.Status.HELD)

    assert held.exists()
    assert not held.filter(attendances__isnull=True).exists()
    assert not held.filter(minutes__isnull=True).exists()


@pytest.mark.django_db
def test_every_held_group_meeting_has_a_theme() -> None:
    held = Meeting.objects.filter(
        edition__territory=roannais(), kind=Meeting.Kind.GROUP, status=Meeting.Status.HELD
    )

    assert not held.filter(meeting_themes__isnull=True).exists()


@pytest.mark.django_db
def test_meetings_before_today_are_held_and_later_ones_planned() -> None:
    meetings = Meeting.objects.filter(edition__territory=roannais())
    past = {m.status for m in meetings if m.starts_at.date() < TODAY}
    future = {m.status for m in meetings if m.starts_at.date() >= TODAY}

    assert past <= {Meeting.Status.HELD, Meeting.Status.CANCELLED}
    assert future == {Meeting.Status.PLANNED}


@pytest.mark.django_db
def test_each_group_meets_about_once_a_month_for_two_years() -> None:
    groups = Group.objects.filter(edition__territory__slug="roannais").annotate(
        meetings_count=Count("meetings")
    )

    assert all(20 <= group.meetings_count <= 24 for group in groups)


@pytest.mark.django_db
def test_each_edition_has_an_opening_and_a_plenary() -> None:
    kinds = Meeting.objects.filter(edition__territory=roannais()).exclude(kind=Meeting.Kind.GROUP)

    for number in (1, 2, 3, 4):
        assert {m.kind for m in kinds if m.edition.number == number} >= {
            Meeting.Kind.OPENING,
            Meeting.Kind.PLENARY,
        }


@pytest.mark.django_db
def test_about_four_in_five_attendances_are_present() -> None:
    statuses = list(
        Attendance.objects.filter(meeting__edition__territory=roannais()).values_list(
            "status", flat=True
        )
    )
    present = statuses.count(Attendance.Status.PRESENT) / len(statuses)

    assert 0.72 <= present <= 0.88
    assert {Attendance.Status.LATE, Attendance.Status.EXCUSED, Attendance.Status.ABSENT} <= set(
        statuses
    )


@pytest.mark.django_db
def test_most_group_meetings_take_place_at_a_members_firm() -> None:
    meetings = Meeting.objects.filter(edition__territory=roannais(), kind=Meeting.Kind.GROUP)
    hosted = meetings.filter(host_company__isnull=False).count()

    assert hosted >= 0.75 * meetings.count()


@pytest.mark.django_db
def test_edition_4_groups_have_their_24_meetings_with_hosts_and_agendas() -> None:
    groups = Group.objects.filter(edition=edition(4))
    for group in groups:
        meetings = list(group.meetings.order_by("starts_at"))
        assert [m.number for m in meetings] == list(range(1, 25))
        assert all(m.starts_at.date() < edition(4).closing_date for m in meetings)
        hosts = [m.host_id for m in meetings if m.host_id is not None]
        assert len(hosts) >= 18
        assert all(m.host_company_id == m.host.company_id for m in meetings if m.host_id)
        assert not group.meetings.filter(agenda_items__isnull=True).exists()


@pytest.mark.django_db
def test_nobody_in_edition_4_hosts_twice_before_every_leader_hosted_once() -> None:
    for group in Group.objects.filter(edition=edition(4)):
        leaders = group.memberships.filter(role=Membership.Role.LEADER, left_on__isnull=True)
        hosts = list(
            group.meetings.filter(host__isnull=False)
            .order_by("starts_at")
            .values_list("host_id", flat=True)
        )
        first_round = hosts[: leaders.count()]
        assert len(set(first_round)) == len(first_round)


@pytest.mark.django_db
def test_every_held_meetings_minutes_have_their_first_revision() -> None:
    held = Meeting.objects.filter(edition__territory=roannais(), status=Meeting.Status.HELD)
    assert not held.filter(minutes__revisions__isnull=True).exists()


@pytest.mark.django_db
def test_every_company_has_a_valid_siren_and_siret() -> None:
    for company in Company.objects.all():
        validate_siren(company.siren)
        validate_siret(company.siret)
        assert company.siret.startswith(company.siren)


@pytest.mark.django_db
def test_companies_carry_real_naf_codes_across_diverse_sections() -> None:
    companies = Company.objects.select_related("activity")

    assert all(c.activity.nomenclature == ActivityCode.Nomenclature.NAF_REV2 for c in companies)
    assert len({c.activity.section for c in companies}) >= 12


@pytest.mark.django_db
def test_companies_stand_near_their_commune() -> None:
    for company in Company.objects.select_related("commune"):
        assert company.commune is not None
        assert company.latitude is not None
        assert company.longitude is not None
        assert abs(company.latitude - (company.commune.latitude or 0)) < 0.02
        assert abs(company.longitude - (company.commune.longitude or 0)) < 0.02


@pytest.mark.django_db
def test_the_territory_covers_the_roannais_communes() -> None:
    assert roannais().communes.filter(insee_code="42187", name="Roanne").exists()
    assert roannais().organiser == "CCI du Roannais"


@pytest.mark.django_db
def test_most_people_agree_to_appear_in_the_directory_and_a_few_do_not() -> None:
    people = Person.objects.count()
    refusing = Person.objects.filter(directory_consent=False).count()

    assert 0 < refusing < 0.2 * people


@pytest.mark.django_db
def test_the_six_demo_accounts_exist_and_are_printed(demo: str) -> None:
    assert set(User.objects.filter(email__in=ACCOUNT_EMAILS).values_list("email", flat=True)) == {
        *ACCOUNT_EMAILS
    }
    assert all(email in demo for email in ACCOUNT_EMAILS)
    assert PASSWORD in demo


@pytest.mark.django_db
def test_staff_demo_accounts_have_two_factor_with_the_printed_fixed_secrets(demo: str) -> None:
    secrets = dict(
        TotpDevice.objects.filter(user__email__in=ACCOUNT_EMAILS).values_list(
            "user__email", "secret"
        )
    )

    assert secrets == {
        "reseau@demo.maillage.test": territories_demo.NETWORK_ADMIN_TOTP_SECRET,
        "chef-de-projet@demo.maillage.test": territories_demo.PROJECT_MANAGER_TOTP_SECRET,
    }
    assert all(f"TOTP secret (demo only): {secret}" in demo for secret in secrets.values())


@pytest.mark.django_db
@pytest.mark.parametrize("email", ACCOUNT_EMAILS)
def test_demo_accounts_log_in_with_the_demo_password(email: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

    user = authenticate(None, email=email, password=PASSWORD)

    assert user is not None
    assert user.email == email


@pytest.mark.django_db
def test_reseau_is_network_admin_and_chef_de_projet_manages_the_roannais() -> None:
    assert NetworkAdmin.objects.filter(
        user__email="reseau@demo.maillage.test", network=roannais().network
    ).exists()
    assert ProjectManager.objects.filter(
        user__email="chef-de-projet@demo.maillage.test", territory=roannais()
    ).exists()


def _membership_of(email: str, number: int) -> Membership:
    return Membership.objects.select_related("group").get(
        person__user__email=email, group__edition=edition(number)
    )


@pytest.mark.django_db
def test_animateur_and_dirigeant_are_in_the_same_group_of_edition_4() -> None:
    facilitator = _membership_of("animateur@demo.maillage.test", 4)
    leader = _membership_of("dirigeant@demo.maillage.test", 4)

    assert facilitator.role == Membership.Role.FACILITATOR
    assert leader.role == Membership.Role.LEADER
    assert facilitator.group_id == leader.group_id
    assert leader.status_on(TODAY) == Membership.Status.ACTIVE


@pytest.mark.django_db
def test_dirigeante_leads_in_another_group_of_edition_4() -> None:
    leader = _membership_of("dirigeante@demo.maillage.test", 4)

    assert leader.role == Membership.Role.LEADER
    assert leader.group_id != _membership_of("dirigeant@demo.maillage.test", 4).group_id
    assert leader.status_on(TODAY) == Membership.Status.ACTIVE


@pytest.mark.django_db
def test_ancien_is_an_alumnus_of_edition_3_not_in_edition_4() -> None:
    membership = _membership_of("ancien@demo.maillage.test", 3)

    assert membership.role == Membership.Role.LEADER
    assert membership.status_on(TODAY) == Membership.Status.ALUMNI
    assert not Membership.objects.filter(
        person__user__email="ancien@demo.maillage.test", group__edition=edition(4)
    ).exists()


@pytest.mark.django_db
def test_demo_accounts_are_linked_to_their_person_with_a_display_name() -> None:
    for email in ACCOUNT_EMAILS[2:]:
        user = User.objects.select_related("person").get(email=email)
        assert user.person.email == email
        assert user.display_name == user.person.full_name
    assert all(user.display_name for user in User.objects.filter(email__in=ACCOUNT_EMAILS))


@pytest.mark.django_db
def test_load_demo_refuses_when_the_demo_is_there() -> None:
    with pytest.raises(CommandError, match="--reset") as refused:
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=StringIO())

    assert refused.value.returncode == 1


@pytest.mark.django_db
def test_load_demo_if_empty_keeps_the_existing_demo() -> None:
    before = list(Company.objects.order_by("pk").values_list("pk", "name"))
    output = StringIO()

    call_command("load_demo", "--if-empty", "--today", "2030-01-01", stdout=output)

    assert "already there" in output.getvalue()
    assert list(Company.objects.order_by("pk").values_list("pk", "name")) == before
    assert edition(4).opening_date == datetime.date(2026, 3, 26)


def _fingerprint() -> list[object]:
    meetings = Meeting.objects.filter(edition__territory__slug="roannais")
    return [
        list(Company.objects.order_by("siren").values_list("siren", "name", "latitude")),
        sorted(Person.objects.values_list("email", "first_name", "last_name", "directory_consent")),
        sorted(
            (name or "", starts)
            for name, starts in meetings.values_list("group__name", "starts_at")
        ),
        sorted(
            Attendance.objects.filter(meeting__in=meetings).values_list(
                "meeting__starts_at", "person__email", "status"
            )
        ),
    ]


@pytest.mark.django_db
def test_load_demo_reset_rebuilds_the_same_demo_for_the_same_day() -> None:
    before = _fingerprint()

    call_command("load_demo", "--reset", "--today", TODAY.isoformat(), stdout=StringIO())

    assert _fingerprint() == before
    assert User.objects.filter(email__in=ACCOUNT_EMAILS).count() == 6


@pytest.mark.django_db
def test_load_demo_reset_anchors_the_demo_on_the_new_day() -> None:
    call_command("load_demo", "--reset", "--today", "2027-03-26", stdout=StringIO())

    assert edition(4).opening_date == datetime.date(2027, 3, 26)
    assert Territory.objects.filter(slug="roannais").count() == 1
    assert Edition.objects.filter(territory__slug="roannais").count() == 5


# Exchanges and business --------------------------------------------------------------------------


def _contacts_of_edition(number: int) -> Any:
    return Contact.objects.filter(
        author__memberships__group__edition__territory__slug="roannais",
        author__memberships__group__edition__number=number,
    ).distinct()


@pytest.mark.django_db
def test_every_edition_has_ideas_and_every_outcome_occurs() -> None:
    per_edition = dict(Idea.objects.values_list("group__edition__number").annotate(n=Count("pk")))
    statuses = set(Idea.objects.values_list("status", flat=True))

    assert set(per_edition) == {1, 2, 3, 4}
    assert statuses == {"to_try", "tried", "adopted", "dropped"}


@pytest.mark.django_db
def test_contacts_grow_over_an_edition() -> None:
    third = edition(3)
    contacts = _contacts_of_edition(3)
    first_months = contacts.filter(
        happened_on__lt=third.opening_date + datetime.timedelta(days=180)
    ).count()
    last_months = contacts.filter(
        happened_on__gte=third.closing_date - datetime.timedelta(days=180),
        happened_on__lt=third.closing_date,
    ).count()

    assert 0 < first_months < last_months


@pytest.mark.django_db
def test_alumni_go_on_calling_and_recommending_each_other() -> None:
    first = edition(1)
    alumni = Membership.objects.filter(group__edition=first).values("person")

    assert Contact.objects.filter(
        author__in=alumni, other__in=alumni, happened_on__gt=first.closing_date
    ).exists()
    assert Referral.objects.filter(referrer__in=alumni, given_on__gt=first.closing_date).exists()


@pytest.mark.django_db
def test_some_referrals_are_won_and_only_those_carry_an_amount() -> None:
    won = Referral.objects.filter(status="won")

    assert won.count() >= 20
    assert not won.filter(amount__isnull=True).exists()
    assert not Referral.objects.exclude(status="won").filter(amount__isnull=False).exists()


@pytest.mark.django_db
def test_most_leaders_describe_their_offers_and_needs() -> None:
    leaders = (
        Membership.objects.filter(role=Membership.Role.LEADER).values("person").distinct().count()
    )

    assert OfferNeed.objects.exclude(offer="").exclude(need="").count() >= 0.75 * leaders


@pytest.mark.django_db
def test_no_exchange_is_dated_after_the_demo_day() -> None:
    assert not Contact.objects.filter(happened_on__gt=TODAY).exists()
    assert not Referral.objects.filter(given_on__gt=TODAY).exists()


@pytest.mark.django_db
def test_the_territory_trail_tells_the_demos_past_with_the_services_action_codes() -> None:
    entries = AuditEntry.objects.filter(territory_id=roannais().pk)
    counts = dict(entries.values_list("action").annotate(n=Count("id")))
    assert (
        counts["editions.edition.created"] == Edition.objects.filter(territory=roannais()).count()
    )
    assert (
        counts["editions.group.created"]
        == Group.objects.filter(edition__territory=roannais()).count()
    )
    assert counts["editions.membership.added"] >= 150
    for action in (
        "meetings.schedule.created",
        "meetings.attendance.recorded",
        "meetings.minutes.written",
        "meetings.takeaways.shared",
        "business.idea.added",
    ):
        assert counts.get(action, 0) > 0, action
    assert entries.count() > 50  # more than a page of the trail


@pytest.mark.django_db
def test_the_demo_trail_is_dated_before_the_demo_day_and_done_by_accounts_only() -> None:
    entries = AuditEntry.objects.filter(territory_id=roannais().pk)
    noon = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC)
    assert not entries.filter(at__gte=noon).exists()
    assert not entries.filter(actor__isnull=True).exists()
    assert {e.actor_label for e in entries.select_related("actor")} == {
        e.actor.get_full_name() for e in entries.select_related("actor") if e.actor
    }
    # Staff set things up; what happens in a group is done by its own members.
    chef = User.objects.get(email="chef-de-projet@demo.maillage.test")
    assert not entries.filter(actor=chef, action__startswith="meetings.minutes").exists()
    assert entries.filter(actor=chef, action="editions.group.created").exists()
    written = entries.filter(action="meetings.minutes.written").select_related("actor__person")
    for entry in written:
        meeting = Meeting.objects.get(minutes__pk=entry.object_id)
        assert meeting.group_id is not None
        assert Membership.objects.filter(
            group_id=meeting.group_id, person__user=entry.actor
        ).exists()


@pytest.mark.django_db
def test_the_demo_trail_keeps_addresses_for_a_year_only() -> None:
    entries = AuditEntry.objects.filter(territory_id=roannais().pk)
    year_ago = datetime.datetime.combine(
        TODAY - datetime.timedelta(days=366), datetime.time(0), tzinfo=datetime.UTC
    )
    assert not entries.filter(at__lt=year_ago, ip_address__isnull=False).exists()
    assert entries.filter(at__gte=year_ago, ip_address__isnull=False).exists()
