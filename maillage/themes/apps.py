from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "maillage.themes"
    label = "themes"

    def ready(self) -> None:
        from maillage.core import agenda, home, navigation
        from maillage.themes import agenda as themes_agenda
        from maillage.themes import home as themes_home

        agenda.register_theme_titles(themes_agenda.theme_titles)
        agenda.register_section(themes_agenda.rating_section)
        navigation.register(themes_home.navigation)
        home.register(themes_home.home_sections)
