from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "maillage.editions"
    label = "editions"
