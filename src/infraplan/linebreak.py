"""Line breaking for tables: where a cell's text may break, and how wide each column gets.

A line breaks at a space, or between two characters of Japanese text, never inside a run of
Latin letters, digits and signs (an id, a code, a date, a number, a slug, an English word) nor
between a number and the Japanese counter or unit after it (2022年, 30兆円); and
Japanese breaks follow the basic 禁則 rules: no line starts with a closing bracket, a comma or
full stop, a prolonged sound mark or a small kana (NO_START), and none ends with an opening
bracket (NO_END). Only a run wider than its whole column is cut, as a last resort. Widths are
terminal cells (a Japanese character is two), measured as Rich measures them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import not_
from typing import Callable

from rich.cells import cell_len as _rich_cell_len

# 行頭禁則: characters a line must not start with.
NO_START = frozenset(
    "、。，．,.:;!?！？）」』】〕〉》］｝〙〗〟’”)]}ー－‐゠–〜～・：；"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ"
)
# 行末禁則: characters a line must not end with.
NO_END = frozenset("（「『【〔〈《［｛〘〖〝‘“([{")

DASHES = ("–", "—", "-", "~", "～")


class _Cells(dict):
    """str.translate's table from a character to as many "x" as Rich counts it cells. Filled as
    characters are met."""

    def __missing__(self, code: int) -> str:
        value = "x" * _rich_cell_len(chr(code))
        self[code] = value
        return value


_CELLS = _Cells()


def cell_len(text: str) -> int:
    """The cells text takes in a terminal, as Rich's cell_len counts them: each character's summed
    (in one pass in C, rather than a call per string and per new character), or Rich's own count
    where a zero-width joiner or an emoji's variation selector joins characters."""
    if "\u200d" in text or "\ufe0f" in text:
        return _rich_cell_len(text)
    return len(text.translate(_CELLS))


@lru_cache(maxsize=4096)
def _wide(char: str) -> bool:
    """A character of Japanese text, which a line may break before or after (2 cells, or
    punctuation and brackets of the full-width forms)."""
    return cell_len(char) == 2 or "\u3000" <= char <= "\u30ff" or "\uff00" <= char <= "\uffef"


def clusters(paragraph: str, hyphens: bool = False, spaces: bool = False) -> list[str]:
    return list(_clusters(paragraph, hyphens, spaces))


class _Classes(dict):
    """str.translate's table from a character to its class as _CLUSTER reads it: " " for white
    space, else a letter whose bits say wide (1), NO_END (2), NO_START (4), ASCII digit (8).
    Filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char.isspace():
            value = " "
        else:
            value = chr(65 + _wide(char) + 2 * (char in NO_END) + 4 * (char in NO_START) + 8 * ("0" <= char <= "9"))
        self[code] = value
        return value


_CLASSES = _Classes()


def _letters(test) -> str:
    return "".join(chr(65 + mask) for mask in range(16) if test(mask))


# A cluster over the classes: white space, or a character followed by each one that may not be
# parted from the one before it (_breakable, as a pattern): after a NO_END mark or a digit any;
# a NO_START mark always; two narrow characters together.
_CLUSTER = re.compile(" +|[A-P](?:(?<=[%s])[A-P]|[%s]|(?<=[%s])[%s])*" % (
    _letters(lambda m: m & 2 or m & 8), _letters(lambda m: m & 4), _letters(lambda m: not m & 1),
    _letters(lambda m: not m & 1)))
_WORD = re.compile(r"\s+|\S+")
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=1 << 16)  # a table measures each cell several times (a long one has tens of thousands)
def _clusters(paragraph: str, hyphens: bool, spaces: bool) -> tuple[str, ...]:
    """The paragraph cut where a line may break: runs of white space, and runs of characters
    between which no break is allowed (a Latin word; a Japanese character with the marks that
    may not be parted from it). With hyphens, also after the hyphen of a compound English word
    (government-to-government), for prose too narrow for its longest word. With spaces, only
    at white space: a code, a date or a figure with a Japanese unit (≈30 兆円/年) stays whole."""
    out = _cut(paragraph, hyphens, spaces)
    if not _SPACE.search(paragraph):  # (most Japanese text): nothing to join
        return tuple(out)
    # No break at a space before a mark no line may start with, or after one no line may end with;
    # with spaces, a dash between two words (2022-05 – 2022-07) stays with the first.
    for i in range(len(out) - 2, 0, -1):
        if out[i].isspace() and i + 1 < len(out) and (
                out[i + 1][0] in NO_START or out[i - 1][-1] in NO_END or (spaces and out[i + 1] in DASHES)):
            out[i - 1:i + 2] = [out[i - 1] + out[i] + out[i + 1]]
    return tuple(out)


def _cut(paragraph: str, hyphens: bool, spaces: bool) -> list[str]:
    """_char_by_char's cut, by a pattern (a character at a time in Python was most of a long
    table's layout)."""
    if spaces:
        out = _WORD.findall(paragraph)
    else:
        ends = list(accumulate(map(len, _CLUSTER.findall(paragraph.translate(_CLASSES)))))
        out = list(map(paragraph.__getitem__, map(slice, [0] + ends, ends)))
    if hyphens and "-" in paragraph:  # the breaks after hyphens fall inside those clusters
        out = [piece for cluster in out for piece in _after_hyphens(cluster)]
    return out


