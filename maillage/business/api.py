"""API of ideas, contacts, referrals, suggestions and a group's network.

Lists answer `{"items", "count"}` (paginated with `?page=`) and hold only what the caller may
see: the ideas of their groups, the contacts and referrals they are a party to. Staff get empty
lists there: they read figures (`GET /groups/{id}/network`), never content.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from maillage.accounts.api import api_user
from maillage.business import selectors, services
from maillage.business.models import Contact, Idea, Referral
from maillage.business.network import group_members
from maillage.business.network_prepared import prepared_network_view
from maillage.business.permissions import (
    get_contact_for_user,
    get_idea_for_user,
    get_referral_for_user,
    get_visible_person,
)
from maillage.core.api_input import named_choices
from maillage.editions.charter import has_accepted_charter, require_charter
from maillage.editions.models import Group
from maillage.editions.permissions import get_group_for_user, roles_of
from maillage.meetings.permissions import Need, get_meeting_for_user

router = Router(tags=["exchanges and business"])


IdeaStatus = Annotated[Idea.Status, named_choices(Idea.Status, "IdeaStatus")]
ReferralStatus = Annotated[Referral.Status, named_choices(Referral.Status, "ReferralStatus")]


class Error(Schema):
    detail: str


# Ideas -------------------------------------------------------------------------------------------


class IdeaOut(Schema):
    id: int
    group_id: int
    meeting_id: int
    author_id: int
    author: str
    title: str
    description: str
    status: str
    result: str
    created_on: datetime.date
    follow_up_on: datetime.date | None
    tried_on: datetime.date | None
    closed_on: datetime.date | None

    @staticmethod
    def resolve_author(obj: Idea) -> str:
        return obj.author.full_name


class IdeaIn(Schema):
    meeting_id: int
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    follow_up_on: datetime.date | None = None


class IdeaPatch(Schema):
    status: IdeaStatus | None = None
    result: str | None = Field(default=None, max_length=2000)
    follow_up_on: datetime.date | None = None


def _readable_groups(user: Any) -> list[int]:
    """The caller's groups whose charter they accepted (group content needs it)."""
    roles = roles_of(user)
    groups = Group.objects.filter(pk__in=roles.group_ids)
    return [group.pk for group in groups if has_accepted_charter(user, group)]


@router.get("/ideas", response=list[IdeaOut])
@paginate(PageNumberPagination)
def list_ideas(
    request: HttpRequest, group: int | None = None, status: str | None = None
) -> QuerySet[Idea]:
    """The ideas of the caller's groups (those whose charter they accepted), latest first;
    `group` and `status` narrow the list."""
    ideas = Idea.objects.filter(group_id__in=_readable_groups(api_user(request)))
    if group is not None:
        ideas = ideas.filter(group_id=group)
    if status is not None:
        ideas = ideas.filter(status=status)
    return ideas.select_related("author").order_by("-created_on", "-pk")


@router.post("/ideas", response={201: IdeaOut, 400: Error, 403: Error, 404: Error})
def create_idea(request: HttpRequest, payload: IdeaIn) -> Status[Idea]:
    """Note an idea heard at a meeting of one's group."""
    user = api_user(request)
    meeting = get_meeting_for_user(user, payload.meeting_id, Need.CONTENT)
    if meeting.group_id is None:  # an edition event: no ideas there
        raise PermissionDenied
    require_charter(user, get_group_for_user(user, meeting.group_id, content=True))
    idea = services.idea_add(
        meeting=meeting,
        title=payload.title,
        description=payload.description,
        follow_up_on=payload.follow_up_on,
        by=user,
    )
    return Status(201, idea)


@router.patch("/ideas/{int:idea_id}", response={200: IdeaOut, 400: Error, 403: Error, 404: Error})
def update_idea(request: HttpRequest, idea_id: int, payload: IdeaPatch) -> Idea:
    """Move an idea on (to try → tried → adopted / dropped), note its result or follow-up."""
    user = api_user(request)
    idea = get_idea_for_user(user, idea_id, write=True)
    return services.idea_update(
        idea=idea,
        status=payload.status,
        result=payload.result,
        follow_up_on=payload.follow_up_on,
        by=user,
    )


