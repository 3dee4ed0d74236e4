"""Seeded generator of realistic formation instances in the Roannais.

    python bench/formation/generate.py --leaders 1200 --seed 1 > instance.json

Leaders sit in communes within ~40 km of Roanne (45.9-46.3 N, 3.6-4.4 E), weighted by
population, with their firm a few hundred metres to a few km from the town centre. NAF sub-classes
are drawn across sections in proportions close to those of small firms in the Loire; the head
count follows the size band (TPE, PME, ETI). Facilitators are managers of large employers of the
area and live near them. A few leaders declare a competitor (a leader of the same division) or
refuse an employer. The instance has exactly `leaders / 12` groups of 10-12 leaders unless told
otherwise, and 5 % more facilitators than the seats.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from typing import Any

# (commune, lat, lon, population) - approximate town-centre coordinates
COMMUNES = [
    ("Roanne", 46.0360, 4.0680, 34000),
    ("Riorges", 46.0430, 4.0410, 11000),
    ("Mably", 46.0650, 4.0630, 7600),
    ("Le Coteau", 46.0200, 4.0920, 7000),
    ("Villerest", 46.0020, 4.0400, 5000),
    ("Commelle-Vernay", 46.0020, 4.0660, 3000),
    ("Perreux", 46.0400, 4.1250, 2200),
    ("Vougy", 46.0600, 4.1170, 1500),
    ("Notre-Dame-de-Boisset", 45.9820, 4.1260, 1000),
    ("Pouilly-les-Nonains", 46.0450, 3.9790, 1900),
    ("Saint-Léger-sur-Roanne", 46.0400, 3.9950, 1000),
    ("Lentigny", 45.9950, 3.9790, 1600),
    ("Saint-Alban-les-Eaux", 46.0050, 3.9350, 1000),
    ("Renaison", 46.0510, 3.9250, 3200),
    ("Saint-Haon-le-Châtel", 46.0650, 3.9180, 700),
    ("Ambierle", 46.1050, 3.8930, 1900),
    ("Saint-Germain-Lespinasse", 46.1060, 3.9610, 1300),
    ("La Pacaudière", 46.1750, 3.8700, 1100),
    ("Saint-Romain-la-Motte", 46.0850, 3.9930, 1600),
    ("Pouilly-sous-Charlieu", 46.1450, 4.1100, 2600),
    ("Charlieu", 46.1600, 4.1720, 3700),
    ("Saint-Denis-de-Cabanne", 46.1720, 4.2140, 2300),
    ("Belmont-de-la-Loire", 46.1660, 4.3470, 1500),
    ("Chauffailles", 46.2070, 4.3390, 3900),
    ("Marcigny", 46.2760, 4.0400, 1800),
    ("Cours", 46.1020, 4.3180, 4400),
    ("Thizy-les-Bourgs", 46.0300, 4.3130, 6200),
    ("Amplepuis", 45.9720, 4.3300, 5100),
    ("Régny", 45.9900, 4.2180, 1500),
    ("Saint-Symphorien-de-Lay", 45.9470, 4.2130, 2000),
    ("Neulise", 45.8980, 4.1810, 1400),
    ("Saint-Just-la-Pendue", 45.8930, 4.2400, 1600),
    ("Balbigny", 45.8190, 4.1900, 3000),
    ("Néronde", 45.8380, 4.2360, 500),
    ("Saint-Germain-Laval", 45.8330, 4.0120, 1700),
    ("Saint-Just-en-Chevalet", 45.9140, 3.8420, 1100),
    ("Cremeaux", 45.9080, 3.9260, 900),
    ("Feurs", 45.7420, 4.2260, 8300),
    ("Boën-sur-Lignon", 45.7440, 4.0060, 3200),
    ("Lapalisse", 46.2480, 3.6370, 3100),
]

# NAF rev. 2 sub-classes of small firms by section, with the section's weight (%)
NAF_TABLE = {
    "A": (2, "01.11Z 01.21Z 01.41Z 01.50Z 02.20Z"),
    "C": (
        18,
        "10.13B 10.71C 10.71D 10.89Z 11.02B 13.20Z 13.92Z 13.99Z 14.13Z 14.14Z 14.19Z "
        "14.39Z 15.20Z 16.10A 16.23Z 16.24Z 17.21A 18.12Z 18.13Z 20.30Z 20.59Z 22.21Z "
        "22.22Z 22.29A 22.29B 23.61Z 23.70Z 24.51Z 25.11Z 25.12Z 25.50B 25.61Z 25.62A "
        "25.62B 25.72Z 25.73B 25.99B 26.11Z 26.51B 27.12Z 27.32Z 27.90Z 28.14Z 28.22Z "
        "28.29B 28.41Z 28.49Z 28.92Z 28.99B 29.32Z 30.11Z 31.01Z 31.09B 32.12Z 32.50A "
        "33.12Z 33.20C",
    ),
    "E": (2, "37.00Z 38.11Z 38.21Z 38.32Z 39.00Z"),
    "F": (
        14,
        "41.10A 41.20A 41.20B 42.11Z 42.21Z 43.11Z 43.12A 43.21A 43.21B 43.22A 43.22B "
        "43.29A 43.31Z 43.32A 43.32B 43.33Z 43.34Z 43.39Z 43.91A 43.91B 43.99A 43.99C",
    ),
    "G": (
        20,
        "45.11Z 45.20A 45.20B 45.32Z 45.40Z 46.17A 46.18Z 46.31Z 46.34Z 46.41Z 46.43Z "
        "46.47Z 46.49Z 46.52Z 46.61Z 46.62Z 46.69B 46.69C 46.72Z 46.73A 46.74A 46.75Z "
        "46.90Z 47.11B 47.11C 47.19B 47.22Z 47.24Z 47.25Z 47.30Z 47.41Z 47.43Z 47.51Z "
        "47.52A 47.52B 47.54Z 47.59A 47.59B 47.61Z 47.64Z 47.71Z 47.72A 47.73Z 47.76Z "
        "47.77Z 47.78A 47.78C 47.91A 47.91B",
    ),
    "H": (4, "49.32Z 49.41A 49.41B 49.42Z 52.10B 52.29A 52.29B 53.20Z"),
    "I": (6, "55.10Z 55.20Z 56.10A 56.10B 56.10C 56.21Z 56.30Z"),
    "J": (6, "58.11Z 58.14Z 58.29C 59.11B 62.01Z 62.02A 62.02B 62.03Z 62.09Z 63.11Z 63.12Z"),
    "K": (2, "64.19Z 65.12Z 66.19B 66.22Z"),
    "L": (2, "68.10Z 68.20A 68.31Z 68.32A"),
    "M": (
        12,
        "69.10Z 69.20Z 70.21Z 70.22Z 71.11Z 71.12A 71.12B 71.20B 72.19Z 73.11Z 73.12Z "
        "73.20Z 74.10Z 74.20Z 74.30Z 74.90B 75.00Z",
    ),
    "N": (
        7,
        "77.11A 77.32Z 77.39Z 78.10Z 78.20Z 79.11Z 80.10Z 81.21Z 81.22Z 81.29A 81.30Z "
        "82.11Z 82.30Z 82.99Z",
    ),
    "P": (1, "85.53Z 85.59A 85.59B"),
    "Q": (2, "86.21Z 86.23Z 86.90D 87.10A 88.10A"),
    "R": (1, "90.01Z 93.11Z 93.13Z"),
    "S": (3, "95.11Z 95.12Z 95.22Z 95.23Z 95.29Z 96.01B 96.02A 96.02B 96.04Z 96.09Z"),
}
NAF = {section: (weight, codes.split()) for section, (weight, codes) in NAF_TABLE.items()}

THEMES = [
    "Développement commercial",
    "Communication interne",
    "Financement de la stratégie commerciale",
    "Entretien annuel d'évaluation",
    "Business plan",
    "Motivation des salariés",
    "Gestion du stress",
    "Recrutement et marque employeur",
    "Transition numérique",
    "RSE et transition écologique",
    "Export",
    "Management d'équipe",
    "Transmission d'entreprise",
    "Droit social",
    "Trésorerie et BFR",
    "Organisation et gestion du temps",
]
# How often leaders wish each theme (relative)
THEME_POPULARITY = [10, 6, 5, 4, 5, 7, 6, 7, 6, 4, 2, 7, 3, 4, 5, 6]

EMPLOYERS = [
    ("Banque Populaire Loire et Lyonnais", "Roanne"),
    ("Crédit Agricole Loire Haute-Loire", "Roanne"),
    ("Caisse d'Épargne Loire Drôme Ardèche", "Roanne"),
    ("Centre hospitalier de Roanne", "Roanne"),
    ("Roannaise de l'Eau", "Roanne"),
    ("Roannais Agglomération", "Roanne"),
    ("KNDS France", "Roanne"),
    ("Orange", "Roanne"),
    ("EDF", "Roanne"),
    ("La Poste", "Riorges"),
    ("Leclerc Riorges", "Riorges"),
    ("Groupe Vicat", "Mably"),
    ("Thermo-conditionnement du Roannais", "Mably"),
    ("Transports Chambon", "Le Coteau"),
    ("Plasturgie Loire Nord", "Perreux"),
    ("Textile du Haut-Beaujolais", "Thizy-les-Bourgs"),
    ("Tissages de Charlieu", "Charlieu"),
    ("Mécanique de Chauffailles", "Chauffailles"),
    ("Industrie Feurs Forez", "Feurs"),
    ("Agroalimentaire de Balbigny", "Balbigny"),
    ("Expertise comptable Loire Nord", "Roanne"),
    ("Assurances du Roannais", "Riorges"),
    ("Menuiseries Industrielles de Cours", "Cours"),
    ("Logistique Loire-Rhône", "Amplepuis"),
    ("Bâtiment Nord-Loire", "Villerest"),
    ("Groupe Coopératif Forez-Roannais", "Boën-sur-Lignon"),
    ("Services numériques du Roannais", "Roanne"),
    ("Imprimerie du Coteau", "Le Coteau"),
]
# relative number of managers each employer lends
EMPLOYER_WEIGHTS = [5, 6, 4, 6, 2, 4, 5, 3, 3, 4, 2, 3, 2, 3, 3, 3, 3, 3, 3, 2, 2, 3, 2, 2, 2, 2]
EMPLOYER_WEIGHTS += [2, 1]

SIZE_BANDS = [("TPE", 0.55, 1, 9), ("PME", 0.42, 10, 249), ("ETI", 0.03, 250, 1500)]
PREFIXES = ["Atelier", "Ets", "SARL", "SAS", "Maison", "Groupe", "Société", "Cabinet"]
NAMES = "Bernard Dubois Forez Loire Renaison Chambon Perrin Giraud Roux Vial Mercier Brossard"


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    r, a = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    dlat = r * math.cos(a) / 111.2
    dlon = r * math.sin(a) / (111.2 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def generate(
    leaders: int,
    *,
    seed: int = 1,
    groups: int | None = None,
    size_min: int = 10,
    size_max: int = 12,
    facilitators_per_group: int = 3,
    surplus: float = 0.05,
    conflict_rate: float = 0.02,
) -> dict[str, Any]:
    rng = random.Random(seed)
    k = groups if groups is not None else math.ceil(leaders / size_max)
    communes = COMMUNES
    commune_weights = [c[3] for c in communes]
    themes = [{"id": i + 1, "label": label} for i, label in enumerate(THEMES)]
    employers: list[dict[str, Any]] = []
    for e, (name, town) in enumerate(EMPLOYERS):
        _, lat, lon, _ = next(c for c in communes if c[0] == town)
        lat, lon = _jitter(rng, lat, lon, 1.5)
        employers.append({"id": e + 1, "name": name, "lat": lat, "lon": lon})

    sections = list(NAF)
    section_weights = [NAF[s][0] for s in sections]
    out_leaders: list[dict[str, Any]] = []
    class_count: dict[str, int] = {}
    for n in range(leaders):
        while True:  # a recruiter would not take more direct competitors than there are groups
            section = rng.choices(sections, section_weights)[0]
            naf = rng.choice(NAF[section][1])
            if class_count.get(naf[:5], 0) < max(1, k - 1):
                break
        class_count[naf[:5]] = class_count.get(naf[:5], 0) + 1
        band, _, lo, hi = rng.choices(SIZE_BANDS, [b[1] for b in SIZE_BANDS])[0]
        employees = int(math.exp(rng.uniform(math.log(lo), math.log(hi + 1))))
        town, lat, lon, _ = rng.choices(communes, commune_weights)[0]
        lat, lon = _jitter(rng, lat, lon, 2.5 if town == "Roanne" else 1.5)
        wished = rng.randint(2, 4)
        needs: list[int] = []
        while len(needs) < wished:
            t = rng.choices(range(1, len(THEMES) + 1), THEME_POPULARITY)[0]
            if t not in needs:
                needs.append(t)
        out_leaders.append(
            {
                "id": n + 1,
                "company": f"{rng.choice(PREFIXES)} {rng.choice(NAMES.split())} {n + 1}",
                "naf": naf,
                "employees": employees,
                "size_band": band,
                "commune": town,
                "lat": lat,
                "lon": lon,
                "needs": sorted(needs),
                "conflicts": [],
                "conflict_employers": [],
            }
        )
    # a few declared competitors (same division, often nearby) and refused employers
    by_division: dict[str, list[int]] = {}
    for x in out_leaders:
        by_division.setdefault(x["naf"][:2], []).append(x["id"])
    for x in out_leaders:
        if rng.random() < conflict_rate:
            others = [j for j in by_division[x["naf"][:2]] if j != x["id"]]
            if others:
                x["conflicts"].append(rng.choice(others))
        if rng.random() < conflict_rate / 2:
            x["conflict_employers"].append(rng.randint(1, len(employers)))

    seats = k * facilitators_per_group
    count = seats + math.ceil(seats * surplus)
    facilitators: list[dict[str, Any]] = []
    sites = [(float(e["lat"]), float(e["lon"])) for e in employers]
    lent = [0] * len(employers)
    for n in range(count):
        e = rng.choices(range(len(employers)), EMPLOYER_WEIGHTS)[0]
        while lent[e] >= k:  # no employer lends more facilitators than there are groups
            e = rng.randrange(len(employers))
        lent[e] += 1
        lat, lon = _jitter(rng, *sites[e], 6.0)
        expertise = rng.sample(range(1, len(THEMES) + 1), rng.randint(3, 5))
        facilitators.append(
            {
                "id": 10_000 + n + 1,
                "employer": e + 1,
                "lat": lat,
                "lon": lon,
                "expertise": sorted(expertise),
            }
        )
    return {
        "params": {
            "num_groups": k,
            "group_size_min": size_min,
            "group_size_max": size_max,
            "facilitators_per_group": facilitators_per_group,
            "geo_ref_km": 80,
        },
        "weights": {"div": 0.30, "geo": 0.30, "size": 0.15, "cov": 0.25},
        "size_bands": [b[0] for b in SIZE_BANDS],
        "themes": themes,
        "employers": employers,
        "leaders": out_leaders,
        "facilitators": facilitators,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaders", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--groups", type=int, default=None)
    args = parser.parse_args()
    json.dump(generate(args.leaders, seed=args.seed, groups=args.groups), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
