from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import setting_changed
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from maillage.core import page_cache

        connection_created.connect(page_cache.install, dispatch_uid="page-cache-watch")
        for connection in connections.all(initialized_only=True):
            page_cache.install(connection)
        post_migrate.connect(_forget_pages, dispatch_uid="page-cache-migrate")
        setting_changed.connect(_forget_pages, dispatch_uid="page-cache-settings")


def _forget_pages(**_kwargs: Any) -> None:
    from maillage.core import page_cache

    page_cache.forget_all()
