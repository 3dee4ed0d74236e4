"""python -m maillage.engines.formation INSTANCE.json --time-limit S [--seed N] [--max-iterations K]

Prints the result as JSON on stdout and nothing else; logs go to stderr. The time limit counts
from the start of main() (reading the instance included); starting Python and importing the
engine (numpy, OR-Tools: about half a second) come on top.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time

from .engine import form_groups
from .model import instance_from_json, result_to_json


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(
        prog="python -m maillage.engines.formation",
        description="Form groups of leaders and facilitators (see the module docstring).",
    )
    parser.add_argument("instance", help="instance JSON file ('-' for stdin)")
    parser.add_argument("--time-limit", type=float, required=True, help="seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-iterations", type=int, default=None)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    try:
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as fh:
                data = json.load(fh)
        instance = instance_from_json(data)
    except (OSError, ValueError) as exc:  # InstanceError and JSONDecodeError are ValueErrors
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = form_groups(
        instance,
        seed=args.seed,
        time_limit_s=max(0.0, args.time_limit - (time.perf_counter() - started)),
        max_iterations=args.max_iterations,
    )
    json.dump(result_to_json(result), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
