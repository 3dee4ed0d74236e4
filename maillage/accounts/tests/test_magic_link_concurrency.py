from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from maillage.accounts import services
from maillage.accounts.models import MagicLink, hash_token
from maillage.accounts.tests.factories import UserFactory

TOKEN = "jeton-de-test-suffisamment-long-pour-le-test"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uses_of_a_link_log_in_only_once() -> None:
    user = UserFactory.create()
    MagicLink.objects.create(
        user=user,
        token_hash=hash_token(TOKEN),
        expires_at=datetime.now(UTC) + timedelta(minutes=5),
    )
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def consume() -> None:
        try:
            barrier.wait()
            services.magic_link_consume(token=TOKEN)
            outcomes.append("logged in")
        except services.LoginRefused as refusal:
            outcomes.append(refusal.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=consume) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["logged in"] + ["magic_link_used"] * 3
