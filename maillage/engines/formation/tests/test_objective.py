"""The objective, computed by hand on a tiny instance."""

from __future__ import annotations

import math

import pytest

from maillage.engines.formation import Facilitator, Instance, Leader, Weights, form_groups

from .builders import instance

KM_PER_DEGREE = 6371.0088 * math.pi / 180  # along a meridian


def tiny(weights: Weights | None = None) -> Instance:
    """Two groups, fixed: {1, 2 | facilitator 11} and {3, 4 | facilitator 12}."""
    step = 10 / KM_PER_DEGREE  # 10 km north
    at, north = {"lat": 46.0, "lon": 4.0}, {"lat": 46.0 + step, "lon": 4.0}
    leaders = [
        Leader(id=1, naf="25.62A", size_band="TPE", needs=(1, 2), fixed_group=0, **at),
        Leader(id=2, naf="25.11Z", size_band="TPE", needs=(3,), fixed_group=0, **north),
        Leader(id=3, naf="47.11B", size_band="PME", needs=(1,), fixed_group=1, **at),
        Leader(id=4, naf="47.19B", size_band="TPE", needs=(2, 4), fixed_group=1, **at),
    ]
    facilitators = [
        Facilitator(id=11, employer=1, lat=46.0 + 2 * step, lon=4.0, expertise=(1, 3),
                    fixed_group=0),
        Facilitator(id=12, employer=2, expertise=(2,), fixed_group=1, **at),
    ]  # fmt: skip
    return instance(leaders, facilitators, num_groups=2, group_size_min=2, group_size_max=2,
                    weights=weights)  # fmt: skip


# DIV: group 0 = 25.62 vs 25.11, same division: .5; group 1 = 47.11 vs 47.19, same NAF group: .25
DIV = (0.5 + 0.25) / 2
# GEO: group 0 pairs 10, 20, 10 km -> mean 40/3; group 1 all at one point -> 0
GEO = ((1 - (40 / 3) / 80) + 1.0) / 2
# SIZE: cohort 3/4 TPE, 1/4 PME; group 0 all TPE, group 1 half/half: both at TV distance 1/4
SIZE = 0.75
# COV: 1 of {1, 2}, 1 of {3}, 0 of {1}, 1 of {2, 4} -> 3 of 6
COV = 0.5


def test_the_objective_is_the_weighted_sum_of_the_components_computed_by_hand() -> None:
    result = form_groups(tiny(), seed=0, time_limit_s=2, max_iterations=100)
    assert result.components.div == pytest.approx(DIV)
    assert result.components.geo == pytest.approx(GEO, abs=1e-6)
    assert result.components.size == pytest.approx(SIZE)
    assert result.components.cov == pytest.approx(COV)
    expected = 100 * (0.30 * DIV + 0.30 * GEO + 0.15 * SIZE + 0.25 * COV)
    assert result.objective == pytest.approx(expected, abs=1e-4)


def test_each_group_is_scored_on_its_own_members() -> None:
    result = form_groups(tiny(), seed=0, time_limit_s=2, max_iterations=100)
    first = result.groups[0]
    assert first.components.div == pytest.approx(0.5)
    assert first.components.geo == pytest.approx(1 - (40 / 3) / 80, abs=1e-6)
    assert first.components.cov == pytest.approx(2 / 3)
    expected = 100 * (0.30 * 0.5 + 0.30 * (1 - (40 / 3) / 80) + 0.15 * 0.75 + 0.25 * 2 / 3)
    assert first.score == pytest.approx(expected, abs=1e-4)


def test_weights_change_the_objective() -> None:
    only_cov = Weights(div=0, geo=0, size=0, cov=1)
    result = form_groups(tiny(only_cov), seed=0, time_limit_s=2, max_iterations=100)
    assert result.objective == pytest.approx(100 * COV)


def test_weights_not_summing_to_one_are_normalised() -> None:
    doubled = Weights(div=0.6, geo=0.6, size=0.3, cov=0.5)
    result = form_groups(tiny(doubled), seed=0, time_limit_s=2, max_iterations=100)
    expected = 100 * (0.30 * DIV + 0.30 * GEO + 0.15 * SIZE + 0.25 * COV)
    assert result.objective == pytest.approx(expected, abs=1e-4)


def test_a_solution_reaching_the_upper_bound_is_reported_optimal() -> None:
    # one group: every leader and the only facilitator sit together, nothing to choose
    leaders = [
        Leader(id=n, naf=naf, size_band="TPE", lat=46.0, lon=4.0, needs=(1,))
        for n, naf in enumerate(["25.62A", "47.11B", "62.01Z"])
    ]
    facilitators = [Facilitator(id=9, employer=1, lat=46.0, lon=4.0, expertise=(1,))]
    inst = instance(leaders, facilitators, num_groups=1, group_size_min=3, group_size_max=3)
    result = form_groups(inst, seed=0, time_limit_s=2, max_iterations=100)
    assert result.status == "optimal"
    assert result.objective == pytest.approx(100.0)
