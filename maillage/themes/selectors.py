"""What we read about themes: the catalogue with its ratings, a group's programme, a ballot's
results, where its winners would go, and recommendations."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.disclosure import disjoint_parts_shown
from maillage.core.prepared import prepared
from maillage.editions.models import Group, Membership, edition_title
from maillage.engines.voting import (
    SchulzeResult,
    TallyResult,
    TieReason,
    approval_result,
    dot_vote_result,
    schulze_result,
)
from maillage.meetings.models import Meeting
from maillage.themes import recommender
from maillage.themes.models import (
    Ballot,
    BallotCandidate,
    MeetingRating,
    MeetingTheme,
    Theme,
    Vote,
    Wish,
)
from maillage.themes.permissions import ATTENDED
from maillage.themes.services import usable_themes

# A breakdown row (a territory, an edition, a stage) shows only from this many ratings on:
# fewer would let a reader guess who rated what.
MIN_RATINGS_SHOWN = 3


# Catalogue --------------------------------------------------------------------------------------


def with_ratings(themes: QuerySet[Theme]) -> QuerySet[Theme]:
    """Annotate `rating_mean`, `rating_count` and `rated_groups` (one query for the list)."""
    ratings = "meeting_themes__meeting__ratings"
    return themes.annotate(
        rating_mean=Avg(f"{ratings}__usefulness"),
        rating_count=Count(ratings),
        rated_groups=Count(
            "meeting_themes__meeting__group",
            distinct=True,
            filter=Q(**{f"{ratings}__isnull": False}),
        ),
    )


def theme_rating_figures(*network_ids: int) -> dict[int, tuple[float | None, int, int]]:
    """Each theme's ratings over these networks: mean, count and groups that rated it, by
    theme id. They read every rating of the networks: pages take them prepared in the
    background (`with_prepared_ratings`)."""
    rows = (
        MeetingRating.objects.filter(meeting__meeting_themes__theme__network_id__in=network_ids)
        .order_by()
        .values("meeting__meeting_themes__theme_id")
        .annotate(
            mean=Avg("usefulness"),
            count=Count("id"),
            groups=Count("meeting__group", distinct=True),
        )
    )
    return {
        row["meeting__meeting_themes__theme_id"]: (row["mean"], row["count"], row["groups"])
        for row in rows
    }


def with_prepared_ratings(
    themes: Iterable[Theme], network_ids: Iterable[int]
) -> tuple[list[Theme], datetime.datetime]:
    """The themes with `rating_mean` (None under MIN_RATINGS_SHOWN ratings), `rating_count`
    and `rated_groups` from the network's figures prepared in the background, and when those
    were computed."""
    figures = prepared(theme_rating_figures, *sorted(set(network_ids)))
    listed = list(themes)
    for theme in listed:
        mean, count, groups = figures.value.get(theme.pk, (None, 0, 0))
        # A mean of one or two ratings would be someone's rating: the count shows, not it.
        theme.rating_mean = mean if count >= MIN_RATINGS_SHOWN else None  # type: ignore[attr-defined]
        theme.rating_count = count  # type: ignore[attr-defined]
        theme.rated_groups = groups  # type: ignore[attr-defined]
    return listed, figures.computed_at


@dataclass(frozen=True)
class RatingRow:
    label: str
    mean: float
    count: int
    groups: int


@dataclass
class RatingSummary:
    mean: float | None
    count: int
    groups: int
    editions: int
    territories: int
    by_territory: list[RatingRow] = field(default_factory=list)
    by_edition: list[RatingRow] = field(default_factory=list)
    by_stage: list[RatingRow] = field(default_factory=list)


def stage_label(stage: int) -> str:
    return [
        _("1er semestre"),
        _("2e semestre"),
        _("3e semestre"),
        _("4e semestre"),
    ][stage]


def meeting_stage(starts_at: datetime.datetime | datetime.date, opening: datetime.date) -> int:
    """The half-year of the two-year programme (0 to 3) a moment falls in."""
    day = timezone.localdate(starts_at) if isinstance(starts_at, datetime.datetime) else starts_at
    return recommender.stage_at(opening, day)


def theme_rating_summary(theme: Theme) -> RatingSummary:
    """A theme's ratings across groups, editions and territories, and by stage (one query).

    The mean, and each breakdown row, rest on MIN_RATINGS_SHOWN ratings at least; a row is left
    out too when the mean less the rows shown would give fewer ratings (`core.disclosure`)."""
    rows = (
        MeetingRating.objects.filter(meeting__meeting_themes__theme=theme)
        .values(
            "meeting__group_id",
            "meeting__starts_at",
            "meeting__edition__opening_date",
            "meeting__edition_id",
            "meeting__edition__number",
            "meeting__edition__territory_id",
            "meeting__edition__territory__name",
        )
        .annotate(total=Sum("usefulness"), n=Count("pk"))
    )
    total = count = 0
    groups: set[int] = set()
    buckets: dict[str, dict[Any, list[Any]]] = {
        "territory": defaultdict(lambda: [0, 0, set()]),
        "edition": defaultdict(lambda: [0, 0, set()]),
        "stage": defaultdict(lambda: [0, 0, set()]),
    }
    for row in rows:
        total += row["total"]
        count += row["n"]
        groups.add(row["meeting__group_id"])
        keys = {
            "territory": (row["meeting__edition__territory__name"],),
            "edition": (
                row["meeting__edition__territory__name"],
                row["meeting__edition__number"],
            ),
            "stage": (
                meeting_stage(row["meeting__starts_at"], row["meeting__edition__opening_date"]),
            ),
        }
        for name, key in keys.items():
            bucket = buckets[name][key]
            bucket[0] += row["total"]
            bucket[1] += row["n"]
            bucket[2].add(row["meeting__group_id"])

    def rows_of(name: str, label: Any) -> list[RatingRow]:
        items = sorted(buckets[name].items())
        shown = disjoint_parts_shown([value[1] for _key, value in items], MIN_RATINGS_SHOWN)
        return [
            RatingRow(label(key), value[0] / value[1], value[1], len(value[2]))
            for (key, value), is_shown in zip(items, shown, strict=True)
            if is_shown
        ]

    return RatingSummary(
        mean=total / count if count >= MIN_RATINGS_SHOWN else None,
        count=count,
        groups=len(groups),
        editions=len(buckets["edition"]),
        territories=len(buckets["territory"]),
        by_territory=rows_of("territory", lambda key: key[0]),
        by_edition=rows_of(
            "edition",
            lambda key: edition_title(key[1], key[0]),
        ),
        by_stage=rows_of("stage", lambda key: stage_label(key[0])),
    )


# The group's programme --------------------------------------------------------------------------


def group_meetings(group: Group) -> list[Meeting]:
    """The group's meetings in order, each with `theme_links` (its themes, main first) and
    `rating_mean` / `rating_count` (two queries)."""
    return list(
        Meeting.objects.filter(group=group, kind=Meeting.Kind.GROUP)
        .annotate(rating_mean=Avg("ratings__usefulness"), rating_count=Count("ratings"))
        .prefetch_related(
            Prefetch(
                "meeting_themes",
                queryset=MeetingTheme.objects.select_related("theme").order_by("position"),
                to_attr="theme_links",
            )
        )
        .order_by("starts_at")
    )


def group_wishes(group: Group) -> list[Wish]:
    return list(
        Wish.objects.filter(group=group)
        .select_related("person", "theme", "candidate")
        .order_by("person__last_name", "person__first_name", "created_at", "pk")
    )


def group_ballots(group: Group) -> list[Ballot]:
    """The group's ballots, latest first, with `vote_count`: the votes of the members who were
    in the group at the close (or now, while it is open), as `electorate` counts them (three
    queries: the ballots, their voters, the group's memberships)."""
    ballots = list(Ballot.objects.filter(group=group).order_by("-opens_at", "-pk"))
    voters: dict[int, set[int]] = {}
    for ballot_id, person_id in Vote.objects.filter(ballot__group=group).values_list(
        "ballot_id", "person_id"
    ):
        voters.setdefault(ballot_id, set()).add(person_id)
    stays = list(
        Membership.objects.filter(group=group).values_list("person_id", "joined_on", "left_on")
    )
    now = timezone.now()
    for ballot in ballots:
        day = electorate_day(ballot, now)
        # `electorate`'s rule, on the memberships already read.
        members = {
            person_id
            for person_id, joined_on, left_on in stays
            if joined_on <= day and (left_on is None or left_on > day)
        }
        ballot.vote_count = len(voters.get(ballot.pk, set()) & members)  # type: ignore[attr-defined]
    return ballots


def candidates_of(ballot: Ballot) -> list[Theme]:
    return [
        link.theme
        for link in BallotCandidate.objects.filter(ballot=ballot)
        .select_related("theme")
        .order_by("position", "pk")
    ]


def electorate_day(ballot: Ballot, now: datetime.datetime | None = None) -> datetime.date:
    """The day whose members make the ballot's electorate: its close's, or today's while it is
    open."""
    return timezone.localdate(min(ballot.closes_at, now or timezone.now()))


def electorate(ballot: Ballot) -> QuerySet[Membership]:
    """Members of the group (leaders and facilitators) who were in it at the close (or now,
    while it is open)."""
    day = electorate_day(ballot)
    return Membership.objects.filter(group_id=ballot.group_id, joined_on__lte=day).exclude(
        left_on__lte=day
    )


def eligible_voters(ballot: Ballot) -> int:
    """How many members were in the group at the close."""
    return electorate(ballot).count()


# Results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    value: int
    wins: bool  # the row's theme is preferred to the column's by more voters than the reverse
    diagonal: bool


@dataclass(frozen=True)
class MatrixRow:
    theme: Theme
    place: int
    cells: list[MatrixCell]


@dataclass(frozen=True)
class Tier:
    place: int
    themes: list[Theme]
    score: int | None  # approval and dots: the tier's score

    @property
    def tied(self) -> bool:
        return len(self.themes) > 1


@dataclass
class BallotResult:
    method: str
    votes: int
    eligible: int
    tiers: list[Tier]
    ties: list[str]  # how each tie came about, in words
    matrix: list[MatrixRow]  # Schulze only: the pairwise preferences, in ranking order
    scores: dict[int, int]  # approval and dots: theme id → score

    @property
    def turnout(self) -> float:
        return self.votes / self.eligible if self.eligible else 0.0

    @property
    def order(self) -> list[Theme]:
        return [theme for tier in self.tiers for theme in tier.themes]


def ballot_result(ballot: Ballot, candidates: Sequence[Theme] | None = None) -> BallotResult:
    """Count the ballot through the voting engine (whatever its state: callers decide who may
    see a result before the close). Three queries: candidates, votes, electorate."""
    themes = list(candidates) if candidates is not None else candidates_of(ballot)
    by_id = {theme.pk: theme for theme in themes}
    ids = [theme.pk for theme in themes]
    # A member who left the group before the close no longer chooses its themes: their vote
    # is not counted (and the turnout never exceeds the electorate).
    voters = electorate(ballot)
    choices = list(
        Vote.objects.filter(ballot=ballot, person_id__in=voters.values("person_id")).values_list(
            "choice", flat=True
        )
    )
    eligible = voters.count()
    if ballot.method == Ballot.Method.SCHULZE:
        rankings = [[i for i in map(int, c.get("ranking", [])) if i in by_id] for c in choices]
        schulze = schulze_result(rankings, ids)
        return _schulze(ballot, schulze, by_id, eligible)
    if ballot.method == Ballot.Method.APPROVAL:
        approvals = [[i for i in map(int, c.get("approvals", [])) if i in by_id] for c in choices]
        tally = approval_result(approvals, ids)
    else:
        allocations = [
            {int(k): int(v) for k, v in c.get("dots", {}).items() if int(k) in by_id}
            for c in choices
        ]
        tally = dot_vote_result(allocations, ids)
    return _tally(ballot, tally, by_id, eligible)


def _names(themes: Iterable[Theme]) -> str:
    titles = [f"« {theme.title} »" for theme in themes]
    if len(titles) < 2:
        return "".join(titles)
    return _("%(first)s et %(last)s") % {"first": ", ".join(titles[:-1]), "last": titles[-1]}


def _prefer(voters: int) -> str:
    """The subject of a tie's sentence: « 1 votant préfère », « 3 votants préfèrent »."""
    return ngettext("%(n)d votant préfère", "%(n)d votants préfèrent", voters) % {"n": voters}


def _schulze(
    ballot: Ballot, result: SchulzeResult[int], by_id: dict[int, Theme], eligible: int
) -> BallotResult:
    tiers = [
        Tier(place, [by_id[i] for i in tier], None)
        for place, tier in enumerate(result.tiers, start=1)
    ]
    places = {i: tier.place for tier in tiers for i in (t.pk for t in tier.themes)}
    order = [i for tier in result.tiers for i in tier]
    matrix = [
        MatrixRow(
            by_id[a],
            places[a],
            [MatrixCell(result.d[a][b], result.d[a][b] > result.d[b][a], a == b) for b in order],
        )
        for a in order
    ]
    ties = []
    for tie in result.ties:
        figures = {
            (
                pair.reason,
                *sorted((pair.prefer_first, pair.prefer_second)),
                pair.path_support,
                pair.path_opposition,
            )
            for pair in tie.pairs
        }
        if len(tie.pairs) > 1 and len(figures) == 1:
            # One sentence for the tier: every pair is tied for the same reason, by the same
            # figures.
            reason, low, high, support, opposition = next(iter(figures))
            if reason == TieReason.NO_PATH:
                text = _(
                    "%(themes)s restent ex aequo (place %(place)d) : dans chaque paire, "
                    "%(a)s l'un, %(b)d l'autre, et aucun autre thème ne les départage."
                )
            else:
                text = _(
                    "%(themes)s restent ex aequo (place %(place)d) : chacun bat chacun des "
                    "autres par une chaîne de duels de même force (%(support)d voix pour, "
                    "%(opposition)d contre au maillon le plus faible)."
                )
            ties.append(
                text
                % {
                    "themes": _names(by_id[i] for i in tie.candidates),
                    "place": tie.place,
                    "a": _prefer(cast(int, high)),
                    "b": low,
                    "support": support,
                    "opposition": opposition,
                }
            )
            continue
        for pair in tie.pairs:
            first, second = by_id[pair.first], by_id[pair.second]
            if pair.reason == TieReason.NO_PATH:
                text = _(
                    "%(first)s et %(second)s restent ex aequo (place %(place)d) : "
                    "%(a)s le premier, %(b)d le second, et aucun autre thème ne les départage."
                )
            else:
                text = _(
                    "%(first)s et %(second)s restent ex aequo (place %(place)d) : chacun bat "
                    "l'autre par une chaîne de duels de même force (%(support)d voix pour, "
                    "%(opposition)d contre au maillon le plus faible)."
                )
            ties.append(
                text
                % {
                    "first": f"« {first.title} »",
                    "second": f"« {second.title} »",
                    "place": tie.place,
                    "a": _prefer(pair.prefer_first),
                    "b": pair.prefer_second,
                    "support": pair.path_support,
                    "opposition": pair.path_opposition,
                }
            )
    return BallotResult(
        method=ballot.method,
        votes=result.ballot_count,
        eligible=eligible,
        tiers=tiers,
        ties=ties,
        matrix=matrix,
        scores={},
    )


def _tally(
    ballot: Ballot, result: TallyResult[int], by_id: dict[int, Theme], eligible: int
) -> BallotResult:
    tiers = [
        Tier(place, [by_id[i] for i in tier], result.scores[tier[0]])
        for place, tier in enumerate(result.tiers, start=1)
    ]
    unit = (
        (lambda n: ngettext("%(n)d voix", "%(n)d voix", n) % {"n": n})
        if ballot.method == Ballot.Method.APPROVAL
        else (lambda n: ngettext("%(n)d gommette", "%(n)d gommettes", n) % {"n": n})
    )
    ties = [
        _("%(themes)s restent ex aequo (place %(place)d), avec %(score)s chacun.")
        % {
            "themes": _names(by_id[i] for i in tie.candidates),
            "place": tie.place,
            "score": unit(tie.score),
        }
        for tie in result.ties
    ]
    return BallotResult(
        method=ballot.method,
        votes=result.ballot_count,
        eligible=eligible,
        tiers=tiers,
        ties=ties,
        matrix=[],
        scores=dict(result.scores),
    )


# Laying a result on the meetings ----------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    meeting: Meeting
    theme: Theme
    tied_with: tuple[Theme, ...]  # the other themes of its tier, when tied


def free_meetings(group: Group, now: datetime.datetime | None = None) -> list[Meeting]:
    """The group's coming meetings without a theme yet, in order."""
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(
            group=group,
            kind=Meeting.Kind.GROUP,
            status=Meeting.Status.PLANNED,
            starts_at__gt=now,
        )
        .exclude(meeting_themes__isnull=False)
        .order_by("starts_at")
    )


