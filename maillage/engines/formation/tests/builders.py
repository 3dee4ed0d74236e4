"""Small instances for the formation tests."""

from __future__ import annotations

from typing import Any

from maillage.engines.formation import (
    Employer,
    Facilitator,
    Instance,
    Leader,
    Params,
    Theme,
    Weights,
)

ROANNE = (46.036, 4.068)
NAFS = ["25.62A", "47.11B", "43.21A", "62.01Z", "69.20Z", "56.10A", "10.71C", "49.41A",
        "68.31Z", "86.23Z", "01.11Z", "96.02A", "13.92Z", "71.12B", "78.10Z", "45.20A"]  # fmt: skip


def leader(n: int, **kw: Any) -> Leader:
    """Leader n: a NAF class of its own, TPE, a few hundred metres apart."""
    fields: dict[str, Any] = {
        "id": n,
        "naf": NAFS[n % len(NAFS)],
        "size_band": "TPE",
        "lat": ROANNE[0] + 0.003 * n,
        "lon": ROANNE[1],
    }
    fields.update(kw)
    return Leader(**fields)


def facilitator(n: int, employer: int, **kw: Any) -> Facilitator:
    fields: dict[str, Any] = {
        "id": 100 + n,
        "employer": employer,
        "lat": ROANNE[0],
        "lon": ROANNE[1] + 0.003 * n,
    }
    fields.update(kw)
    return Facilitator(**fields)


def instance(
    leaders: list[Leader],
    facilitators: list[Facilitator],
    *,
    employers: int = 6,
    themes: int = 4,
    weights: Weights | None = None,
    **params: Any,
) -> Instance:
    p: dict[str, Any] = {"group_size_min": 2, "group_size_max": 3, "facilitators_per_group": 1}
    p.update(params)
    return Instance(
        leaders=tuple(leaders),
        facilitators=tuple(facilitators),
        employers=tuple(Employer(id=e, name=f"Employer {e}") for e in range(1, employers + 1)),
        themes=tuple(Theme(id=t, label=f"Theme {t}") for t in range(1, themes + 1)),
        size_bands=("TPE", "PME", "ETI"),
        params=Params(**p),
        weights=weights or Weights(),
    )


def six_leaders_two_groups(**params: Any) -> Instance:
    """6 leaders, 2 groups of 2-4, one facilitator per group from 3 employers."""
    p: dict[str, Any] = {"num_groups": 2, "group_size_min": 2, "group_size_max": 4}
    p.update(params)
    return instance(
        [leader(n) for n in range(6)],
        [facilitator(n, employer=n % 3 + 1) for n in range(4)],
        **p,
    )
