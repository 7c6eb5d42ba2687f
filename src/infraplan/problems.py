"""Problems found in data files, and the core's error types. Nothing here prints."""

from __future__ import annotations

import re
from typing import NamedTuple

Loc = tuple  # a record path: ("projects", 41, "country")

# Characters that hide, reorder or break text beyond the C0 controls: DEL and the C1 controls,
# zero-width and bidi-control characters, the line and paragraph separators, a stray BOM. One
# definition for the loader (refused in a file), the models (refused in a value), the renderers
# (stripped on output) and messages (escaped); each adds the C0 controls it refuses.
INVISIBLE = "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"

# What a message must not carry raw: line breaks and tabs too (a message is one line).
_UNSAFE = f"[\x00-\x1f{INVISIBLE}]"  # compiled on first use
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
    r"""text with every character that could break a line or fool a terminal written as an escape:
    ESC becomes \x1b, U+202E \u202e, a line break \n."""
    return re.sub(_UNSAFE, lambda m: _ESCAPES.get(m.group()) or (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                                          else f"\\u{ord(m.group()):04x}"), text)


def format_loc(loc: Loc) -> str:
    """("projects", 41, "country") -> "projects[41].country"."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Problem(NamedTuple):
    """One data problem, rendered as one greppable line: ``file:line:col: path: message``."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = "error"  # "warning": only `validate --strict` fails on it; "note": never counted
    count: int = 1  # how many problems the line stands for ("and 1,234 more problem(s) in this file")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if self.severity != "error":
            where += f": {self.severity}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return visible(text)  # data text (keys, values, ids) never breaks the line or moves the cursor

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def count_errors(problems: list[Problem]) -> int:
    return sum(p.count for p in problems if p.is_error)


class InfraplanError(Exception):
    """Base of the errors the CLI turns into an exit code and a message."""


class DataInvalid(InfraplanError):
    """The data directory holds problems; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the data")
        self.problems = problems


class DataMissing(InfraplanError):
    """The data directory does not exist or lacks a required file."""


class BadUsage(InfraplanError):
    """A request the command cannot carry out as given (an export over an existing file, say): exit 2."""


class UnknownValue(InfraplanError):
    """A value given by the user matches nothing; carries the closest valid values."""

    def __init__(self, what: str, value: str, suggestions: list[str], valid: list[str] | None = None):
        self.what, self.value, self.suggestions, self.valid = what, value, suggestions, valid or []
        super().__init__(self.describe())

    def describe(self) -> str:
        msg = f"unknown {self.what} '{visible(self.value)}'"
        if self.suggestions:
            msg += " (did you mean " + " or ".join(f"'{s}'" for s in self.suggestions) + "?)"
        if self.valid and (not self.suggestions or len(self.valid) <= 12):  # a short vocabulary: show it all
            msg += "; valid values: " + ", ".join(self.valid)
        return msg


class InvalidValue(UnknownValue):
    """A value given by the user has the right form but cannot be used (a day that does not
    exist, a range that ends before it starts): a usage error like an unknown value."""

    def __init__(self, what: str, message: str):
        self.message = message
        super().__init__(what, "", [])

    def describe(self) -> str:
        return visible(self.message)


class AmbiguousValue(UnknownValue):
    """A value given by the user names several records equally well; suggestions are the candidates."""

    def describe(self) -> str:
        return (f"'{visible(self.value)}' could be any of: " + ", ".join(self.suggestions)
                + "; give one as KIND:ID")


def closest(value: str, choices: list[str], limit: int = 3, cutoff: float = 60.0) -> list[str]:
    """The choices most like value, best first (rapidfuzz, imported only when needed)."""
    from rapidfuzz import fuzz, process, utils

    hits = process.extract(value, choices, scorer=fuzz.QRatio, processor=utils.default_process,
                           limit=limit, score_cutoff=cutoff)
    # Only the near-best: a clear winner is suggested alone, close calls together.
    return [choice for choice, score, _index in hits if score >= hits[0][1] - 5]
