"""The store's search index: which documents a term may hit, so that a search reads only those.

search.search() ranks a corpus (search.Listed: documents in memory). `Index` is the same corpus
over the store: it answers each question from tables written with the store, naming a superset
of the documents that hit (never fewer: the ranking, scores and snippets are the same as over
every document), and reads only those documents. Before trying its patterns, a term tests that a
lower-cased text holds one of its probes (search._Term.probes); so the index is of substrings:

- store_search_words: every run of ASCII characters other than white space (a "chunk": `rail`,
  `(o&m)`, `2022.`) in the lower-cased texts of the documents, with the documents that hold it
  and the kinds they are of. An ASCII probe stands inside one chunk, so the documents that may
  hold it are those of the chunks that contain it (SQLite's instr over a table of distinct
  chunks, which grows with the vocabulary, not with the records). The typos' vocabulary is the
  English words of the chunks of the kinds searched.
- store_search_grams: every pair of neighbouring characters of which one is non-ASCII (Japanese
  has no word boundaries) with the documents that hold it: a probe of two characters or more
  stands only in the documents that hold all its pairs, one character in those of the pairs
  that contain it (a text of one character is a gram of its own).
- store_search_labels: every name's lookup key (for a name the term writes as one word:
  `hochiminh`), and every Japanese name (for a misspelt Japanese term, compared with each).
- store_search_keys: the exact keys (a whole query that is a name, code, id or alias).

Documents are numbered by their position in search.documents(); a posting list is the positions
as 32-bit integers with its CRC-32. Anything read that does not check raises Broken: the
catalogue validates afresh and the search continues over the documents in memory, which have
the same positions.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections import defaultdict
from operator import add

from infraplan.indexed.file import Broken, _blob, decode
from infraplan.vocab import RECORD_KINDS

_CHUNK = re.compile(r"[^\s\x80-\U0010ffff]+")  # a run of ASCII characters other than white space
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_IN = 500  # positions per IN (...)

SCHEMA = """
CREATE TABLE store_search (position INTEGER PRIMARY KEY, kind TEXT NOT NULL, row BLOB NOT NULL,
    crc INTEGER NOT NULL);
