"""The command line: JSON on stdout and nothing else; the input format of the docstring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from maillage.engines.formation import InstanceError, instance_from_json

EXAMPLE: dict[str, Any] = {
    "params": {
        "num_groups": 2,
        "group_size_min": 2,
        "group_size_max": 3,
        "facilitators_per_group": 1,
        "geo_ref_km": 80,
    },
    "weights": {"div": 0.3, "geo": 0.3, "size": 0.15, "cov": 0.25},
    "size_bands": ["TPE", "PME"],
    "themes": [{"id": 1, "label": "Développement commercial"}, {"id": 2, "label": "Export"}],
    "employers": [{"id": "e1", "name": "Banque", "lat": 46.03, "lon": 4.07},
                  {"id": "e2", "name": "Hôpital", "lat": 46.04, "lon": 4.06}],
    "leaders": [
        {"id": n, "company": f"Firm {n}", "naf": naf, "employees": 5, "size_band": band,
         "commune": "Roanne", "lat": 46.03 + n / 100, "lon": 4.07, "needs": [1 + n % 2],
         "conflicts": [], "conflict_employers": []}
        for n, (naf, band) in enumerate(
            [("25.62A", "TPE"), ("47.11B", "PME"), ("43.21A", "TPE"), ("62.01Z", "PME"),
             ("69.20Z", "TPE")]
        )
    ],
    "facilitators": [
        {"id": "f1", "employer": "e1", "lat": 46.03, "lon": 4.07, "expertise": [1]},
        {"id": "f2", "employer": "e2", "lat": 46.04, "lon": 4.06, "expertise": [1, 2],
         "fixed_group": 1},
    ],
}  # fmt: skip


def run(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage.engines.formation", str(path), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_prints_only_the_result_as_json(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(EXAMPLE))
    done = run(path, "--time-limit", "5", "--seed", "3", "--max-iterations", "500", "-v")
    assert done.returncode == 0
    out = json.loads(done.stdout)
    assert set(out) == {"groups", "objective", "components", "status", "reason"}
    assert out["status"] in ("optimal", "feasible")
    assert set(out["components"]) == {"div", "geo", "size", "cov"}
    assert {"id", "leaders", "facilitators"} <= set(out["groups"][0])
    assert sorted(x for g in out["groups"] for x in g["leaders"]) == [0, 1, 2, 3, 4]
    assert out["groups"][1]["facilitators"] == ["f2"]


def test_an_impossible_instance_prints_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    params = {**EXAMPLE["params"], "num_groups": 3, "group_size_min": 1}
    path.write_text(json.dumps({**EXAMPLE, "params": params}))
    out = json.loads(run(path, "--time-limit", "5").stdout)
    assert out["status"] == "infeasible"
    assert out["reason"] == "only 2 facilitators for 3 groups of 1"
    assert out["groups"] == []


def test_a_malformed_instance_exits_with_a_message_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "instance.json"
    bad = {**EXAMPLE, "leaders": [{**EXAMPLE["leaders"][0], "needs": [99]}]}
    path.write_text(json.dumps(bad))
    done = run(path, "--time-limit", "5")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "unknown theme 99" in done.stderr


def test_the_json_input_keeps_ids_of_either_type() -> None:
    inst = instance_from_json(EXAMPLE)
    assert inst.facilitators[1].employer == "e2"
    assert inst.facilitators[1].fixed_group == 1
    assert inst.leaders[0].naf == "25.62A"


def test_a_bad_naf_code_is_rejected() -> None:
    bad = {**EXAMPLE, "leaders": [{**EXAMPLE["leaders"][0], "naf": "ABC"}]}
    with pytest.raises(InstanceError, match="bad NAF code"):
        instance_from_json(bad)
