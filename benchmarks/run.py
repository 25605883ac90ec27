"""Run every benchmark and print ratios against a baseline measured in the same process.

These machines are noisy, so a row never reports a bare time as its verdict: each benchmark
times its subject and a baseline doing comparable work side by side (interleaved, best of
several repeats) and reports subject / baseline beside the target. ``--json`` prints the rows
for machines; ``--only NAME`` runs the rows whose name contains NAME.

A benchmark module is any ``benchmarks/bench_*.py`` with a ``rows()`` function returning
``list[Row]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.common import Row  # noqa: E402


def discover() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print rows as JSON")
    parser.add_argument("--only", default="", help="run only rows whose module contains this")
    args = parser.parse_args(argv)

    rows: list[Row] = []
    for module_name in discover():
        if args.only and args.only not in module_name:
            continue
        module = importlib.import_module(f"benchmarks.{module_name}")
        rows.extend(module.rows())

    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2))
    else:
        print(Row.table(rows))
    return 0 if all(row.meets_target is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