CREATE TABLE store_search_keys (key TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (key, position)) WITHOUT ROWID;
CREATE TABLE store_search_words (chunk TEXT PRIMARY KEY, kinds INTEGER NOT NULL, positions BLOB NOT NULL,
    crc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_search_grams (gram TEXT PRIMARY KEY, positions BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_search_labels (position INTEGER NOT NULL, kind TEXT NOT NULL, compact TEXT NOT NULL,
    japanese TEXT);
"""


def grams(text: str) -> set[str]:
    """Every pair of neighbours in text of which one is non-ASCII; a text of one character, itself.
    (Every character of a longer text is in a pair: the documents that hold a character are those
    of the grams that contain it. Single characters are not indexed: one that is in most texts,
    as の is, would cost more to write than it saves the rare query of one character.)"""
    if len(text) == 1:
        return set() if text.isascii() else {text}
    found: set[str] = set()
    for run in _NON_ASCII.finditer(text):
        around = text[max(run.start() - 1, 0):run.end() + 1]
        found.update(map(add, around, around[1:]))
    return found


def _piece(probe: str) -> str | None:
    """What of an ASCII probe a chunk holding it must contain: its longest chunk (None: none)."""
    return max(_CHUNK.findall(probe), key=len, default=None)


def _probe_grams(probe: str) -> set[str]:
    """The grams that a text holding a non-ASCII probe of two characters or more holds (all of them)."""
    return {probe[i:i + 2] for i in range(len(probe) - 1) if not probe[i:i + 2].isascii()}


def _kind_bit(kind: str) -> int:
    return 1 << RECORD_KINDS.index(kind)


def _postings(positions: array) -> tuple[bytes, int]:
    blob = positions.tobytes()
    return blob, zlib.crc32(blob)


def write(db, docs: list) -> None:
    """Write the search tables of docs (search.documents(), in order) into db (an open store being written)."""
    from infraplan.catalogue import lookup_key

    db.executescript(SCHEMA)
    db.executemany("INSERT INTO store_search VALUES (?, ?, ?, ?)",
                   ((i, doc.kind, *_blob(doc.row())) for i, doc in enumerate(docs)))
    db.executemany("INSERT OR IGNORE INTO store_search_keys VALUES (?, ?)", _search_keys(docs))
    chunks: dict[str, array] = defaultdict(lambda: array("I"))
    chunk_kinds: dict[str, int] = defaultdict(int)
    gram_postings: dict[str, array] = defaultdict(lambda: array("I"))
    seen: dict[str, tuple[frozenset, frozenset]] = {}  # a text's chunks and grams (names recur: countries, sectors)
    labels = []
    for position, doc in enumerate(docs):
        bit = _kind_bit(doc.kind)
        doc_chunks: set[str] = set()
        doc_grams: set[str] = set()
        for text in doc.lowered():
            if text not in seen:
                seen[text] = (frozenset(_CHUNK.findall(text)), frozenset(grams(text)))
            doc_chunks.update(seen[text][0])
            doc_grams.update(seen[text][1])
        for chunk in doc_chunks:
            chunks[chunk].append(position)
            chunk_kinds[chunk] |= bit
        for gram in doc_grams:
            gram_postings[gram].append(position)
        labels += [(position, doc.kind, lookup_key(text), None if text.isascii() else text) for text in doc.label_text]
    db.executemany("INSERT INTO store_search_words VALUES (?, ?, ?, ?)",
                   ((chunk, chunk_kinds[chunk], *_postings(positions)) for chunk, positions in chunks.items()))
    db.executemany("INSERT INTO store_search_grams VALUES (?, ?, ?)",
                   ((gram, *_postings(positions)) for gram, positions in gram_postings.items()))
    db.executemany("INSERT INTO store_search_labels VALUES (?, ?, ?, ?)", labels)


def _search_keys(docs):
    """(lookup key, position) for each document's exact keys (Document.keys: [key, weight, original]),
    which are what search.resolve matches a name by before it searches."""
    for position, doc in enumerate(docs):
        for entry in getattr(doc, "keys", None) or ():
            if isinstance(entry, (list, tuple)) and entry and isinstance(entry[0], str):
                yield entry[0], position


def _positions(blob: object, crc: object) -> array:
    if not isinstance(blob, bytes) or zlib.crc32(blob) != crc or len(blob) % 4:
        raise Broken("a posting list does not check")
    positions = array("I")
    positions.frombytes(blob)
    return positions


class Index:
    """The search corpus over a StoredCatalogue's store (see search.Listed for what each question
    means), narrowed to kinds; once the store turns out broken, over the documents in memory."""

    def __init__(self, cat, kinds: list[str] | None = None):
        self._cat, self._kinds = cat, list(kinds) if kinds else None
        self._documents: list | None = None

    def narrowed(self, kinds: list[str] | None) -> Index:
        return Index(self._cat, kinds)

    def _memory(self) -> list:
        """Every document, made from the catalogue in memory once the store turned out broken (the
        same documents at the same positions: the store was written from them)."""
        if self._documents is None:
            from infraplan.search import documents

            self._documents = documents(self._cat)
        return self._documents

    def _wants(self, kind: str) -> bool:
        return self._kinds is None or kind in self._kinds

    def _ask(self, stored, fallback):
        return self._cat._guard(stored, fallback)

    def _of_kinds(self) -> tuple[str, list]:
        """An SQL condition on the column kind, and its arguments."""
        if self._kinds is None:
            return "1", []
        return f"kind IN ({', '.join('?' * len(self._kinds))})", list(self._kinds)

    # -- the questions search() asks --------------------------------------------------------------

    def candidates(self, probes: tuple[str, ...], joined: str | None) -> set[int] | None:
        def stored() -> set[int] | None:
            found: set[int] = set()
            for probe in probes:
                holding = self._holding(probe)
                if holding is None:
                    return None
                found |= holding
            if joined:
                found.update(p for (p,) in self._cat._rows(
                    "SELECT DISTINCT position FROM store_search_labels WHERE instr(compact, ?) > 0", [joined]))
            return found

        return self._ask(stored, lambda: None)

    def _holding(self, probe: str) -> set[int] | None:
        """The positions of the documents that may hold probe in a lower-cased text (None: any)."""
        found: set[int] = set()
        if probe.isascii():
            piece = _piece(probe)
            if piece is None:  # white space only, or nothing: in every text
                return None
            for blob, crc in self._cat._rows("SELECT positions, crc FROM store_search_words "
                                             "WHERE instr(chunk, ?) > 0", [piece]):
                found.update(_positions(blob, crc))
            return found
        if len(probe) == 1:  # the documents of the grams that contain it
            for blob, crc in self._cat._rows("SELECT positions, crc FROM store_search_grams "
                                             "WHERE instr(gram, ?) > 0", [probe]):
                found.update(_positions(blob, crc))
            return found
        wanted = _probe_grams(probe)
        rows = self._cat._rows(f"SELECT positions, crc FROM store_search_grams WHERE gram IN "
                               f"({', '.join('?' * len(wanted))})", list(wanted))
        if len(rows) < len(wanted):  # a pair that no text holds
            return found
        lists = sorted((_positions(blob, crc) for blob, crc in rows), key=len)
        found.update(lists[0])
        for positions in lists[1:]:
            found.intersection_update(positions)
        return found

    def exact(self, key: str) -> set[int] | None:
        return self._ask(lambda: {p for (p,) in self._cat._rows(
            "SELECT position FROM store_search_keys WHERE key = ?", [key])}, lambda: None)

    def typo_candidates(self, term) -> set[int] | None:
        def stored() -> set[int]:
            from rapidfuzz import fuzz

            from infraplan.search import typo_in_name

            where, args = self._of_kinds()
            return {p for p, name in self._cat._rows(
                f"SELECT position, japanese FROM store_search_labels WHERE japanese IS NOT NULL AND {where}", args)
                if isinstance(name, str) and typo_in_name(term, name, fuzz) is not None}

        return self._ask(stored, lambda: None)

    def vocabulary(self) -> list[str]:
        from infraplan.search import _WORD

        def stored() -> list[str]:
            wanted = sum(map(_kind_bit, self._kinds)) if self._kinds else -1
            words: set[str] = set()
            for chunk, kinds in self._cat._rows("SELECT chunk, kinds FROM store_search_words"):
                if not isinstance(chunk, str) or not isinstance(kinds, int):
                    raise Broken("a chunk of the search index does not check")
                if kinds & wanted:
                    words.update(_WORD.findall(chunk))
            return sorted(words)

        def in_memory() -> list[str]:
            from infraplan.search import _vocabulary

            return _vocabulary([d for d in self._memory() if self._wants(d.kind)])

        return self._ask(stored, in_memory)

    def load(self, positions: set[int] | None) -> dict:
        from infraplan.search import Document

        def stored() -> dict:
            where, args = self._of_kinds()
            rows = []
            if positions is None:
                rows = self._cat._rows(f"SELECT position, row, crc FROM store_search WHERE {where}", args)
            else:
                ordered = sorted(positions)
                for start in range(0, len(ordered), _IN):
                    some = ordered[start:start + _IN]
                    rows += self._cat._rows(f"SELECT position, row, crc FROM store_search WHERE {where} AND "
                                            f"position IN ({', '.join('?' * len(some))})", [*args, *some])
            try:
                return {position: Document.from_row(decode(blob, crc)) for position, blob, crc in rows}
            except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a row of another layout
                raise Broken(str(exc)) from None

        return self._ask(stored, lambda: {i: d for i, d in enumerate(self._memory()) if self._wants(d.kind)
                                          and (positions is None or i in positions)})