# Contacts ----------------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    author_id: int
    other_id: int
    kind: str
    direction: str
    happened_on: datetime.date
    note: str
    confirmed: bool
    confirmed_at: datetime.datetime | None

    @staticmethod
    def resolve_confirmed(obj: Contact) -> bool:
        return obj.confirmed_by_other_side


class ContactIn(Schema):
    other_id: int
    kind: Contact.Kind
    direction: Contact.Direction
    happened_on: datetime.date | None = None
    note: str = Field(default="", max_length=500)


@router.get("/contacts", response=list[ContactOut])
@paginate(PageNumberPagination)
def list_contacts(request: HttpRequest) -> QuerySet[Contact]:
    """The contacts the caller logged or was named in, latest first."""
    person_id = roles_of(api_user(request)).person_id
    return selectors.person_contacts(person_id or 0)


@router.post("/contacts", response={201: ContactOut, 400: Error, 403: Error, 404: Error})
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[Contact]:
    """Log a call, visit or help with another member (404 for a person the caller may not see;
    403 for a caller who is not a member)."""
    user = api_user(request)
    roles = roles_of(user)
    if roles.person_id is None or not roles.is_member:
        raise PermissionDenied
    other = get_visible_person(user, payload.other_id)
    contact = services.contact_log(
        other=other,
        kind=payload.kind,
        direction=payload.direction,
        happened_on=payload.happened_on or timezone.localdate(),
        note=payload.note,
        by=user,
    )
    return Status(201, contact)


@router.post(
    "/contacts/{int:contact_id}/confirm",
    response={200: ContactOut, 403: Error, 404: Error},
)
def confirm_contact(request: HttpRequest, contact_id: int) -> Contact:
    """The other side confirms the contact (the author gets 403, anyone else 404)."""
    user = api_user(request)
    contact = get_contact_for_user(user, contact_id, confirm=True)
    return services.contact_confirm(contact=contact, by=user)


# Referrals ---------------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    referrer_id: int
    referee_id: int
    client: str
    what: str
    given_on: datetime.date
    warmth: int
    warmth_label: str
    status: str
    amount: Decimal | None
    contacted_on: datetime.date | None
    closed_on: datetime.date | None
    thanked_at: datetime.datetime | None
    thanks_message: str

    @staticmethod
    def resolve_warmth_label(obj: Referral) -> str:
        return str(obj.get_warmth_display())


class ReferralIn(Schema):
    referee_id: int
    client: str = Field(max_length=200)
    what: str = Field(max_length=500)
    warmth: int = Field(ge=1, le=5)
    given_on: datetime.date | None = None


class ReferralPatch(Schema):
    status: ReferralStatus | None = None
    amount: Decimal | None = Field(default=None, ge=0, max_digits=12, decimal_places=2)
    thank: bool = False
    thanks_message: str = Field(default="", max_length=300)


@router.get("/referrals", response=list[ReferralOut])
@paginate(PageNumberPagination)
def list_referrals(request: HttpRequest) -> QuerySet[Referral]:
    """The referrals the caller gave or received, latest first."""
    person_id = roles_of(api_user(request)).person_id
    return selectors.person_referrals(person_id or 0)


@router.post("/referrals", response={201: ReferralOut, 400: Error, 403: Error, 404: Error})
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    """Recommend a member (one the caller may see) to a client or prospect; they are told by
    email."""
    user = api_user(request)
    roles = roles_of(user)
    if roles.person_id is None or not roles.is_member:
        raise PermissionDenied
    referee = get_visible_person(user, payload.referee_id)
    referral = services.referral_give(
        referee=referee,
        client=payload.client,
        what=payload.what,
        warmth=payload.warmth,
        given_on=payload.given_on or timezone.localdate(),
        by=user,
    )
    return Status(201, referral)


