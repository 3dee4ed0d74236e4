"""What changes themes, wishes, ballots, votes, the group's programme and ratings.

Keyword-only, typed, atomic, audited. The caller has fetched and authorised the objects (see
`permissions.py`); the rules that depend on state (a ballot open, a meeting held) live here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.models import Group
from maillage.meetings.models import Meeting
from maillage.territories.models import Network, Person
from maillage.themes.models import (
    Ballot,
    BallotCandidate,
    BallotState,
    MeetingRating,
    MeetingTheme,
    Theme,
    Vote,
    Wish,
)

MAX_CANDIDATES = 30


def _unique_slug(network: Network, title: str) -> str:
    base = slugify(title)[:190] or "theme"
    taken = set(
        Theme.objects.filter(network=network, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Donnez un titre au thème."), code="title")
    return title


def _territory_id(group: Group) -> int:
    return group.edition.territory_id


# Catalogue ----------------------------------------------------------------------------------------


@transaction.atomic
def theme_create(*, network: Network, title: str, description: str, by: Any) -> Theme:
    """Add a theme to the network's catalogue (curators)."""
    title = _clean_title(title)
    theme = Theme.objects.create(
        network=network,
        title=title,
        slug=_unique_slug(network, title),
        description=description.strip(),
        status=Theme.Status.ACTIVE,
    )
    audit(by, "themes.theme.created", obj=theme)
    return theme


@transaction.atomic
def theme_update(*, theme: Theme, title: str, description: str, by: Any) -> Theme:
    theme.title = _clean_title(title)
    theme.description = description.strip()
    theme.save(update_fields=["title", "description"])
    audit(by, "themes.theme.updated", obj=theme)
    return theme


_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # action: (from statuses, to status)
    "retire": ({Theme.Status.ACTIVE}, Theme.Status.RETIRED),
    "restore": ({Theme.Status.RETIRED}, Theme.Status.ACTIVE),
    "accept": ({Theme.Status.PROPOSED, Theme.Status.DECLINED}, Theme.Status.ACTIVE),
    "decline": ({Theme.Status.PROPOSED}, Theme.Status.DECLINED),
}


@transaction.atomic
def theme_transition(*, theme: Theme, action: str, by: Any) -> Theme:
    """Retire or restore a catalogue theme; accept a proposal into the catalogue or decline it.

    A retired theme stays on the meetings that had it and in the ratings; it is no longer
    offered for new ballots. A declined proposal stays its group's own theme.
    """
    if action not in _TRANSITIONS:
        raise ValidationError(_("Action inconnue."), code="action")
    sources, target = _TRANSITIONS[action]
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if theme.status not in sources:
        raise ValidationError(
            _("Ce thème est « %(status)s » : impossible.") % {"status": theme.get_status_display()},
            code="status",
        )
    theme.status = target
    theme.save(update_fields=["status"])
    audit(by, f"themes.theme.{action}", obj=theme)
    return theme


@transaction.atomic
def theme_propose(
    *, group: Group, person: Person | None, title: str, description: str, by: Any
) -> Theme:
    """A member or facilitator proposes a theme from their group. The group may put it to a
    ballot at once; curators decide whether it joins the catalogue."""
    title = _clean_title(title)
    network = group.edition.territory.network
    existing = (
        Theme.objects.filter(network=network, title__iexact=title)
        .exclude(status=Theme.Status.RETIRED)
        .first()
    )
    if existing is not None and (existing.in_catalogue or existing.proposed_in_id == group.pk):
        return existing
    theme = Theme.objects.create(
        network=network,
        title=title,
        slug=_unique_slug(network, title),
        description=description.strip(),
        status=Theme.Status.PROPOSED,
        proposed_in=group,
        proposed_by=person,
    )
    audit(by, "themes.theme.proposed", obj=theme, territory_id=_territory_id(group))
    return theme


def usable_themes(group: Group) -> QuerySet[Theme]:
    """Themes a group may put to a ballot or lay on a meeting: the catalogue, and its own
    proposals (pending or declined)."""
    return Theme.objects.filter(network_id=group.edition.territory.network_id).filter(
        Q(status=Theme.Status.ACTIVE)
        | Q(
            proposed_in=group,
            status__in=[Theme.Status.PROPOSED, Theme.Status.DECLINED],
        )
    )


