"""A small world with hand-computed figures, shared by the tests.

Edition 1 (closed 2022-06-30) had group 10: people 1 (sector C), 2 (F), 3 (F).
Edition 2 (running) has group 20: people 4 (G), 5 (M), 6 (G).

Exchanges: 1-2 contact 2021-01-10 and again 2022-09-01 (after the close), 2-3 referral
2021-05-01, 3-4 contact 2023-03-01 (an alumnus and a current member), 4-5 referral 2023-04-01,
5-6 contact 2024-01-01.
"""

import datetime

from maillage.engines.network import Edition, Person, Tie, TieKind, shared_group_ties

D = datetime.date

PEOPLE = [
    Person(id=1, sector="C", editions=frozenset({1}), groups=frozenset({10})),
    Person(id=2, sector="F", editions=frozenset({1}), groups=frozenset({10})),
    Person(id=3, sector="F", editions=frozenset({1}), groups=frozenset({10})),
    Person(id=4, sector="G", editions=frozenset({2}), groups=frozenset({20})),
    Person(id=5, sector="M", editions=frozenset({2}), groups=frozenset({20})),
    Person(id=6, sector="G", editions=frozenset({2}), groups=frozenset({20})),
]
EDITIONS = [Edition(id=1, closed_on=D(2022, 6, 30)), Edition(id=2)]
GROUP_STARTED = {10: D(2020, 7, 1), 20: D(2023, 1, 1)}
EXCHANGES = [
    Tie(a=1, b=2, kind=TieKind.CONTACT, on=D(2021, 1, 10)),
    Tie(a=2, b=1, kind=TieKind.CONTACT, on=D(2022, 9, 1)),
    Tie(a=2, b=3, kind=TieKind.REFERRAL, on=D(2021, 5, 1)),
    Tie(a=3, b=4, kind=TieKind.CONTACT, on=D(2023, 3, 1)),
    Tie(a=4, b=5, kind=TieKind.REFERRAL, on=D(2023, 4, 1)),
    Tie(a=5, b=6, kind=TieKind.CONTACT, on=D(2024, 1, 1)),
]
ALL_TIES = EXCHANGES + shared_group_ties(PEOPLE, GROUP_STARTED)
GROUP_10 = {1, 2, 3}
GROUP_20 = {4, 5, 6}
EVERYONE = {1, 2, 3, 4, 5, 6}
END_2023 = D(2023, 12, 31)
