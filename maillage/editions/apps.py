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
    """Every save or delete of what `permissions.roles_of` reads moves the roles generation."""
    from django.db.models.signals import post_delete, post_save

    from maillage.editions.models import Edition, Group, Membership
    from maillage.territories.models import NetworkAdmin, Person, ProjectManager, Territory

    for model in (Membership, Person, Group, Edition, Territory, NetworkAdmin, ProjectManager):
        for signal in (post_save, post_delete):
            signal.connect(_roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}")


def _roles_changed(**_kwargs: object) -> None:
    from maillage.core.roles import bump_roles

    bump_roles()
