"""Reading YAML files into plain data plus the source position of every value.

A file is read as bytes, checked for what YAML would misread or a terminal would misshow (bytes
that are not UTF-8, control and bidi characters, a full-width colon or space where YAML wants an
ASCII one), then parsed into events (the C parser where available) that are built into Python
values iteratively, recording where each key and value sits, so that a problem found later, by
Pydantic or by a cross-file check, can be reported at its ``file:line:column``.

Data files need none of YAML's riskier features, so they are refused where they stand: anchors
and aliases (an alias bomb expands exponentially), tags, several documents, nesting deeper than
any record, files larger than MAX_FILE_BYTES. Plain scalars are resolved the way a reader expects,
not as YAML 1.1 does: integers are decimal, floats finite, booleans ``true``/``false``; octal,
hexadecimal, sexagesimal, underscored and non-finite numbers are problems, never silent values.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from infraplan.problems import INVISIBLE, Loc, Problem, format_loc

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 16 * 1024 * 1024  # the largest shipped file is 140 KB; 16 MB validates in seconds
MAX_DEPTH = 32  # the deepest record (a sector's market figures' line range) nests 7 levels
# Keys, scalars and collections a file. The largest shipped file has about 3,500; the benchmark's
# 100x data (bench/scale.py: several editions' worth) about 350,000 in measures.yaml. The cap keeps a
# hostile file (16 MB of `[0,0,0,...]` is 8 million values) from costing minutes and gigabytes.
MAX_VALUES = 1_000_000
MAX_REPORTED = 10  # bytes or characters reported per file before "and N more"

# Characters refused anywhere in a data file: C0 and C1 controls (tab, LF and CR are YAML's own),
# zero-width and bidi-control characters, the line and paragraph separators, a stray BOM.
_INVISIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{INVISIBLE}]|\r(?!\n)")
_FULLWIDTH_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)*([a-z_][a-z0-9_]*)[ \t]*(：)", re.MULTILINE)
_FULLWIDTH_INDENT = re.compile(r"^[ \t]*(?:-[ \t]+)*(\u3000)", re.MULTILINE)

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?=[eE]))(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class LoadedFile:
    """A file's data, or the problems that kept it from loading, with positions (1-based).

    ``failed`` is true when the file could not be read or parsed at all (``data`` is None); other
    problems (a duplicate key, an ambiguous number) leave the rest of the data to be checked, and
    ``flagged`` holds their paths so that the schema does not report the same value again.
    """

    path: Path
    display: str
    data: object = None
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    failed: bool = False
    flagged: set = field(default_factory=set)
    hidden: int = 0  # problems counted but not kept (past validate.MAX_PROBLEMS_PER_FILE)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of loc, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.keys:
                return self.keys[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.display, line, column, format_loc(loc), message, severity)

    def add(self, line: int, column: int, message: str, loc: Loc = (), count: int = 1) -> None:
        self.problems.append(Problem(self.display, line, column, format_loc(loc), message, count=count))

    def is_flagged(self, loc: Loc) -> bool:
        """Whether the loader already reported loc or one of its ancestors."""
        flagged = self.flagged
        if not flagged:
            return False
        loc = tuple(loc)
        for n in range(len(loc) + 1):
            if loc[:n] in flagged:
                return True
        return False


_CONTROL_NAMES = {"\0": "NULL", "\a": "BELL", "\b": "BACKSPACE", "\t": "TAB", "\n": "LINE FEED",
                  "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}


def char_name(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE): how a message names an invisible character."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def decode_utf8(raw: bytes, out: LoadedFile) -> str | None:
    """The text of raw, or None with a problem at the line:col of each sequence that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="surrogateescape")  # each bad byte becomes U+DC80-U+DCFF
    runs = list(re.finditer("[\udc80-\udcff]+", text))
    raw_lines = raw.split(b"\n")
    for run in runs[:MAX_REPORTED]:
        line, column = _line_col(text, run.start())
        shown = " ".join(f"0x{ord(c) - 0xDC00:02X}" for c in run.group()[:4]) + (" …" if len(run.group()) > 4 else "")
        what = f"bytes {shown} are" if len(run.group()) > 1 else f"byte {shown} is"
        try:  # Japanese text saved by an editor set to Shift_JIS is the likeliest cause: say so
            japanese = re.search("[\u3040-\u30ff\u4e00-\u9fff]", raw_lines[line - 1].decode("cp932"))
            hint = " (this line reads as Shift_JIS)" if japanese else ""
        except UnicodeDecodeError:
            hint = ""
        out.add(line, column, f"{what} not UTF-8{hint}; save the file as UTF-8")
    if len(runs) > MAX_REPORTED:
        more = len(runs) - MAX_REPORTED
        out.add(*_line_col(text, runs[MAX_REPORTED].start()), f"and {more:,} more runs of bytes that are not UTF-8",
                count=more)
    return None


