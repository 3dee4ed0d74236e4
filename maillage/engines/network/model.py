"""What the network engine is given: people, their ties, and when editions closed."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class TieKind(StrEnum):
    """Where a tie between two people comes from."""

    CONTACT = "contact"
    """A call, visit or help logged between them (either direction)."""

    REFERRAL = "referral"
    """One recommended the other to a client or prospect (either direction)."""

    GROUP = "group"
    """They belong to the same group, from the day the group started."""


ALL_KINDS: frozenset[TieKind] = frozenset(TieKind)
EXCHANGE_KINDS: frozenset[TieKind] = frozenset({TieKind.CONTACT, TieKind.REFERRAL})
"""The kinds that are something two people did, as opposed to a group they share."""


@dataclass(frozen=True)
class Person:
    """A member (leader, facilitator, alumnus).

    ``sector`` is any label two people share when they work in the same sector (the app uses
    the NAF section of the company). ``editions`` and ``groups`` are the ids of the editions and
    groups the person took part in.
    """

    id: int
    sector: str
    editions: frozenset[int] = field(default_factory=frozenset)
    groups: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Tie:
    """One event linking two people, on a date. Direction does not matter to the graph."""

    a: int
    b: int
    kind: TieKind
    on: datetime.date


@dataclass(frozen=True)
class Edition:
    """An edition and the day it closed (``None`` while it runs)."""

    id: int
    closed_on: datetime.date | None = None
