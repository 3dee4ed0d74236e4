from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "maillage.surveys"
    label = "surveys"

    def ready(self) -> None:
        from maillage.core import home
        from maillage.surveys import home as surveys_home

        home.register(surveys_home.home_sections)
