"""The adapter between an edition's accepted applications and the formation engine.

It builds the engine's JSON instance (ids are application ids, employers are SIRENs, themes
are slugs of their labels), runs the engine, re-evaluates an assignment after the project
manager's moves (the engine with everyone fixed in place), and says, in the user's language,
which rule an assignment breaks. Only the engine's public API is used
(`maillage.engines.formation`).
"""

from __future__ import annotations

import copy
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.editions.models import Edition, Membership
from maillage.editions.recruitment.forms import fold
from maillage.editions.recruitment.models import Application
from maillage.engines.formation import form_groups, instance_from_json, result_to_json
from maillage.territories.models import Company
from maillage.territories.validators import compact_number

SIZE_BANDS = [band.value for band in Company.HeadcountBand]
GEO_REF_KM = 80.0
DEFAULT_WEIGHTS = {"div": 0.30, "geo": 0.30, "size": 0.15, "cov": 0.25}
# Re-evaluating an assignment (everyone fixed) takes milliseconds; this is a safety net.
EVALUATION_TIME_LIMIT_S = 10.0

JSON = dict[str, Any]


def theme_id(label: str) -> str:
    return slugify(fold(label)) or "theme"


def accepted_applications(edition: Edition) -> list[Application]:
    return list(
        Application.objects.filter(edition=edition, status=Application.Status.ACCEPTED)
        .select_related("activity", "commune", "person__company")
        .order_by("pk")
    )


def _conflict_lines(text: str) -> Iterable[str]:
    for line in re.split(r"[\n;]", text):
        line = line.strip(" \t-•*")
        if line:
            yield line


def resolve_conflicts(
    applications: list[Application],
) -> tuple[dict[int, set[int]], dict[int, set[str]]]:
    """The declared conflicts as the engine knows them: for each leader, the leaders and the
    employers (SIRENs) they may not sit with.

    A declared line names a firm by SIREN, SIRET or name. A leader naming another leader's firm
    makes a leader conflict; naming a facilitator's employer, an employer conflict. A
    facilitator naming a leader's firm (a client, a supplier) keeps that leader away from the
    facilitator's employer."""
    by_siren: dict[str, list[Application]] = defaultdict(list)
    by_name: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_siren[application.siren].append(application)
        by_name[fold(application.company_name)].append(application)
    leaders: dict[int, set[int]] = defaultdict(set)
    employers: dict[int, set[str]] = defaultdict(set)
    for application in applications:
        for line in _conflict_lines(application.declared_conflicts):
            digits = compact_number(line)
            if digits.isdigit() and len(digits) in (9, 14):
                named = by_siren.get(digits[:9], [])
            else:
                named = by_name.get(fold(line), [])
            for other in named:
                if other.pk == application.pk:
                    continue
                mine, theirs = application.role, other.role
                if mine == Membership.Role.LEADER and theirs == Membership.Role.LEADER:
                    leaders[application.pk].add(other.pk)
                elif mine == Membership.Role.LEADER:
                    employers[application.pk].add(other.siren)
                elif theirs == Membership.Role.LEADER:
                    employers[other.pk].add(application.siren)
    return leaders, employers