def themes_laid(group: Group) -> QuerySet[MeetingTheme]:
    """The group's themes on its meetings held or to come: a theme whose only meeting was
    cancelled was never had, and is offered again."""
    return MeetingTheme.objects.filter(meeting__group=group).exclude(
        meeting__status=Meeting.Status.CANCELLED
    )


def ballot_layout(ballot: Ballot, result: BallotResult) -> list[Slot]:
    """Where the result would go: its themes in ranking order on the group's next meetings
    without a theme, leaving out themes the group already has on a meeting. Tied themes are
    flagged: the facilitators choose their order."""
    group = ballot.group
    laid = set(themes_laid(group).values_list("theme_id", flat=True))
    meetings = free_meetings(group)
    slots: list[Slot] = []
    for tier in result.tiers:
        remaining = [theme for theme in tier.themes if theme.pk not in laid]
        for theme in remaining:
            if len(slots) == len(meetings):
                return slots
            others = tuple(t for t in remaining if t.pk != theme.pk)
            slots.append(Slot(meetings[len(slots)], theme, others))
    return slots


# Ratings of a group -----------------------------------------------------------------------------


def pending_ratings(
    person_id: int, group_ids: Iterable[int], since: datetime.datetime
) -> list[Meeting]:
    """Held meetings of these groups since `since` that the person attended and has not rated
    (one query)."""
    return list(
        Meeting.objects.filter(
            group_id__in=list(group_ids),
            kind=Meeting.Kind.GROUP,
            status=Meeting.Status.HELD,
            starts_at__gte=since,
            attendances__person_id=person_id,
            attendances__status__in=ATTENDED,
        )
        .exclude(ratings__person_id=person_id)
        .select_related("group")
        .order_by("-starts_at")
    )


