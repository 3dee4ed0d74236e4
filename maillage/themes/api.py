"""API of themes: the catalogue and its ratings, a group's ballots, voting, the after-meeting
rating.

Same rules as the pages: the catalogue is read by anyone of the network; ballots and votes are
the group's content (staff of the territory 403, others 404); a meeting's rating is given by who
attended it. A ballot's results appear once it is closed, for everyone of the group alike.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from maillage.accounts.api import api_user
from maillage.editions.permissions import roles_of
from maillage.themes import selectors, services
from maillage.themes.models import Ballot, BallotState, MeetingRating, Theme, Vote
from maillage.themes.permissions import (
    can_rate,
    can_vote,
    get_ballot_for_user,
    get_programme_group_for_user,
    get_rated_meeting_for_user,
    get_theme_for_user,
    network_ids,
    person_of,
    visible_themes,
)

router = Router(tags=["themes"])


class Error(Schema):
    detail: str


class ThemeOut(Schema):
    id: int
    network: str
    title: str
    slug: str
    description: str
    status: str
    rating_mean: float | None = Field(
        description="Mean usefulness (1–5) over every rating; null under 3 ratings."
    )
    rating_count: int
    rated_groups: int


class RatingRowOut(Schema):
    label: str
    mean: float
    count: int
    groups: int


class ThemeRatingsOut(Schema):
    theme_id: int
    mean: float | None
    count: int
    groups: int
    editions: int
    territories: int
    by_territory: list[RatingRowOut]
    by_edition: list[RatingRowOut]
    by_stage: list[RatingRowOut] = Field(
        description="By half-year of the two-year programme. Rows with fewer than 3 ratings "
        "are left out, so that nobody is recognised."
    )


class CandidateOut(Schema):
    id: int
    title: str


class BallotSummaryOut(Schema):
    id: int
    group_id: int
    title: str
    kind: str
    method: str
    dots_per_member: int
    state: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    applied_at: datetime.datetime | None
    votes: int


class TierOut(Schema):
    place: int
    theme_ids: list[int]
    score: int | None


class ResultOut(Schema):
    votes: int
    eligible: int
    turnout: float
    tiers: list[TierOut]
    ties: list[str] = Field(description="How each tie came about, in words.")
    pairwise: dict[str, dict[str, int]] | None = Field(
        description="Schulze only: pairwise[a][b] is the number of voters preferring theme a "
        "to theme b."
    )
    scores: dict[str, int] | None = Field(description="Approval and dots: theme id → score.")


class VoteOut(Schema):
    ballot_id: int
    ranking: list[int] | None = None
    approvals: list[int] | None = None
    dots: dict[str, int] | None = None
    updated_at: datetime.datetime


class BallotOut(BallotSummaryOut):
    candidates: list[CandidateOut]
    eligible: int
    can_vote: bool
    my_vote: VoteOut | None
    results: ResultOut | None = Field(description="Once the ballot is closed; null before.")


class VoteIn(Schema):
    ranking: list[int] | None = Field(
        default=None,
        description="Schulze: theme ids, most preferred first; those left out are tied last.",
    )
    approvals: list[int] | None = Field(default=None, description="Approval: approved theme ids.")
    dots: dict[str, int] | None = Field(
        default=None, description="Dots: theme id → dots, within the ballot's dots_per_member."
    )


class RatingOut(Schema):
    meeting_id: int
    can_rate: bool
    usefulness: int | None
    comment: str
    to_apply: str
    updated_at: datetime.datetime | None


class RatingIn(Schema):
    usefulness: int = Field(ge=1, le=5)
    comment: str = ""
    to_apply: str = Field(default="", max_length=300)


# Catalogue --------------------------------------------------------------------------------------


@router.get("/themes", response=list[ThemeOut])
@paginate(PageNumberPagination)
def list_themes(request: HttpRequest) -> list[dict[str, Any]]:
    """The catalogue of the caller's networks, with each theme's ratings: figures over the whole
    network, computed in the background (about ten minutes old at most)."""
    user = api_user(request)
    themes, _computed_at = selectors.with_prepared_ratings(
        visible_themes(user)
        .filter(network_id__in=network_ids(user), status=Theme.Status.ACTIVE)
        .select_related("network")
        .order_by("title", "pk"),
        network_ids(user),
    )
    return [
        {
            "id": theme.pk,
            "network": theme.network.slug,
            "title": theme.title,
            "slug": theme.slug,
            "description": theme.description,
            "status": theme.status,
            "rating_mean": theme.rating_mean,  # type: ignore[attr-defined]
            "rating_count": theme.rating_count,  # type: ignore[attr-defined]
            "rated_groups": theme.rated_groups,  # type: ignore[attr-defined]
        }
        for theme in themes
    ]


@router.get("/themes/{int:theme_id}/ratings", response=ThemeRatingsOut)
def theme_ratings(request: HttpRequest, theme_id: int) -> dict[str, Any]:
    """A theme's ratings aggregated across groups, editions and territories."""
    theme = get_theme_for_user(api_user(request), theme_id)
    summary = selectors.theme_rating_summary(theme)
    return {
        "theme_id": theme.pk,
        "mean": summary.mean,
        "count": summary.count,
        "groups": summary.groups,
        "editions": summary.editions,
        "territories": summary.territories,
        "by_territory": [vars(row) for row in summary.by_territory],
        "by_edition": [vars(row) for row in summary.by_edition],
        "by_stage": [vars(row) for row in summary.by_stage],
    }