def _check_usable(group: Group, themes: Iterable[Theme]) -> None:
    ids = {theme.pk for theme in themes}
    usable = set(usable_themes(group).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - usable:
        raise ValidationError(
            _("Certains thèmes ne sont pas disponibles pour ce groupe."), code="theme"
        )


# Wishes -----------------------------------------------------------------------------------------


@transaction.atomic
def wishes_submit(
    *, group: Group, person: Person, themes: Sequence[Theme], texts: Sequence[str], by: Any
) -> list[Wish]:
    """Replace the member's wishes: catalogue picks and free texts. Wishes kept from before
    keep their merge into a candidate."""
    _check_usable(group, themes)
    cleaned: list[str] = []
    for text in texts:
        text = " ".join(text.split())[:300]
        if text and text.casefold() not in {t.casefold() for t in cleaned}:
            cleaned.append(text)
    current = list(Wish.objects.select_for_update().filter(group=group, person=person))
    wanted_themes = {theme.pk for theme in themes}
    wanted_texts = {text.casefold() for text in cleaned}
    gone = [
        wish.pk
        for wish in current
        if (wish.theme_id is not None and wish.theme_id not in wanted_themes)
        or (wish.theme_id is None and wish.text.casefold() not in wanted_texts)
    ]
    Wish.objects.filter(pk__in=gone).delete()
    kept_themes = {wish.theme_id for wish in current if wish.theme_id is not None}
    kept_texts = {wish.text.casefold() for wish in current if wish.theme_id is None}
    Wish.objects.bulk_create(
        [
            Wish(group=group, person=person, theme=theme, candidate=theme)
            for theme in themes
            if theme.pk not in kept_themes
        ]
        + [
            Wish(group=group, person=person, text=text)
            for text in cleaned
            if text.casefold() not in kept_texts
        ]
    )
    audit(by, "themes.wishes.submitted", obj=group, territory_id=_territory_id(group))
    return list(Wish.objects.filter(group=group, person=person))


@transaction.atomic
def wishes_merge(
    *,
    group: Group,
    wishes: Sequence[Wish],
    theme: Theme | None = None,
    title: str = "",
    description: str = "",
    person: Person | None = None,
    by: Any,
) -> Theme:
    """Facilitators merge similar wishes into one candidate theme: an existing one, or a new
    proposal of the group titled `title`."""
    if not wishes:
        raise ValidationError(_("Choisissez au moins un souhait."), code="empty")
    if any(wish.group_id != group.pk for wish in wishes):
        raise ValidationError(_("Ces souhaits ne sont pas ceux du groupe."), code="group")
    if theme is None:
        theme = theme_propose(
            group=group, person=person, title=title, description=description, by=by
        )
    else:
        _check_usable(group, [theme])
    Wish.objects.filter(pk__in=[wish.pk for wish in wishes], theme__isnull=True).update(
        candidate=theme
    )
    audit(
        by,
        "themes.wishes.merged",
        obj=theme,
        territory_id=_territory_id(group),
        wishes=len(wishes),
    )
    return theme


# Ballots ----------------------------------------------------------------------------------------


def _check_ballot_fields(
    *,
    group: Group,
    method: str,
    dots_per_member: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    candidates: Sequence[Theme],
) -> None:
    if method not in Ballot.Method.values:
        raise ValidationError(_("Méthode inconnue."), code="method")
    if closes_at <= opens_at:
        raise ValidationError(_("La clôture doit suivre l'ouverture."), code="dates")
    if dots_per_member < 1:
        raise ValidationError(_("Au moins une gommette par membre."), code="dots")
    if len(candidates) < 2:
        raise ValidationError(_("Il faut au moins deux thèmes candidats."), code="candidates")
    if len(candidates) > MAX_CANDIDATES:
        raise ValidationError(
            _("Au plus %(n)d thèmes candidats.") % {"n": MAX_CANDIDATES}, code="candidates"
        )
    if len({theme.pk for theme in candidates}) != len(candidates):
        raise ValidationError(_("Un thème figure deux fois."), code="candidates")
    _check_usable(group, candidates)


@transaction.atomic
def ballot_create(
    *,
    group: Group,
    title: str,
    kind: str = Ballot.Kind.OTHER,
    method: str = Ballot.Method.SCHULZE,
    dots_per_member: int = 8,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    candidates: Sequence[Theme],
    by: Any,
) -> Ballot:
    """A facilitator prepares a ballot: it is a draft until `opens_at`, open until
    `closes_at`."""
    _check_ballot_fields(
        group=group,
        method=method,
        dots_per_member=dots_per_member,
        opens_at=opens_at,
        closes_at=closes_at,
        candidates=candidates,
    )
    ballot = Ballot.objects.create(
        group=group,
        title=_clean_title(title),
        kind=kind,
        method=method,
        dots_per_member=dots_per_member,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    BallotCandidate.objects.bulk_create(
        [
            BallotCandidate(ballot=ballot, theme=theme, position=position)
            for position, theme in enumerate(candidates)
        ]
    )
    audit(by, "themes.ballot.created", obj=ballot, territory_id=_territory_id(group))
    return ballot


@transaction.atomic
def ballot_update(
    *,
    ballot: Ballot,
    title: str,
    method: str,
    dots_per_member: int,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    candidates: Sequence[Theme],
    by: Any,
) -> Ballot:
    """Change a draft ballot (once open, its candidates and method are what members vote on)."""
    ballot = Ballot.objects.select_for_update().select_related("group__edition").get(pk=ballot.pk)
    if ballot.state != BallotState.DRAFT:
        raise ValidationError(_("Un scrutin ouvert ou clos ne se modifie plus."), code="not_draft")
    _check_ballot_fields(
        group=ballot.group,
        method=method,
        dots_per_member=dots_per_member,
        opens_at=opens_at,
        closes_at=closes_at,
        candidates=candidates,
    )
    ballot.title = _clean_title(title)
    ballot.method = method
    ballot.dots_per_member = dots_per_member
    ballot.opens_at = opens_at
    ballot.closes_at = closes_at
    ballot.save(update_fields=["title", "method", "dots_per_member", "opens_at", "closes_at"])
    BallotCandidate.objects.filter(ballot=ballot).delete()
    BallotCandidate.objects.bulk_create(
        [
            BallotCandidate(ballot=ballot, theme=theme, position=position)
            for position, theme in enumerate(candidates)
        ]
    )
    audit(by, "themes.ballot.updated", obj=ballot, territory_id=_territory_id(ballot.group))
    return ballot


@transaction.atomic
def ballot_open(*, ballot: Ballot, by: Any) -> Ballot:
    """Open a draft ballot now."""
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    locked.open()
    locked.save(update_fields=["opens_at"])
    ballot.opens_at = locked.opens_at
    audit(by, "themes.ballot.opened", obj=ballot, territory_id=_territory_id(ballot.group))
    return ballot


@transaction.atomic
def ballot_close(*, ballot: Ballot, by: Any) -> Ballot:
    """Close an open ballot now (refused for a draft or a closed one). Locks the ballot, so a
    vote being cast finishes first, and none comes after."""
    locked = Ballot.objects.select_for_update().get(pk=ballot.pk)
    locked.close()
    locked.save(update_fields=["closes_at"])
    ballot.closes_at = locked.closes_at
    audit(by, "themes.ballot.closed", obj=ballot, territory_id=_territory_id(ballot.group))
    return ballot


def _clean_choice(
    ballot: Ballot, candidate_ids: set[int], choice: Mapping[str, Any]
) -> dict[str, Any]:
    """The choice as stored, checked against the ballot's method and candidates."""

    def ids(values: Any) -> list[int]:
        if not isinstance(values, list | tuple):
            raise ValidationError(_("Vote mal formé."), code="shape")
        try:
            result = [int(value) for value in values]
        except (TypeError, ValueError):
            raise ValidationError(_("Vote mal formé."), code="shape") from None
        if len(set(result)) != len(result):
            raise ValidationError(_("Un thème figure deux fois."), code="duplicate")
        if set(result) - candidate_ids:
            raise ValidationError(_("Ce thème n'est pas candidat."), code="unknown")
        return result

    if ballot.method == Ballot.Method.SCHULZE:
        return {"ranking": ids(choice.get("ranking"))}
    if ballot.method == Ballot.Method.APPROVAL:
        return {"approvals": ids(choice.get("approvals"))}
    dots = choice.get("dots")
    if not isinstance(dots, Mapping):
        raise ValidationError(_("Vote mal formé."), code="shape")
    cleaned: dict[str, int] = {}
    for key, value in dots.items():
        try:
            theme_id = int(key)
        except (TypeError, ValueError):
            raise ValidationError(_("Vote mal formé."), code="shape") from None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                _("Les gommettes se comptent en nombres entiers positifs."), code="dots"
            )
        if theme_id not in candidate_ids:
            raise ValidationError(_("Ce thème n'est pas candidat."), code="unknown")
        if value:
            cleaned[str(theme_id)] = cleaned.get(str(theme_id), 0) + value
    if sum(cleaned.values()) > ballot.dots_per_member:
        raise ValidationError(
            _("Vous avez %(n)d gommettes, pas plus.") % {"n": ballot.dots_per_member},
            code="budget",
        )
    return {"dots": cleaned}


def vote_cast(*, ballot: Ballot, person: Person, choice: Mapping[str, Any], by: Any) -> Vote:
    """Cast or change the member's vote while the ballot is open.

    An upsert on (ballot, person) inside a transaction that holds the ballot's row: concurrent
    votes of different members all land, a member voting twice at once keeps one row, and no
    vote lands after an early close.
    """
    with transaction.atomic():
        locked = Ballot.objects.select_for_update(no_key=True).get(pk=ballot.pk)
        now = timezone.now()
        if locked.state_at(now) != BallotState.OPEN:
            raise ValidationError(_("Ce scrutin n'est pas ouvert."), code="not_open")
        candidate_ids = set(
            BallotCandidate.objects.filter(ballot_id=ballot.pk).values_list("theme_id", flat=True)
        )
        stored = _clean_choice(locked, candidate_ids, choice)
        Vote.objects.bulk_create(
            [Vote(ballot_id=ballot.pk, person=person, choice=stored, cast_at=now, updated_at=now)],
            update_conflicts=True,
            unique_fields=["ballot", "person"],
            update_fields=["choice", "updated_at"],
        )
        vote = Vote.objects.get(ballot_id=ballot.pk, person=person)
        audit(by, "themes.vote.cast", obj=locked, territory_id=_territory_id(ballot.group))
    return vote


# The group's programme ---------------------------------------------------------------------------


@transaction.atomic
def programme_assign(
    *,
    group: Group,
    assignments: Mapping[int, Theme | None],
    ballot: Ballot | None = None,
    by: Any,
) -> list[Meeting]:
    """Set the main theme of some planned meetings of the group (meeting id → theme, or None to
    clear it), in one step: laying a ballot's result, or the facilitators' adjustments. Other
    themes of a meeting (a second session) stay. Held and cancelled meetings keep theirs."""
    meetings = {
        meeting.pk: meeting
        for meeting in Meeting.objects.select_for_update().filter(
            pk__in=list(assignments), group=group, kind=Meeting.Kind.GROUP
        )
    }
    if set(assignments) - set(meetings):
        raise ValidationError(_("Ces rencontres ne sont pas celles du groupe."), code="meeting")
    if any(m.status != Meeting.Status.PLANNED for m in meetings.values()):
        raise ValidationError(
            _("Seules les rencontres à venir changent de thème."), code="not_planned"
        )
    _check_usable(group, [theme for theme in assignments.values() if theme is not None])
    chosen = [theme.pk for theme in assignments.values() if theme is not None]
    if len(set(chosen)) != len(chosen):
        raise ValidationError(_("Un thème figure deux fois."), code="duplicate")
    if ballot is not None and (ballot.group_id != group.pk or ballot.state != BallotState.CLOSED):
        raise ValidationError(
            _("Seul le résultat d'un scrutin clos se reporte."), code="not_closed"
        )
    current = {
        link.meeting_id: link
        for link in MeetingTheme.objects.filter(meeting_id__in=list(meetings), position=0)
    }
    changed: list[int] = []
    for meeting_id, theme in assignments.items():
        link = current.get(meeting_id)
        if theme is None:
            if link is not None:
                link.delete()
                changed.append(meeting_id)
            continue
        if link is not None and link.theme_id == theme.pk:
            continue
        changed.append(meeting_id)
        # The theme may already be this meeting's second one: it becomes the main one.
        MeetingTheme.objects.filter(meeting_id=meeting_id, theme=theme).delete()
        if link is not None:
            link.theme = theme
            link.save(update_fields=["theme"])
        else:
            MeetingTheme.objects.create(meeting_id=meeting_id, theme=theme, position=0)
    # The calendar feeds show the theme: their events say they changed (SEQUENCE,
    # LAST-MODIFIED), so that calendar clients take the new title.
    now = timezone.now()
    Meeting.objects.filter(pk__in=changed).update(sequence=F("sequence") + 1, changed_at=now)
    for meeting_id in changed:
        meetings[meeting_id].sequence += 1
        meetings[meeting_id].changed_at = now
    if ballot is not None:
        ballot.applied_at = now
        ballot.save(update_fields=["applied_at"])
    audit(
        by,
        "themes.programme.assigned",
        obj=ballot or group,
        territory_id=_territory_id(group),
        meetings=len(assignments),
    )
    return sorted(meetings.values(), key=lambda m: m.starts_at)


# Ratings ---------------------------------------------------------------------------------------


def rating_record(
    *,
    meeting: Meeting,
    person: Person,
    usefulness: int,
    comment: str = "",
    to_apply: str = "",
    by: Any,
) -> MeetingRating:
    """Record or change an attendee's after-meeting pulse (one per meeting and person)."""
    if not 1 <= usefulness <= 5:
        raise ValidationError(_("L'utilité se note de 1 à 5."), code="usefulness")
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Une rencontre se note une fois tenue."), code="not_held")
    now = timezone.now()
    with transaction.atomic():
        MeetingRating.objects.bulk_create(
            [
                MeetingRating(
                    meeting=meeting,
                    person=person,
                    usefulness=usefulness,
                    comment=comment.strip(),
                    to_apply=to_apply.strip()[:300],
                    created_at=now,
                    updated_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["meeting", "person"],
            update_fields=["usefulness", "comment", "to_apply", "updated_at"],
        )
        rating = MeetingRating.objects.get(meeting=meeting, person=person)
        audit(by, "themes.rating.recorded", obj=meeting)
    return rating
