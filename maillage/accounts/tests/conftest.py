from __future__ import annotations

import pytest
import time_machine

from maillage.accounts.models import User
from maillage.accounts.tests.factories import UserFactory
from maillage.accounts.tests.otp import NOW


@pytest.fixture
def user(db: None) -> User:
    return UserFactory(email="claire.martin@exemple.test")


@pytest.fixture
def frozen(time_machine: time_machine.TimeMachineFixture) -> time_machine.TimeMachineFixture:
    """Time stands still at NOW (a TOTP code belongs to a 30-second step)."""
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def staff(project_manager: User) -> User:
    """A project manager (staff) without two-factor authentication yet."""
    return project_manager
