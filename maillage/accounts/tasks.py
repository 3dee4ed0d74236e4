"""Background work of the accounts app: thin adapters over services."""

from __future__ import annotations

from django.tasks import task

from maillage.accounts import services
from maillage.accounts.models import User


@task()
def magic_link_send_task(*, user_id: int) -> None:
    """Create and email a login link (the secret never enters the task queue)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        services.magic_link_send(user=user)