def build_instance(
    edition: Edition,
    *,
    weights: dict[str, float] | None = None,
    num_groups: int | None = None,
    fixed: dict[int, int] | None = None,
    applications: list[Application] | None = None,
) -> JSON:
    """The engine's JSON input for the edition's accepted applications.

    `fixed` maps application ids to the (0-based) group they must stay in. Raises
    ValidationError when the applications cannot make an instance (no leader, a leader
    without NAF code)."""
    applications = applications if applications is not None else accepted_applications(edition)
    fixed = fixed or {}
    leaders = [a for a in applications if a.role == Membership.Role.LEADER]
    facilitators = [a for a in applications if a.role == Membership.Role.FACILITATOR]
    if not leaders:
        raise ValidationError(
            _("Aucune candidature de dirigeant n'est acceptée : acceptez-en d'abord."),
            code="no_leaders",
        )
    missing_naf = [a.full_name for a in leaders if a.activity is None]
    if missing_naf:
        raise ValidationError(
            _("Code NAF manquant pour : %(names)s.") % {"names": ", ".join(missing_naf)},
            code="no_naf",
        )
    positions = {a.pk: a.position() for a in applications}
    known = [p for p in positions.values() if p is not None]
    centre = (
        (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known))
        if known
        else (46.6, 2.4)
    )

    def where(application: Application) -> tuple[float, float]:
        return positions[application.pk] or centre

    conflicts, employer_conflicts = resolve_conflicts(applications)
    themes: dict[str, str] = {}
    for application in applications:
        for label in [*application.wished_themes, *application.expertise]:
            themes.setdefault(theme_id(label), label)
    employers: dict[str, JSON] = {}
    for application in facilitators:
        if application.siren not in employers:
            lat, lon = where(application)
            employers[application.siren] = {
                "id": application.siren,
                "name": application.company_name,
                "lat": lat,
                "lon": lon,
            }
    return {
        "params": {
            "num_groups": num_groups,
            "group_size_min": edition.min_leaders,
            "group_size_max": edition.max_leaders,
            "facilitators_per_group": edition.facilitators_per_group,
            "geo_ref_km": GEO_REF_KM,
        },
        "weights": dict(weights or DEFAULT_WEIGHTS),
        "size_bands": SIZE_BANDS,
        "themes": [{"id": key, "label": label} for key, label in themes.items()],
        "employers": list(employers.values()),
        "leaders": [
            {
                "id": a.pk,
                "company": a.company_name,
                "naf": a.activity.code if a.activity else "",
                "employees": a.headcount,
                "size_band": a.headcount_band,
                "commune": a.commune.name,
                "lat": where(a)[0],
                "lon": where(a)[1],
                "needs": sorted({theme_id(label) for label in a.wished_themes}),
                "conflicts": sorted(conflicts.get(a.pk, set())),
                "conflict_employers": sorted(
                    e for e in employer_conflicts.get(a.pk, set()) if e in employers
                ),
                "fixed_group": fixed.get(a.pk),
            }
            for a in leaders
        ],
        "facilitators": [
            {
                "id": a.pk,
                "employer": a.siren,
                "lat": where(a)[0],
                "lon": where(a)[1],
                "expertise": sorted({theme_id(label) for label in a.expertise}),
                "fixed_group": fixed.get(a.pk),
            }
            for a in facilitators
        ],
    }


# Running the engine ------------------------------------------------------------------------


def run_engine(
    instance: JSON,
    *,
    seed: int,
    time_limit_s: float,
    max_iterations: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    tick_s: float = 0.5,
) -> JSON:
    """The engine's JSON answer. While it searches (in a thread), `on_progress` is called with
    the share of the time limit spent (1–99 %)."""
    engine_instance = instance_from_json(instance)

    def solve() -> JSON:
        result = form_groups(
            engine_instance, seed=seed, time_limit_s=time_limit_s, max_iterations=max_iterations
        )
        return result_to_json(result)

    if on_progress is None:
        return solve()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="formation") as pool:
        future = pool.submit(solve)
        ticks = 0
        while True:
            try:
                return future.result(timeout=tick_s)
            except FutureTimeout:
                ticks += 1
                on_progress(max(1, min(99, math.floor(100 * ticks * tick_s / time_limit_s))))


def placement(groups: list[JSON]) -> dict[int, int]:
    """Application id → group index."""
    return {
        person: index
        for index, group in enumerate(groups)
        for person in [*group["leaders"], *group["facilitators"]]
    }


def evaluate(instance: JSON, groups: list[JSON]) -> JSON | None:
    """Scores of an assignment as the engine computes them: everyone fixed where they are, the
    leader counts free (they are checked apart). None when the engine refuses it."""
    where = placement(groups)
    fixed = copy.deepcopy(instance)
    leaders = sum(len(group["leaders"]) for group in groups)
    fixed["params"].update(num_groups=len(groups), group_size_min=1, group_size_max=max(leaders, 1))
    for person in [*fixed["leaders"], *fixed["facilitators"]]:
        person["fixed_group"] = where.get(person["id"])
    if any(person["fixed_group"] is None for person in fixed["leaders"]):
        return None
    result = run_engine(fixed, seed=0, time_limit_s=EVALUATION_TIME_LIMIT_S, max_iterations=0)
    if result["status"] == "infeasible":
        return None
    # The engine numbers groups as they were fixed: keep the given order of members.
    for index, group in enumerate(result["groups"]):
        group["leaders"] = list(groups[index]["leaders"])
        group["facilitators"] = list(groups[index]["facilitators"])
    return result


