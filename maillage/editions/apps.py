from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "maillage.editions"
    label = "editions"

    def ready(self) -> None:
        from maillage.core import home, navigation
        from maillage.editions import home as editions_home

        navigation.register(editions_home.navigation)
        home.register(editions_home.home_sections)
        _bump_roles_on_writes()


def _bump_roles_on_writes() -> None:
    """Every write to what `permissions.roles_of` reads moves the roles generation: saves and
    deletes, and the writes that send no signal (`update()`, `bulk_create()`, raw SQL), as the
    database connection sees them (core.page_cache.when_written)."""
    from maillage.core import page_cache
    from maillage.core.roles import bump_roles
    from maillage.editions.models import Edition, Group, Membership
    from maillage.territories.models import NetworkAdmin, Person, ProjectManager, Territory

    models = (Membership, Person, Group, Edition, Territory, NetworkAdmin, ProjectManager)
    page_cache.when_written([model._meta.db_table for model in models], bump_roles)
