"""How what users type is compared with the records' names and ids: one rule for every lookup."""

from __future__ import annotations

import re
import unicodedata

_IGNORED = re.compile(r"[\s\-_.・･'’]+")


def lookup_key(value: str) -> str:
    """How a typed name is compared: NFKC, case-folded, without spaces, hyphens or dots."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", value).casefold())


def section_key(section_id: str) -> tuple[int, ...]:
    """'2.3.1.10' -> (2, 3, 1, 10): the plan's order, not the string's."""
    return tuple(int(part) for part in section_id.split("."))
