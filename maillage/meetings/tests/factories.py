from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from maillage.editions.tests.factories import GroupFactory
from maillage.meetings.models import Attendance, Meeting, Minutes


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    edition = factory.SelfAttribute("group.edition")
    kind = Meeting.Kind.GROUP
    number = factory.Sequence(lambda n: n % 24 + 1)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    status = Meeting.Status.HELD


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    status = Attendance.Status.PRESENT


class MinutesFactory(DjangoModelFactory[Minutes]):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory)
    text = "Tour de table, puis atelier sur la prospection."
