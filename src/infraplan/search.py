"""Search every kind of record at once: ranked, bilingual, typo-tolerant. Nothing here prints.

A query is split on white space into terms (Japanese needs no spaces: a term matches anywhere
inside Japanese text). Each record scores 0-100; the best first, ties in the plan's order:

- 100  the whole query is the record's name, abbreviation or code (any case, width or spacing)
-  99  ... its id;  98  ... one of its aliases;  95  a name or alias starts with the query
- otherwise the mean over the terms of each term's best hit:
     90  in the record's names or aliases
     78  in its text (overview, summaries, points, developments, competitors)
     70  in the names of what it belongs to (a project's country and sectors)
  ≤ 85  fuzzy: rapidfuzz partial_ratio against the names, scaled by 0.85, for terms of four or
        more characters (three for Japanese) and a ratio of at least 80 — typos such as Patinban
  An ASCII term matches at the start of a word (`om` does not hit "from"); fuzzy matching never
  applies to short terms, so acronyms such as O&M, DX or JOIN rank their exact records first.
Records under 50 are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from infraplan.catalogue import Catalogue, lookup_key

KINDS = ("project", "measure", "sector", "pillar", "country", "organization")
MIN_SCORE = 50.0
_SPACE = re.compile(r"\s+")
_ASCII = re.compile(r"^[\x00-\x7f]+$")


def _norm(text: str) -> str:
    """NFKC and case-folded, white space collapsed: how text is searched."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


class Document:
    """One record as search sees it: what it is called, what it says, what it belongs to."""

    def __init__(self, kind: str, rid: object, title_ja: str, title_en: str, names: list[str],
                 aliases: list[str], text: list[str], context: list[str]):
        self.kind, self.id, self.title_ja, self.title_en = kind, rid, title_ja, title_en
        self.names, self.aliases = [n for n in names if n], [a for a in aliases if a]
        self.text, self.context = [t for t in text if t], [c for c in context if c]
        self.name_keys = {lookup_key(n) for n in self.names}
        self.alias_keys = {lookup_key(a) for a in self.aliases}
        self.labels = [_norm(n) for n in self.names + self.aliases]
        self.label_text = " | ".join(self.labels)


def documents(cat: Catalogue) -> list[Document]:
    """Every record of the catalogue as a Document, kinds in the order of KINDS, each in plan order."""
    docs = []
    for p in cat.projects.values():
        country = cat.countries[p["country"]]
        sectors = [cat.sectors[s] for s in p["sectors"]]
        text = [p["overview_ja"], p["overview_en"], p["status_ja"], p["status_en"]]
        text += [e[k] for e in p["events"] for k in ("text_ja", "text_en")]
        context = [country["name_ja"], country["name_en"], *country["aliases"]]
        context += [n for s in sectors for n in (s["name_ja"], s["name_en"], *s["aliases"])]
        docs.append(Document("project", p["id"], p["name_ja"], p["name_en"], [p["name_ja"], p["name_en"]], [],
                             text, context))
    for m in cat.measures.values():
        text = [m["summary_en"], m["summary_ja"]] + [p[k] for p in m["points"] for k in ("summary_en", "summary_ja")]
        context = [m.get("group_ja"), m.get("group_en")]
        docs.append(Document("measure", m["id"], m["title_ja"], m["title_en"], [m["title_ja"], m["title_en"]], [],
                             text, context))
    for s in cat.sectors.values():
        text = [s["overview"]["summary_en"], s["overview"]["summary_ja"]]
        text += [p[k] for p in s["competitors"]["players"] for k in ("name_en", "name_ja", "note_en") if p.get(k)]
        docs.append(Document("sector", s["id"], s["name_ja"], s["name_en"], [s["name_ja"], s["name_en"]],
                             s["aliases"], text, []))
    for p in cat.pillars.values():
        docs.append(Document("pillar", p["id"], p["title_ja"], p["title_en"], [p["title_ja"], p["title_en"]],
                             p["aliases"], [p["summary_en"], p["summary_ja"]], []))
    for c in cat.countries.values():
        docs.append(Document("country", c["id"], c["name_ja"], c["name_en"], [c["name_ja"], c["name_en"], c["iso2"],
                             c["iso3"]], c["aliases"], [], []))
    frameworks = {}
    for s in cat.sectors.values():
        for f in s["frameworks"]:
            frameworks.setdefault(f["organization"], []).append(f)
    for o in cat.organizations.values():
        names = [o["name_ja"], o["name_en"], o["abbreviation"]]
        aliases = o["aliases"] + [n for f in frameworks.get(o["id"], []) for n in (f["name_ja"], f["name_en"])]
        text = [t for f in frameworks.get(o["id"], []) for t in (f["summary_en"], f["summary_ja"])]
        docs.append(Document("organization", o["id"], o["name_ja"], o["name_en"], names, aliases, text, []))
    return docs


