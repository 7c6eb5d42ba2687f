"""The store's search index: which documents a term may hit, so that a search reads only those.

search.search() ranks a corpus (search.Listed: documents in memory). `Index` is the same corpus
over the store: it answers each question from tables written with the store, naming a superset
of the documents that a term hits (never fewer: the ranking, scores and snippets are those over
every document), and reads only those documents. A term hits a text only where the text,
lower-cased, holds one of its probes (search._Term.probes: a word's stem, a phrase's first word,
a Japanese term); the index is of what the probes can be found in:

- store_search_words: every run of ASCII characters other than white space (a chunk: `rail`,
  `(o&m)`, `2022.`) in the lower-cased texts of the documents, with the documents that hold it;
  the list of them (store_search_lists "chunks") grows with the vocabulary, not with the
  records. An ASCII probe stands inside a chunk. An English word's match starts where its probe
  stands, after no letter or digit (_BEFORE), so for such a probe only the chunks holding it
  there count (`om` is not in "from"), except in a document whose text has a character that
  lower-cases to other ASCII (İ, K) or that IGNORECASE takes for a letter (ı, ſ): those
  (store_search_lists "irregular", usually none) are always candidates.
- store_search_lists "words KIND": the English words of each kind's documents, what a misspelt
  English term is compared with.
- store_search_grams: every pair of neighbouring characters of which one is non-ASCII (Japanese
  has no word boundaries), with the documents that hold it: a probe of two characters or more
  stands only in the documents that hold all its pairs, one character in those of the pairs that
  contain it (a text of one character is a gram of its own).
- store_search_names: every distinct name (normalised) with its lookup key (for a name that a
  term writes as one word: `hochiminh`), the kinds and documents that have it; a misspelt
  Japanese term is compared with each Japanese name.
- store_search_keys: the exact keys (a whole query that is a name, code, id or alias).

Documents are numbered by their position in search.documents(); a posting list is the positions
as 32-bit integers, and every list and blob has its CRC-32. Anything read that does not check
raises Broken: the catalogue validates afresh and the search goes on over the documents in
memory, which have the same positions.
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
_IRREGULAR = frozenset("\u0130\u0131\u017f\u212a")  # İ ı ſ K: see the module's docstring
_IN = 500  # values per IN (...)

SCHEMA = """
CREATE TABLE store_search (position INTEGER PRIMARY KEY, kind TEXT NOT NULL, row BLOB NOT NULL,
    crc INTEGER NOT NULL);
