from typing import Any

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "maillage.meetings"
    label = "meetings"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from maillage.core import home, navigation
        from maillage.editions.models import Membership
        from maillage.meetings import home as meetings_home

        navigation.register(meetings_home.navigation)
        home.register(meetings_home.home_sections)
        post_save.connect(
            _leader_left, sender=Membership, dispatch_uid="meetings-hosts-after-departure"
        )


def _leader_left(
    instance: Any, update_fields: frozenset[str] | None = None, **_kwargs: Any
) -> None:
    """A leader's departure (`editions.services.membership_end`) hands the meetings they were
    to host to the rotation's next hosts (`schedule.hosts_after_departure`)."""
    from maillage.editions.models import Membership
    from maillage.meetings.services import schedule

    if instance.role != Membership.Role.LEADER or instance.left_on is None:
        return
    if update_fields is not None and "left_on" not in update_fields:
        return
    schedule.hosts_after_departure(membership=instance)
