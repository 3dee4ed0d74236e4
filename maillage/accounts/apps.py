from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from maillage.accounts.api import page_cache_identity
        from maillage.accounts.sessions import on_user_logged_in
        from maillage.core import page_cache

        user_logged_in.connect(on_user_logged_in, dispatch_uid="maillage.accounts.sessions")
        page_cache.api_identity = page_cache_identity