CREATE TABLE store_search_keys (key TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (key, position)) WITHOUT ROWID;
CREATE TABLE store_search_words (chunk TEXT PRIMARY KEY, positions BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_search_grams (gram TEXT PRIMARY KEY, positions BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_search_names (name TEXT PRIMARY KEY, compact TEXT NOT NULL, japanese INTEGER NOT NULL,
    kinds INTEGER NOT NULL, positions BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE store_search_lists (name TEXT PRIMARY KEY, lines BLOB NOT NULL, crc INTEGER NOT NULL) WITHOUT ROWID;
"""


def grams(text: str) -> set[str]:
    """Every pair of neighbours in text of which one is non-ASCII; a text of one character, itself.
    (Every character of a longer text is in a pair. Single characters are not indexed: one that is
    in most texts, as の is, would cost more to write than it saves the rare query of one.)"""
    if len(text) == 1:
        return set() if text.isascii() else {text}
    found: set[str] = set()
    for run in _NON_ASCII.finditer(text):
        around = text[max(run.start() - 1, 0):run.end() + 1]
        found.update(map(add, around, around[1:]))
    return found


def _irregular(doc) -> bool:
    """Whether a text of doc lower-cases to another length or has a letter that IGNORECASE takes
    for ASCII: where an English word's match may start elsewhere than after a non-alphanumeric."""
    texts = [*doc.label_text, doc.text.text, doc.context_text.text]
    return any(len(t.lower()) != len(t) or not _IRREGULAR.isdisjoint(t) for t in texts)


def _kind_bit(kind: str) -> int:
    return 1 << RECORD_KINDS.index(kind)


def _postings(positions: array) -> tuple[bytes, int]:
    blob = positions.tobytes()
    return blob, zlib.crc32(blob)


def _lines(lines) -> tuple[bytes, int]:
    blob = "\n".join(lines).encode("utf-8")
    return blob, zlib.crc32(blob)


def write(db, docs: list) -> None:
    """Write the search tables of docs (search.documents(), in order) into db (a store being written)."""
    from infraplan.catalogue import lookup_key
    from infraplan.search import _WORD

    db.executescript(SCHEMA)
    db.executemany("INSERT INTO store_search VALUES (?, ?, ?, ?)",
                   ((i, doc.kind, *_blob(doc.row())) for i, doc in enumerate(docs)))
    db.executemany("INSERT OR IGNORE INTO store_search_keys VALUES (?, ?)", _search_keys(docs))
    chunks: dict[str, array] = defaultdict(lambda: array("I"))
    kind_chunks: dict[str, set[str]] = defaultdict(set)
    gram_postings: dict[str, array] = defaultdict(lambda: array("I"))
    names: dict[str, array] = defaultdict(lambda: array("I"))
    name_kinds: dict[str, int] = defaultdict(int)
    irregular = []
    seen: dict[str, tuple[frozenset, frozenset]] = {}  # a text's chunks and grams (names recur: countries, sectors)
    for position, doc in enumerate(docs):
        doc_chunks: set[str] = set()
        doc_grams: set[str] = set()
        for text in doc.lowered():
            if text not in seen:
                seen[text] = (frozenset(_CHUNK.findall(text)), frozenset(grams(text)))
            doc_chunks.update(seen[text][0])
            doc_grams.update(seen[text][1])
        kind_chunks[doc.kind].update(doc_chunks)
        for chunk in doc_chunks:
            chunks[chunk].append(position)
        for gram in doc_grams:
            gram_postings[gram].append(position)
        for name in dict.fromkeys(doc.label_text):
            names[name].append(position)
            name_kinds[name] |= _kind_bit(doc.kind)
        if _irregular(doc):
            irregular.append(position)
    db.executemany("INSERT INTO store_search_words VALUES (?, ?, ?)",
                   ((chunk, *_postings(positions)) for chunk, positions in chunks.items()))
    db.executemany("INSERT INTO store_search_grams VALUES (?, ?, ?)",
                   ((gram, *_postings(positions)) for gram, positions in gram_postings.items()))
    db.executemany("INSERT INTO store_search_names VALUES (?, ?, ?, ?, ?, ?)",
                   ((name, lookup_key(name), int(not name.isascii()), name_kinds[name], *_postings(positions))
                    for name, positions in names.items()))
    lists = [("chunks", _lines(sorted(chunks))), ("irregular", _lines(map(str, irregular)))]
    lists += [(f"words {kind}", _lines(sorted({w for chunk in found for w in _WORD.findall(chunk)})))
              for kind, found in kind_chunks.items()]
    db.executemany("INSERT INTO store_search_lists VALUES (?, ?, ?)", ((n, *value) for n, value in lists))


def _search_keys(docs):
    """(lookup key, position) for each document's exact keys (Document.keys: [key, weight, original]),
    which are what search.resolve matches a name by before it searches."""
    for position, doc in enumerate(docs):
        for entry in getattr(doc, "keys", None) or ():
            if isinstance(entry, (list, tuple)) and entry and isinstance(entry[0], str):
                yield entry[0], position


def _positions(blob: object, crc: object) -> array:
    positions = array("I")
    if not isinstance(blob, bytes) or zlib.crc32(blob) != crc or len(blob) % positions.itemsize:
        raise Broken("a posting list of the search index does not check")
    positions.frombytes(blob)
    return positions


class Index:
    """The search corpus over a StoredCatalogue's store (see search.Listed for what each question
    means), narrowed to kinds; once the store turns out broken, over the documents in memory."""

    def __init__(self, cat, kinds: list[str] | None = None):
        self._cat, self._kinds = cat, list(kinds) if kinds else None
        self._documents: list | None = None
        self._lists: dict[str, str] = {}

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

    def _of_kinds(self) -> tuple[str, list]:
        """An SQL condition on the column kind, and its arguments."""
        if self._kinds is None:
            return "1", []
        return f"kind IN ({', '.join('?' * len(self._kinds))})", list(self._kinds)

    def _list(self, name: str) -> str:
        """A list of store_search_lists, its lines as one text ("" if there is none)."""
        if name not in self._lists:
            rows = self._cat._rows("SELECT lines, crc FROM store_search_lists WHERE name = ?", [name])
            for blob, crc in rows:
                if not isinstance(blob, bytes) or zlib.crc32(blob) != crc:
                    raise Broken("a list of the search index does not check")
            try:
                self._lists[name] = rows[0][0].decode("utf-8") if rows else ""
            except UnicodeDecodeError as exc:
                raise Broken(str(exc)) from None
        return self._lists[name]

    def _posted(self, table: str, column: str, keys: list[str]) -> set[int]:
        """The positions in the posting lists of keys (of table's key column)."""
        found: set[int] = set()
        for start in range(0, len(keys), _IN):
            some = keys[start:start + _IN]
            for blob, crc in self._cat._rows(f"SELECT positions, crc FROM {table} WHERE {column} IN "
                                             f"({', '.join('?' * len(some))})", some):
                found.update(_positions(blob, crc))
        return found

    # -- the questions search() asks --------------------------------------------------------------

    def candidates(self, term) -> set[int] | None:
        def stored() -> set[int] | None:
            found: set[int] = set()
            for probe, at_word in term.word_probes():
                holding = self._holding(probe, at_word)
                if holding is None:
                    return None
                found |= holding
            if term.joined:
                for blob, crc in self._cat._rows("SELECT positions, crc FROM store_search_names "
                                                 "WHERE instr(compact, ?) > 0", [term.joined]):
                    found.update(_positions(blob, crc))
            return found

        return self._cat._guard(stored, lambda: None)

    def _holding(self, probe: str, at_word: bool) -> set[int] | None:
        """The positions of the documents that may hold probe in a lower-cased text (None: any),
        at the start of a word if at_word."""
        if probe.isascii():
            pieces = _CHUNK.findall(probe)
            if not pieces:  # white space only, or nothing: in every text
                return None
            piece = max(pieces, key=len)
            before = r"(?<![a-z0-9])" if at_word and piece == probe else ""
            chunks = re.findall(rf"(?m)^[^\n]*?{before}{re.escape(piece)}[^\n]*$", self._list("chunks"))
            found = self._posted("store_search_words", "chunk", chunks)
            if before:
                found.update(int(p) for p in self._list("irregular").split())
            return found
        if len(probe) == 1:  # the documents of the grams that contain it
            found = set()
            for blob, crc in self._cat._rows("SELECT positions, crc FROM store_search_grams "
                                             "WHERE instr(gram, ?) > 0", [probe]):
                found.update(_positions(blob, crc))
            return found
        wanted = sorted({probe[i:i + 2] for i in range(len(probe) - 1) if not probe[i:i + 2].isascii()})[:_IN]
        rows = self._cat._rows(f"SELECT positions, crc FROM store_search_grams WHERE gram IN "
                               f"({', '.join('?' * len(wanted))})", wanted)
        if len(rows) < len(wanted):  # a pair that no text holds
            return set()
        lists = sorted((_positions(blob, crc) for blob, crc in rows), key=len)
        found = set(lists[0])
        for positions in lists[1:]:
            found.intersection_update(positions)
        return found

    def exact(self, key: str) -> set[int] | None:
        return self._cat._guard(lambda: {p for (p,) in self._cat._rows(
            "SELECT position FROM store_search_keys WHERE key = ?", [key])}, lambda: None)

    def typo_candidates(self, term) -> set[int] | None:
        def stored() -> set[int]:
            from rapidfuzz import fuzz

            from infraplan.search import typo_in_name

            wanted = -1 if self._kinds is None else sum(_kind_bit(k) for k in set(self._kinds) if k in RECORD_KINDS)
            found: set[int] = set()
            for name, kinds, blob, crc in self._cat._rows("SELECT name, kinds, positions, crc FROM "
                                                          "store_search_names WHERE japanese = 1"):
                if not isinstance(name, str) or not isinstance(kinds, int):
                    raise Broken("a name of the search index does not check")
                if kinds & wanted and typo_in_name(term, name, fuzz) is not None:
                    found.update(_positions(blob, crc))
            return found

        return self._cat._guard(stored, lambda: None)

    def vocabulary(self) -> list[str]:
        def stored() -> list[str]:
            kinds = RECORD_KINDS if self._kinds is None else self._kinds
            return sorted({w for kind in dict.fromkeys(kinds) for w in self._list(f"words {kind}").split("\n") if w})

        def in_memory() -> list[str]:
            from infraplan.search import _vocabulary

            return _vocabulary([d for d in self._memory() if self._wants(d.kind)])

        return self._cat._guard(stored, in_memory)

    def batches(self, positions: set[int] | None):
        from infraplan.search import Document

        where, args = self._of_kinds()
        ordered = None if positions is None else sorted(positions)

        def decoded(rows) -> dict:
            try:
                return {position: Document.from_row(decode(blob, crc)) for position, blob, crc in rows}
            except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a row of another layout
                raise Broken(str(exc)) from None

        def in_memory(wanted) -> dict:
            return {i: d for i, d in enumerate(self._memory()) if wanted(i) and self._wants(d.kind)}

        if ordered is None:  # every document, in order, a batch after the last
            after = -1
            while True:
                batch = self._cat._guard(lambda: decoded(self._cat._rows(
                    f"SELECT position, row, crc FROM store_search WHERE {where} AND position > ? "
                    f"ORDER BY position LIMIT {_IN}", [*args, after])), lambda: in_memory(lambda i: i > after))
                if not batch:
                    return
                yield batch
                if self._cat._memory:  # the rest was read from memory at once
                    return
                after = max(batch)
        for start in range(0, len(ordered), _IN):
            some = ordered[start:start + _IN]
            yield self._cat._guard(lambda: decoded(self._cat._rows(
                f"SELECT position, row, crc FROM store_search WHERE {where} AND position IN "
                f"({', '.join('?' * len(some))})", [*args, *some])), lambda: in_memory(set(some).__contains__))