def _after_hyphens(cluster: str) -> list[str]:
    """The cluster cut after each hyphen of a compound word (_after_hyphen, from the last cut)."""
    pieces, start = [], 0
    for i in range(2, len(cluster)):
        if cluster[i - 1] == "-" and i - start >= 3 and cluster[i - 2].isalpha() and cluster[i].isalpha():
            pieces.append(cluster[start:i])
            start = i
    return pieces + [cluster[start:]] if pieces else [cluster]


def _char_by_char(paragraph: str, hyphens: bool, spaces: bool) -> list[str]:
    """The cut (before the marks around spaces are joined), a character at a time."""
    out: list[str] = []
    for char in paragraph:
        if char.isspace():
            if out and out[-1].isspace():
                out[-1] += char
            else:
                out.append(char)
            continue
        if out and not out[-1].isspace() and (spaces or not _breakable(out[-1][-1], char)) \
                and not (hyphens and _after_hyphen(out[-1], char)):
            out[-1] += char
        else:
            out.append(char)
    return out


def _after_hyphen(before: str, after: str) -> bool:
    return len(before) >= 3 and before[-1] == "-" and before[-2].isalpha() and after.isalpha()


def _breakable(before: str, after: str) -> bool:
    """May a line break between these two adjacent (non-space) characters?"""
    if before in NO_END or after in NO_START:
        return False
    if "0" <= before <= "9":  # a number keeps its counter or unit: 2022年, 30兆円
        return False
    return _wide(before) or _wide(after)


def wrap(text: str, width: int, hyphens: bool = False, spaces: bool = False) -> list[str]:
    """text as lines of at most width cells (line breaks in text kept), broken as the module says
    (with hyphens: after a compound word's hyphens too; with spaces: only at white space); no
    line ends or starts with white space. A two-cell character is a line of its own at width 1."""
    return wrap_cells(text, width, hyphens, spaces)[0]


def wrap_cells(text: str, width: int, hyphens: bool = False, spaces: bool = False) -> tuple[list[str], list[int]]:
    """wrap's lines, and the cells each takes.

    Greedy, as a cluster at a time would fill lines (a space between two clusters on a line is
    one " "; none starts or ends a line), but a line at a time: the clusters' cells summed from
    the paragraph's start (spaces as 1), the furthest that fits found by bisection."""
    width = max(1, width)
    lines: list[str] = []
    cells: list[int] = []
    for paragraph in text.split("\n"):
        runs, space, ends = _runs(paragraph, hyphens, spaces)
        line, used, i, n = "", 0, 0, len(runs)
        while i < n:
            if space[i] and (not line or i + 1 == n):  # no line starts or ends with a space
                i += 1
                continue
            end = bisect_right(ends, ends[i] + width - used, i) - 1  # runs i..end-1 fit
            if end > i and space[end - 1]:  # nor ends with one
                end -= 1
            if end > i:
                line += "".join(runs[i:end])
                used += ends[end] - ends[i]
                i = end
            elif line:  # what follows does not fit: a new line (a space between goes)
                lines.append(line)
                cells.append(used)
                line, used = "", 0
                i += space[i]
            else:  # a cluster wider than the column, at a line's start: cut, as a last resort
                *pieces, line = _fold(runs[i], width)
                lines += pieces
                cells += map(cell_len, pieces)
                used = cell_len(line)
                i += 1
        lines.append(line)
        cells.append(used)
    return lines, cells


