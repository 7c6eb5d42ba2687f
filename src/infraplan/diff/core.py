"""Comparing two knowledge bases: records added, removed and changed per kind, field by field.

The input is the catalogue data that validate.load_and_validate returns (plain dicts). Records
are keyed by id; a changed record lists each changed field (a dotted path) old → new, long text
as a short diff of the changed spans; a list of sub-records (a project's events, a sector's
figures) is summarised as counts ("2 added, 1 changed") before the changes inside its items.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from unicodedata import east_asian_width

# Kind -> (label, noun for one record). The order is the order of the output.
KINDS: dict[str, tuple[str, str]] = {
    "projects": ("Projects", "project"),
    "measures": ("Measures", "measure"),
    "actions": ("Sector actions", "sector action"),
    "sectors": ("Sectors", "sector"),
    "pillars": ("Pillars", "pillar"),
    "countries": ("Countries", "country"),
    "organizations": ("Organizations", "organization"),
    "chapter1": ("Chapter-1 sections", "chapter-1 section"),
    "headings": ("Headings", "heading"),
    "plan": ("Plan", "plan"),
}

LONG_TEXT = 40  # columns (a Japanese character takes two): longer text shows as its changed spans
CONTEXT = 16  # characters of unchanged text kept on each side of a change (at least one word)


@dataclass
class FieldChange:
    """A changed value at path (``stage``, ``events[1].date``); spans for long text, else None.

    spans: ("=", unchanged context, "…" where cut), ("-", removed text), ("+", added text).
    """

    path: str
    old: object
    new: object
    spans: list[tuple[str, str]] | None = None


@dataclass
class ListChange:
    """A list of sub-records at path whose items were added, removed or changed (or only reordered)."""

    path: str
    added: int
    removed: int
    changed: int

    def describe(self) -> str:
        parts = [f"{n} {what}" for n, what in ((self.added, "added"), (self.removed, "removed"),
                                                (self.changed, "changed")) if n]
        return ", ".join(parts) or "reordered"


Change = FieldChange | ListChange


@dataclass
class RecordChange:
    id: object
    title: str
    changes: list[Change]


@dataclass
class KindDiff:
    kind: str
    added: list[tuple[object, str]] = field(default_factory=list)  # (id, title)
    removed: list[tuple[object, str]] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def equal(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def describe(self) -> str:
        return ", ".join(f"{len(items)} {what}" for items, what in (
            (self.added, "added"), (self.removed, "removed"), (self.changed, "changed")) if items)


@dataclass
class KnowledgeBaseDiff:
    old: str  # the sides as the user named them
    new: str
    kinds: list[KindDiff]

    @property
    def equal(self) -> bool:
        return all(k.equal for k in self.kinds)

    @property
    def differing(self) -> list[KindDiff]:
        return [k for k in self.kinds if not k.equal]

    def totals(self) -> dict[str, int]:
        return {what: sum(len(getattr(k, what)) for k in self.kinds) for what in ("added", "removed", "changed")}


def records(data: dict) -> dict[str, dict[object, dict]]:
    """Kind -> id -> record. Sector actions are records of their own (with their sector's id), so a
    sector's own record leaves them out; the plan is one record."""
    by_id = lambda items: {item["id"]: item for item in items}  # noqa: E731
    return {
        "projects": by_id(data["projects"]),
        "measures": by_id(data["measures"]),
        "actions": {a["id"]: {"sector": s["id"], **a} for s in data["sectors"] for a in s["actions"]},
        "sectors": {s["id"]: {k: v for k, v in s.items() if k != "actions"} for s in data["sectors"]},
        "pillars": by_id(data["pillars"]),
        "countries": by_id(data["countries"]),
        "organizations": by_id(data["organizations"]),
        "chapter1": by_id(data["chapter1"]),
        "headings": by_id(data.get("outline", [])),  # a side from before outline.yaml has none
        "plan": {"plan": data["plan"]},
    }


def title(record: dict) -> str:
    """A record's English name, whatever its kind."""
    for key in ("name_en", "title_en"):
        if isinstance(record.get(key), str):
            return record[key]
    if isinstance(record.get("title"), dict):
        return str(record["title"].get("en", ""))
    return ""


def compare(old: dict, new: dict, old_label: str = "old", new_label: str = "new") -> KnowledgeBaseDiff:
    """The differences between two catalogues' data, kind by kind in the order of KINDS."""
    before, after = records(old), records(new)
    kinds = []
    for kind in KINDS:
        a, b = before[kind], after[kind]
        result = KindDiff(kind)
        result.removed = [(rid, title(a[rid])) for rid in a if rid not in b]
        result.added = [(rid, title(b[rid])) for rid in b if rid not in a]
        for rid in b:
            if rid in a and a[rid] != b[rid]:
                changes: list[Change] = []
                _compare(a[rid], b[rid], "", changes)
                result.changed.append(RecordChange(rid, title(b[rid]), changes))
        kinds.append(result)
    return KnowledgeBaseDiff(old_label, new_label, kinds)


def _join(path: str, key: object) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else str(key))


