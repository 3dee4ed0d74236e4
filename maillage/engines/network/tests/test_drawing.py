import random

from maillage.engines.network import (
    EXCHANGE_KINDS,
    Drawing,
    Person,
    Tie,
    TieKind,
    network_drawing,
)
from maillage.engines.network.tests.world import ALL_TIES, END_2023, EVERYONE, PEOPLE, D

# A star around 1 (tied to 2 and 3), 2-3 tied, and a tail 3-4-5: five people.
STAR_PEOPLE = [Person(id=i, sector="C") for i in range(1, 6)]
STAR_TIES = [
    Tie(a=a, b=b, kind=TieKind.CONTACT, on=D(2023, 1, 1))
    for a, b in [(1, 2), (1, 3), (2, 3), (3, 4), (4, 5)]
]
STAR = {1, 2, 3, 4, 5}


def draw(viewer: int | None = None, seed: int = 0) -> Drawing:
    return network_drawing(STAR_PEOPLE, STAR_TIES, STAR, at=END_2023, viewer=viewer, seed=seed)


def test_positions_fill_the_unit_square() -> None:
    drawing = network_drawing(PEOPLE, ALL_TIES, EVERYONE, at=END_2023)

    xs = [n.x for n in drawing.nodes]
    ys = [n.y for n in drawing.nodes]
    assert all(0.0 <= v <= 1.0 for v in xs + ys)
    assert (min(xs), max(xs)) == (0.0, 1.0) or (min(ys), max(ys)) == (0.0, 1.0)


def test_the_same_seed_gives_the_same_drawing() -> None:
    assert draw(seed=7) == draw(seed=7)


def test_the_order_of_the_inputs_does_not_change_the_drawing() -> None:
    people, ties = list(STAR_PEOPLE), list(STAR_TIES)
    random.Random(1).shuffle(people)
    random.Random(2).shuffle(ties)

    assert network_drawing(people, ties, STAR, at=END_2023) == draw()


def test_another_seed_gives_another_layout() -> None:
    assert draw(seed=1).nodes != draw(seed=2).nodes


def test_without_viewer_nobody_is_named() -> None:
    drawing = network_drawing(PEOPLE, ALL_TIES, EVERYONE, at=END_2023)

    assert all(n.person_id is None for n in drawing.nodes)


def test_the_viewer_and_the_people_tied_to_them_are_named() -> None:
    drawing = network_drawing(STAR_PEOPLE, STAR_TIES, STAR, at=END_2023, viewer=4)

    assert sorted(n.person_id for n in drawing.nodes if n.person_id is not None) == [3, 4, 5]


def test_the_viewer_node_is_marked() -> None:
    drawing = network_drawing(STAR_PEOPLE, STAR_TIES, STAR, at=END_2023, viewer=4)

    assert [n.person_id for n in drawing.nodes if n.is_viewer] == [4]


def test_the_viewer_ties_are_marked_as_own() -> None:
    drawing = network_drawing(STAR_PEOPLE, STAR_TIES, STAR, at=END_2023, viewer=1)
    person = {n.key: n.person_id for n in drawing.nodes}

    own = {frozenset({person[e.source], person[e.target]}) for e in drawing.edges if e.own}
    assert own == {frozenset({1, 2}), frozenset({1, 3})}


def test_a_tie_between_two_people_the_viewer_knows_is_not_drawn() -> None:
    # The viewer 1 is tied to 2 and 3; 2-3 would show who of them is tied to whom.
    drawing = network_drawing(STAR_PEOPLE, STAR_TIES, STAR, at=END_2023, viewer=1)

    assert len(drawing.edges) == 4


def test_without_viewer_every_tie_of_the_set_is_drawn() -> None:
    assert len(draw().edges) == 5


def test_a_viewer_outside_the_set_names_nobody() -> None:
    drawing = network_drawing(PEOPLE, ALL_TIES, {4, 5, 6}, at=END_2023, viewer=3)

    assert all(n.person_id is None for n in drawing.nodes)


def test_only_ties_inside_the_set_are_drawn() -> None:
    # Exchanges of {1,2,3} by the end of 2023: 1-2 and 2-3 inside, 3-4 leaves the set.
    drawing = network_drawing(PEOPLE, ALL_TIES, {1, 2, 3}, at=END_2023, kinds=EXCHANGE_KINDS)

    assert len(drawing.nodes) == 3
    assert len(drawing.edges) == 2


def test_keys_follow_the_positions_not_the_ids() -> None:
    drawing = draw()

    positions = [(n.x, n.y) for n in drawing.nodes]
    assert [n.key for n in drawing.nodes] == list(range(5))
    assert positions == sorted(positions)


def test_a_single_person_sits_in_the_middle() -> None:
    drawing = network_drawing(PEOPLE, [], {1}, at=END_2023)

    assert [(n.x, n.y) for n in drawing.nodes] == [(0.5, 0.5)]


def test_an_empty_set_gives_an_empty_drawing() -> None:
    drawing = network_drawing(PEOPLE, [], set(), at=END_2023)

    assert (drawing.nodes, drawing.edges) == ((), ())


def test_a_large_set_is_laid_on_a_circle_within_the_unit_square() -> None:
    people = [Person(id=i, sector="C") for i in range(500)]

    drawing = network_drawing(people, [], range(500), at=END_2023)

    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in drawing.nodes)
    assert len(drawing.nodes) == 500
