"""Benchmark of the formation engine on generated Roannais instances.

    .venv/bin/python bench/formation/bench.py [--sizes 120 600 1200] [--seed 1]

For each size: generates the instance (generate.py, same seed), runs the command line
`python -m maillage.engines.formation INSTANCE.json --time-limit S --seed 1` in a subprocess and
times it (wall clock, start-up included), checks the groups against every hard constraint,
computes the valid upper bound (bound.py) and the gap to it, and runs the greedy baseline on the
same instance. Prints a Markdown table and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

from maillage.engines.formation import instance_from_json  # noqa: E402
from maillage.engines.formation.bound import upper_bound  # noqa: E402
from maillage.engines.formation.engine import greedy_baseline  # noqa: E402
from maillage.engines.formation.objective import Compiled, groups_by_ids, violations  # noqa: E402

TIME_LIMITS = {120: 8.0, 600: 20.0, 1200: 27.0}


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}"


def run_one(
    leaders: int, seed: int, time_limit: float, max_iterations: int | None
) -> dict[str, Any]:
    data = generate(leaders, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"roannais-{leaders}.json"
        path.write_text(json.dumps(data))
        cmd = [
            sys.executable,
            "-m",
            "maillage.engines.formation",
            str(path),
            "--time-limit",
            str(time_limit),
            "--seed",
            str(seed),
        ]
        if max_iterations is not None:
            cmd += ["--max-iterations", str(max_iterations)]
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
        wall = time.perf_counter() - started
    out = json.loads(done.stdout)
    instance = instance_from_json(data)
    c = Compiled(instance)
    groups = groups_by_ids(c, [(g["leaders"], g["facilitators"]) for g in out["groups"]])
    broken = violations(c, groups, len(groups))
    bound = upper_bound(c, len(groups))
    greedy = greedy_baseline(instance, seed=seed)
    return {
        "leaders": leaders,
        "facilitators": len(data["facilitators"]),
        "groups": len(groups),
        "time_limit": time_limit,
        "wall_s": wall,
        "status": out["status"],
        "objective": out["objective"],
        "components": out["components"],
        "worst_group": min(g["score"] for g in out["groups"]),
        "violations": len(broken),
        "bound": bound.objective,
        "bound_components": bound.components.__dict__,
        "gap_pct": 100 * (bound.objective - out["objective"]) / bound.objective,
        "greedy": greedy.objective,
        "greedy_components": greedy.components.__dict__,
        "command": " ".join(["python", *cmd[1:3], f"roannais-{leaders}.json", *cmd[4:]]),
    }


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| leaders | groups | facilitators | time limit (s) | wall (s) | objective | DIV | GEO "
        "| SIZE | COV | worst group | hard violations | upper bound | gap | greedy | above greedy |"
    )
    lines = [head, "|" + "---|" * 16]
    for r in rows:
        comp = r["components"]
        lines.append(
            f"| {r['leaders']} | {r['groups']} | {r['facilitators']} | {r['time_limit']:g} "
            f"| {r['wall_s']:.1f} | {r['objective']:.2f} | {comp['div']:.3f} | {comp['geo']:.3f} "
            f"| {comp['size']:.3f} | {comp['cov']:.3f} | {r['worst_group']:.2f} "
            f"| {r['violations']} | {r['bound']:.2f} | {r['gap_pct']:.2f} % | {r['greedy']:.2f} "
            f"| {r['objective'] - r['greedy']:+.2f} |"
        )
    lines.append("")
    lines.append("Upper bound by component (DIV / GEO / SIZE / COV), and greedy components:")
    lines.append("")
    for r in rows:
        b, g = r["bound_components"], r["greedy_components"]
        lines.append(
            f"- {r['leaders']} leaders: bound {b['div']:.3f} / {b['geo']:.3f} / {b['size']:.3f} "
            f"/ {b['cov']:.3f}; greedy {g['div']:.3f} / {g['geo']:.3f} / {g['size']:.3f} "
            f"/ {g['cov']:.3f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[120, 600, 1200])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=None, help="override per size")
    parser.add_argument("--max-iterations", type=int, default=None)
    parser.add_argument("--json", action="store_true", help="print raw results as JSON too")
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        limit = args.time_limit or TIME_LIMITS.get(n, 30.0)
        rows.append(run_one(n, args.seed, limit, args.max_iterations))
        print(f"{n} leaders done", file=sys.stderr)
    print(f"Machine: {machine()}\n")
    print(table(rows))
    if args.json:
        print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
