"""Validation against the plan's text: every quotation is in it, and inside its record's lines.

A record's lines are `source.lines` (projects, measures, pillars, sections, actions, sector parts)
or `lines` (figures, players, statements); a quotation belongs to the nearest record around it
that has lines. Quotations outside any such record (country and organisation names, the KPI) need
only be somewhere in the plan. Problems are added to the files' own lists, located at the quoted
field or the `lines` value. Nothing here prints.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from infraplan.loader import LoadedFile, decode_utf8
from infraplan.source import QUOTED_KEYS, SOURCE_FILE, PlanText, normalise, source_path

_MAX_SHOWN = 60  # characters of the closest passage shown in a message
# Characters of the plan one file's checks may search (the shipped data needs about 10 million):
# past it, the file's remaining quotations are left unchecked with a note, so that no file of
# wrong quotations with whole-plan line ranges can make validation slow.
SEARCH_BUDGET = 2_000_000_000


class _Budget:
    def __init__(self) -> None:
        self.left = SEARCH_BUDGET
        self.noted = False


def check_quotations(data_dir: Path, loaded: dict[str, LoadedFile], display: Callable[[Path], str],
                     findings=None, digests: dict[Path, str] | None = None) -> PlanText | None:
    """Check every loaded file's quotations and line ranges against data_dir's copy of the plan,
    and return that text (None when it is missing or unreadable: a problem added under SOURCE_FILE).
    With findings (an indexed.checked.Findings) and digests (each file's digest of its bytes, as
    indexed.parsed.ParsedFiles found it), a file whose quotations all hold is kept as such under
    its digest and the plan's text, and not checked again while neither changes."""
    path = source_path(data_dir)
    holder = LoadedFile(path, display(path))
    try:
        text = decode_utf8(path.read_bytes(), holder)  # bytes that are not UTF-8: located at their line:col
    except FileNotFoundError:
        holder.add(1, 1, "required file is missing (the plan's text, which quotations are checked against)")
        text = None
    except OSError as exc:
        holder.add(1, 1, f"cannot read: {exc.strerror or exc}")
        text = None
    if text is None:
        loaded[SOURCE_FILE] = holder
        return None
    plan = PlanText(text.splitlines())
    text_key = findings.key("plan's text", text) if findings is not None else b""
    for file in loaded.values():
        if file.data is None:
            continue
        digest = (digests or {}).get(file.path)
        key = findings.key("quotations hold", text_key, digest) if findings is not None and digest else None
        if key is not None and findings.get(key) is True:
            continue
        before = (len(file.problems), file.hidden)
        _check(plan, file, file.data, (), None, _Budget())
        if key is not None and (len(file.problems), file.hidden) == before:  # nothing found: all hold
            findings.put(key, True)
    return plan


def _is_range(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(n) is int and n >= 1 for n in value)


def _own_range(node: dict, loc: tuple) -> tuple[tuple, list] | None:
    """(path of its `lines`, [first, last]) if this mapping is a record with lines."""
    if _is_range(node.get("lines")):
        return loc + ("lines",), node["lines"]
    source = node.get("source")
    if isinstance(source, dict) and _is_range(source.get("lines")):
        return loc + ("source", "lines"), source["lines"]
    return None


def _check(plan: PlanText, file: LoadedFile, node: object, loc: tuple, lines: list | None, budget: _Budget) -> None:
    """Walk the data; `lines` is the usable range of the nearest record around node (None: none)."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _check(plan, file, item, loc + (i,), lines, budget)
        return
    if not isinstance(node, dict):
        return
    own = _own_range(node, loc) if loc[-1:] != ("source",) else None  # a `source` mapping's lines are its record's
    if own:
        where, (first, last) = own
        if last > plan.line_count:
            file.problems.append(file.problem(
                where, f"lines {first}-{last} run past the end of the plan's text ({plan.line_count} lines)"))
            lines = None
        else:
            lines = [first, last] if first <= last else None  # a reversed range is reported by validate
    if type(node.get("cited_at")) is int and type(node.get("number")) is int:
        _check_marker(plan, file, loc, node["number"], node["cited_at"])
    for key, value in node.items():
        if key in QUOTED_KEYS and isinstance(value, str):
            _check_quotation(plan, file, loc + (key,), value, lines, budget)
        elif key in QUOTED_KEYS and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    _check_quotation(plan, file, loc + (key, i), item, lines, budget)
        else:
            _check(plan, file, value, loc + (key,), lines, budget)


def _check_marker(plan: PlanText, file: LoadedFile, loc: tuple, number: int, line: int) -> None:
    """A footnote's cited_at is a line of the plan that carries its number (not inside a longer number)."""
    where = loc + ("cited_at",)
    if line > plan.line_count:
        file.problems.append(file.problem(where, f"line {line} is past the end of the plan's text "
                                                 f"({plan.line_count} lines)"))
    elif not re.search(rf"(?<![0-9０-９]){number}(?![0-9０-９])", plan.lines[line - 1]):
        file.problems.append(file.problem(where, f"line {line} does not carry footnote number {number}"))


def _check_quotation(plan: PlanText, file: LoadedFile, loc: tuple, value: str, lines: list | None,
                     budget: _Budget) -> None:
    if budget.left <= 0:
        if not budget.noted:
            budget.noted = True
            file.problems.append(file.problem(loc, "this and later quotations of the file were not checked "
                                                   "(too many searches of the plan's text)", severity="note"))
        return
    quote = normalise(value)
    if not quote:
        return
    text = plan.text
    if lines is not None:
        start, end = plan.covered(*lines)
        budget.left -= end - start
        if text.find(quote, start, end) >= 0:
            return
    if lines is not None and (file.hidden or len(file.problems) >= 200):  # past what is listed: count it
        file.hidden += 1
        return
    budget.left -= len(text)
    at = text.find(quote)
    if at < 0:
        closest = plan.closest(quote)
        shown = ""
        if closest:
            line, passage = closest
            passage = passage if len(passage) <= _MAX_SHOWN else passage[:_MAX_SHOWN] + "…"
            shown = f" (closest, line {line}: '{passage}')"
        file.problems.append(file.problem(loc, "not in the plan's text" + shown))
        return
    if lines is not None:
        found = plan.line_at(_nearest(text, quote, at, plan.span(*lines)[0]))
        file.problems.append(file.problem(
            loc, f"not within the record's lines {lines[0]}-{lines[1]} (the plan has it at line {found})"))


def _nearest(text: str, quote: str, at: int, target: int) -> int:
    """The occurrence of quote (the first is at `at`) nearest the offset target."""
    best = at
    while at >= 0:
        if abs(at - target) < abs(best - target):
            best = at
        if at > target:
            break
        at = text.find(quote, at + 1)
    return best
