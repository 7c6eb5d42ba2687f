#!/usr/bin/env python3
"""Whole-process timings of infraplan queries against the floors no Typer app can go below.

Runs each command in turn (interleaved, so drift hits all alike), several rounds, and reports
the median wall time of each and its ratio to its floor. The cache is warmed first: this measures
the query path, not validation.

    python bench/bench.py [--rounds 21] [--only search,show]
    python bench/bench.py --scale 1,10,100 [--rounds 11] [--validate-rounds 3] [--only search,show]

With --scale, the data is replicated (bench/scale.py) into a temporary folder at each factor, and
the issue's queries run at every scale against the same floors, interleaved, printed as a table
(ratio to the floor, and milliseconds), with `yq` (where installed) as a peer for the projects
filter. Then validation: cold (no cache), after an edit of one file (--edit), and PyYAML's C
loader's bare parse of the same files, a few rounds each (they take seconds at 100×). --only
keeps the queries whose name holds one of its words (and the floors).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
EXE = shutil.which("infraplan", path=os.path.dirname(PY)) or shutil.which("infraplan")
QUERY = ["projects", "--country", "vietnam", "--sector", "rail"]
FLOOR_JSON, FLOOR_TABLE = "floor: import typer", "floor: import typer, rich.table"

# name -> (command, floor name); floors have None.
CASES = {
    FLOOR_JSON: ([PY, "-c", "import typer"], None),
    FLOOR_TABLE: ([PY, "-c", "import typer, rich.table"], None),
    "projects … --format json": ([EXE, *QUERY, "--format", "json"], FLOOR_JSON),
    "projects … (table)": ([EXE, *QUERY], FLOOR_TABLE),
    "project 50 --format json": ([EXE, "project", "50", "--format", "json"], FLOOR_JSON),
    "measures --pillar O&M --format json": ([EXE, "measures", "--pillar", "O&M", "--format", "json"], FLOOR_JSON),
    "sector rail (table)": ([EXE, "sector", "rail"], FLOOR_TABLE),
    "search patinban --format json": ([EXE, "search", "patinban", "--format", "json"], FLOOR_JSON),
    "search パティンバン (table)": ([EXE, "search", "パティンバン"], FLOOR_TABLE),
    "show 41 --format json": ([EXE, "show", "41", "--format", "json"], FLOOR_JSON),
    "show bangladesh (table)": ([EXE, "show", "bangladesh"], FLOOR_TABLE),
    "timeline --country india --format json": ([EXE, "timeline", "--country", "india", "--format", "json"],
                                               FLOOR_JSON),
    "stats (table)": ([EXE, "stats"], FLOOR_TABLE),
    "--help": ([EXE, "--help"], FLOOR_JSON),
}

# The table: name -> (arguments after --data-dir DIR, floor).
SCALED = {
    "projects --country vietnam --sector rail -f json": ([*QUERY, "-f", "json"], FLOOR_JSON),
    "projects --country vietnam --sector rail (table)": (QUERY, FLOOR_TABLE),
    "measures --pillar O&M -f json": (["measures", "--pillar", "O&M", "-f", "json"], FLOOR_JSON),
    "search patimban (table)": (["search", "patimban"], FLOOR_TABLE),
    "search patinban -f json (a typo)": (["search", "patinban", "-f", "json"], FLOOR_JSON),
    "search パティンバン (table)": (["search", "パティンバン"], FLOOR_TABLE),
    "show bangladesh (table)": (["show", "bangladesh"], FLOOR_TABLE),
    "sector rail (table)": (["sector", "rail"], FLOOR_TABLE),
    "project 50 -f json": (["project", "50", "-f", "json"], FLOOR_JSON),
    "--help": (["--help"], FLOOR_JSON),
}
YQ_FILTER = '.projects[] | select(.country == "vietnam" and (.sectors | index("rail")))'


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=os.environ | {"COLUMNS": "120"})
    return time.perf_counter() - start


def interleaved(cases: dict[str, list[str]], rounds: int) -> dict[str, float]:
    """The median wall time of each command, the commands run in turn, round after round."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, command in cases.items():
            times[name].append(run(command))
    return {name: statistics.median(values) for name, values in times.items()}


def plain(rounds: int) -> None:
    subprocess.run([EXE, "validate"], check=True, stdout=subprocess.DEVNULL)  # warm the cache
    for command, _floor in CASES.values():  # and the search index, and the OS's file cache
        run(command)
    medians = interleaved({name: command for name, (command, _) in CASES.items()}, rounds)
    for name, (_command, floor) in CASES.items():
        line = f"{name:42} {medians[name] * 1000:7.1f} ms"
        if floor:
            line += f"   {medians[name] / medians[floor]:.2f}x {floor[7:]}"
        print(line)


def _cell(seconds: float, floor: float | None) -> str:
    return (f"{seconds / floor:.2f}× ({seconds * 1000:.0f} ms)" if floor else f"{seconds * 1000:.0f} ms")


