"""Where a name stands as a word in running text: the one rule for the consistency warnings
(a measure's text naming a country) and for the links a catalogue derives from names (an
organisation named after a country).

An ASCII name stands where it is not inside a longer ASCII word (JOIN is not in "joint"), in
capitals only if written in capitals (JOIN is not "join"); a name beginning or ending in
katakana where it is not inside a longer katakana word (タイ is not in タイプ). Pure Python, no
imports beyond the standard library: queries use it too.
"""

from __future__ import annotations

import functools
import re

KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")  # ァ…ヺ and ー, not the middle dot


@functools.lru_cache(maxsize=None)
def name_pattern(name: str) -> re.Pattern:
    """Where name stands as a word (see the module)."""
    pattern, flags = re.escape(name), 0
    if name.isascii():
        pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
        flags = 0 if name.isupper() else re.IGNORECASE
    else:
        if KATAKANA.match(name[0]):
            pattern = rf"(?<!{KATAKANA.pattern}){pattern}"
        if KATAKANA.match(name[-1]):
            pattern = rf"{pattern}(?!{KATAKANA.pattern})"
    return re.compile(pattern, flags)


def may_stand_in(name: str, text: str, folded: str | None = None) -> bool:
    """names_in's first, cheap test (a substring, in capitals or any case as name_pattern asks):
    False means name does not stand in text. folded: text.lower(), if at hand."""
    if name.isupper():
        return (name if name.isascii() else name.lower()) in text
    return name.lower() in (text.lower() if folded is None else folded)


def names_in(text: str, names: list[tuple[str, str, object]]) -> list[tuple[str, str, object]]:
    """(name, kind, id) of each name standing in text, longest first, none inside another that
    was found (names holds them longest first; a kind of "" only blocks: America in North America)."""
    taken = [False] * len(text)
    found = []
    folded = text.lower()
    for name, kind, record_id in names:
        if not may_stand_in(name, text, folded):
            continue
        for match in name_pattern(name).finditer(text):
            if any(taken[match.start():match.end()]):
                continue
            taken[match.start():match.end()] = [True] * (match.end() - match.start())
            if kind:
                found.append((name, kind, record_id))
    return found
