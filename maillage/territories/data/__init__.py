"""Reference data committed with the code: the NAF rev. 2 nomenclature and the demo's communes.

The CSV files beside this module are generated at development time by `build.py` (which says
from which packages) and read here with no Django import, so engines and scripts may use them.

- `naf_rev2.csv`: the 732 sub-classes of NAF rev. 2 (INSEE, Licence Ouverte), French labels.
- `naf_rev2_sections.csv`: its 21 sections.
- `communes_roannais.csv`: communes of the arrondissement of Roanne (INSEE's Code officiel
  géographique) with the position of their main place from GeoNames (CC BY 4.0,
  https://www.geonames.org/). Communes absent from GeoNames' cities500 are left out.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAF_REV2 = "NAF rev. 2"


@dataclass(frozen=True)
class NafRow:
    """A sub-class of NAF rev. 2, e.g. 25.62A Décolletage, with the codes above it."""

    code: str  # "25.62A"
    label: str
    section: str  # "C"
    division: str  # "25"
    group: str  # "25.6"
    class_: str  # "25.62"


@dataclass(frozen=True)
class NafSection:
    section: str  # "C"
    label: str


@dataclass(frozen=True)
class CommuneRow:
    insee: str  # "42187"
    name: str
    postal_code: str
    department: str  # "42"
    lat: float
    lon: float


def _read(name: str) -> list[dict[str, str]]:
    with (HERE / name).open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


@cache
def _naf_subclasses() -> tuple[NafRow, ...]:
    return tuple(
        NafRow(
            code=row["code"],
            label=row["label"],
            section=row["section"],
            division=row["division"],
            group=row["group"],
            class_=row["class"],
        )
        for row in _read("naf_rev2.csv")
    )


@cache
def _naf_sections() -> tuple[NafSection, ...]:
    return tuple(NafSection(row["section"], row["label"]) for row in _read("naf_rev2_sections.csv"))


@cache
def _roannais_communes() -> tuple[CommuneRow, ...]:
    return tuple(
        CommuneRow(
            insee=row["insee"],
            name=row["name"],
            postal_code=row["postal_code"],
            department=row["department"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
        for row in _read("communes_roannais.csv")
    )


def naf_subclasses() -> list[NafRow]:
    """The 732 sub-classes of NAF rev. 2, ordered by code."""
    return list(_naf_subclasses())


def naf_sections() -> list[NafSection]:
    """The 21 sections of NAF rev. 2, A to U."""
    return list(_naf_sections())


def roannais_communes() -> list[CommuneRow]:
    """Communes of the Roannais that have coordinates, ordered by INSEE code."""
    return list(_roannais_communes())
