from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "maillage.reports"
    label = "reports"