@lru_cache(maxsize=1 << 16)
def _runs(paragraph: str, hyphens: bool, spaces: bool) -> tuple[tuple[str, ...], tuple[bool, ...], list[int]]:
    """The paragraph's clusters with each white space run as " ", which are spaces, and their
    cells summed from the start (ends[k]: of the first k; a space counts 1)."""
    out = _clusters(paragraph, hyphens, spaces)
    space = tuple(map(str.isspace, out))
    sizes = _sizes(paragraph, hyphens, spaces)
    if any(space):
        sizes = [1 if is_space else size for is_space, size in zip(space, sizes)]
        out = tuple(" " if is_space else c for is_space, c in zip(space, out))
    return out, space, [0, *accumulate(sizes)]


def _fold(cluster: str, width: int) -> list[str]:
    pieces, piece = [], ""
    for char in cluster:
        if piece and cell_len(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece] if piece else pieces


@lru_cache(maxsize=1 << 16)
def longest_cluster(text: str, hyphens: bool = False, spaces: bool = False) -> int:
    """The width of the widest run text cannot be broken inside: the narrowest a column holding
    it can be without cutting a word (with hyphens and spaces: as for wrap)."""
    return max((max(compress(_sizes(line, hyphens, spaces), map(not_, map(str.isspace, _clusters(line, hyphens, spaces)))),
                    default=0) for line in text.split("\n")), default=0)


@lru_cache(maxsize=1 << 16)
def _sizes(paragraph: str, hyphens: bool, spaces: bool) -> tuple[int, ...]:
    """The cells of each of the paragraph's clusters."""
    out = _clusters(paragraph, hyphens, spaces)
    if "\u200d" in paragraph or "\ufe0f" in paragraph:
        return tuple(map(cell_len, out))
    return tuple(map(len, map(str.translate, out, repeat(_CELLS))))


def widest_line(text: str) -> int:
    if "\n" not in text:
        return cell_len(text.strip())
    return max(cell_len(line.strip()) for line in text.split("\n"))


# -- column widths --------------------------------------------------------------------------------

TEXT_COMFORT = 36  # text columns give up their width down to this before ids and codes wrap at all
TEXT_FLOOR = 24  # and below this only once ids and codes are at their narrowest


def fit(natural: list[int], minimum: list[int], token: list[bool], available: int,
        hyphenated: list[int] | Callable[[], list[int]] | None = None) -> list[int]:
    """Column widths summing to at most `available` (when it can be done at all).

    natural: each column's width unwrapped; minimum: its longest unbreakable run; token: whether
    it holds ids, codes, dates, numbers or slugs; hyphenated: a text column's longest run when
    compound words may break after their hyphens. Columns narrow widest first, in stages: text
    columns to TEXT_COMFORT; token columns to their minimum (a list of ids wraps between them);
    text columns to TEXT_FLOOR, to their minimum, to their hyphenated minimum, then below it
    (cutting words); token columns are cut last of all. hyphenated may be a function giving it,
    called only if that stage is reached (measuring every cell again costs)."""
    widths = list(natural)
    text = [i for i, tok in enumerate(token) if not tok]
    tokens = [i for i, tok in enumerate(token) if tok]
    ones = [1] * len(widths)
    stages = [
        (text, [min(n, max(m, TEXT_COMFORT)) for n, m in zip(natural, minimum)]),
        (tokens, minimum),
        (text, [min(n, max(m, TEXT_FLOOR)) for n, m in zip(natural, minimum)]),
        (text, minimum),
        (text, hyphenated or minimum),
        (text, ones),
        (tokens, ones),
    ]
    for columns, floors in stages:
        excess = sum(widths) - available
        if excess <= 0:
            break
        widths = _narrow(widths, columns, floors() if callable(floors) else floors, excess)
    return widths


def _narrow(widths: list[int], columns: list[int], floors: list[int], excess: int) -> list[int]:
    """Take `excess` cells off the given columns, a cell at a time from the widest above its floor
    (the rightmost of equals first)."""
    widths = list(widths)
    while excess > 0:
        candidates = [i for i in columns if widths[i] > floors[i]]
        if not candidates:
            break
        top = max(widths[i] for i in candidates)
        widest = [i for i in candidates if widths[i] == top]
        # The widest come down together, round by round, as far as the next width or a floor of
        # theirs: a step for as many rounds at once (a cell at a time was a loop per cell).
        level = max([widths[i] for i in candidates if widths[i] < top] + [floors[i] for i in widest])
        rounds = min(top - level, excess // len(widest))
        if rounds:
            for i in widest:
                widths[i] -= rounds
            excess -= rounds * len(widest)
        else:  # not a cell for each: the rightmost take one
            for i in widest[len(widest) - excess:]:
                widths[i] -= 1
            excess = 0
    return widths
