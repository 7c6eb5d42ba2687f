#!/usr/bin/env python3
"""Whole-process timings of infraplan queries against the floors no Typer app can go below.

Runs each command in turn (interleaved, so drift hits all alike), several rounds, and reports
the median wall time of each and its ratio to its floor. The cache is warmed first: this measures
the query path, not validation.

    python bench/bench.py [--rounds 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

PY = sys.executable
EXE = shutil.which("infraplan", path=os.path.dirname(PY)) or shutil.which("infraplan")
QUERY = ["projects", "--country", "vietnam", "--sector", "rail"]

# name -> (command, floor name); floors have None.
CASES = {
    "floor: import typer": ([PY, "-c", "import typer"], None),
    "floor: import typer, rich.table": ([PY, "-c", "import typer, rich.table"], None),
    "projects … --format json": ([EXE, *QUERY, "--format", "json"], "floor: import typer"),
    "projects … (table)": ([EXE, *QUERY], "floor: import typer, rich.table"),
    "project 50 --format json": ([EXE, "project", "50", "--format", "json"], "floor: import typer"),
    "measures --pillar O&M --format json": ([EXE, "measures", "--pillar", "O&M", "--format", "json"], "floor: import typer"),
    "sector rail (table)": ([EXE, "sector", "rail"], "floor: import typer, rich.table"),
    "search patinban --format json": ([EXE, "search", "patinban", "--format", "json"], "floor: import typer"),
    "search パティンバン (table)": ([EXE, "search", "パティンバン"], "floor: import typer, rich.table"),
    "show 41 --format json": ([EXE, "show", "41", "--format", "json"], "floor: import typer"),
    "show bangladesh (table)": ([EXE, "show", "bangladesh"], "floor: import typer, rich.table"),
    "timeline --country india --format json": ([EXE, "timeline", "--country", "india", "--format", "json"],
                                               "floor: import typer"),
    "stats (table)": ([EXE, "stats"], "floor: import typer, rich.table"),
}


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=os.environ | {"COLUMNS": "120"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    if EXE is None:
        sys.exit("infraplan is not installed in this Python's environment")
    subprocess.run([EXE, "validate"], check=True, stdout=subprocess.DEVNULL)  # warm the cache
    for command, _floor in CASES.values():  # and the search index, and the OS's file cache
        run(command)
    times: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.rounds):
        for name, (command, _floor) in CASES.items():
            times[name].append(run(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, (_command, floor) in CASES.items():
        line = f"{name:42} {medians[name] * 1000:7.1f} ms"
        if floor:
            line += f"   {medians[name] / medians[floor]:.2f}x {floor[7:]}"
        print(line)


if __name__ == "__main__":
    main()
