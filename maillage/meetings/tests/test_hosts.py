"""The host rotation adapter: everyone willing hosts once before anyone hosts twice."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.utils import timezone

from maillage.editions.models import Group, Membership
from maillage.editions.services import membership_end
from maillage.meetings.models import Meeting
from maillage.meetings.services import schedule
from maillage.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def plan_meetings(group: Group, count: int, *, held: int = 0) -> list[Meeting]:
    start = timezone.now() - datetime.timedelta(days=30 * held)
    return [
        MeetingFactory.create(
            group=group,
            number=index + 1,
            starts_at=start + datetime.timedelta(days=30 * index),
            status=Meeting.Status.HELD if index < held else Meeting.Status.PLANNED,
        )
        for index in range(count)
    ]


def leaders(group: Group) -> list[int]:
    return list(
        group.memberships.filter(role=Membership.Role.LEADER).values_list("person_id", flat=True)
    )


def test_every_leader_hosts_once_before_anyone_hosts_twice(group: Group) -> None:
    plan_meetings(group, 24)
    schedule.hosts_apply(group=group, by=None)
    hosts = list(group.meetings.order_by("starts_at").values_list("host_id", flat=True))
    assert sorted(hosts[:12]) == sorted(leaders(group))
    assert Counter(hosts) == dict.fromkeys(leaders(group), 2)


def test_facilitators_are_not_proposed_as_hosts(group: Group) -> None:
    plan_meetings(group, 15)
    schedule.hosts_apply(group=group, by=None)
    assert set(group.meetings.values_list("host_id", flat=True)) <= set(leaders(group))


def test_a_member_who_does_not_wish_to_host_is_left_out(group: Group) -> None:
    plan_meetings(group, 12)
    reluctant = leaders(group)[0]
    schedule.hosting_preference_set(
        group=group,
        person=group.memberships.get(person_id=reluctant).person,
        willing=False,
        by=None,
    )
    schedule.hosts_apply(group=group, by=None)
    assert reluctant not in set(group.meetings.values_list("host_id", flat=True))


def test_who_hosted_a_held_meeting_waits_for_the_others(group: Group) -> None:
    meetings = plan_meetings(group, 12, held=1)
    first_host = leaders(group)[3]
    Meeting.objects.filter(pk=meetings[0].pk).update(host_id=first_host)
    schedule.hosts_apply(group=group, by=None)
    planned_hosts = list(
        group.meetings.filter(status=Meeting.Status.PLANNED)
        .order_by("starts_at")
        .values_list("host_id", flat=True)
    )
    assert first_host not in planned_hosts
    assert sorted(planned_hosts) == sorted(set(leaders(group)) - {first_host})


def test_a_host_already_set_is_kept(group: Group) -> None:
    meetings = plan_meetings(group, 3)
    chosen = group.memberships.get(person_id=leaders(group)[5]).person
    schedule.meeting_set_venue(meeting=meetings[1], host=chosen, by=None)
    plan = schedule.hosts_apply(group=group, by=None)
    meetings[1].refresh_from_db()
    assert meetings[1].host_id == chosen.pk
    assert [a.proposed for a in plan.assignments] == [True, False, True]


def test_applying_hosts_sets_the_venue_to_the_hosts_firm_and_tells_the_members_once(
    group: Group,
) -> None:
    plan_meetings(group, 4)
    mail.outbox.clear()
    schedule.hosts_apply(group=group, by=None)
    meeting = group.meetings.select_related("host").first()
    assert meeting.host_company_id == meeting.host.company_id
    assert meeting.sequence == 1
    assert len(mail.outbox) == group.memberships.count()
    assert meeting.host.company.name in mail.outbox[0].body


def test_the_same_group_gets_the_same_proposal(group: Group) -> None:
    plan_meetings(group, 6)
    first = schedule.hosts_propose(group=group, seed=7)
    again = schedule.hosts_propose(group=group, seed=7)
    assert first == again


def test_a_host_who_left_the_group_is_replaced_at_the_meetings_after_their_departure(
    group: Group,
) -> None:
    """At once, when they leave: the members are told the new venue, nobody goes to the firm
    of someone who left."""
    meetings = plan_meetings(group, 24)
    schedule.hosts_apply(group=group, by=None)
    leaving = Meeting.objects.get(pk=meetings[2].pk).host
    assert leaving is not None
    hosted_by_them = set(group.meetings.filter(host=leaving).values_list("pk", flat=True))
    others = set(group.meetings.exclude(host=leaving).values_list("pk", "host_id"))
    mail.outbox.clear()

    membership_end(
        membership=group.memberships.get(person=leaving), by=None, left_on=timezone.localdate()
    )

    assert not group.meetings.filter(host=leaving, status=Meeting.Status.PLANNED).exists()
    assert group.meetings.filter(pk__in=hosted_by_them, host__isnull=False).count() == len(
        hosted_by_them
    )
    assert (
        set(group.meetings.filter(pk__in=[pk for pk, _host in others]).values_list("pk", "host_id"))
        == others
    )  # the others' meetings keep their hosts
    assert len(mail.outbox) == group.memberships.exclude(person=leaving).count()
    assert not any(a.proposed for a in schedule.hosts_propose(group=group).assignments)


def test_a_leaver_who_hosted_nothing_ahead_changes_nothing(group: Group) -> None:
    meetings = plan_meetings(group, 3)
    mail.outbox.clear()
    leaver = (
        group.memberships.filter(role=Membership.Role.LEADER)
        .exclude(person_id__in=[m.host_id for m in meetings])
        .first()
    )
    assert leaver is not None
    membership_end(membership=leaver, by=None, left_on=timezone.localdate())
    assert mail.outbox == []


def test_a_meeting_set_at_another_place_keeps_it(group: Group) -> None:
    meetings = plan_meetings(group, 3)
    schedule.meeting_set_venue(
        meeting=meetings[1], venue_name="CCI du Roannais", venue_address="Roanne", by=None
    )
    plan = schedule.hosts_apply(group=group, by=None)
    meetings[1].refresh_from_db()
    assert (meetings[1].venue_name, meetings[1].host_id) == ("CCI du Roannais", None)
    assert [a.number for a in plan.assignments] == [meetings[0].pk, meetings[2].pk]
