from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "maillage.meetings"
    label = "meetings"

    def ready(self) -> None:
        from maillage.core import home, navigation
        from maillage.meetings import home as meetings_home

        navigation.register(meetings_home.navigation)
        home.register(meetings_home.home_sections)