# Ballots ---------------------------------------------------------------------------------------


def _summary(ballot: Ballot, votes: int) -> dict[str, Any]:
    return {
        "id": ballot.pk,
        "group_id": ballot.group_id,
        "title": ballot.title,
        "kind": ballot.kind,
        "method": ballot.method,
        "dots_per_member": ballot.dots_per_member,
        "state": ballot.state.value,
        "opens_at": ballot.opens_at,
        "closes_at": ballot.closes_at,
        "applied_at": ballot.applied_at,
        "votes": votes,
    }


def _vote_out(vote: Vote) -> dict[str, Any]:
    return {"ballot_id": vote.ballot_id, **vote.choice, "updated_at": vote.updated_at}


@router.get("/groups/{int:group_id}/ballots", response=list[BallotSummaryOut])
@paginate(PageNumberPagination)
def list_ballots(request: HttpRequest, group_id: int) -> list[dict[str, Any]]:
    """The group's ballots, latest first (the group only: staff 403, others 404)."""
    group = get_programme_group_for_user(api_user(request), group_id)
    return [
        _summary(ballot, ballot.vote_count)  # type: ignore[attr-defined]
        for ballot in selectors.group_ballots(group)
    ]


@router.get("/ballots/{int:ballot_id}", response=BallotOut)
def get_ballot(request: HttpRequest, ballot_id: int) -> dict[str, Any]:
    """A ballot, the caller's vote, and its results once closed."""
    user = api_user(request)
    ballot = get_ballot_for_user(user, ballot_id)
    roles = roles_of(user)
    candidates = selectors.candidates_of(ballot)
    votes = Vote.objects.filter(ballot=ballot)
    mine = votes.filter(person_id=roles.person_id).first() if roles.person_id else None
    # The votes of members who left the group before the close are not counted.
    votes = votes.filter(person_id__in=selectors.electorate(ballot).values("person_id"))
    results = None
    if ballot.state == BallotState.CLOSED:
        result = selectors.ballot_result(ballot, candidates)
        results = {
            "votes": result.votes,
            "eligible": result.eligible,
            "turnout": round(result.turnout, 4),
            "tiers": [
                {"place": t.place, "theme_ids": [x.pk for x in t.themes], "score": t.score}
                for t in result.tiers
            ],
            "ties": result.ties,
            "pairwise": {
                str(row.theme.pk): {
                    str(other.theme.pk): cell.value
                    for other, cell in zip(result.matrix, row.cells, strict=True)
                    if not cell.diagonal
                }
                for row in result.matrix
            }
            if result.matrix
            else None,
            "scores": {str(k): v for k, v in result.scores.items()} if result.scores else None,
        }
    return {
        **_summary(ballot, votes.count()),
        "candidates": [{"id": theme.pk, "title": theme.title} for theme in candidates],
        "eligible": selectors.eligible_voters(ballot),
        "can_vote": can_vote(roles, ballot) and ballot.state == BallotState.OPEN,
        "my_vote": _vote_out(mine) if mine else None,
        "results": results,
    }


