"""API of territories, editions, groups and the caller's own profile.

Territories are served here rather than in `territories/`: who may see one depends on
memberships, which this app owns.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import WithJsonSchema

from maillage.accounts.api import api_user
from maillage.editions.models import Edition, Group, Membership
from maillage.editions.permissions import (
    get_edition_for_user,
    get_group_for_user,
    get_territory_for_user,
    roles_of,
    visible_territories,
)
from maillage.territories.models import NetworkAdmin, Person, ProjectManager, Territory

router = Router(tags=["territories, editions and groups"])


class TerritoryOut(Schema):
    id: int
    slug: str
    name: str
    organiser: str
    network: str
    time_zone: str

    @staticmethod
    def resolve_network(territory: Territory) -> str:
        return territory.network.slug


class EditionSummaryOut(Schema):
    id: int
    number: int
    opening_date: datetime.date
    closing_date: datetime.date
    status: str


class TerritoryDetailOut(TerritoryOut):
    editions: list[EditionSummaryOut]

    @staticmethod
    def resolve_editions(territory: Territory) -> list[dict[str, object]]:
        editions = Edition.objects.filter(territory=territory).order_by("number")
        return [_edition_summary(edition) for edition in editions]


class GroupSummaryOut(Schema):
    id: int
    name: str
    leaders: int
    facilitators: int


class EditionOut(EditionSummaryOut):
    territory: str
    title: str
    duration_months: int
    min_leaders: int
    max_leaders: int
    facilitators_per_group: int
    groups: list[GroupSummaryOut]


class CompanyOut(Schema):
    id: int
    name: str
    activity_code: str
    activity_label: str
    section: str
    headcount_band: str
    commune: str | None


class MemberOut(Schema):
    person_id: int
    first_name: str
    last_name: str
    role: str
    status: str
    joined_on: datetime.date
    left_on: datetime.date | None
    email: str
    phone: str
    company: CompanyOut | None


# A time of day in the territory's time zone, "HH:MM:SS". Not JSON Schema's "time" format: that
# one requires an offset (RFC 3339), which a local time of day has not.
LocalTime = Annotated[
    datetime.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$",
            "description": "A time of day in the territory's time zone (HH:MM:SS).",
        }
    ),
]


class GroupOut(Schema):
    id: int
    name: str
    edition_id: int
    territory: str
    meeting_weekday: int | None
    meeting_time: LocalTime | None
    members: list[MemberOut]


class MembershipOut(Schema):
    group_id: int
    group: str
    edition_id: int
    territory: str
    role: str
    status: str


class PersonOut(Schema):
    id: int
    first_name: str
    last_name: str
    company: CompanyOut | None


class MeOut(Schema):
    id: int
    email: str
    display_name: str
    language: str
    person: PersonOut | None
    network_admin_of: list[str]
    project_manager_of: list[str]
    memberships: list[MembershipOut]


def _edition_summary(edition: Edition) -> dict[str, object]:
    return {
        "id": edition.pk,
        "number": edition.number,
        "opening_date": edition.opening_date,
        "closing_date": edition.closing_date,
        "status": edition.status.value,
    }


def _company_out(person: Person) -> dict[str, object] | None:
    company = person.company
    if company is None:
        return None
    return {
        "id": company.pk,
        "name": company.name,
        "activity_code": company.activity.code,
        "activity_label": company.activity.label,
        "section": company.activity.section,
        "headcount_band": company.headcount_band,
        "commune": company.commune.name if company.commune else None,
    }


@router.get("/territories", response=list[TerritoryOut])
@paginate(PageNumberPagination)
def list_territories(request: HttpRequest) -> QuerySet[Territory]:
    """Territories the caller belongs to (staff or member); the page is read, not the list."""
    return visible_territories(api_user(request)).select_related("network").order_by("name")


@router.get("/territories/{slug}", response=TerritoryDetailOut)
def get_territory(request: HttpRequest, slug: str) -> Territory:
    return get_territory_for_user(api_user(request), slug)


@router.get("/editions/{int:edition_id}", response=EditionOut)
def get_edition(request: HttpRequest, edition_id: int) -> dict[str, object]:
    edition = get_edition_for_user(api_user(request), edition_id)
    groups = Group.objects.filter(edition=edition).annotate(
        leaders=Count("memberships", filter=Q(memberships__role=Membership.Role.LEADER)),
        facilitators=Count("memberships", filter=Q(memberships__role=Membership.Role.FACILITATOR)),
    )
    return {
        **_edition_summary(edition),
        "territory": edition.territory.slug,
        "title": edition.title,
        "duration_months": edition.duration_months,
        "min_leaders": edition.min_leaders,
        "max_leaders": edition.max_leaders,
        "facilitators_per_group": edition.facilitators_per_group,
        "groups": [
            {"id": g.pk, "name": g.name, "leaders": g.leaders, "facilitators": g.facilitators}
            for g in groups
        ],
    }


@router.get("/groups/{int:group_id}", response=GroupOut)
def get_group(request: HttpRequest, group_id: int) -> dict[str, object]:
    group = get_group_for_user(api_user(request), group_id)
    memberships = group.memberships.select_related(
        "person__company__activity", "person__company__commune"
    ).order_by("role", "person__last_name", "person__first_name")
    return {
        "id": group.pk,
        "name": group.name,
        "edition_id": group.edition_id,
        "territory": group.edition.territory.slug,
        "meeting_weekday": group.meeting_weekday,
        "meeting_time": group.meeting_time,
        "members": [
            {
                "person_id": m.person_id,
                "first_name": m.person.first_name,
                "last_name": m.person.last_name,
                "role": m.role,
                "status": m.status.value,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
                "email": m.person.email,
                "phone": m.person.phone,
                "company": _company_out(m.person),
            }
            for m in memberships
        ],
    }


@router.get("/me", response=MeOut)
def get_me(request: HttpRequest) -> dict[str, object]:
    user = api_user(request)
    roles = roles_of(user)
    person = (
        Person.objects.select_related("company__activity", "company__commune")
        .filter(user=user)
        .first()
    )
    memberships = (
        Membership.objects.filter(person__user=user)
        .select_related("group__edition__territory")
        .order_by("-group__edition__opening_date")
    )
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "person": None
        if person is None
        else {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "company": _company_out(person),
        },
        "network_admin_of": list(
            NetworkAdmin.objects.filter(user=user).values_list("network__slug", flat=True)
        )
        if roles.staff.admin_network_ids
        else [],
        "project_manager_of": list(
            ProjectManager.objects.filter(user=user).values_list("territory__slug", flat=True)
        )
        if roles.staff.managed_territory_ids
        else [],
        "memberships": [
            {
                "group_id": m.group_id,
                "group": m.group.name,
                "edition_id": m.group.edition_id,
                "territory": m.group.edition.territory.slug,
                "role": m.role,
                "status": m.status.value,
            }
            for m in memberships
        ],
    }
