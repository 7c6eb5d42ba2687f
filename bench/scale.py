#!/usr/bin/env python3
"""Write the data replicated N times, for benchmarks at the scale of several editions of the plan.

Each replica of a project, a chapter-2 measure and a sector action is the real record with a fresh
id: project k×93+n, measure or action with its item number raised by k×1000 (2.1.1.3 -> 2.1.1.1003;
3.4.6.2.1 -> 3.4.6.1002.1), and an action's or measure's project tags moved to the same replica's
projects, so that every reference holds and the consistency checks find what they found before;
the project list's counts in plan.yaml are multiplied by N, so that its history still adds up.
Quotations, summaries and line ranges are unchanged; so are the countries, sectors, pillars,
organisations and headings (their ids and names are unique by rule, and they do not grow with
editions). The files are rewritten as text, item by item, so that the YAML the loader reads has
the shape of the real files (folded scalars, flow lists, comments).

    python bench/scale.py OUT [--data data] [--factors 1,10,100]   # writes OUT/1x, OUT/10x, OUT/100x

Each folder must pass `infraplan --data-dir OUT/10x validate`.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_TOP_KEY = re.compile(r"^[a-z_]+:", re.M)
_ITEM = re.compile(r"^  - ", re.M)
_PROJECT_ID = re.compile(r"^(  - id: )(\d+)$", re.M)
_DOTTED_ID = re.compile(r'^(  - id: ")([\d.]+)(")$', re.M)
_PROJECT_TAGS = re.compile(r"^(    projects: \[)([\d, ]*)(\])$", re.M)
ITEM_STEP = 1000  # larger than any measure's or action's item number


def _split(text: str, key: str) -> tuple[str, list[str], str]:
    """(everything up to and including the items' list header, the items, what follows the list)."""
    start = re.search(rf"^{key}:\n", text, re.M)
    if start is None:
        raise SystemExit(f"no top-level '{key}:' list")
    following = _TOP_KEY.search(text, start.end())
    end = following.start() if following else len(text)
    body = text[start.end():end]
    cuts = [m.start() for m in _ITEM.finditer(body)]
    if not cuts:
        return text[:end], [], text[end:]
    head = text[:start.end()] + body[:cuts[0]]
    items = [body[a:b] for a, b in zip(cuts, cuts[1:] + [len(body)])]
    return head, items, text[end:]


def _shift_projects(item: str, offset: int) -> str:
    def shift(m: re.Match) -> str:
        ids = [int(v) + offset for v in m.group(2).split(",") if v.strip()]
        return m.group(1) + ", ".join(map(str, ids)) + m.group(3)

    return _PROJECT_TAGS.sub(shift, item)


def _shift_dotted(item: str, k: int) -> str:
    def bump(m: re.Match) -> str:
        parts = m.group(2).split(".")
        parts[3] = str(int(parts[3]) + k * ITEM_STEP)
        return m.group(1) + ".".join(parts) + m.group(3)

    return _DOTTED_ID.sub(bump, item, count=1)


def replicate(text: str, key: str, factor: int, rewrite) -> str:
    """text with the items of its top-level list `key` followed by factor-1 rewritten copies."""
    head, items, tail = _split(text, key)
    copies = [rewrite(item, k) for k in range(1, factor) for item in items]
    joined = "".join(items + copies)
    if joined and not joined.endswith("\n"):
        joined += "\n"
    return head + joined + tail


def write_scaled(data: Path, out: Path, factor: int) -> Path:
    """Write data replicated factor times into out (replaced if it exists); return out."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(data, out)
    projects_text = (data / "projects.yaml").read_text(encoding="utf-8")
    count = len(_PROJECT_ID.findall(projects_text))
    if factor == 1:
        return out

    def project(item: str, k: int) -> str:
        return _PROJECT_ID.sub(lambda m: m.group(1) + str(int(m.group(2)) + k * count), item, count=1)

    def measure(item: str, k: int) -> str:
        return _shift_projects(_shift_dotted(item, k), k * count)

    (out / "projects.yaml").write_text(replicate(projects_text, "projects", factor, project), encoding="utf-8")
    path = out / "measures.yaml"
    path.write_text(replicate(path.read_text(encoding="utf-8"), "measures", factor, measure), encoding="utf-8")
    for path in sorted((out / "sectors").glob("*.yaml")):
        path.write_text(replicate(path.read_text(encoding="utf-8"), "actions", factor, measure), encoding="utf-8")
    path = out / "plan.yaml"  # the project list's counts, which validation checks against projects.yaml
    path.write_text(_scale_project_list(path.read_text(encoding="utf-8"), factor), encoding="utf-8")
    return out


def _scale_project_list(text: str, factor: int) -> str:
    """plan.yaml with the project list's count and added (the projects new in the edition) times
    factor, and previous_count such that count = previous_count - removed + added still holds."""
    numbers = {key: int(value) for key, value in re.findall(r"^    (count|added|removed): (\d+)$", text, re.M)}
    numbers["count"] *= factor
    numbers["added"] *= factor
    numbers["previous_count"] = numbers["count"] - numbers["added"] + numbers["removed"]
    return re.sub(r"^    (count|added|previous_count): \d+$", lambda m: f"    {m.group(1)}: {numbers[m.group(1)]}",
                  text, flags=re.M)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=REPO / "data")
    parser.add_argument("--factors", default="1,10,100")
    args = parser.parse_args()
    for factor in (int(f) for f in args.factors.split(",")):
        print(write_scaled(args.data, args.out / f"{factor}x", factor))


if __name__ == "__main__":
    main()
