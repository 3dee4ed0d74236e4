from __future__ import annotations

import pytest

from maillage.accounts.models import User
from maillage.accounts.tests.factories import UserFactory


@pytest.fixture
def user(db: None) -> User:
    return UserFactory(email="claire.martin@exemple.test")