@router.patch(
    "/referrals/{int:referral_id}",
    response={200: ReferralOut, 400: Error, 403: Error, 404: Error},
)
def update_referral(request: HttpRequest, referral_id: int, payload: ReferralPatch) -> Referral:
    """The referee (B) moves the referral on (given → contacted → won with the amount / lost)
    and may thank the referrer (A), who is told by email. A gets 403, anyone else 404."""
    user = api_user(request)
    referral = get_referral_for_user(user, referral_id, as_referee=True)
    if payload.status is None and payload.amount is not None:  # else dropped without a word
        raise services.amount_without_win()
    if payload.status is not None:
        referral = services.referral_update(
            referral=referral, status=payload.status, amount=payload.amount, by=user
        )
    if payload.thank:
        referral = services.referral_thank(
            referral=referral, message=payload.thanks_message, by=user
        )
    return referral


# Suggestions -------------------------------------------------------------------------------------


class SuggestionOut(Schema):
    person_id: int
    name: str
    company: str | None
    offer: str
    score: float
    shared_words: list[str]
    same_naf: str
    same_group: bool


class SuggestionsOut(Schema):
    need: str
    items: list[SuggestionOut]
    count: int


@router.get("/me/suggestions", response={200: SuggestionsOut, 403: Error})
def my_suggestions(
    request: HttpRequest,
    need: str = Query("", max_length=1000),
    naf: str = Query("", max_length=10),
) -> dict[str, object]:
    """The members whose offer fits `need` best (own groups, and members of the network who
    agreed to appear beyond their group), with the reason; none for an empty need. Members
    and alumni only."""
    user = api_user(request)
    roles = roles_of(user)
    if roles.person_id is None or not roles.is_member:
        raise PermissionDenied
    found = selectors.suggestions(user, need, need_naf=naf.strip().upper())
    items = [
        {
            "person_id": s.person.pk,
            "name": s.person.full_name,
            "company": s.person.company.name if s.person.company else None,
            "offer": s.offer,
            "score": s.score,
            "shared_words": list(s.shared_words),
            "same_naf": s.same_naf,
            "same_group": s.same_group,
        }
        for s in found
    ]
    return {"need": need, "items": items, "count": len(items)}


# Network -----------------------------------------------------------------------------------------


class FiguresOut(Schema):
    at: datetime.date
    people: int
    ties: int
    outside_ties: int
    density: float
    average_degree: float
    average_degree_overall: float
    cross_sector_share: float | None
    cross_edition_share: float | None
    ties_at_close: int
    still_active_after_close: int
    still_active_share: float | None


class NodeOut(Schema):
    key: int
    x: float
    y: float
    person_id: int | None
    name: str | None
    is_viewer: bool
    ties: int


class EdgeOut(Schema):
    source: int
    target: int
    own: bool


class NetworkOut(Schema):
    group_id: int
    figures: FiguresOut
    timeline: list[FiguresOut]
    drawn: bool
    size: int
    nodes: list[NodeOut]
    edges: list[EdgeOut]


@router.get("/groups/{int:group_id}/network", response={200: NetworkOut, 404: Error})
def group_network(request: HttpRequest, group_id: int) -> dict[str, object]:
    """The group's network from contacts and referrals: figures now and every three months
    since the opening, and the drawing (coordinates in the `size` square). Nodes are anonymous
    but for the caller and the people the caller exchanged with; no drawing under 5 people."""
    user = api_user(request)
    group = get_group_for_user(user, group_id)
    today = timezone.localdate()
    view = prepared_network_view(
        group_members(group.pk, today),
        today=today,
        start=min(group.edition.opening_date, today),
        viewer_person_id=roles_of(user).person_id,
    )
    return {
        "group_id": group.pk,
        "figures": view.figures,
        "timeline": view.timeline,
        "drawn": view.drawn,
        "size": view.size,
        "nodes": [
            {
                "key": node.key,
                "x": node.x,
                "y": node.y,
                "person_id": node.person_id,
                "name": node.label or None,
                "is_viewer": node.is_viewer,
                "ties": node.ties,
            }
            for node in view.nodes
        ],
        "edges": [
            {"source": edge.source, "target": edge.target, "own": edge.own} for edge in view.edges
        ],
    }