@router.put(
    "/ballots/{int:ballot_id}/vote",
    response={200: VoteOut, 400: Error, 403: Error, 404: Error},
)
def put_vote(request: HttpRequest, ballot_id: int, payload: VoteIn) -> Any:
    """Cast or change the caller's vote while the ballot is open (400 `Ce scrutin n'est pas
    ouvert.` otherwise). Send the field of the ballot's method: `ranking`, `approvals` or
    `dots`."""
    user = api_user(request)
    ballot = get_ballot_for_user(user, ballot_id)
    roles = roles_of(user)
    if not can_vote(roles, ballot):
        raise PermissionDenied
    by_method: dict[str, dict[str, Any]] = {
        Ballot.Method.SCHULZE: {"ranking": payload.ranking},
        Ballot.Method.APPROVAL: {"approvals": payload.approvals},
        Ballot.Method.DOTS: {"dots": payload.dots},
    }
    choice = by_method[ballot.method]
    if next(iter(choice.values())) is None:
        raise ValidationError(
            _("Envoyez « %(field)s » pour la méthode de ce scrutin.")
            % {"field": next(iter(choice))},
            code="shape",
        )
    vote = services.vote_cast(ballot=ballot, person=person_of(roles), choice=choice, by=user)
    return _vote_out(vote)


# Ratings ---------------------------------------------------------------------------------------


def _rating_out(meeting_id: int, allowed: bool, rating: MeetingRating | None) -> dict[str, Any]:
    return {
        "meeting_id": meeting_id,
        "can_rate": allowed,
        "usefulness": rating.usefulness if rating else None,
        "comment": rating.comment if rating else "",
        "to_apply": rating.to_apply if rating else "",
        "updated_at": rating.updated_at if rating else None,
    }


@router.get("/meetings/{int:meeting_id}/rating", response=RatingOut)
def get_rating(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """The caller's rating of a meeting of their group (usefulness null when not given)."""
    user = api_user(request)
    meeting = get_rated_meeting_for_user(user, meeting_id)
    roles = roles_of(user)
    mine = (
        MeetingRating.objects.filter(meeting=meeting, person_id=roles.person_id).first()
        if roles.person_id
        else None
    )
    return _rating_out(meeting.pk, can_rate(roles, meeting), mine)


@router.put(
    "/meetings/{int:meeting_id}/rating",
    response={200: RatingOut, 400: Error, 403: Error, 404: Error},
)
def put_rating(request: HttpRequest, meeting_id: int, payload: RatingIn) -> Any:
    """Rate a held meeting one attended: usefulness 1–5, an optional comment and one thing to
    apply (changing it replaces the previous rating)."""
    user = api_user(request)
    meeting = get_rated_meeting_for_user(user, meeting_id)
    roles = roles_of(user)
    if not can_rate(roles, meeting):
        raise PermissionDenied
    rating = services.rating_record(
        meeting=meeting,
        person=person_of(roles),
        usefulness=payload.usefulness,
        comment=payload.comment,
        to_apply=payload.to_apply,
        by=user,
    )
    return _rating_out(meeting.pk, True, rating)