def pulses(person_id: int, meeting_ids: Iterable[int]) -> dict[int, MeetingRating]:
    """The after-meeting pulses the person gave for these meetings (meeting id → rating), one
    query: what the surveys' after-meeting questionnaire reads so as not to ask again."""
    return {
        rating.meeting_id: rating
        for rating in MeetingRating.objects.filter(
            person_id=person_id, meeting_id__in=list(meeting_ids)
        )
    }


def meeting_ratings(meeting: Meeting) -> dict[str, Any]:
    """A meeting's ratings for its group: mean, count and the comments (never their authors)."""
    ratings = list(
        MeetingRating.objects.filter(meeting=meeting)
        .order_by("created_at", "pk")
        .values("usefulness", "comment", "to_apply")
    )
    count = len(ratings)
    return {
        "count": count,
        "mean": sum(r["usefulness"] for r in ratings) / count if count else None,
        "comments": [r["comment"] for r in ratings if r["comment"]],
        "to_apply": [r["to_apply"] for r in ratings if r["to_apply"]],
    }


# Recommendations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    theme: Theme
    score: float
    reason: str


def network_history(
    network_id: int,
) -> tuple[dict[int, recommender.GroupProfile], list[recommender.Session]]:
    """Every group profile and rated session of the network (two queries)."""
    sessions = [
        recommender.Session(
            group_id=row["meeting__group_id"],
            theme_id=row["meeting__meeting_themes__theme_id"],
            stage=meeting_stage(row["meeting__starts_at"], row["meeting__edition__opening_date"]),
            total=row["total"],
            count=row["n"],
        )
        for row in MeetingRating.objects.filter(
            meeting__edition__territory__network_id=network_id,
            meeting__group__isnull=False,
            meeting__meeting_themes__isnull=False,
        )
        .values(
            "meeting_id",
            "meeting__group_id",
            "meeting__starts_at",
            "meeting__edition__opening_date",
            "meeting__meeting_themes__theme_id",
        )
        .annotate(total=Sum("usefulness"), n=Count("pk"))
        .order_by()
    ]
    return group_profiles(network_id), sessions


