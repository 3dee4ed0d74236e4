"""Measure the themes recommender on the demo's past editions (leave one group out).

    .venv/bin/python bench/themes/recommender.py [--today 2026-11-26]

Builds the Roannais demo in an in-memory SQLite database (the same data as `load_demo`), then,
for each group of the closed editions: hides that group's ratings, scores the themes it held
(each at the stage it held it) from the other groups' ratings, and checks whether the themes
that group rated highest come near the top. Prints a Markdown table:

- MRR: mean over groups of 1 / the rank of the first of its three best-rated themes.
- hit@5: share of its three best-rated themes found in the top 5 of the ranking.
- Spearman: rank correlation between the scores and the group's own means.

Rows: the recommender; the same with only earlier editions as history (what a group preparing
its ballot really has); two ablations (stage only, similarity only); two popularity baselines
(the theme's mean rating over all other groups; how often other groups held it); chance; and a
ceiling: the demo's hidden truth (each theme's expected usefulness for the group's members at
that stage, before the noise of single ratings), which no recommender can beat on average.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from maillage.editions.models import Group, Membership  # noqa: E402
from maillage.reports.demo import demo_build  # noqa: E402
from maillage.territories.demo import NETWORK_SLUG  # noqa: E402
from maillage.territories.models import Company, Network  # noqa: E402
from maillage.themes import recommender, selectors  # noqa: E402
from maillage.themes.demo import expected_usefulness  # noqa: E402
from maillage.themes.models import Theme  # noqa: E402
from maillage.themes.recommender import GroupProfile, Session  # noqa: E402

TOP = 3  # a group's best-rated themes: the ones to find
K = 5


@dataclass(frozen=True)
class Case:
    group_id: int
    edition: int
    held: dict[int, int]  # theme id → stage it was held at (first time)
    means: dict[int, float]  # theme id → the group's own mean rating
    best: frozenset[int]  # its TOP best-rated themes


Scorer = Callable[[Case, list[Session], dict[int, GroupProfile]], dict[int, float]]


def cases(sessions: list[Session], editions: dict[int, int], closed: set[int]) -> list[Case]:
    by_group: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_group[session.group_id].append(session)
    found = []
    for group_id in sorted(closed):
        totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        held: dict[int, int] = {}
        for session in by_group[group_id]:
            totals[session.theme_id][0] += session.total
            totals[session.theme_id][1] += session.count
            held.setdefault(session.theme_id, session.stage)
        means = {theme: total / count for theme, (total, count) in totals.items()}
        ordered = sorted(means, key=lambda theme: (-means[theme], theme))
        found.append(Case(group_id, editions[group_id], held, means, frozenset(ordered[:TOP])))
    return found


def recommender_scores(
    case: Case, history: list[Session], profiles: dict[int, GroupProfile]
) -> dict[int, float]:
    target = profiles[case.group_id]
    scores: dict[int, float] = {}
    by_stage: dict[int, list[int]] = defaultdict(list)
    for theme, stage in case.held.items():
        by_stage[stage].append(theme)
    for stage, themes in by_stage.items():
        for item in recommender.recommend(target, stage, profiles, history, themes):
            scores[item.theme_id] = item.score
    return scores


def stage_only(
    case: Case, history: list[Session], profiles: dict[int, GroupProfile]
) -> dict[int, float]:
    same = {gid: GroupProfile(gid, {"X": 1.0}, {"X": 1.0}) for gid in profiles}
    return recommender_scores(case, history, same)


def similarity_only(
    case: Case, history: list[Session], profiles: dict[int, GroupProfile]
) -> dict[int, float]:
    scores: dict[int, float] = {}
    flat = [replace(session, stage=0) for session in history]
    target = profiles[case.group_id]
    for item in recommender.recommend(target, 0, profiles, flat, list(case.held)):
        scores[item.theme_id] = item.score
    return scores


def truth_scorer(members: dict[int, list[Company]], slugs: dict[int, str]) -> Scorer:
    def scored(case: Case, history: list[Session], profiles: dict[int, GroupProfile]):
        companies = members[case.group_id]
        return {
            theme: sum(expected_usefulness(c, slugs[theme], stage) for c in companies)
            / len(companies)
            for theme, stage in case.held.items()
        }

    return scored


def mean_rating(
    case: Case, history: list[Session], profiles: dict[int, GroupProfile]
) -> dict[int, float]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for session in history:
        if session.group_id != case.group_id:
            totals[session.theme_id][0] += session.total
            totals[session.theme_id][1] += session.count
    return {t: (totals[t][0] / totals[t][1] if totals[t][1] else 0.0) for t in case.held}


def times_held(
    case: Case, history: list[Session], profiles: dict[int, GroupProfile]
) -> dict[int, float]:
    held: dict[int, set[int]] = defaultdict(set)
    for session in history:
        if session.group_id != case.group_id:
            held[session.theme_id].add(session.group_id)
    return {t: float(len(held[t])) for t in case.held}


def evaluate(
    case: Case, scores: dict[int, float], rng: random.Random
) -> tuple[float, float, float, float]:
    themes = list(case.held)
    rng.shuffle(themes)  # ties broken at random, not by id
    ranking = sorted(themes, key=lambda t: -scores[t])
    first = next(rank for rank, theme in enumerate(ranking, start=1) if theme in case.best)
    hits = len(case.best & set(ranking[:K])) / len(case.best)
    rho = spearman([scores[t] for t in themes], [case.means[t] for t in themes])
    error = sum(abs(scores[t] - case.means[t]) for t in themes) / len(themes)
    return 1 / first, hits, rho, error


def ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    mean_a, mean_b = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - mean_a) * (y - mean_b) for x, y in zip(ra, rb, strict=True))
    var_a = sum((x - mean_a) ** 2 for x in ra)
    var_b = sum((y - mean_b) ** 2 for y in rb)
    return cov / (var_a * var_b) ** 0.5 if var_a and var_b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=datetime.date.fromisoformat, default="2026-11-26")
    parser.add_argument("--repeats", type=int, default=20, help="random tie-breaks averaged")
    args = parser.parse_args()

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    demo_build(today=args.today)
    built = time.monotonic() - started
    network = Network.objects.get(slug=NETWORK_SLUG)
    profiles, sessions = selectors.network_history(network.pk)
    groups = Group.objects.filter(edition__territory__network=network).select_related("edition")
    editions = {g.pk: g.edition.number for g in groups}
    opened = {g.pk: g.edition.opening_date for g in groups}
    closed = {g.pk for g in groups if g.edition.closing_date <= args.today}
    evaluated = cases(sessions, editions, closed)
    members: dict[int, list[Company]] = defaultdict(list)
    for membership in Membership.objects.filter(group_id__in=closed).select_related(
        "person__company__activity"
    ):
        if membership.person.company is not None:
            members[membership.group_id].append(membership.person.company)
    slugs = dict(Theme.objects.filter(network=network).values_list("pk", "slug"))
    truth = truth_scorer(members, slugs)

    def earlier_only(scorer: Scorer) -> Scorer:
        def scored(case: Case, history: list[Session], prof: dict[int, GroupProfile]):
            before = [s for s in history if opened[s.group_id] < opened[case.group_id]]
            return scorer(case, before, prof)

        return scored

    rows: list[tuple[str, Scorer | None, bool]] = [
        ("Recommender (similar groups, same stage)", recommender_scores, False),
        ("Recommender, earlier editions only", earlier_only(recommender_scores), True),
        ("Ablation: stage only (all groups alike)", stage_only, False),
        ("Ablation: similarity only (stage ignored)", similarity_only, False),
        ("Baseline: theme's mean rating, all other groups", mean_rating, False),
        ("Baseline: how many other groups held it", times_held, False),
        ("Chance", None, False),
        ("Ceiling: the demo's hidden truth", truth, False),
    ]
    print(
        f"Demo anchored on {args.today}: {len(groups)} groups, {len(sessions)} rated sessions, "
        f"{sum(s.count for s in sessions)} ratings; {len(evaluated)} groups of closed editions "
        f"evaluated, each with {sum(len(c.held) for c in evaluated) / len(evaluated):.1f} themes "
        f"held on average; top {TOP} to find; built in {built:.1f} s.\n"
    )
    print(f"| method | groups | MRR (± s.e.) | hit@{K} | Spearman | MAE | Spearman to truth |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, scorer, skip_first in rows:
        rng = random.Random(1)
        chosen = [c for c in evaluated if not (skip_first and c.edition == 1)]
        per_group: list[list[float]] = []
        to_truth = 0.0
        for case in chosen:
            fixed = scorer(case, sessions, profiles) if scorer is not None else None
            if fixed is not None:
                hidden = truth(case, sessions, profiles)
                to_truth += spearman([fixed[t] for t in case.held], [hidden[t] for t in case.held])
            sums = [0.0, 0.0, 0.0, 0.0]
            for _ in range(args.repeats):
                scores = fixed if fixed is not None else {t: rng.random() for t in case.held}
                for index, value in enumerate(evaluate(case, scores, rng)):
                    sums[index] += value / args.repeats
            per_group.append(sums)
        n = len(per_group)
        mrr, hits, rho, error = (sum(g[i] for g in per_group) / n for i in range(4))
        spread = (sum((g[0] - mrr) ** 2 for g in per_group) / (n - 1)) ** 0.5 / n**0.5
        mae = f"{error:.2f}" if scorer not in (None, times_held) else "–"
        rho_truth = f"{to_truth / n:.3f}" if scorer is not None else "0"
        print(
            f"| {label} | {n} | {mrr:.3f} ± {spread:.3f} | {hits:.3f} | {rho:.3f} | {mae} "
            f"| {rho_truth} |"
        )
    print(
        f"\n({args.repeats} random tie-breaks per group; 'earlier editions only' leaves out the "
        "groups of edition 1, which have no earlier history.)"
    )


if __name__ == "__main__":
    main()