def _scan(text: str, out: LoadedFile) -> None:
    """Problems at the exact line:col of characters YAML would misread or a terminal misshow."""
    def invisible(hit: re.Match) -> str:
        char = hit.group()
        what = "a carriage return without a line feed" if char == "\r" else f"the invisible or control character {char_name(char)}"
        return f"{what} is not allowed in data files; remove it"

    _report(text, out, _INVISIBLE.finditer(text), 0, invisible)
    _report(text, out, _FULLWIDTH_KEY.finditer(text), 2, lambda hit: (
        f"'{hit.group(1)}' is followed by a full-width colon '：' (U+FF1A); a YAML key ends with an ASCII ':'"))
    _report(text, out, _FULLWIDTH_INDENT.finditer(text), 1, lambda hit: (
        "a full-width space '\u3000' (U+3000) is used as indentation; indent with ASCII spaces"))


def _report(text: str, out: LoadedFile, hits, group: int, message) -> None:
    """One problem at each hit's group (the first MAX_REPORTED of them; the rest counted)."""
    more = 0
    for n, hit in enumerate(hits):
        if n < MAX_REPORTED:
            out.add(*_line_col(text, hit.start(group)), message(hit))
        elif n == MAX_REPORTED:
            line, column = _line_col(text, hit.start(group))
            more = 1
        else:
            more += 1
    if more:
        out.add(line, column, f"and {more:,} more like it", count=more)


class _Stop(Exception):
    """The file cannot be built further; the reason is already among its problems."""


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _number_problem(value: str) -> str | None:
    """Why a plain scalar that YAML 1.1 reads as a number is not one here, or None."""
    bare = value.lstrip("+-")
    sign = -1 if value.startswith("-") else 1
    try:
        if re.fullmatch(r"0[0-9_]+", bare) and re.fullmatch(r"[0-9_]+", bare):
            digits = bare.replace("_", "")
            octal = f" (YAML 1.1 reads it as octal {sign * int(digits, 8)})" if re.fullmatch(r"[0-7]+", digits) else ""
            return f"'{value}' has a leading zero{octal}: quote it, or write {sign * int(digits)}"
        if re.fullmatch(r"0[xX][0-9a-fA-F_]+", bare):
            return f"'{value}' is a hexadecimal number: quote it, or write {sign * int(bare[2:].replace('_', ''), 16)}"
        if re.fullmatch(r"0[oO][0-7_]+", bare):
            return f"'{value}' is an octal number: quote it, or write {sign * int(bare[2:].replace('_', ''), 8)}"
        if re.fullmatch(r"0[bB][01_]+", bare):
            return f"'{value}' is a binary number: quote it, or write {sign * int(bare[2:].replace('_', ''), 2)}"
        if re.fullmatch(r"[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", bare):
            total = 0.0
            for part in bare.split(":"):
                total = total * 60 + float(part.replace("_", ""))
            shown = int(total) if total.is_integer() else total
            return f"'{value}' is a sexagesimal number in YAML 1.1 ({sign * shown}): quote it, or write {sign * shown}"
        if "_" in bare and re.fullmatch(r"[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?", bare) and re.search(r"[0-9]", bare):
            plain = value.replace("_", "")
            return f"'{value}' has underscores: quote it, or write {plain}"
    except ValueError:
        return None
    if re.fullmatch(r"\.(?:nan|NaN|NAN)", value) or re.fullmatch(r"[-+]?\.(?:inf|Inf|INF)", value):
        return f"'{value}' is not a finite number: quote it if it is text"
    return None


def _resolve(value: str, event, out: LoadedFile, loc: Loc | None) -> object:
    """A plain scalar's value: null, true/false, a decimal integer, a finite float, a date, else text.
    A form that YAML 1.1 would read as another number is a problem (unless the value is discarded)."""
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[:1]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            number = float(value)
            if math.isfinite(number):
                return number
            problem = f"'{value}' is too large to be a finite number: quote it if it is text"
        else:
            problem = _number_problem(value)
        if problem:
            if loc is not None:
                out.add(*_mark(event), problem, loc)
                out.flagged.add(loc)
            return value
        match = _DATE.fullmatch(value)
        if match:  # YAML 1.1 reads an unquoted date as a date; the schema then says "quote it"
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                return value
        if _TIMESTAMP.fullmatch(value):
            try:
                return datetime.datetime.fromisoformat(value.replace("t", "T"))
            except ValueError:
                return value
    return value


_SCALAR, _SEQ_START, _SEQ_END = yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAP_START, _MAP_END, _ALIAS = yaml.MappingStartEvent, yaml.MappingEndEvent, yaml.AliasEvent


