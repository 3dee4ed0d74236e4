"""factory_boy factories for accounts. Every user gets the same password, hashed once
(argon2 is deliberately slow): log in with DEFAULT_PASSWORD."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from factory.declarations import LazyFunction, Sequence
from factory.django import DjangoModelFactory
from factory.faker import Faker

from maillage.accounts.models import User

DEFAULT_PASSWORD = "un-mot-de-passe-de-test"


def hashed_default_password() -> str:
    """DEFAULT_PASSWORD hashed once per hasher set (tests may switch to a fast hasher)."""
    return _hashed_with(tuple(settings.PASSWORD_HASHERS))


@functools.cache
def _hashed_with(hashers: tuple[str, ...]) -> str:
    return make_password(DEFAULT_PASSWORD)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User

    email = Sequence(lambda n: f"utilisateur{n}@exemple.test")
    display_name = Faker("name", locale="fr_FR")
    language = "fr"
    password = LazyFunction(hashed_default_password)
