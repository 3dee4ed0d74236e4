from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "maillage.reports"
    label = "reports"

    def ready(self) -> None:
        from maillage.core import home, navigation
        from maillage.reports import home as reports_home

        navigation.register(reports_home.navigation)
        navigation.register(reports_home.admin_link)
        home.register(reports_home.home_sections)
