from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "maillage.territories"
    label = "territories"

    def ready(self) -> None:
        from maillage.core.roles import register_staff_check
        from maillage.territories.permissions import has_staff_role

        register_staff_check(has_staff_role)
