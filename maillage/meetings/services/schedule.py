"""The calendar of a group and of an edition: the scheduling engine's adapter.

The engine (`maillage.engines.scheduling`) proposes, moves and shifts; this module reads the
territory's calendar settings, writes the meetings, bumps their iCalendar SEQUENCE, audits, and
tells the members (one email per person per action, links only).

Numbers: a group's meetings not cancelled are numbered 1, 2, 3… in date order; the numbers are
recomputed after each change of dates. A cancelled meeting keeps its last number.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from maillage.core.audit import audit
from maillage.editions.models import Edition, Group, Membership
from maillage.engines.scheduling import (
    Conflict,
    CoverageWarning,
    HostCandidate,
    HostPlan,
    HostSlot,
    MeetingRule,
    Rescheduled,
    Schedule,
    ScheduledMeeting,
    SchedulingError,
    TerritoryCalendar,
    Weekday,
    move_meeting,
    parse_rule,
    propose_hosts,
    propose_schedule,
    shift_meetings,
)
from maillage.meetings.models import HostingPreference, Meeting, ReminderDelivery
from maillage.meetings.services.reminders import reminders_reset
from maillage.territories.models import Person, Territory
from maillage.territories.validators import CALENDAR_SETTING_MESSAGES

DEFAULT_DURATION = datetime.timedelta(hours=3)


# The engine's refusals (`SchedulingError.code`) in the user's language; its parameters are
# given to the sentence. The engine stays Django-free: its own text is English.
ENGINE_MESSAGES = {
    **CALENDAR_SETTING_MESSAGES,
    "end_before_start": gettext_lazy(
        "La rencontre doit finir après son début, le même jour (%(start)s-%(end)s)."
    ),
    "rule_no_end": gettext_lazy(
        "Il manque l'heure de fin dans la règle « %(rule)s » "
        "(par exemple « 3 JEU 18:00-21:00 » ou « dernier MAR 12:00-14:00 »)."
    ),
    "rule_parts": gettext_lazy(
        "Une règle a trois parties, le rang, le jour et les heures "
        "(par exemple « 3 JEU 18:00-21:00 »), pas « %(rule)s »."
    ),
    "rule_weekday": gettext_lazy(
        "Jour inconnu « %(value)s » dans la règle « %(rule)s » : "
        "écrivez LUN, MAR, MER, JEU, VEN, SAM ou DIM."
    ),
    "rule_ordinal": gettext_lazy(
        "Rang inconnu « %(value)s » dans la règle « %(rule)s » : écrivez 1, 2, 3, 4 ou dernier."
    ),
    "rule_ordinal_range": gettext_lazy(
        "Le rang « %(value)s » de la règle « %(rule)s » va de 1 à 4, ou dernier "
        "(un cinquième jour de la semaine n'existe pas dans tous les mois)."
    ),
    "rule_time": gettext_lazy(
        "Heure illisible « %(value)s » dans la règle « %(rule)s » : écrivez-la HH:MM."
    ),
    "rule_time_range": gettext_lazy("Heure impossible « %(value)s » dans la règle « %(rule)s »."),
    "shift_zero": gettext_lazy("Décalez d'au moins une semaine."),
    "clocks_change": gettext_lazy(
        "La rencontre finirait à l'heure où elle commence, le %(day)s à %(time)s : "
        "on change d'heure cette nuit-là."
    ),
    "count_range": gettext_lazy("Le nombre de rencontres va de 1 à %(max)s."),
    "no_room": gettext_lazy(
        "Aucun jour ne convient pendant %(months)s mois d'affilée à partir du %(from_day)s : "
        "les contraintes du calendrier ne laissent pas de place aux rencontres."
    ),
}


def engine_error(error: ValueError) -> ValidationError:
    """The engine's refusal as a ValidationError in the user's language (rendered when read).

    A plain ValueError is a programming error of ours: its English text is kept as it is."""
    if not isinstance(error, SchedulingError) or error.code not in ENGINE_MESSAGES:
        return ValidationError(str(error))
    params = {
        name: date_format(value) if isinstance(value, datetime.date) else value
        for name, value in error.params.items()
    }
    return ValidationError(ENGINE_MESSAGES[error.code], code=error.code, params=params)


def warning_text(warning: CoverageWarning) -> str:
    """The engine's coverage warning (a day our holiday data does not cover) in the user's
    language."""
    params = {
        "day": date_format(warning.day),
        "known_from": date_format(warning.params.get("known_from", warning.day)),
        "known_to": date_format(warning.params.get("known_to", warning.day)),
        "zone": warning.params.get("zone", ""),
    }
    if warning.source == "school_holidays":
        return (
            _(
                "Les vacances scolaires de la zone %(zone)s ne sont connues que du %(known_from)s "
                "au %(known_to)s : le %(day)s n'a pas été vérifié."
            )
            % params
        )
    return (
        _(
            "Les jours fériés ne sont connus que du %(known_from)s au %(known_to)s : "
            "le %(day)s n'a pas été vérifié."
        )
        % params
    )


# The school holidays by the name `vacances-scolaires-france` gives them (its capitals have
# varied between versions: "Vacances d'Hiver", "Vacances d'hiver"), in the user's language.
SCHOOL_HOLIDAY_NAMES = {
    "vacances de la toussaint": gettext_lazy("vacances de la Toussaint"),
    "vacances de noël": gettext_lazy("vacances de Noël"),
    "vacances d'hiver": gettext_lazy("vacances d'hiver"),
    "vacances de printemps": gettext_lazy("vacances de printemps"),
    "pont de l'ascension": gettext_lazy("pont de l'Ascension"),
    "vacances d'été": gettext_lazy("vacances d'été"),
}


def holiday_language() -> str:
    """The language of the `holidays` package that names public holidays in the active one."""
    return "en_US" if (get_language() or "fr").split("-")[0] == "en" else "fr"


def conflict_text(conflict: Conflict) -> str:
    """Why a day does not suit, in the user's language. Public holidays come named in the
    calendar's language (`territory_calendar` takes the active one); a school holiday our
    catalogue does not know keeps the name our data gives it."""
    if conflict.kind == "school_holiday" and "name" in conflict.params:
        name = str(conflict.params["name"])
        known = SCHOOL_HOLIDAY_NAMES.get(name.casefold().replace("\u2019", "'"))
        return _("%(holiday)s zone %(zone)s") % {
            "holiday": known if known is not None else name,
            "zone": conflict.params.get("zone", ""),
        }
    if conflict.kind == "august":
        return _("août")
    if conflict.kind == "same_day":
        return _("une autre rencontre a lieu ce jour-là")
    return conflict.label


PAST = "in_the_past"


def _require_future(start: datetime.datetime) -> None:
    """A meeting added or moved starts after now: one placed in the past would count as held
    (presence is recorded from its day on) and no reminder would go out for it."""
    if start <= timezone.now():
        raise ValidationError(_("Une rencontre ne peut pas être placée dans le passé."), code=PAST)


def _require_future_shift(result: Rescheduled, peers: Sequence[Meeting], zone: ZoneInfo) -> None:
    """Every meeting a shift moves starts after now; the first one that would not is named."""
    now = timezone.now()
    before = {m.pk: m.starts_at for m in peers}
    for row in result.meetings:
        if row.number in result.changed and row.start <= now:
            raise ValidationError(
                _(
                    "Une rencontre ne peut pas être placée dans le passé : "
                    "celle du %(day)s tomberait le %(new_day)s."
                ),
                code=PAST,
                params={
                    "day": date_format(before[row.number].astimezone(zone).date()),
                    "new_day": date_format(row.start.astimezone(zone).date()),
                },
            )


class Change:
    """What happened to the meetings, as the notification email says it."""

    MOVED = "moved"
    CANCELLED = "cancelled"
    ADDED = "added"
    VENUE = "venue"


def territory_calendar(
    territory: Territory, *, avoid_school_holidays: bool = False, avoid_august: bool = False
) -> TerritoryCalendar:
    """The territory's calendar for the engine (its time zone, holidays, school zone), its
    public holidays named in the active language."""
    try:
        return TerritoryCalendar(
            timezone=territory.time_zone,
            holiday_subdivision=territory.holiday_subdivision or None,
            school_zone=territory.school_zone or None,
            avoid_school_holidays=avoid_school_holidays,
            avoid_august=avoid_august,
            language=holiday_language(),
        )
    except ValueError as error:
        raise engine_error(error) from error


def default_rule(group: Group) -> str:
    """The group's rule in the engine's compact form: its weekday and time, third week, 3 h."""
    weekday = Weekday(group.meeting_weekday if group.meeting_weekday is not None else 3)
    start = group.meeting_time or datetime.time(18, 0)
    end = (datetime.datetime.combine(datetime.date(2000, 1, 1), start) + DEFAULT_DURATION).time()
    if end <= start:
        end = datetime.time(23, 59)
    return f"3 {weekday.name} {start:%H:%M}-{end:%H:%M}"


def read_rule(rule: str | MeetingRule) -> MeetingRule:
    if isinstance(rule, MeetingRule):
        return rule
    try:
        return parse_rule(rule)
    except ValueError as error:
        raise engine_error(error) from error


def schedule_start(group: Group) -> datetime.date:
    """The first day a new calendar may use: the edition's opening, or tomorrow (in the
    territory) when the edition opened already. A calendar made late plans no meeting in the
    past, where it would count as held."""
    territory = group.edition.territory
    tomorrow = timezone.localdate(timezone=ZoneInfo(territory.time_zone)) + datetime.timedelta(1)
    return max(group.edition.opening_date, tomorrow)


def schedule_preview(
    *,
    group: Group,
    rule: str | MeetingRule,
    count: int = 24,
    avoid_school_holidays: bool = False,
    avoid_august: bool = False,
) -> Schedule:
    """The engine's proposal for the group from `schedule_start`, written nowhere (the
    reviewer sees the moves)."""
    calendar = territory_calendar(
        group.edition.territory,
        avoid_school_holidays=avoid_school_holidays,
        avoid_august=avoid_august,
    )
    try:
        return propose_schedule(
            opening=schedule_start(group),
            rule=read_rule(rule),
            calendar=calendar,
            count=count,
        )
    except ValueError as error:
        raise engine_error(error) from error


@transaction.atomic
def meetings_schedule(
    *,
    group: Group,
    rule: str | MeetingRule,
    by: Any,
    count: int = 24,
    avoid_school_holidays: bool = False,
    avoid_august: bool = False,
) -> tuple[list[Meeting], Schedule]:
    """Create the group's meetings as the engine proposes them. Refused when the group already
    has meetings (move, add or cancel them instead)."""
    Group.objects.select_for_update().filter(pk=group.pk).first()
    if Meeting.objects.filter(group=group).exclude(status=Meeting.Status.CANCELLED).exists():
        raise ValidationError(
            _("Ce groupe a déjà un calendrier : déplacez, ajoutez ou annulez des rencontres.")
        )
    schedule = schedule_preview(
        group=group,
        rule=rule,
        count=count,
        avoid_school_holidays=avoid_school_holidays,
        avoid_august=avoid_august,
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            edition_id=group.edition_id,
            group=group,
            kind=Meeting.Kind.GROUP,
            number=proposed.number,
            starts_at=proposed.start,
            ends_at=proposed.end,
        )
        for proposed in schedule.meetings
    )
    audit(
        by,
        "meetings.schedule.created",
        obj=group,
        territory_id=group.edition.territory_id,
        count=len(meetings),
        moves=len(schedule.moves),
        warnings=len(schedule.warnings),
    )
    return meetings, schedule


def _engine_rows(meetings: Iterable[Meeting]) -> list[ScheduledMeeting]:
    return [ScheduledMeeting(m.pk, m.starts_at, m.ends_at) for m in meetings]


def _peers(meeting: Meeting) -> list[Meeting]:
    """The meetings a change is computed over: the group's (or the edition's events), not
    cancelled, locked for the change."""
    peers = Meeting.objects.select_for_update().exclude(status=Meeting.Status.CANCELLED)
    if meeting.group_id is not None:
        peers = peers.filter(group_id=meeting.group_id)
    else:
        peers = peers.filter(edition_id=meeting.edition_id, group__isnull=True)
    return list(peers.order_by("starts_at", "pk"))


def _apply(result: Rescheduled, peers: Sequence[Meeting]) -> list[Meeting]:
    """Write the new times of the changed meetings (engine numbers are meeting ids)."""
    by_id = {m.pk: m for m in peers}
    now = timezone.now()
    changed: list[Meeting] = []
    for row in result.meetings:
        if row.number not in result.changed:
            continue
        meeting = by_id[row.number]
        if meeting.status != Meeting.Status.PLANNED:
            raise ValidationError(
                _(
                    "Seules les rencontres prévues peuvent changer de date : "
                    "%(meeting)s est déjà tenue."
                )
                % {"meeting": meeting}
            )
        meeting.starts_at, meeting.ends_at = row.start, row.end
        meeting.sequence += 1
        meeting.changed_at = now
        changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["starts_at", "ends_at", "sequence", "changed_at"])
    reminders_reset(meetings=changed, now=now)
    return changed


def renumber(group_id: int | None, revised: Collection[int] = ()) -> None:
    """Number the group's meetings not cancelled 1, 2, 3… in date order. A meeting whose
    number changes changes its title in calendars ("Rencontre n° 3"): its SEQUENCE and
    LAST-MODIFIED move, so that calendar applications take the new title, unless the change
    that renumbers moved them already (`revised`: those meetings' ids)."""
    if group_id is None:
        return
    meetings = list(
        Meeting.objects.filter(group_id=group_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    stale = []
    now = timezone.now()
    for index, meeting in enumerate(meetings, start=1):
        if meeting.number != index:
            meeting.number = index
            if meeting.pk not in revised:
                meeting.sequence += 1
                meeting.changed_at = now
            stale.append(meeting)
    # Two passes would be needed with a unique constraint on numbers; there is none.
    Meeting.objects.bulk_update(stale, ["number", "sequence", "changed_at"])


def _require_planned(meeting: Meeting) -> None:
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Seule une rencontre prévue peut être modifiée."))


def notify_change(meetings: Sequence[Meeting], change: str) -> None:
    """Tell the members, by a background task (enqueued with the change, in its transaction)."""
    from maillage.meetings.tasks import meetings_changed_task

    if meetings:
        meetings_changed_task.enqueue(meeting_ids=[m.pk for m in meetings], change=change)


@transaction.atomic
def meeting_move(
    *,
    meeting: Meeting,
    day: datetime.date,
    by: Any,
    start: datetime.time | None = None,
    end: datetime.time | None = None,
) -> Rescheduled:
    """Move one meeting to a local day of its territory (same local times unless given).

    The conflicts the engine finds (holiday, another meeting that day) are returned for the
    person to see; they do not block the move.
    """
    _require_planned(meeting)
    calendar = territory_calendar(meeting.edition.territory)
    peers = _peers(meeting)
    try:
        result = move_meeting(_engine_rows(peers), meeting.pk, day, calendar, start=start, end=end)
    except ValueError as error:
        raise engine_error(error) from error
    _require_future(next(row.start for row in result.meetings if row.number == meeting.pk))
    changed = _apply(result, peers)
    for updated in changed:
        if updated.pk == meeting.pk:
            meeting.starts_at, meeting.ends_at = updated.starts_at, updated.ends_at
            meeting.sequence, meeting.changed_at = updated.sequence, updated.changed_at
    renumber(meeting.group_id, revised={m.pk for m in changed})
    meeting.refresh_from_db(fields=["number"])
    audit(
        by,
        "meetings.meeting.moved",
        obj=meeting,
        territory_id=meeting.edition.territory_id,
        day=day.isoformat(),
        conflicts=[c.conflict.label for c in result.conflicts],
    )
    notify_change(changed, Change.MOVED)
    return result


@transaction.atomic
def meetings_shift(*, meeting: Meeting, weeks: int, by: Any) -> Rescheduled:
    """Shift this meeting and every following one by `weeks` weeks: one action, one email per
    member."""
    _require_planned(meeting)
    calendar = territory_calendar(meeting.edition.territory)
    peers = _peers(meeting)
    try:
        result = shift_meetings(_engine_rows(peers), meeting.pk, weeks, calendar)
    except ValueError as error:
        raise engine_error(error) from error
    _require_future_shift(result, peers, calendar.zone)
    changed = _apply(result, peers)
    renumber(meeting.group_id, revised={m.pk for m in changed})
    meeting.refresh_from_db()
    audit(
        by,
        "meetings.meeting.shifted",
        obj=meeting,
        territory_id=meeting.edition.territory_id,
        weeks=weeks,
        meetings=len(changed),
        conflicts=[c.conflict.label for c in result.conflicts],
    )
    notify_change(changed, Change.MOVED)
    return result


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any, reason: str = "") -> Meeting:
    """Cancel a planned meeting (it stays in the feeds as STATUS:CANCELLED)."""
    _require_planned(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.sequence += 1
    meeting.changed_at = timezone.now()
    meeting.save(update_fields=["status", "sequence", "changed_at"])
    ReminderDelivery.objects.filter(meeting=meeting, state=ReminderDelivery.State.PENDING).update(
        state=ReminderDelivery.State.SKIPPED
    )
    renumber(meeting.group_id)
    audit(
        by,
        "meetings.meeting.cancelled",
        obj=meeting,
        territory_id=meeting.edition.territory_id,
        reason=reason[:200],
    )
    notify_change([meeting], Change.CANCELLED)
    return meeting


@transaction.atomic
def meeting_add(
    *,
    edition: Edition,
    starts_at: datetime.datetime,
    by: Any,
    group: Group | None = None,
    kind: str = Meeting.Kind.GROUP,
    ends_at: datetime.datetime | None = None,
    venue_name: str = "",
    venue_address: str = "",
    host: Person | None = None,
) -> Meeting:
    """Add a meeting to a group's calendar, or an event (opening, plenary, closing) to the
    edition's; the people expected are told."""
    if (kind == Meeting.Kind.GROUP) != (group is not None):
        raise ValidationError(_("Une rencontre de groupe a un groupe ; un événement n'en a pas."))
    if group is not None and group.edition_id != edition.pk:
        raise ValidationError(_("Ce groupe n'est pas de cette édition."))
    if timezone.is_naive(starts_at):
        raise ValidationError(_("Donnez l'heure avec son fuseau."))
    _require_future(starts_at)
    meeting = Meeting(
        edition=edition,
        group=group,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at or starts_at + DEFAULT_DURATION,
        venue_name=venue_name,
        venue_address=venue_address,
    )
    if meeting.ends_at <= meeting.starts_at:
        raise ValidationError(_("La rencontre doit finir après son début."))
    if host is not None:
        _check_host(meeting, host)
        meeting.host, meeting.host_company = host, host.company
    meeting.save()
    renumber(meeting.group_id, revised={meeting.pk})  # new: no calendar has it yet
    meeting.refresh_from_db(fields=["number"])
    audit(by, "meetings.meeting.added", obj=meeting, territory_id=edition.territory_id, kind=kind)
    notify_change([meeting], Change.ADDED)
    return meeting


def _check_host(meeting: Meeting, host: Person) -> None:
    if meeting.group_id is None:
        return
    if not Membership.objects.filter(group_id=meeting.group_id, person=host).exists():
        raise ValidationError(_("L'hôte doit être membre du groupe."))


@transaction.atomic
def meeting_set_venue(
    *,
    meeting: Meeting,
    by: Any,
    host: Person | None = None,
    venue_name: str = "",
    venue_address: str = "",
) -> Meeting:
    """Where the meeting takes place: a member's firm (`host`), or a named place."""
    _require_planned(meeting)
    if host is not None:
        _check_host(meeting, host)
    meeting.host = host
    meeting.host_company = host.company if host is not None else None
    meeting.venue_name, meeting.venue_address = venue_name, venue_address
    meeting.sequence += 1
    meeting.changed_at = timezone.now()
    meeting.save(
        update_fields=[
            "host",
            "host_company",
            "venue_name",
            "venue_address",
            "sequence",
            "changed_at",
        ]
    )
    audit(by, "meetings.meeting.venue_set", obj=meeting, territory_id=meeting.edition.territory_id)
    notify_change([meeting], Change.VENUE)
    return meeting


# Host rotation ----------------------------------------------------------------------------


def hosts_propose(*, group: Group, seed: int = 0) -> HostPlan:
    """A host for each planned meeting without a venue: nobody hosts twice before every willing
    leader has hosted once (meetings already held count). A meeting set at another place keeps
    it; one whose host has left the group by its day is proposed a new host."""
    memberships = list(
        group.memberships.filter(role=Membership.Role.LEADER).select_related("person")
    )
    unwilling = set(
        HostingPreference.objects.filter(group=group, willing=False).values_list(
            "person_id", flat=True
        )
    )
    zone = ZoneInfo(group.edition.territory.time_zone)
    today = timezone.localdate(timezone=zone)
    left_on: dict[int, datetime.date | None] = {}
    for row in group.memberships.values("person_id", "left_on"):
        # Someone with a membership still open (or left later) has not left.
        known = left_on.get(row["person_id"], datetime.date.min)
        mine = row["left_on"]
        left_on[row["person_id"]] = None if known is None or mine is None else max(known, mine)
    meetings = list(
        Meeting.objects.filter(group=group)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    planned = [m for m in meetings if m.status == Meeting.Status.PLANNED]
    hosted: dict[int, int] = {}
    for meeting in held:
        if meeting.host_id is not None:
            hosted[meeting.host_id] = hosted.get(meeting.host_id, 0) + 1
    candidates: dict[int, HostCandidate] = {}
    for membership in memberships:
        person = membership.person
        active = membership.left_on is None or membership.left_on > today
        willing = active and person.company_id is not None and person.pk not in unwilling
        candidates[person.pk] = HostCandidate(person.pk, willing, hosted.get(person.pk, 0))
    for meeting in [*held, *planned]:
        # A host who is not (or no longer) a leader of the group: known, not proposed again.
        if meeting.host_id is not None and meeting.host_id not in candidates:
            candidates[meeting.host_id] = HostCandidate(
                meeting.host_id, False, hosted.get(meeting.host_id, 0)
            )

    def host_of(meeting: Meeting) -> int | None:
        left = left_on.get(meeting.host_id) if meeting.host_id is not None else None
        if left is not None and left <= meeting.starts_at.astimezone(zone).date():
            return None  # the host has left the group: their firm is no longer the venue
        return meeting.host_id

    # A meeting set at another place (no host, a venue named) keeps it: it is no slot to fill.
    slots = [
        HostSlot(meeting.pk, host_of(meeting))
        for meeting in planned
        if meeting.host_id is not None or not (meeting.venue_name or meeting.venue_address)
    ]
    return propose_hosts(list(candidates.values()), slots, seed=seed)


@transaction.atomic
def hosts_apply(
    *, group: Group, by: Any, seed: int = 0, only: Collection[int] | None = None
) -> HostPlan:
    """Give the proposed hosts to the planned meetings without one (or to the meetings `only`
    names, by id); members told once."""
    plan = hosts_propose(group=group, seed=seed)
    proposed = {
        a.number: a.host
        for a in plan.assignments
        if a.proposed and a.host is not None and (only is None or a.number in only)
    }
    if not proposed:
        return plan
    people = Person.objects.in_bulk([int(host) for host in proposed.values()])
    meetings = list(Meeting.objects.select_for_update().filter(pk__in=list(proposed)))
    now = timezone.now()
    for meeting in meetings:
        host = people[int(proposed[meeting.pk])]
        meeting.host, meeting.host_company_id = host, host.company_id
        meeting.venue_name = meeting.venue_address = ""
        meeting.sequence += 1
        meeting.changed_at = now
    Meeting.objects.bulk_update(
        meetings,
        ["host", "host_company", "venue_name", "venue_address", "sequence", "changed_at"],
    )
    audit(
        by,
        "meetings.hosts.assigned",
        obj=group,
        territory_id=group.edition.territory_id,
        meetings=len(meetings),
    )
    notify_change(sorted(meetings, key=lambda m: m.starts_at), Change.VENUE)
    return plan


def hosts_after_departure(*, membership: Membership) -> HostPlan | None:
    """A leader left the group: the planned meetings they were to host on or after their
    leaving day go to the rotation's next hosts at once (members told, as for any change of
    venue), not to their firm. None when they were to host none."""
    if membership.left_on is None:
        return None
    group = membership.group
    zone = ZoneInfo(group.edition.territory.time_zone)
    hosted = [
        meeting.pk
        for meeting in Meeting.objects.filter(
            group_id=group.pk, host_id=membership.person_id, status=Meeting.Status.PLANNED
        )
        if meeting.starts_at.astimezone(zone).date() >= membership.left_on
    ]
    if not hosted:
        return None
    # The seed the group calendar proposes with: the same hosts as its "propose" button.
    return hosts_apply(group=group, by=None, seed=group.pk, only=hosted)


@transaction.atomic
def hosting_preference_set(*, group: Group, person: Person, willing: bool, by: Any) -> None:
    HostingPreference.objects.update_or_create(
        group=group, person=person, defaults={"willing": willing}
    )
    audit(by, "meetings.hosting.preference_set", obj=person, willing=willing)