# The rules, in words -----------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A rule an assignment breaks. `hard` ones refuse a move; the others (group sizes) may
    be crossed on the way and only keep the groups from being published."""

    code: str
    message: str
    group: int
    people: tuple[int, ...] = ()
    hard: bool = True


def _naf_class(code: str) -> str:
    return code.strip().upper()[:5]


def problems(instance: JSON, groups: list[JSON], names: dict[int, str]) -> list[Problem]:
    """Every rule `groups` breaks, with names from `names` (application id → name)."""
    if not groups:
        return []
    params = instance["params"]
    leaders = {x["id"]: x for x in instance["leaders"]}
    facilitators = {x["id"]: x for x in instance["facilitators"]}
    employer_names = {e["id"]: e["name"] for e in instance["employers"]}
    found: list[Problem] = []
    for index, group in enumerate(groups):
        label = group_label(index)
        ids, fids = group["leaders"], group["facilitators"]
        if not params["group_size_min"] <= len(ids) <= params["group_size_max"]:
            found.append(
                Problem(
                    "size",
                    _("%(group)s compte %(count)d dirigeants (attendu : %(min)d à %(max)d).")
                    % {
                        "group": label,
                        "count": len(ids),
                        "min": params["group_size_min"],
                        "max": params["group_size_max"],
                    },
                    index,
                    hard=False,
                )
            )
        if len(fids) != params["facilitators_per_group"]:
            found.append(
                Problem(
                    "facilitators",
                    _("%(group)s compte %(count)d animateurs (attendu : %(expected)d).")
                    % {
                        "group": label,
                        "count": len(fids),
                        "expected": params["facilitators_per_group"],
                    },
                    index,
                    hard=False,
                )
            )
        by_employer: dict[str, list[int]] = defaultdict(list)
        for f in fids:
            by_employer[facilitators[f]["employer"]].append(f)
        for employer, same in by_employer.items():
            if len(same) > 1:
                found.append(
                    Problem(
                        "same_employer",
                        _("%(group)s a plusieurs animateurs de %(employer)s.")
                        % {"group": label, "employer": employer_names.get(employer, employer)},
                        index,
                        tuple(same),
                    )
                )
        by_class: dict[str, list[int]] = defaultdict(list)
        for i in ids:
            by_class[_naf_class(leaders[i]["naf"])].append(i)
        for naf_class, same in by_class.items():
            if len(same) > 1:
                found.append(
                    Problem(
                        "naf",
                        _(
                            "%(names)s exercent la même activité (NAF %(naf)s) : des "
                            "concurrents directs ne siègent pas dans le même groupe."
                        )
                        % {"names": _join(names, same), "naf": naf_class},
                        index,
                        tuple(same),
                    )
                )
        members = set(ids)
        for i in ids:
            for j in leaders[i]["conflicts"]:
                if j in members and (i < j or i not in leaders[j]["conflicts"]):
                    found.append(
                        Problem(
                            "conflict",
                            _("%(names)s ont déclaré un conflit d'intérêts.")
                            % {"names": _join(names, [i, j])},
                            index,
                            (i, j),
                        )
                    )
            refused = set(leaders[i]["conflict_employers"])
            for f in fids:
                if facilitators[f]["employer"] in refused:
                    found.append(
                        Problem(
                            "employer_conflict",
                            _(
                                "%(leader)s a déclaré un conflit avec %(employer)s, "
                                "l'employeur de %(facilitator)s."
                            )
                            % {
                                "leader": names.get(i, str(i)),
                                "employer": employer_names.get(
                                    facilitators[f]["employer"], facilitators[f]["employer"]
                                ),
                                "facilitator": names.get(f, str(f)),
                            },
                            index,
                            (i, f),
                        )
                    )
    return found


def _join(names: dict[int, str], ids: Iterable[int]) -> str:
    return _(" et ").join(names.get(i, str(i)) for i in ids)


def group_label(index: int) -> str:
    return _("Groupe %(number)d") % {"number": index + 1}


def new_problems(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """The hard problems of `after` that `before` did not have."""
    seen = Counter((p.code, p.people) for p in before if p.hard)
    fresh = []
    for problem in after:
        key = (problem.code, problem.people)
        if not problem.hard:
            continue
        if seen[key]:
            seen[key] -= 1
        else:
            fresh.append(problem)
    return fresh


# The formation engine's infeasibility reasons (its `reason_code` and `reason_params`), in the
# user's language: the page shows them after "Aucune répartition ne respecte les règles :".
FORMATION_REASONS = {
    "no_leaders": gettext_lazy("aucun dirigeant à répartir"),
    "too_few_leaders": gettext_lazy(
        "%(leaders)s dirigeants seulement pour %(groups)s groupes d'au moins %(min)s dirigeants"
    ),
    "too_many_leaders": gettext_lazy(
        "%(leaders)s dirigeants ne tiennent pas dans %(groups)s groupes d'au plus %(max)s "
        "dirigeants"
    ),
    "leaders_split": gettext_lazy(
        "%(leaders)s dirigeants ne se répartissent pas en groupes de %(min)s à %(max)s dirigeants"
    ),
    "too_few_facilitators": gettext_lazy(
        "%(facilitators)s animateurs seulement pour %(groups)s groupes de %(per_group)s"
    ),
    "too_few_employers": gettext_lazy(
        "les animateurs viennent de %(employers)s entreprises seulement, et chaque groupe en "
        "demande %(per_group)s d'entreprises différentes"
    ),
    "too_few_distinct_facilitators": gettext_lazy(
        "%(facilitators)s animateurs seulement d'entreprises distinctes pour %(groups)s groupes "
        "de %(per_group)s (un groupe prend au plus un animateur par entreprise)"
    ),
    "naf_competitors": gettext_lazy(
        "%(count)s dirigeants partagent la classe NAF %(naf)s (concurrents directs), plus que les "
        "%(groups)s groupes"
    ),
    "leader_fixed_beyond": gettext_lazy(
        "%(leader)s est verrouillé dans le groupe %(group)s, mais il n'y a que %(groups)s groupes"
    ),
    "facilitator_fixed_beyond": gettext_lazy(
        "l'animateur %(facilitator)s est verrouillé dans le groupe %(group)s, mais il n'y a que "
        "%(groups)s groupes"
    ),
    "group_fixed_over_max": gettext_lazy(
        "%(count)s dirigeants sont verrouillés dans le groupe %(group)s, plus que son maximum de "
        "%(max)s"
    ),
    "fixed_leave_too_few": gettext_lazy(
        "il manque %(missing)s dirigeants aux groupes pour atteindre leur minimum de %(min)s, "
        "mais %(free)s dirigeants seulement ne sont pas verrouillés dans un groupe"
    ),
    "group_fixed_facilitators": gettext_lazy(
        "%(count)s animateurs sont verrouillés dans le groupe %(group)s, plus que les "
        "%(per_group)s qu'il prend"
    ),
    "fixed_pair_naf": gettext_lazy(
        "%(leader)s et %(other)s sont verrouillés dans le groupe %(group)s mais partagent la "
        "classe NAF %(naf)s"
    ),
    "fixed_pair_conflict": gettext_lazy(
        "%(leader)s et %(other)s sont verrouillés dans le groupe %(group)s mais ont déclaré un "
        "conflit"
    ),
    "fixed_leader_employer": gettext_lazy(
        "le dirigeant %(leader)s et l'animateur %(facilitator)s sont verrouillés dans le groupe "
        "%(group)s, mais le dirigeant a déclaré un conflit avec son entreprise"
    ),
    "fixed_same_employer": gettext_lazy(
        "%(count)s animateurs de %(employer)s sont verrouillés dans le groupe %(group)s, et un "
        "groupe prend au plus un animateur par entreprise"
    ),
    "leader_employer_conflicts": gettext_lazy(
        "%(leader)s a déclaré un conflit avec toutes les entreprises des animateurs sauf "
        "%(allowed)s, et un groupe demande %(per_group)s animateurs d'entreprises différentes"
    ),
    "no_assignment": gettext_lazy("aucune répartition ne respecte toutes les règles à la fois"),
    "no_assignment_for": gettext_lazy("aucune répartition ne respecte ensemble : %(families)s"),
    "time_limit": gettext_lazy(
        "aucune répartition trouvée dans le temps imparti (l'impossibilité n'est pas prouvée)"
    ),
}
FORMATION_RULE_FAMILIES = {
    "sizes": gettext_lazy("la taille des groupes"),
    "facilitators": gettext_lazy("le nombre d'animateurs par groupe"),
    "employers": gettext_lazy("des animateurs d'entreprises différentes dans chaque groupe"),
    "naf": gettext_lazy("les classes NAF (pas deux concurrents directs dans un groupe)"),
    "conflicts": gettext_lazy("les conflits déclarés entre dirigeants"),
    "employer_conflicts": gettext_lazy(
        "les conflits déclarés par les dirigeants avec les entreprises des animateurs"
    ),
    "fixed": gettext_lazy("les personnes verrouillées dans un groupe"),
}


def reason_text(result: JSON, names: dict[int, str]) -> str | None:
    """The engine's infeasibility reason in the user's language (people by name, groups numbered
    from 1), or None when it gave no code we know."""
    code = result.get("reason_code", "")
    if code not in FORMATION_REASONS:
        return None
    params: dict[str, Any] = dict(result.get("reason_params", {}))
    for key in ("leader", "other", "facilitator"):
        if key in params:
            params[key] = names.get(params[key], str(params[key]))
    if "group" in params:
        params["group"] = params["group"] + 1
    if "families" in params:
        params["families"] = ", ".join(
            str(FORMATION_RULE_FAMILIES.get(family, family))
            for family in str(params["families"]).split(",")
        )
    return str(FORMATION_REASONS[code]) % params
