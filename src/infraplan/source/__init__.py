"""The plan's source text: its lines, and its normalised form with an index back to those lines.

Quotations are compared as the shared fidelity tool compares them: Unicode NFKC, every white-space
character removed, lines holding only a page number ignored. The text is normalised once, line by
line, and each line's offset in the normalised text is kept, so that a match found there maps back
to the line it came from. Nothing here prints.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from pathlib import Path

SOURCE_FILE = "source/action-plan-2023.txt"  # inside the data folder; ships with it in the wheel
QUOTED_KEYS = ("name_ja", "title_ja", "overview_ja", "status_ja", "text_ja", "quote_ja")

_SPACE = re.compile(r"\s+")
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,3}\s*$")


def normalise(text: str) -> str:
    """NFKC with every white-space character removed: how a quotation and the plan are compared."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def source_path(data_dir: Path) -> Path:
    return data_dir / SOURCE_FILE


class PlanText:
    """The plan's lines (1-based) and their normalised concatenation, page-number lines left out."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        parts: list[str] = []
        self._starts: list[int] = []  # normalised offset where each line starts; one more for the end
        offset = 0
        for line in lines:
            self._starts.append(offset)
            if not _PAGE_NUMBER_LINE.match(line):
                part = normalise(line)
                parts.append(part)
                offset += len(part)
        self._starts.append(offset)
        self.text = "".join(parts)

    @classmethod
    def read(cls, path: Path) -> PlanText:
        return cls(path.read_text(encoding="utf-8").splitlines())

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The normalised text of lines first..last (1-based, inclusive) as [start, end) offsets."""
        return self._starts[first - 1], self._starts[last]

    def covered(self, first: int, last: int) -> tuple[int, int]:
        """What a record's lines first..last cover: their span, and, when the last line leaves a
        sentence unfinished (the PDF wraps sentences across lines, blank lines and page breaks),
        the rest of that sentence up to its 。, if that lies within the next line of text."""
        start, end = self.span(first, last)
        if end == 0 or self.text[end - 1] == "。":
            return start, end
        following = next((n for n in range(last + 1, len(self.lines) + 1) if self._starts[n] > self._starts[n - 1]), None)
        if following is None:
            return start, end
        stop = self.text.find("。", end, self._starts[following])
        return start, (stop + 1 if stop >= 0 else end)

    def line_at(self, offset: int) -> int:
        """The 1-based line that holds the normalised character at offset."""
        return min(bisect_right(self._starts, offset, 0, len(self.lines)), len(self.lines))

    def passage(self, first: int, last: int) -> list[tuple[int, str]]:
        """Lines first..last as (number, text), trailing white space dropped."""
        return [(n, self.lines[n - 1].rstrip()) for n in range(first, last + 1)]

    def closest(self, needle: str) -> tuple[int, str] | None:
        """The line and normalised text of the stretch of the plan most like needle (already
        normalised), found through needle's rarest 4-grams; None if nothing is at least half alike."""
        import difflib

        if len(needle) < 4:
            return None
        text = self.text
        grams = {needle[i:i + 4] for i in range(len(needle) - 3)}
        best, best_at, best_ratio = "", 0, 0.0
        for gram in sorted(grams, key=lambda g: (text.count(g), g))[:6]:
            start = text.find(gram)
            while start != -1 and best_ratio <= 0.97:
                lo = max(0, start - needle.find(gram))
                window = text[lo:lo + len(needle)]
                ratio = difflib.SequenceMatcher(None, needle, window, autojunk=False).ratio()
                if ratio > best_ratio:
                    best, best_at, best_ratio = window, lo, ratio
                start = text.find(gram, start + 1)
        return (self.line_at(best_at), best) if best_ratio >= 0.5 else None
