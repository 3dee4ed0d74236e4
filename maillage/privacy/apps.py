from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "maillage.privacy"
    label = "privacy"

    def ready(self) -> None:
        from maillage.core import home, personal_data
        from maillage.privacy import home as privacy_home

        # Each app's `personal_data` module registers what it holds about a person.
        personal_data.autodiscover()
        home.register(privacy_home.home_sections)
