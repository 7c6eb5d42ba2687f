"""Citations you can follow: a passage of the plan's text by its lines, or by the record taken from it.

`infraplan source` takes LINES (`9807-9833`, `line:9807`) or any REF that `show` takes; a bare
number is a project, as it is for `show`. Nothing here prints; bad input raises CitationError, a
usage error with a message of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from infraplan.problems import DataMissing, UnknownValue
from infraplan.source import source_path

_RANGE = re.compile(r"^(?:lines?:)?(\d+)-(\d+)$")
_LINE = re.compile(r"^lines?:(\d+)$")


class CitationError(UnknownValue):
    """LINES or REF that names no passage of the plan: out of bounds, reversed, or a record without lines."""

    def __init__(self, value: str, message: str):
        self.message = message
        super().__init__("ref", value, [])

    def describe(self) -> str:
        return self.message


def parse_lines(spec: str) -> tuple[int, int] | None:
    """`9807-9833`, `lines:9807-9833` or `line:9807` as (first, last); None if spec is no line range."""
    text = spec.strip()
    if match := _RANGE.match(text):
        return int(match.group(1)), int(match.group(2))
    if match := _LINE.match(text):
        return int(match.group(1)), int(match.group(1))
    return None


def record_lines(kind: str, record: dict) -> tuple[int, int]:
    """The lines a record was taken from (its source.lines); CitationError for a record without them."""
    lines = (record.get("source") or {}).get("lines")
    if not lines:
        raise CitationError(str(record.get("id")), f"{kind} '{record.get('id')}' has no lines in the plan's text; "
                                                   "projects, measures, sector actions, sectors, pillars and headings do")
    return lines[0], lines[1]


def cited_lines(spec: str, resolve: Callable[[str], tuple[str, dict]]) -> tuple[int, int]:
    """The lines spec names: a line range, else the lines of the record that resolve(spec) finds."""
    lines = parse_lines(spec)
    if lines is not None:
        return lines
    try:
        return record_lines(*resolve(spec))
    except CitationError:
        raise
    except UnknownValue as exc:
        if spec.strip().isdigit() and exc.what == "project":  # a line number typed as a bare number
            n = spec.strip()
            raise CitationError(spec, f"{exc.describe()}; for line {n} of the plan write line:{n} or {n}-{n}") from None
        raise


def passage(data_dir: Path, first: int, last: int) -> list[dict]:
    """Lines first..last of the plan's text as [{line, text}]; CitationError if they are not all in it."""
    path = source_path(data_dir)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataMissing(f"the plan's text is missing: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:  # unreadable, or not UTF-8: `validate` locates the problem
        raise DataMissing(f"cannot read the plan's text {path}: {getattr(exc, 'strerror', None) or exc}") from None
    shown = f"{first}-{last}" if first != last else str(first)
    if first > last:
        raise CitationError(shown, f"lines {shown} are reversed: the first line comes after the last "
                                   f"(did you mean {last}-{first}?)")
    if first < 1 or last > len(lines):
        one = first == last
        where = ("runs" if one else "run") + " past the end of" if last > len(lines) else ("starts" if one else "start") + " before"
        raise CitationError(shown, f"line{'' if one else 's'} {shown} {where} the plan's text "
                                   f"(lines 1-{len(lines)})")
    return [{"line": n, "text": lines[n - 1]} for n in range(first, last + 1)]
