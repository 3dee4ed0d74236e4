"""The bilan's figures for a scope: activity, exchanges, business, change, quotes, per year and
per part (the territories of a network, the editions of a territory, the groups of an edition).

Every figure is an aggregate query (a fixed number of them, whatever the data; the network
engine's adapter reads the ties for the density). Small numbers: a figure drawn from survey
answers (the after-meeting pulse included) or from money amounts that rests on fewer than
`MIN_PEOPLE` people is `None`; counts of people, meetings, ideas, contacts and referrals are
always given.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Cast, ExtractYear

from maillage.business.models import Contact, Idea, Referral
from maillage.business.network import engine_inputs, set_members
from maillage.core.disclosure import parts_shown
from maillage.editions.models import Membership
from maillage.engines import network as engine
from maillage.meetings.models import Attendance, Meeting
from maillage.reports.bilan.scope import CHILDREN, Level, Scope
from maillage.reports.bilan.stats import PairedChange, paired_change
from maillage.surveys.models import Response, SurveyInvitation
from maillage.surveys.questionnaires import Kind, asked_figures
from maillage.surveys.selectors import MIN_PEOPLE, shown
from maillage.territories.models import Commune, Territory
from maillage.themes.models import MeetingRating, MeetingTheme

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
IN_TOUCH = ("often", "sometimes")  # the alumni questionnaire's "still in touch": yes
LEADER = Q(role=Membership.Role.LEADER)
THEMES_SHOWN = 12


# What a bilan holds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sector:
    code: str
    label: str
    firms: int


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    firms: int  # 0: a commune the territory covers, no member firm there


@dataclass(frozen=True)
class ThemeFigure:
    title: str
    meetings: int
    raters: int
    rating: float | None  # mean usefulness (1–5); None under MIN_PEOPLE raters


@dataclass(frozen=True)
class Activity:
    leaders: int
    facilitators: int
    companies: int
    sectors: int
    communes: int
    meetings_held: int
    attendance_recorded: int
    attendance_rate: float | None  # share of recorded attendances that were present or late
    usefulness: float | None  # mean after-meeting rating
    usefulness_raters: int
    sector_breakdown: list[Sector]
    places: list[Place]
    themes: list[ThemeFigure]
    places_are_territories: bool = False  # the network is drawn by territory, not by commune


@dataclass(frozen=True)
class Exchanges:
    ideas_noted: int
    ideas_adopted: int
    contacts: int
    contacts_across_groups: int
    contacts_among_alumni: int


@dataclass(frozen=True)
class Business:
    referrals_given: int
    referrals_won: int
    amount_won: Decimal | None  # None under MIN_PEOPLE people who won
    winners: int
    business_share: float | None  # respondents who did business with other members (survey)
    business_respondents: int


@dataclass(frozen=True)
class Stage:
    kind: str
    respondents: int
    isolation: float | None
    nps: float | None
    satisfaction: float | None
    business_share: float | None
    in_touch_share: float | None = None  # alumni still in touch with members of their group

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def asked(self) -> frozenset[str]:
        """Which of isolation, nps, satisfaction, business and in_touch this questionnaire
        asks."""
        return asked_figures(self.kind)


@dataclass(frozen=True)
class Change:
    stages: list[Stage]
    invited: int
    answered: int
    isolation_before: float | None
    isolation_after: float | None
    after_stage: str
    pairs: int
    isolation_change: PairedChange | None  # None under MIN_PEOPLE pairs
    nps: float | None
    nps_respondents: int
    satisfaction: float | None
    satisfaction_respondents: int
    density_start: float
    density_end: float
    ties_start: int
    ties_end: int
    network_people: int

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


@dataclass(frozen=True)
class Quote:
    text: str
    kind: str
    edition: int

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass(frozen=True)
class YearRow:
    year: int
    meetings_held: int
    attendance_rate: float | None
    ideas_noted: int
    ideas_adopted: int
    contacts: int
    referrals_given: int
    referrals_won: int
    amount_won: Decimal | None


@dataclass(frozen=True)
class PartRow:
    """One territory of a network, edition of a territory, group of an edition."""

    key: int
    name: str | int  # an edition's number
    slug: str  # a territory's
    leaders: int
    facilitators: int
    meetings_held: int
    attendance_rate: float | None


@dataclass(frozen=True)
class Bilan:
    scope: Scope
    activity: Activity
    exchanges: Exchanges
    business: Business
    change: Change
    quotes: list[Quote]
    years: list[YearRow]
    parts: list[PartRow] = field(default_factory=list)


# Queries ---------------------------------------------------------------------------------------


def _rate(attended: int, recorded: int) -> float | None:
    return attended / recorded if recorded else None


def _held(scope: Scope) -> Any:
    return Meeting.objects.filter(
        scope.q("meeting"), kind=Meeting.Kind.GROUP, status=Meeting.Status.HELD
    )


def _attendance_counts() -> dict[str, Count]:
    return {
        "recorded": Count("attendances"),
        "attended": Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
    }


def activity(scope: Scope) -> Activity:
    """Seven queries: people, sectors, places (two), meetings, themes, the after-meeting pulse."""
    memberships = scope.memberships()
    people = memberships.aggregate(
        leaders=Count("person_id", filter=LEADER, distinct=True),
        facilitators=Count("person_id", filter=Q(role=Membership.Role.FACILITATOR), distinct=True),
        companies=Count("person__company_id", filter=LEADER, distinct=True),
        sectors=Count("person__company__activity__section", filter=LEADER, distinct=True),
        communes=Count("person__company__commune_id", filter=LEADER, distinct=True),
    )
    sectors = [
        Sector(row["section"], row["label"] or row["section"], row["firms"])
        for row in memberships.filter(LEADER)
        .values(
            section=F("person__company__activity__section"),
            label=F("person__company__activity__section_label"),
        )
        .annotate(firms=Count("person__company_id", distinct=True))
        .order_by("-firms", "section")
        if row["section"]
    ]
    places = _places(scope)
    meetings = _held(scope).aggregate(held=Count("pk", distinct=True), **_attendance_counts())
    themes = [
        ThemeFigure(
            row["title"],
            row["meetings"],
            row["raters"],
            shown(row["rating"], row["raters"]),
        )
        for row in MeetingTheme.objects.filter(meeting__in=_held(scope))
        .values(title=F("theme__title"))
        .annotate(
            meetings=Count("meeting_id", distinct=True),
            raters=Count("meeting__ratings__person_id", distinct=True),
            rating=Avg("meeting__ratings__usefulness"),
        )
        .order_by("-meetings", "title")[:THEMES_SHOWN]
    ]
    pulse = MeetingRating.objects.filter(meeting__in=_held(scope)).aggregate(
        mean=Avg("usefulness"), raters=Count("person_id", distinct=True)
    )
    return Activity(
        leaders=people["leaders"],
        facilitators=people["facilitators"],
        companies=people["companies"],
        sectors=people["sectors"],
        communes=people["communes"],
        meetings_held=meetings["held"],
        attendance_recorded=meetings["recorded"],
        attendance_rate=_rate(meetings["attended"], meetings["recorded"]),
        usefulness=shown(pulse["mean"], pulse["raters"]),
        usefulness_raters=pulse["raters"],
        sector_breakdown=sectors,
        places=places,
        themes=themes,
        places_are_territories=scope.level is Level.NETWORK,
    )


def _territory_places(scope: Scope) -> list[Place]:
    """A network is drawn by territory (a national one covers thousands of communes): one
    place per territory, at the middle of the communes it covers, with its leaders' firms; a
    territory without a member firm yet is a grey dot (two queries, as for a territory)."""
    firms = dict(
        scope.memberships()
        .filter(LEADER)
        .order_by()
        .values_list("group__edition__territory_id")
        .annotate(firms=Count("person__company_id", distinct=True))
    )
    return [
        Place(name, latitude, longitude, firms.get(pk, 0))
        for pk, name, latitude, longitude in Territory.objects.filter(pk__in=scope.territory_ids)
        .annotate(latitude=Avg("communes__latitude"), longitude=Avg("communes__longitude"))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("name")
        .values_list("pk", "name", "latitude", "longitude")
    ]


def _places(scope: Scope) -> list[Place]:
    """The communes of the leaders' firms, with how many firms; and, for a territory, the
    communes it covers where no member's firm is yet (two queries). The network: by territory
    (`_territory_places`)."""
    if scope.level is Level.NETWORK:
        return _territory_places(scope)
    with_firms = {
        row["commune"]: Place(row["name"], row["latitude"], row["longitude"], row["firms"])
        for row in scope.memberships()
        .filter(LEADER, person__company__commune__latitude__isnull=False)
        .values(
            commune=F("person__company__commune_id"),
            name=F("person__company__commune__name"),
            latitude=F("person__company__commune__latitude"),
            longitude=F("person__company__commune__longitude"),
        )
        .annotate(firms=Count("person__company_id", distinct=True))
        .order_by("name")
    }
    covered: list[Place] = []
    if scope.level is Level.TERRITORY:
        covered = [
            Place(name, latitude or 0.0, longitude or 0.0, 0)
            for pk, name, latitude, longitude in Commune.objects.filter(
                territories__in=scope.territory_ids,
                latitude__isnull=False,
                longitude__isnull=False,
            )
            .distinct()
            .values_list("pk", "name", "latitude", "longitude")
            if pk not in with_firms
        ]
    return covered + list(with_firms.values())


def _alumni_contact(scope: Scope) -> Exists:
    """The author had taken part in an edition of the scope closed by the day of the contact
    (for a group or an edition, its own: a returning participant is not its alumnus while it
    runs)."""
    return Exists(
        Membership.objects.filter(
            scope.q("membership"),
            person_id=OuterRef("author_id"),
            group__edition__closing_date__lte=OuterRef("happened_on"),
        )
    )


def _shared_group() -> Exists:
    """The two people of a contact were once in the same group."""
    return Exists(
        Membership.objects.filter(
            person_id=OuterRef("other_id"), group__memberships__person_id=OuterRef("author_id")
        )
    )


def _won(scope: Scope) -> Any:
    """The referrals the scope's people won from its start on (by the closing day, else the
    day it was given)."""
    return Referral.objects.filter(
        Q(closed_on__gte=scope.start) | Q(closed_on__isnull=True, given_on__gte=scope.start),
        referee_id__in=scope.people(),
        status=Referral.Status.WON,
    )


def exchanges_business_years(scope: Scope) -> tuple[Exchanges, Business, list[YearRow]]:
    """Ideas, contacts, referrals, per year and in total (six queries); the survey's business
    figure is added by `change`.

    Contacts and referrals count from the scope's start: what a returning participant exchanged
    during an earlier edition belongs to that edition's bilan, not to this one's."""
    held_by_year = {
        row["year"]: row
        for row in _held(scope)
        .annotate(year=ExtractYear("starts_at"))
        .values("year")
        .annotate(held=Count("pk", distinct=True), **_attendance_counts())
    }
    ideas_by_year = {
        row["year"]: row
        for row in Idea.objects.filter(scope.q("idea"))
        .annotate(year=ExtractYear("created_on"))
        .values("year")
        .annotate(noted=Count("pk"), adopted=Count("pk", filter=Q(status=Idea.Status.ADOPTED)))
    }
    contacts_by_year = {
        row["year"]: row
        for row in Contact.objects.filter(
            author_id__in=scope.people(), happened_on__gte=scope.start
        )
        .annotate(
            year=ExtractYear("happened_on"), shared=_shared_group(), alumni=_alumni_contact(scope)
        )
        .values("year")
        .annotate(
            total=Count("pk"),
            across=Count("pk", filter=Q(shared=False)),
            among_alumni=Count("pk", filter=Q(alumni=True)),
        )
    }
    given_by_year = dict(
        Referral.objects.filter(referrer_id__in=scope.people(), given_on__gte=scope.start)
        .annotate(year=ExtractYear("given_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    # Per year and winner, so that the people behind the hidden years are known (`total_shown`).
    won_by_year: dict[int | None, dict[str, Any]] = {}
    for row in (
        _won(scope)
        .annotate(year=ExtractYear(F("closed_on")))
        .values("year", "referee_id")
        .annotate(n=Count("pk"), amount=Sum("amount"))
    ):
        year_row = won_by_year.setdefault(
            row["year"], {"n": 0, "amount": Decimal(0), "people": set()}
        )
        year_row["n"] += row["n"]
        year_row["amount"] += row["amount"] or Decimal(0)
        year_row["people"].add(row["referee_id"])
    for year_row in won_by_year.values():
        year_row["winners"] = len(year_row["people"])
    won = _won(scope).aggregate(
        n=Count("pk"), amount=Sum("amount"), winners=Count("referee_id", distinct=True)
    )
    years = sorted(
        {
            year
            for table in (held_by_year, ideas_by_year, contacts_by_year, given_by_year, won_by_year)
            for year in table
            if year is not None
        }
    )
    empty: dict[str, Any] = {}
    # The total is shown beside the years: a hidden year's amount must not be the total less
    # the others (core.disclosure hides one more year then). Won referrals without a closing
    # day count in the total only.
    year_amount_shown = parts_shown(
        [won_by_year.get(year, empty).get("people", set()) for year in years],
        MIN_PEOPLE,
        unlisted=[won_by_year[None]["people"]] if None in won_by_year else [],
    )
    rows = []
    for year, amount_shown in zip(years, year_amount_shown, strict=True):
        held = held_by_year.get(year, empty)
        ideas = ideas_by_year.get(year, empty)
        wins = won_by_year.get(year, empty)
        rows.append(
            YearRow(
                year=year,
                meetings_held=held.get("held", 0),
                attendance_rate=_rate(held.get("attended", 0), held.get("recorded", 0)),
                ideas_noted=ideas.get("noted", 0),
                ideas_adopted=ideas.get("adopted", 0),
                contacts=contacts_by_year.get(year, empty).get("total", 0),
                referrals_given=given_by_year.get(year, 0),
                referrals_won=wins.get("n", 0),
                amount_won=(wins.get("amount") or Decimal(0)) if amount_shown else None,
            )
        )
    exchanges = Exchanges(
        ideas_noted=sum(row.get("noted", 0) for row in ideas_by_year.values()),
        ideas_adopted=sum(row.get("adopted", 0) for row in ideas_by_year.values()),
        contacts=sum(row["total"] for row in contacts_by_year.values()),
        contacts_across_groups=sum(row["across"] for row in contacts_by_year.values()),
        contacts_among_alumni=sum(row["among_alumni"] for row in contacts_by_year.values()),
    )
    business = Business(
        referrals_given=sum(given_by_year.values()),
        referrals_won=won["n"],
        amount_won=shown(won["amount"] or Decimal(0), won["winners"]),
        winners=won["winners"],
        business_share=None,
        business_respondents=0,
    )
    return exchanges, business, rows


def _share(yes: int, total: int) -> float | None:
    return yes / total if total else None


def change(scope: Scope) -> tuple[Change, tuple[float | None, int]]:
    """Survey figures by stage, the paired isolation change, the response rate (three
    queries), and the network's density at the start and the end (the engine's four)."""
    responses = Response.objects.filter(scope.q("response"))
    answered = Q(nps__isnull=False)
    by_kind: dict[str, dict[str, Any]] = {
        row["survey__kind"]: dict(row)
        for row in responses.values("survey__kind").annotate(
            people=Count("respondent", distinct=True),
            isolation_mean=Avg("isolation"),
            isolation_people=Count("respondent", distinct=True, filter=Q(isolation__isnull=False)),
            promoters=Count("pk", filter=Q(nps__gte=9)),
            detractors=Count("pk", filter=Q(nps__lte=6)),
            nps_n=Count("pk", filter=answered),
            nps_people=Count("respondent", distinct=True, filter=answered),
            satisfaction_mean=Avg(Cast("satisfaction", FloatField())),
            satisfaction_people=Count(
                "respondent", distinct=True, filter=Q(satisfaction__isnull=False)
            ),
            business_yes=Count("pk", filter=Q(business=True)),
            business_n=Count("pk", filter=Q(business__isnull=False)),
            business_people=Count("respondent", distinct=True, filter=Q(business__isnull=False)),
            in_touch_yes=Count("pk", filter=Q(in_touch__in=IN_TOUCH)),
            in_touch_n=Count("pk", filter=~Q(in_touch="")),
            in_touch_people=Count("respondent", distinct=True, filter=~Q(in_touch="")),
        )
    }
    empty: dict[str, Any] = {}

    def nps(row: dict[str, Any]) -> float | None:
        if not row.get("nps_n"):
            return None
        value = 100 * (row["promoters"] - row["detractors"]) / row["nps_n"]
        return shown(value, row["nps_people"])

    stages = [
        Stage(
            kind=kind,
            respondents=by_kind.get(kind, empty).get("people", 0),
            isolation=shown(
                by_kind.get(kind, empty).get("isolation_mean"),
                by_kind.get(kind, empty).get("isolation_people", 0),
            ),
            nps=nps(by_kind.get(kind, empty)),
            satisfaction=shown(
                by_kind.get(kind, empty).get("satisfaction_mean"),
                by_kind.get(kind, empty).get("satisfaction_people", 0),
            ),
            business_share=shown(
                _share(
                    by_kind.get(kind, empty).get("business_yes", 0),
                    by_kind.get(kind, empty).get("business_n", 0),
                ),
                by_kind.get(kind, empty).get("business_people", 0),
            ),
            in_touch_share=shown(
                _share(
                    by_kind.get(kind, empty).get("in_touch_yes", 0),
                    by_kind.get(kind, empty).get("in_touch_n", 0),
                ),
                by_kind.get(kind, empty).get("in_touch_people", 0),
            ),
        )
        for kind in (Kind.BASELINE, Kind.MIDTERM, Kind.FINAL, Kind.ALUMNI)
    ]
    after = Kind.FINAL if Kind.FINAL in by_kind or Kind.MIDTERM not in by_kind else Kind.MIDTERM
    pairs = (
        responses.filter(survey__kind__in=[Kind.BASELINE, after], isolation__isnull=False)
        .values("respondent", "survey__edition_id")
        .annotate(
            before=Avg("isolation", filter=Q(survey__kind=Kind.BASELINE)),
            after=Avg("isolation", filter=Q(survey__kind=after)),
        )
        .filter(before__isnull=False, after__isnull=False)
        .annotate(difference=F("after") - F("before"))
        .aggregate(
            n=Count("respondent"),
            mean=Avg("difference"),
            mean_of_squares=Avg(F("difference") * F("difference")),
        )
    )
    n = pairs["n"] or 0
    paired = paired_change(n, pairs["mean"], pairs["mean_of_squares"]) if n >= MIN_PEOPLE else None
    headline = by_kind.get(after, empty)
    invitations = SurveyInvitation.objects.filter(scope.q("invitation")).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    density = _density(scope)
    business_source = by_kind.get(after, empty)
    return (
        Change(
            stages=stages,
            invited=invitations["invited"],
            answered=invitations["answered"],
            isolation_before=stages[0].isolation,
            isolation_after=next(s.isolation for s in stages if s.kind == after),
            after_stage=str(after),
            pairs=n,
            isolation_change=paired,
            nps=nps(headline),
            nps_respondents=headline.get("nps_people", 0),
            satisfaction=shown(
                headline.get("satisfaction_mean"), headline.get("satisfaction_people", 0)
            ),
            satisfaction_respondents=headline.get("satisfaction_people", 0),
            **density,
        ),
        (
            shown(
                _share(
                    business_source.get("business_yes", 0), business_source.get("business_n", 0)
                ),
                business_source.get("business_people", 0),
            ),
            business_source.get("business_people", 0),
        ),
    )


def _density(scope: Scope) -> dict[str, Any]:
    """The scope's people (not left by the end) and their exchange ties at the start and the
    end, by the network engine (its adapter's four queries)."""
    members = set_members(list(scope.memberships().values_list("person_id", "left_on")), scope.end)
    people, ties, editions = engine_inputs(members, scope.end)
    figures = {
        when: engine.network_figures(
            people, ties, members, at=at, editions=editions, kinds=engine.EXCHANGE_KINDS
        )
        for when, at in (("start", scope.start), ("end", scope.end))
    }
    return {
        "density_start": figures["start"].density,
        "density_end": figures["end"].density,
        "ties_start": figures["start"].ties,
        "ties_end": figures["end"].ties,
        "network_people": len(members),
    }


def quotes(scope: Scope, limit: int = 12) -> list[Quote]:
    """The comments the project managers chose, whose authors allowed quoting (one query)."""
    return [
        Quote(text, kind, edition)
        for text, kind, edition in Response.objects.filter(
            scope.q("response"), quote_consent=True, quoted_at__isnull=False
        )
        .exclude(comment="")
        .order_by("-quoted_at", "pk")
        .values_list("comment", "survey__kind", "survey__edition__number")[:limit]
    ]


def parts(scope: Scope) -> list[PartRow]:
    """The scope's parts with their people, meetings and attendance (two queries)."""
    spec = CHILDREN[scope.level]
    if spec is None:
        return []
    _level, key, name, slug = spec
    labels = {"key": F(key), "name": F(name), **({"slug": F(slug)} if slug else {})}
    people: dict[int, dict[str, Any]] = {
        row["key"]: dict(row)  # type: ignore[misc]
        for row in scope.memberships()
        .values(**labels)
        .annotate(
            leaders=Count("person_id", filter=LEADER, distinct=True),
            facilitators=Count(
                "person_id", filter=Q(role=Membership.Role.FACILITATOR), distinct=True
            ),
        )
    }
    meeting_key = key.removeprefix("group__")  # a meeting has its edition (and group) itself
    meetings = {
        row["key"]: row
        for row in _held(scope)
        .values(key=F(meeting_key))
        .annotate(held=Count("pk", distinct=True), **_attendance_counts())
    }
    empty: dict[str, Any] = {}
    rows = [
        PartRow(
            key=pk,
            name=row["name"],
            slug=row.get("slug", ""),
            leaders=row["leaders"],
            facilitators=row["facilitators"],
            meetings_held=meetings.get(pk, empty).get("held", 0),
            attendance_rate=_rate(
                meetings.get(pk, empty).get("attended", 0),
                meetings.get(pk, empty).get("recorded", 0),
            ),
        )
        for pk, row in people.items()
    ]
    return sorted(rows, key=lambda row: (str(row.name).zfill(4), row.key))


def bilan(scope: Scope) -> Bilan:
    """The whole bilan of a scope: a fixed number of queries, whatever the data."""
    exchanges, business, years = exchanges_business_years(scope)
    change_figures, (business_share, business_people) = change(scope)
    return Bilan(
        scope=scope,
        activity=activity(scope),
        exchanges=exchanges,
        business=replace(
            business, business_share=business_share, business_respondents=business_people
        ),
        change=change_figures,
        quotes=quotes(scope),
        years=years,
        parts=parts(scope),
    )
