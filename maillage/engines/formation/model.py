"""What goes in and out of the formation engine: frozen dataclasses and their JSON form."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Id = int | str
Status = Literal["optimal", "feasible", "infeasible"]

NAF_RE = re.compile(r"^(\d{2})\.?(\d)(\d)([A-Z]?)$")


class InstanceError(ValueError):
    """The instance is malformed (unknown reference, bad NAF code, duplicate id...)."""


@dataclass(frozen=True)
class Params:
    num_groups: int | None = None  # None: chosen from the sizes and the facilitators
    group_size_min: int = 10  # leaders per group
    group_size_max: int = 12
    facilitators_per_group: int = 3
    geo_ref_km: float = 80.0


@dataclass(frozen=True)
class Weights:
    div: float = 0.30
    geo: float = 0.30
    size: float = 0.15
    cov: float = 0.25

    @property
    def total(self) -> float:
        return self.div + self.geo + self.size + self.cov


@dataclass(frozen=True)
class Theme:
    id: Id
    label: str = ""


@dataclass(frozen=True)
class Employer:
    id: Id
    name: str = ""
    lat: float = 0.0
    lon: float = 0.0


@dataclass(frozen=True)
class Leader:
    id: Id
    naf: str  # NAF rev. 2 sub-class, e.g. "25.62A"
    size_band: str
    lat: float
    lon: float
    company: str = ""
    employees: int | None = None
    commune: str = ""
    needs: tuple[Id, ...] = ()  # wished themes
    conflicts: tuple[Id, ...] = ()  # leaders this leader will not sit with
    conflict_employers: tuple[Id, ...] = ()  # employers whose facilitators this leader refuses
    fixed_group: int | None = None


@dataclass(frozen=True)
class Facilitator:
    id: Id
    employer: Id
    lat: float
    lon: float
    expertise: tuple[Id, ...] = ()
    fixed_group: int | None = None


@dataclass(frozen=True)
class Instance:
    leaders: tuple[Leader, ...]
    facilitators: tuple[Facilitator, ...]
    employers: tuple[Employer, ...] = ()
    themes: tuple[Theme, ...] = ()
    size_bands: tuple[str, ...] = ()
    params: Params = field(default_factory=Params)
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Components:
    div: float
    geo: float
    size: float
    cov: float


@dataclass(frozen=True)
class Group:
    id: int
    leaders: tuple[Id, ...]
    facilitators: tuple[Id, ...]
    score: float  # 0-100, the objective's formula on this group alone
    components: Components


class Reason(str):
    """Why an instance is infeasible: its English text, plus a stable `code` and the values it
    quotes (`params`: counts, group indexes from 0, people's ids), for an application to say it
    in the user's language."""

    code: str
    params: dict[str, Id]

    def __new__(cls, text: str, code: str = "", **params: Id) -> Reason:
        reason = super().__new__(cls, text)
        reason.code, reason.params = code, params
        return reason


@dataclass(frozen=True)
class Result:
    status: Status
    reason: str
    groups: tuple[Group, ...] = ()
    objective: float = 0.0
    components: Components = Components(0.0, 0.0, 0.0, 0.0)
    iterations: int = 0
    elapsed_s: float = 0.0


def naf_levels(naf: str) -> tuple[str, str, str, str]:
    """(section, division, group, class) of a NAF rev. 2 code.

    "25.62A" -> ("C", "25", "25.6", "25.62").
    """
    match = NAF_RE.match(naf.strip().upper())
    if match is None:
        raise InstanceError(f"bad NAF code {naf!r} (expected e.g. '25.62A')")
    division, g, c, _ = match.groups()
    section = naf_section(division)
    return section, division, f"{division}.{g}", f"{division}.{g}{c}"


def naf_section(division: str) -> str:
    """NAF rev. 2 section letter of a two-digit division."""
    d = int(division)
    for last, letter in _SECTIONS:
        if d <= last:
            return letter
    raise InstanceError(f"unknown NAF division {division!r}")


_SECTIONS = (
    (3, "A"),
    (9, "B"),
    (33, "C"),
    (35, "D"),
    (39, "E"),
    (43, "F"),
    (47, "G"),
    (53, "H"),
    (56, "I"),
    (63, "J"),
    (66, "K"),
    (68, "L"),
    (75, "M"),
    (82, "N"),
    (84, "O"),
    (85, "P"),
    (88, "Q"),
    (93, "R"),
    (96, "S"),
    (98, "T"),
    (99, "U"),
)


# --- JSON ---------------------------------------------------------------------------------------


def _ids(value: Any, what: str) -> tuple[Id, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InstanceError(f"{what} must be a list")
    return tuple(_id(v, what) for v in value)


def _id(value: Any, what: str) -> Id:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InstanceError(f"{what}: ids are integers or strings, got {value!r}")
    return value


def _opt_int(value: Any, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{what} must be an integer")
    return value


def _int_or(value: Any, default: int, what: str) -> int:
    """An integer setting; absent or null means the default."""
    given = _opt_int(value, what)
    return default if given is None else given


def _float(d: Mapping[str, Any], key: str, what: str, default: float | None = None) -> float:
    value = d.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InstanceError(f"{what}: {key!r} must be a number")
    return float(value)


def instance_from_json(data: Mapping[str, Any]) -> Instance:
    """Build an Instance from the documented JSON input (see the package docstring)."""
    if not isinstance(data, Mapping):
        raise InstanceError("the instance must be a JSON object")
    p = data.get("params") or {}
    defaults = Params()
    params = Params(
        num_groups=_opt_int(p.get("num_groups"), "params.num_groups"),
        group_size_min=_int_or(
            p.get("group_size_min"), defaults.group_size_min, "params.group_size_min"
        ),
        group_size_max=_int_or(
            p.get("group_size_max"), defaults.group_size_max, "params.group_size_max"
        ),
        facilitators_per_group=_int_or(
            p.get("facilitators_per_group"),
            defaults.facilitators_per_group,
            "params.facilitators_per_group",
        ),
        geo_ref_km=_float(p, "geo_ref_km", "params", defaults.geo_ref_km),
    )
    w = data.get("weights") or {}
    dw = Weights()
    weights = Weights(
        div=_float(w, "div", "weights", dw.div),
        geo=_float(w, "geo", "weights", dw.geo),
        size=_float(w, "size", "weights", dw.size),
        cov=_float(w, "cov", "weights", dw.cov),
    )
    themes = tuple(
        Theme(id=_id(t.get("id"), "themes"), label=str(t.get("label", "")))
        for t in data.get("themes") or []
    )
    employers = tuple(
        Employer(
            id=_id(e.get("id"), "employers"),
            name=str(e.get("name", "")),
            lat=_float(e, "lat", "employer", 0.0),
            lon=_float(e, "lon", "employer", 0.0),
        )
        for e in data.get("employers") or []
    )
    leaders = tuple(
        Leader(
            id=_id(x.get("id"), "leaders"),
            company=str(x.get("company", "")),
            naf=str(x.get("naf", "")),
            employees=_opt_int(x.get("employees"), "leader.employees"),
            size_band=str(x.get("size_band", "")),
            commune=str(x.get("commune", "")),
            lat=_float(x, "lat", f"leader {x.get('id')!r}"),
            lon=_float(x, "lon", f"leader {x.get('id')!r}"),
            needs=_ids(x.get("needs"), "leader.needs"),
            conflicts=_ids(x.get("conflicts"), "leader.conflicts"),
            conflict_employers=_ids(x.get("conflict_employers"), "leader.conflict_employers"),
            fixed_group=_opt_int(x.get("fixed_group"), "leader.fixed_group"),
        )
        for x in data.get("leaders") or []
    )
    facilitators = tuple(
        Facilitator(
            id=_id(x.get("id"), "facilitators"),
            employer=_id(x.get("employer"), "facilitator.employer"),
            lat=_float(x, "lat", f"facilitator {x.get('id')!r}"),
            lon=_float(x, "lon", f"facilitator {x.get('id')!r}"),
            expertise=_ids(x.get("expertise"), "facilitator.expertise"),
            fixed_group=_opt_int(x.get("fixed_group"), "facilitator.fixed_group"),
        )
        for x in data.get("facilitators") or []
    )
    instance = Instance(
        leaders=leaders,
        facilitators=facilitators,
        employers=employers,
        themes=themes,
        size_bands=tuple(str(b) for b in data.get("size_bands") or []),
        params=params,
        weights=weights,
    )
    validate(instance)
    return instance


def validate(instance: Instance) -> None:
    """Raise InstanceError when the instance refers to unknown things or repeats an id."""
    p = instance.params
    if p.group_size_min < 1 or p.group_size_max < p.group_size_min:
        raise InstanceError("group sizes must satisfy 1 <= group_size_min <= group_size_max")
    if p.facilitators_per_group < 0:
        raise InstanceError("facilitators_per_group must not be negative")
    if p.num_groups is not None and p.num_groups < 1:
        raise InstanceError("num_groups must be at least 1")
    if p.geo_ref_km <= 0:
        raise InstanceError("geo_ref_km must be positive")
    w = instance.weights
    if min(w.div, w.geo, w.size, w.cov) < 0 or w.total <= 0:
        raise InstanceError("weights must be non-negative and not all zero")
    _unique([x.id for x in instance.leaders], "leader")
    _unique([x.id for x in instance.facilitators], "facilitator")
    _unique([x.id for x in instance.employers], "employer")
    _unique([x.id for x in instance.themes], "theme")
    leader_ids = {x.id for x in instance.leaders}
    employer_ids = {x.id for x in instance.employers}
    theme_ids = {x.id for x in instance.themes}
    bands = set(instance.size_bands)
    for leader in instance.leaders:
        naf_levels(leader.naf)
        if bands and leader.size_band not in bands:
            raise InstanceError(f"leader {leader.id!r}: unknown size band {leader.size_band!r}")
        _known(leader.needs, theme_ids, f"leader {leader.id!r}: unknown theme")
        _known(leader.conflicts, leader_ids, f"leader {leader.id!r}: conflict with unknown leader")
        _known(
            leader.conflict_employers,
            employer_ids,
            f"leader {leader.id!r}: conflict with unknown employer",
        )
    for fac in instance.facilitators:
        _known((fac.employer,), employer_ids, f"facilitator {fac.id!r}: unknown employer")
        _known(fac.expertise, theme_ids, f"facilitator {fac.id!r}: unknown theme")


def _unique(ids: Sequence[Id], what: str) -> None:
    seen: set[Id] = set()
    for x in ids:
        if x in seen:
            raise InstanceError(f"duplicate {what} id {x!r}")
        seen.add(x)


def _known(ids: Sequence[Id], known: set[Id], message: str) -> None:
    for x in ids:
        if x not in known:
            raise InstanceError(f"{message} {x!r}")


def components_to_json(c: Components) -> dict[str, float]:
    return {
        "div": round(c.div, 6),
        "geo": round(c.geo, 6),
        "size": round(c.size, 6),
        "cov": round(c.cov, 6),
    }


def result_to_json(result: Result) -> dict[str, Any]:
    """The documented JSON output."""
    return {
        "groups": [
            {
                "id": g.id,
                "leaders": list(g.leaders),
                "facilitators": list(g.facilitators),
                "score": round(g.score, 4),
                "components": components_to_json(g.components),
            }
            for g in result.groups
        ],
        "objective": round(result.objective, 4),
        "components": components_to_json(result.components),
        "status": result.status,
        "reason": result.reason,
        **(
            {"reason_code": result.reason.code, "reason_params": result.reason.params}
            if isinstance(result.reason, Reason) and result.reason.code
            else {}
        ),
    }