class _Frame:
    """An open mapping or sequence: its value, its path (None when it is being discarded) and,
    for a mapping, the key waiting for its value."""

    __slots__ = ("value", "loc", "key", "discard_next")

    def __init__(self, value, loc):
        self.value, self.loc, self.key, self.discard_next = value, loc, None, False


def _build(text: str, out: LoadedFile) -> object:
    """Build the document's value from parser events, without recursion; raise _Stop on what a
    data file may not hold."""
    stack: list[_Frame] = []
    documents = 0
    result = None
    budget = MAX_VALUES

    def refuse(event, message: str) -> None:
        out.add(*_mark(event), message)
        raise _Stop

    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is _ALIAS:
            refuse(event, f"an alias ('*{event.anchor}') is not allowed in data files; write the value out")
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                refuse(event, "a second YAML document ('---'); a data file holds one")
            continue
        if kind not in (_SCALAR, _SEQ_START, _MAP_START, _SEQ_END, _MAP_END):
            continue
        budget -= 1
        if budget < 0:
            refuse(event, f"more than {MAX_VALUES:,} values in one file; no data file needs that many")
        if getattr(event, "anchor", None) is not None:
            refuse(event, f"an anchor ('&{event.anchor}') is not allowed in data files; write the value out")
        if kind in (_SEQ_END, _MAP_END):
            frame = stack.pop()
            value = frame.value
        else:
            if getattr(event, "tag", None) is not None and not (kind is _SCALAR and event.tag == "!"):
                refuse(event, f"a YAML tag ('{event.tag}') is not allowed in data files; quote the value instead")
            parent = stack[-1] if stack else None
            if parent is not None and isinstance(parent.value, dict) and parent.key is None:
                # a mapping key: read as written, never as a YAML 1.1 boolean, number or date
                if kind is not _SCALAR:
                    refuse(event, "a mapping key must be plain text")
                key = event.value
                if parent.loc is not None:
                    key_loc = parent.loc + (key,)
                    if key in parent.value:
                        first = out.keys[key_loc][0]
                        out.add(*_mark(event), f"duplicate key '{key}' (first defined at line {first})", key_loc)
                        parent.discard_next = True
                    else:
                        out.keys[key_loc] = _mark(event)
                parent.key = key
                continue
            if parent is None:
                loc: Loc | None = ()
            elif parent.loc is None or parent.discard_next:
                loc = None
            elif isinstance(parent.value, dict):
                loc = parent.loc + (parent.key,)
            else:
                loc = parent.loc + (len(parent.value),)
            if loc is not None:
                out.values[loc] = _mark(event)
            if kind is _SCALAR:
                value = _resolve(event.value, event, out, loc) if event.implicit[0] else event.value
            else:
                if len(stack) >= MAX_DEPTH:
                    refuse(event, f"nested deeper than {MAX_DEPTH} levels; no record of the data needs more")
                stack.append(_Frame({} if kind is _MAP_START else [], loc))
                continue
        if not stack:
            result = value
            continue
        parent = stack[-1]
        if isinstance(parent.value, dict):
            if parent.discard_next:
                parent.discard_next = False
            elif parent.loc is not None:
                parent.value[parent.key] = value
            parent.key = None
        elif parent.loc is not None:
            parent.value.append(value)
    return result


def load_file(path: Path, display: str, raw: bytes | None = None) -> LoadedFile:
    """Load one YAML file (from raw, its bytes, when the caller has read them already: the same bytes
    it keyed a cache on); every reason it cannot be read becomes a located problem, never an exception."""
    out = LoadedFile(path=path, display=display)
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > MAX_FILE_BYTES:
            out.add(1, 1, f"the file is {size / 2**20:.1f} MB; data files are limited to {MAX_FILE_BYTES // 2**20} MB")
            out.failed = True
            return out
        raw = path.read_bytes() if raw is None else raw
    except OSError as exc:
        out.add(1, 1, f"cannot read: {exc.strerror or exc}")
        out.failed = True
        return out
    text = decode_utf8(raw, out)
    if text is not None:
        if text.startswith("\ufeff"):  # a BOM that a Windows editor put first is harmless
            text = text[1:]
        _scan(text, out)
    if out.problems:
        out.failed = True
        return out
    try:
        out.data = _build(text, out)
    except _Stop:
        out.failed, out.data = True, None
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        out.add(line, column, f"YAML syntax error: {message}")
        out.failed, out.data = True, None
        return out
    except yaml.YAMLError as exc:
        out.add(1, 1, f"YAML error: {exc}")
        out.failed, out.data = True, None
        return out
    if out.data is None and not out.values:
        out.add(1, 1, "file is empty")
        out.failed = True
    return out