def group_profiles(
    network_id: int, group_ids: Iterable[int] | None = None
) -> dict[int, recommender.GroupProfile]:
    leaders = Membership.objects.filter(
        group__edition__territory__network_id=network_id,
        role=Membership.Role.LEADER,
        person__company__isnull=False,
    )
    if group_ids is not None:
        leaders = leaders.filter(group_id__in=list(group_ids))
    sectors: dict[int, list[str]] = defaultdict(list)
    sizes: dict[int, list[str]] = defaultdict(list)
    for group_id, section, band in leaders.values_list(
        "group_id", "person__company__activity__section", "person__company__headcount_band"
    ):
        sectors[group_id].append(section)
        sizes[group_id].append(band)
    return {
        group_id: recommender.profile_of(group_id, sectors[group_id], sizes[group_id])
        for group_id in sectors
    }


def group_stage(group: Group, now: datetime.datetime | None = None) -> int:
    """The stage of the group's next meeting (or of today, when none is planned)."""
    now = now or timezone.now()
    upcoming = (
        Meeting.objects.filter(group=group, kind=Meeting.Kind.GROUP, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return meeting_stage(upcoming or now, group.edition.opening_date)


def reason_text(item: recommender.Recommendation) -> str:
    if item.basis == recommender.Basis.UNRATED or item.mean is None:
        return _("pas encore noté")
    mean = formats.number_format(round(item.mean, 1), 1)  # number_format cuts: 3.69 → 3,6
    if item.basis == recommender.Basis.SAME_STAGE:
        return ngettext(
            "noté %(mean)s/5 par %(n)d groupe au même stade",
            "noté %(mean)s/5 par %(n)d groupes au même stade",
            item.groups,
        ) % {"mean": mean, "n": item.groups}
    return ngettext(
        "noté %(mean)s/5 par %(n)d groupe",
        "noté %(mean)s/5 par %(n)d groupes",
        item.groups,
    ) % {"mean": mean, "n": item.groups}


HISTORY_MAX_AGE_SECONDS = 3600


def recommendations(group: Group, *, limit: int = 8, stage: int | None = None) -> list[Suggestion]:
    """Themes to suggest for the group's next ballot: usable themes it has not had on a meeting
    yet, best scored for groups like it at its stage. The network's history (two queries: every
    rated session, a hundred thousand ratings on a national network, and the group profiles) is
    prepared in the background and refreshed hourly: a suggestion does not need the last hour's
    ratings. The themes and the stage are read on each call."""
    network_id = group.edition.territory.network_id
    profiles, sessions = prepared(
        network_history, network_id, max_age_seconds=HISTORY_MAX_AGE_SECONDS
    ).value
    target = profiles.get(group.pk) or recommender.GroupProfile(group.pk, {}, {})
    laid = themes_laid(group).values("theme_id")
    themes = {theme.pk: theme for theme in usable_themes(group).exclude(pk__in=laid)}
    ranked = recommender.recommend(
        target,
        group_stage(group) if stage is None else stage,
        profiles,
        sessions,
        sorted(themes, key=lambda pk: themes[pk].title),
    )
    return [
        Suggestion(themes[item.theme_id], item.score, reason_text(item)) for item in ranked[:limit]
    ]
