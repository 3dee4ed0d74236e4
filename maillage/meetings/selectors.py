"""Reads on meetings for the pages (a fixed number of queries, whatever the rows)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from maillage.editions.models import Group
from maillage.meetings.models import AgendaItem, Attendance, Meeting


def group_meetings(group: Group) -> QuerySet[Meeting]:
    """The group's meetings in date order, with their host and how many came (one query)."""
    return (
        Meeting.objects.filter(group=group)
        .select_related("host_company")
        .annotate(
            present_count=Count(
                "attendances",
                filter=Q(
                    attendances__status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]
                ),
            )
        )
        .order_by("starts_at")
    )


def next_meetings(group_ids: Iterable[int]) -> dict[int, Meeting]:
    """The next planned meeting of each group (one query)."""
    upcoming = (
        Meeting.objects.filter(
            group_id__in=list(group_ids),
            kind=Meeting.Kind.GROUP,
            status=Meeting.Status.PLANNED,
            ends_at__gte=timezone.now(),
        )
        .select_related("group", "host_company")
        .order_by("starts_at")
    )
    first: dict[int, Meeting] = {}
    for meeting in upcoming:
        assert meeting.group_id is not None
        first.setdefault(meeting.group_id, meeting)
    return first


ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def group_calendar(group: Group) -> QuerySet[Meeting]:
    """The group's meetings and its edition's events (opening, plenaries, closing), in date
    order, with their host and how many came (one query)."""
    return (
        Meeting.objects.filter(Q(group=group) | Q(group__isnull=True, edition_id=group.edition_id))
        .select_related("host_company__commune", "host")
        .annotate(present_count=Count("attendances", filter=Q(attendances__status__in=ATTENDED)))
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class Rate:
    attended: int
    recorded: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.recorded) if self.recorded else None


@dataclass(frozen=True)
class Commitment:
    """A member's series: "14 of 24 meetings attended, 2 plenaries to go"."""

    attended: int
    meetings: int  # the group's meetings, not cancelled
    events_to_go: int  # the edition's events still ahead


def attendance_rates(group: Group) -> tuple[dict[int, Rate], Rate]:
    """Each person's rate over the group's held meetings where it was recorded, and the
    group's (one query)."""
    rows = (
        Attendance.objects.filter(meeting__group=group, meeting__status=Meeting.Status.HELD)
        .values("person_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            recorded=Count("pk"),
        )
    )
    rates = {row["person_id"]: Rate(row["attended"], row["recorded"]) for row in rows}
    total = Rate(sum(r.attended for r in rates.values()), sum(r.recorded for r in rates.values()))
    return rates, total


def commitments(
    group: Group,
    calendar: Sequence[Meeting],
    rates: dict[int, Rate],
    people: Iterable[int] = (),
    joined: Mapping[int, datetime.date] | None = None,
) -> dict[int, Commitment]:
    """Each person's commitment, from the group's calendar and rates (no query): those with a
    presence recorded, and `people` (the group's members: a newcomer, or a member before the
    first meeting, sees "0 of 24" and the events to come). With `joined` (person → the day
    they joined), a member's series starts on that day: who joined at the tenth meeting is
    not counted absent from the nine before."""
    now = timezone.now()
    series = [
        timezone.localdate(m.starts_at)
        for m in calendar
        if m.group_id == group.pk and m.status != Meeting.Status.CANCELLED
    ]
    events_to_go = sum(
        1
        for m in calendar
        if m.group_id is None and m.status == Meeting.Status.PLANNED and m.starts_at > now
    )
    since = joined or {}

    def meetings_of(person_id: int) -> int:
        first_day = since.get(person_id)
        if first_day is None:
            return len(series)
        return sum(1 for day in series if day >= first_day)

    def commitment(person_id: int) -> Commitment:
        attended = rates.get(person_id, Rate(0, 0)).attended
        # Never "3 of 2": a presence recorded before the joining day still counts.
        return Commitment(attended, max(attended, meetings_of(person_id)), events_to_go)

    return {person_id: commitment(person_id) for person_id in {*rates, *people}}


@dataclass(frozen=True)
class RunState:
    """Where the meeting stands: the current agenda item, and the seconds it has left
    (negative: overtime). `started` False before the first item, `finished` after the last."""

    items: tuple[AgendaItem, ...]
    current: AgendaItem | None
    seconds_left: int
    step_title: str | None
    step_seconds_left: int
    started: bool
    finished: bool
    manual: bool  # a facilitator moves the items on; otherwise the times follow the agenda

    @property
    def next_item(self) -> AgendaItem | None:
        if self.current is None:
            return None if self.finished else (self.items[0] if self.items else None)
        index = self.items.index(self.current)
        return self.items[index + 1] if index + 1 < len(self.items) else None

    @property
    def overtime(self) -> bool:
        return self.current is not None and self.seconds_left < 0

    @property
    def minutes_left(self) -> int:
        """Whole minutes left, rounded up (0:30 left shows 1 min); overtime in minutes when
        negative, rounded up too."""
        return -(-abs(self.seconds_left) // 60)

    @property
    def step_minutes_left(self) -> int:
        return -(-self.step_seconds_left // 60)


def run_state(
    meeting: Meeting, items: Sequence[AgendaItem], now: datetime.datetime | None = None
) -> RunState:
    """The current item and its time left, computed here, on the server.

    When a facilitator has started the run, the current item is the one they moved to, and its
    time runs from then; otherwise the agenda's durations are laid from the meeting's start.
    """
    now = now or timezone.now()
    items = tuple(items)
    if meeting.run_item_started_at is not None:
        current = next((i for i in items if i.pk == meeting.run_item_id), None)
        started_at = meeting.run_item_started_at
        finished = current is None
        return _state(items, current, started_at, now, started=True, finished=finished, manual=True)
    cursor = meeting.starts_at
    if now < cursor or not items:
        return _state(items, None, cursor, now, started=False, finished=False, manual=False)
    for item in items:
        end = cursor + datetime.timedelta(minutes=item.minutes)
        if now < end:
            return _state(items, item, cursor, now, started=True, finished=False, manual=False)
        cursor = end
    return _state(items, None, cursor, now, started=True, finished=True, manual=False)


def _state(
    items: tuple[AgendaItem, ...],
    current: AgendaItem | None,
    started_at: datetime.datetime,
    now: datetime.datetime,
    *,
    started: bool,
    finished: bool,
    manual: bool,
) -> RunState:
    seconds_left, step_title, step_left = 0, None, 0
    if current is not None:
        elapsed = (now - started_at).total_seconds()
        seconds_left = int(current.minutes * 60 - elapsed)
        steps = current.session_format.steps if current.format != "other" else ()
        cursor = 0
        for step in steps:
            cursor += step.minutes * 60
            if elapsed < cursor:
                step_title, step_left = str(step.title), int(cursor - elapsed)
                break
    return RunState(items, current, seconds_left, step_title, step_left, started, finished, manual)
