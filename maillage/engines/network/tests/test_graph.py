import pytest

from maillage.engines.network import (
    EXCHANGE_KINDS,
    Person,
    Tie,
    TieKind,
    member_graph,
    shared_group_ties,
)
from maillage.engines.network.tests.world import (
    ALL_TIES,
    END_2023,
    EXCHANGES,
    GROUP_STARTED,
    PEOPLE,
    D,
)


def test_shared_groups_tie_every_pair_of_a_group_on_its_start_date() -> None:
    ties = shared_group_ties(PEOPLE, GROUP_STARTED)

    assert {(t.a, t.b, t.on) for t in ties} == {
        (1, 2, D(2020, 7, 1)),
        (1, 3, D(2020, 7, 1)),
        (2, 3, D(2020, 7, 1)),
        (4, 5, D(2023, 1, 1)),
        (4, 6, D(2023, 1, 1)),
        (5, 6, D(2023, 1, 1)),
    }


def test_people_sharing_two_groups_get_one_tie_per_group() -> None:
    people = [
        Person(id=1, sector="C", groups=frozenset({10, 11})),
        Person(id=2, sector="F", groups=frozenset({10, 11})),
    ]

    ties = shared_group_ties(people, {10: D(2020, 1, 1), 11: D(2022, 1, 1)})

    assert sorted(t.on for t in ties) == [D(2020, 1, 1), D(2022, 1, 1)]


def test_a_group_without_start_date_is_refused() -> None:
    with pytest.raises(ValueError, match="group 20 has no start date"):
        shared_group_ties(PEOPLE, {10: D(2020, 7, 1)})


def test_the_graph_has_every_person_even_without_ties() -> None:
    graph = member_graph(PEOPLE, [], at=END_2023)

    assert sorted(graph.nodes) == [1, 2, 3, 4, 5, 6]


def test_ties_after_the_date_are_left_out() -> None:
    graph = member_graph(PEOPLE, EXCHANGES, at=END_2023)

    assert not graph.has_edge(5, 6)


def test_ties_of_kinds_not_chosen_are_left_out() -> None:
    graph = member_graph(PEOPLE, ALL_TIES, at=END_2023, kinds=EXCHANGE_KINDS)

    assert not graph.has_edge(1, 3)


def test_several_ties_between_two_people_make_one_edge() -> None:
    graph = member_graph(PEOPLE, ALL_TIES, at=END_2023)

    edge = graph.edges[1, 2]
    assert edge["kinds"] == {TieKind.CONTACT, TieKind.GROUP}
    assert edge["first"] == D(2020, 7, 1)
    assert edge["last_exchange"] == D(2022, 9, 1)


def test_a_shared_group_is_not_an_exchange() -> None:
    graph = member_graph(PEOPLE, ALL_TIES, at=END_2023)

    assert graph.edges[1, 3]["last_exchange"] is None


def test_a_tie_with_oneself_is_refused() -> None:
    with pytest.raises(ValueError, match="links person 1 with themself"):
        member_graph(PEOPLE, [Tie(a=1, b=1, kind=TieKind.CONTACT, on=END_2023)], at=END_2023)


def test_a_tie_naming_an_unknown_person_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown person 9"):
        member_graph(PEOPLE, [Tie(a=1, b=9, kind=TieKind.CONTACT, on=END_2023)], at=END_2023)


def test_a_person_listed_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="person 1 is listed twice"):
        member_graph([*PEOPLE, PEOPLE[0]], [], at=END_2023)