def _compare(old: object, new: object, path: str, out: list[Change]) -> None:
    if old == new and type(old) is type(new):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            _compare(old.get(key), new.get(key), _join(path, key), out)
    elif isinstance(old, list) and isinstance(new, list) and any(isinstance(v, dict) for v in old + new):
        _compare_items(old, new, path, out)
    else:
        out.append(FieldChange(path, old, new, text_spans(old, new)))


def _compare_items(old: list, new: list, path: str, out: list[Change]) -> None:
    pairs = _match(old, new)
    changed = [(i, j) for i, j in pairs if i is not None and j is not None and old[i] != new[j]]
    out.append(ListChange(path, sum(i is None for i, _ in pairs), sum(j is None for _, j in pairs), len(changed)))
    for i, j in changed:
        _compare(old[i], new[j], _join(path, j), out)


def _item_key(items: list) -> str | None:
    """The field that identifies these sub-records, if every one has a distinct value of it."""
    for key in ("id", "organization"):
        values = [item.get(key) if isinstance(item, dict) else None for item in items]
        if None not in values and len(set(map(str, values))) == len(values):
            return key
    return None


def _match(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index) of the same sub-record; None where it was added or removed.

    By id where sub-records have one; otherwise by their order, as difflib aligns them: an item
    replaced in place counts as changed, the surplus of a replaced run as added or removed.
    """
    key = _item_key(old) if old and new else None
    if key and _item_key(new) == key:
        where = {str(item[key]): i for i, item in enumerate(old)}
        pairs = [(where.get(str(item[key])), j) for j, item in enumerate(new)]
        found = {str(item[key]) for item in new}
        return pairs + [(i, None) for i, item in enumerate(old) if str(item[key]) not in found]
    canon = lambda items: [json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items]  # noqa: E731
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, canon(old), canon(new), autojunk=False).get_opcodes():
        common = min(i2 - i1, j2 - j1) if tag in ("equal", "replace") else 0
        pairs += [(i1 + k, j1 + k) for k in range(common)]
        pairs += [(i, None) for i in range(i1 + common, i2)]
        pairs += [(None, j) for j in range(j1 + common, j2)]
    return pairs


# Latin words (with inner apostrophes, hyphens, points and commas: "O&M" is three tokens, "1,600"
# one), runs of spaces, and every other character alone: Japanese has no spaces, so it is
# compared character by character and the changes merged into runs.
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.,-][A-Za-z0-9]+)*|\s+|.", re.S)


def text_spans(old: object, new: object) -> list[tuple[str, str]] | None:
    """The changed spans of two long texts with a little context, or None for short values."""
    if not (isinstance(old, str) and isinstance(new, str)) or max(_width(old), _width(new)) <= LONG_TEXT:
        return None
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops = _merge(SequenceMatcher(None, a, b, autojunk=False).get_opcodes(), a)
    spans: list[tuple[str, str]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            spans.append(("=", _context(a[i1:i2], first=n == 0, last=n == len(ops) - 1)))
            continue
        if i2 > i1:
            spans.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            spans.append(("+", "".join(b[j1:j2])))
    return spans


def _width(text: str) -> int:
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def _merge(ops: list[tuple], a: list[str]) -> list[tuple]:
    """Join two changes separated only by spaces or by one or two characters into one change, so
    that a rewritten phrase reads as one replacement rather than a comb of single characters."""
    out: list[list] = []
    for tag, i1, i2, j1, j2 in ops:
        if out and tag != "equal" and len(out) >= 2 and out[-2][0] != "equal" and out[-1][0] == "equal":
            between = "".join(a[out[-1][1]:out[-1][2]])
            if not between.strip() or len(between) <= 2:
                out.pop()
                out[-1] = ["replace", out[-1][1], i2, out[-1][3], j2]
                continue
        if out and tag != "equal" and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1], i2, out[-1][3], j2]
            continue
        out.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in out]


def _context(tokens: list[str], first: bool, last: bool) -> str:
    """Unchanged text around changes: the end of it before the first, the start after the last,
    both ends between two changes far apart; cut at token boundaries, marked with …."""
    text = "".join(tokens)
    if len(text) <= (CONTEXT if first or last else 2 * CONTEXT + 1):
        return text

    def take(seq: list[str]) -> list[str]:
        kept, size = [], 0
        for token in seq:
            if kept and size + len(token) > CONTEXT and "".join(kept).strip():
                break
            kept.append(token)
            size += len(token)
        return kept

    head = "" if first else "".join(take(tokens))
    tail = "" if last else "".join(reversed(take(tokens[::-1])))
    return f"{head}…{tail}"
