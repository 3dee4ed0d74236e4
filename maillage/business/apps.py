from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "maillage.business"
    label = "business"

    def ready(self) -> None:
        from maillage.business import home as business_home
        from maillage.core import agenda, home, navigation

        navigation.register(business_home.navigation)
        home.register(business_home.home_sections)
        agenda.register_section(business_home.meeting_sections)