class Hit:
    def __init__(self, doc: Document, score: float, snippet: str):
        self.doc, self.score, self.snippet = doc, score, snippet

    def as_dict(self) -> dict:
        d = self.doc
        return {"kind": d.kind, "id": d.id, "title_ja": d.title_ja, "title_en": d.title_en,
                "score": round(self.score, 1), "snippet": self.snippet}


class _Term:
    """A query term and how it matches: at a word start for ASCII, anywhere for Japanese."""

    def __init__(self, text: str):
        self.text = text
        self.ascii = bool(_ASCII.match(text))
        self.pattern = re.compile(r"(?<![a-z0-9])" + re.escape(text)) if self.ascii else None
        self.fuzzy = len(text) >= (4 if self.ascii else 3)

    def find(self, text: str) -> int:
        """Where the term occurs in normalised text, or -1."""
        if self.pattern is not None:
            hit = self.pattern.search(text)
            return hit.start() if hit else -1
        return text.replace(" ", "").find(self.text) if " " in text else text.find(self.text)


def _snippet(original: str, term: _Term, width: int = 36) -> str:
    text = _norm(original)
    at = term.find(text)
    if at < 0:
        return _SPACE.sub(" ", original)[:2 * width]
    if term.pattern is None and " " in text:
        text = text.replace(" ", "")
    start, end = max(0, at - width), min(len(text), at + len(term.text) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _exact(doc: Document, key: str, raw: str) -> tuple[float, str] | None:
    if key in doc.name_keys:
        return 100.0, next(n for n in doc.names if lookup_key(n) == key)
    if key == lookup_key(str(doc.id)):
        return 99.0, str(doc.id)
    if key in doc.alias_keys:
        return 98.0, next(a for a in doc.aliases if lookup_key(a) == key)
    if len(key) >= 2:
        for label in doc.names + doc.aliases:
            if lookup_key(label).startswith(key):
                return 95.0, label
    return None


def _term_score(doc: Document, term: _Term, fuzz) -> tuple[float, str]:
    for label, norm in zip(doc.names + doc.aliases, doc.labels):
        if term.find(norm) >= 0:
            return 90.0, label
    for text in doc.text:
        if term.find(_norm(text)) >= 0:
            return 78.0, _snippet(text, term)
    for text in doc.context:
        if term.find(_norm(text)) >= 0:
            return 70.0, text
    if term.fuzzy and fuzz is not None:
        best, label = 0.0, ""
        for original, norm in zip(doc.names + doc.aliases, doc.labels):
            ratio = fuzz.partial_ratio(term.text, norm)
            if ratio > best:
                best, label = ratio, original
        if best >= 80:
            return best * 0.85, label
    return 0.0, ""


def search(cat: Catalogue, query: str, kinds: list[str] | None = None, limit: int | None = 20) -> list[Hit]:
    """Records matching query, best first (ties in the plan's order), at most `limit`."""
    key = lookup_key(query)
    terms = [_Term(t) for t in _norm(query).split(" ") if lookup_key(t)]
    if not key or not terms:
        return []
    fuzz = None
    if any(t.fuzzy for t in terms):
        from rapidfuzz import fuzz
    hits = []
    for order, doc in enumerate(documents(cat)):
        if kinds and doc.kind not in kinds:
            continue
        exact = _exact(doc, key, query)
        if exact:
            hits.append((exact[0], order, Hit(doc, *exact)))
            continue
        scored = [_term_score(doc, term, fuzz) for term in terms]
        score = sum(s for s, _ in scored) / len(scored)
        if score >= MIN_SCORE:
            snippet = max(scored, key=lambda s: s[0])[1]
            hits.append((score, order, Hit(doc, score, snippet)))
    hits.sort(key=lambda h: (-h[0], h[1]))
    return [h for _, _, h in hits[:limit] if True] if limit else [h for _, _, h in hits]
