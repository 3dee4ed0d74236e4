from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "maillage.editions"
    label = "editions"

    def ready(self) -> None:
        from maillage.core import home, navigation
        from maillage.editions import home as editions_home

        navigation.register(editions_home.navigation)
        home.register(editions_home.home_sections)
