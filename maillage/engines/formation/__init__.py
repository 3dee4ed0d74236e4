"""Group formation: accepted leaders and facilitators partitioned into balanced groups.

    from maillage.engines.formation import form_groups, instance_from_json
    result = form_groups(instance_from_json(data), seed=1, time_limit_s=30)

or from the shell (the JSON answer alone on stdout, logs on stderr):

    python -m maillage.engines.formation INSTANCE.json --time-limit 30 [--seed N]
        [--max-iterations K]

Input (JSON; ids are integers or strings)::

    {"params": {"num_groups": 10,          # or null: the fewest groups the sizes allow
                "group_size_min": 10, "group_size_max": 12,   # leaders per group
                "facilitators_per_group": 3, "geo_ref_km": 80},
     "weights": {"div": 0.30, "geo": 0.30, "size": 0.15, "cov": 0.25},
     "size_bands": ["TPE", "PME", "ETI"],
     "themes": [{"id": 1, "label": "Développement commercial"}],
     "employers": [{"id": 1, "name": "…", "lat": 46.03, "lon": 4.07}],
     "leaders": [{"id": 1, "company": "…", "naf": "25.62A", "employees": 8,
                  "size_band": "TPE", "commune": "Roanne", "lat": 46.03, "lon": 4.07,
                  "needs": [1, 5],                # wished themes
                  "conflicts": [7],               # leaders they will not sit with
                  "conflict_employers": [3],      # employers whose facilitators they refuse
                  "fixed_group": null}],          # optional group index (0-based)
     "facilitators": [{"id": 101, "employer": 1, "lat": 46.04, "lon": 4.06,
                       "expertise": [1, 2, 9], "fixed_group": null}]}

Output::

    {"groups": [{"id": 0, "leaders": [...], "facilitators": [...], "score": 81.2,
                 "components": {"div": …, "geo": …, "size": …, "cov": …}}],
     "objective": 80.4, "components": {"div": …, "geo": …, "size": …, "cov": …},
     "status": "optimal" | "feasible" | "infeasible", "reason": "…"}

"reason" is empty unless the status is "infeasible"; then it names the constraint that makes the
instance impossible, e.g. "only 5 facilitators from distinct employers for 3 groups of 3".

Hard constraints: every leader in exactly one group; `num_groups` groups (when null, the fewest
groups the size bounds allow); group_size_min..group_size_max leaders per group;
facilitators_per_group facilitators per group, each in at most one group, from pairwise different
employers; no two leaders of the same NAF class (first five characters, "25.62") in a group; no
declared leader-leader conflict in a group (declared by either side); no leader with a facilitator
from an employer that leader declared a conflict with; fixed people in their group.

Objective (0-100, maximised): 100 * (w_div*DIV + w_geo*GEO + w_size*SIZE + w_cov*COV) / (sum of
the weights, 1 by default):

- DIV: mean over groups of the mean pairwise sector distance between its leaders (1 different
  NAF section, .75 same section, .5 same division, .25 same NAF group, 0 same class);
- GEO: mean over groups of 1 - (mean pairwise great-circle km between all its members, leaders and
  facilitators) / geo_ref_km (negative for a group spread wider than geo_ref_km on average);
- SIZE: mean over groups of 1 - total-variation distance between the group's mix of size bands
  and the whole cohort's;
- COV: share of all (leader, wished theme) pairs whose theme is in the expertise of one of the
  group's facilitators.

A group's "score" is the same formula on that group alone (its COV: its own leaders' pairs).

Search: a geographic start (capacitated k-means of the leaders and a facilitator seating, both
by min-cost flows), simulated annealing over leader swaps and moves and facilitator swaps with
incremental evaluation, then a descent. CP-SAT decides the instances the start cannot seat, and
names the constraints of an infeasible core. `--max-iterations` makes runs reproducible (the
annealing schedule then follows the iterations; the time limit can only stop it early); without
it the schedule follows the clock. See docs/formation.md, which also explains the upper bound
(bound.py) the benchmark compares with.
"""

from .engine import form_groups
from .model import (
    Components,
    Employer,
    Facilitator,
    Group,
    Instance,
    InstanceError,
    Leader,
    Params,
    Result,
    Theme,
    Weights,
    instance_from_json,
    result_to_json,
)

__all__ = [
    "Components",
    "Employer",
    "Facilitator",
    "Group",
    "Instance",
    "InstanceError",
    "Leader",
    "Params",
    "Result",
    "Theme",
    "Weights",
    "form_groups",
    "instance_from_json",
    "result_to_json",
]