def _table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def scaled(factors: list[int], rounds: int, validate_rounds: int, edit: str, work: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import REPO, write_scaled

    dirs = {f: write_scaled(REPO / "data", work / f"{f}x", f) for f in factors}
    cases: dict[str, list[str]] = {FLOOR_JSON: CASES[FLOOR_JSON][0], FLOOR_TABLE: CASES[FLOOR_TABLE][0]}
    yq = shutil.which("yq")
    for f, folder in dirs.items():
        subprocess.run([EXE, "--data-dir", str(folder), "validate"], check=True, stdout=subprocess.DEVNULL)
        for name, (args, _floor) in SCALED.items():
            cases[f"{name} @{f}"] = [EXE, "--data-dir", str(folder), *args]
        if yq:
            cases[f"yq (projects filter) @{f}"] = [yq, "-c", YQ_FILTER, str(folder / "projects.yaml")]
    for command in cases.values():  # warm the search index and the OS's file cache
        run(command)
    medians = interleaved(cases, rounds)
    rows = []
    for name, (_args, floor) in SCALED.items():
        rows.append([f"`{name}`"] + [_cell(medians[f"{name} @{f}"], medians[floor]) for f in factors])
    if yq:
        rows.append(["peer: `yq` projects filter"]
                    + [_cell(medians[f"yq (projects filter) @{f}"], medians[FLOOR_JSON]) for f in factors])
    print(f"median of {rounds} interleaved rounds; floors: import typer {medians[FLOOR_JSON] * 1000:.0f} ms, "
          f"import typer, rich.table {medians[FLOOR_TABLE] * 1000:.0f} ms\n")
    _table(["query"] + [f"{f}× data" for f in factors], rows)
    if validate_rounds:
        print()
        _validation(dirs, validate_rounds, edit, work)


def _validation(dirs: dict[int, Path], rounds: int, edit: str, work: Path) -> None:
    """Cold validate (an empty cache), validate after appending a comment to one file, and the C
    loader's bare parse of the same files; each folder in turn, round after round."""
    times: dict[str, list[float]] = {}
    parse = ("import sys, yaml\nfor p in sys.argv[1:]:\n"
             "    with open(p, 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)")
    for n in range(rounds):
        for f, folder in dirs.items():
            files = [str(p) for p in sorted(folder.rglob("*.yaml"))]
            cold = work / f"cold-cache-{f}-{n}"
            env = os.environ | {"INFRAPLAN_CACHE_DIR": str(cold)}
            start = time.perf_counter()
            subprocess.run([EXE, "--data-dir", str(folder), "validate"], check=True, stdout=subprocess.DEVNULL, env=env)
            times.setdefault(f"cold {f}", []).append(time.perf_counter() - start)
            with open(folder / edit, "a", encoding="utf-8") as out:
                out.write(f"# edit {n}\n")
            start = time.perf_counter()
            subprocess.run([EXE, "--data-dir", str(folder), "validate"], check=True, stdout=subprocess.DEVNULL, env=env)
            times.setdefault(f"edit {f}", []).append(time.perf_counter() - start)
            times.setdefault(f"parse {f}", []).append(run([PY, "-c", parse, *files]))
            shutil.rmtree(cold, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [["`validate`, cold (no cache)"] + [f"{med[f'cold {f}']:.2f} s" for f in dirs],
            [f"`validate` after editing {edit}"] + [f"{med[f'edit {f}']:.2f} s" for f in dirs],
            ["peer: PyYAML C loader, bare parse of the files"] + [f"{med[f'parse {f}']:.2f} s" for f in dirs]]
    print(f"validation, median of {rounds} rounds\n")
    _table(["validation"] + [f"{f}× data" for f in dirs], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--scale", help="replication factors, e.g. 1,10,100: the issue's table at each scale")
    parser.add_argument("--validate-rounds", type=int, default=3, help="with --scale; 0 skips validation")
    parser.add_argument("--edit", default="countries.yaml", help="with --scale: the file edited before a validate")
    parser.add_argument("--work", type=Path, help="with --scale: where the data sets go (default: a temporary folder)")
    parser.add_argument("--only", help="comma-separated words: only the queries whose name holds one (floors are kept)")
    args = parser.parse_args()
    if args.only:
        words = args.only.split(",")
        for cases in (CASES, SCALED):
            for name in [n for n, (_c, floor) in cases.items() if floor and not any(w in n for w in words)]:
                del cases[name]
    if EXE is None:
        sys.exit("infraplan is not installed in this Python's environment")
    if not args.scale:
        plain(args.rounds)
        return
    factors = [int(f) for f in args.scale.split(",")]
    if args.work:
        scaled(factors, args.rounds, args.validate_rounds, args.edit, args.work)
        return
    with tempfile.TemporaryDirectory(prefix="infraplan-bench-") as work:
        scaled(factors, args.rounds, args.validate_rounds, args.edit, Path(work))


if __name__ == "__main__":
    main()
