"""Search every kind of record at once: ranked, bilingual, typo-tolerant. Nothing here prints.

A query is split on white space into terms (Japanese needs no spaces: a term matches anywhere
inside Japanese text). Each record scores 0-100; the best first, ties in the plan's order:

- 100  the whole query is the record's name, abbreviation or code (any case, width or spacing)
-  99  ... its id;  98  ... one of its aliases;  95  a name or alias starts with the query
- otherwise the mean over the terms of each term's best hit:
     90  in the record's names or aliases
     78  in its text (overview, summaries, points, developments, competitors)
     70  in the names of what it belongs to (a project's country and sectors)
  ≤ 85  fuzzy, only for a term that no record contains (a typo such as Patinban): rapidfuzz
        partial_ratio against the names, scaled by 0.85, for terms of four or more characters
        (three for Japanese) and a ratio of at least 80
  An ASCII term matches at the start of a word (`om` does not hit "from"); fuzzy matching never
  applies to short terms, so acronyms such as O&M, DX or JOIN rank their exact records first.
Records under 50 are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from infraplan.catalogue import Catalogue, lookup_key
from infraplan.problems import AmbiguousValue, UnknownValue
from infraplan.vocab import RECORD_KINDS

MIN_SCORE = 50.0
_SPACE = re.compile(r"\s+")
_ASCII = re.compile(r"^[\x00-\x7f]+$")


def _norm(text: str) -> str:
    """NFKC and case-folded, white space collapsed: how text is searched."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


_SEP = "\u241e"  # between a record's text fields in its joined text; never in the data (no control chars)


class Document:
    """One record as search sees it, normalised once (cached with the catalogue as `row()`)."""

    def __init__(self, kind: str, rid: object, title_ja: str, title_en: str, labels: list[list[str]],
                 keys: list[list], spaced: str, packed: str, context: list[str]):
        self.kind, self.id, self.title_ja, self.title_en = kind, rid, title_ja, title_en
        self.labels = labels  # [original, spaced, packed] for every name and alias
        self.keys = keys  # [lookup key, weight, original] for the exact tiers
        self.spaced, self.packed = spaced, packed  # every text field, joined by _SEP
        self.context = context  # normalised names of what the record belongs to

    @classmethod
    def build(cls, kind: str, rid: object, title_ja: str, title_en: str, names: list, aliases: list,
              text: list, context: list) -> Document:
        names, aliases = [n for n in names if n], [a for a in aliases if a]
        labels = [[n, _norm(n), _norm(n).replace(" ", "")] for n in names + aliases]
        keys = [[lookup_key(n), 100.0, n] for n in names] + [[lookup_key(str(rid)), 99.0, str(rid)]]
        keys += [[lookup_key(a), 98.0, a] for a in aliases]
        spaced = _SEP.join(_norm(t) for t in text if t)
        return cls(kind, rid, title_ja, title_en, labels, keys, spaced, spaced.replace(" ", ""),
                   [_norm(c) for c in context if c])

    def row(self) -> list:
        """The cached form: everything but `packed`, which is cheaper to derive than to read."""
        return [self.kind, self.id, self.title_ja, self.title_en, self.labels, self.keys, self.spaced, self.context]

    @classmethod
    def from_row(cls, row: list) -> Document:
        kind, rid, title_ja, title_en, labels, keys, spaced, context = row
        return cls(kind, rid, title_ja, title_en, labels, keys, spaced, spaced.replace(" ", ""), context)


def documents(cat: Catalogue) -> list[Document]:
    """Every record of the catalogue as a Document, kinds in the order of RECORD_KINDS, each in plan order."""
    docs = []
    for p in cat.projects.values():
        country = cat.countries[p["country"]]
        sectors = [cat.sectors[s] for s in p["sectors"]]
        text = [p["overview_ja"], p["overview_en"], p["status_ja"], p["status_en"]]
        text += [e[k] for e in p["events"] for k in ("text_ja", "text_en")]
        context = [country["name_ja"], country["name_en"], *country["aliases"]]
        context += [n for s in sectors for n in (s["name_ja"], s["name_en"], *s["aliases"])]
        docs.append(Document.build("project", p["id"], p["name_ja"], p["name_en"], [p["name_ja"], p["name_en"]],
                                   [], text, context))
    for m in cat.measures.values():
        text = [m["summary_en"], m["summary_ja"]] + [p[k] for p in m["points"] for k in ("summary_en", "summary_ja")]
        context = [m.get("group_ja"), m.get("group_en")]
        docs.append(Document.build("measure", m["id"], m["title_ja"], m["title_en"], [m["title_ja"], m["title_en"]],
                                   [], text, context))
    for s in cat.sectors.values():
        text = [s["overview"]["summary_en"], s["overview"]["summary_ja"]]
        text += [p[k] for p in s["competitors"]["players"] for k in ("name_en", "name_ja", "note_en") if p.get(k)]
        docs.append(Document.build("sector", s["id"], s["name_ja"], s["name_en"], [s["name_ja"], s["name_en"]],
                                   s["aliases"], text, []))
    for p in cat.pillars.values():
        docs.append(Document.build("pillar", p["id"], p["title_ja"], p["title_en"], [p["title_ja"], p["title_en"]],
                                   p["aliases"], [p["summary_en"], p["summary_ja"]], []))
    for c in cat.countries.values():
        docs.append(Document.build("country", c["id"], c["name_ja"], c["name_en"], [c["name_ja"], c["name_en"], c["iso2"],
                                   c["iso3"]], c["aliases"], [], []))
    frameworks = {}
    for s in cat.sectors.values():
        for f in s["frameworks"]:
            frameworks.setdefault(f["organization"], []).append(f)
    for o in cat.organizations.values():
        names = [o["name_ja"], o["name_en"], o["abbreviation"]]
        aliases = o["aliases"] + [n for f in frameworks.get(o["id"], []) for n in (f["name_ja"], f["name_en"])]
        text = [t for f in frameworks.get(o["id"], []) for t in (f["summary_en"], f["summary_ja"])]
        docs.append(Document.build("organization", o["id"], o["name_ja"], o["name_en"], names, aliases, text, []))
    plan = cat.plan
    for h in cat.headings.values():
        text = [h["preamble"]["summary_en"], h["preamble"]["summary_ja"]] if h.get("preamble") else []
        if (section := cat.section_of(h["id"])) is not None:  # chapter 1's sections, summarised in chapter1.yaml
            text += [section["summary_en"], section["summary_ja"]]
        aliases = [h["source"]["section"]]
        if h["id"] == "intro":  # the introduction sets out the edition's headline facts
            kpi = plan["kpi"]
            aliases += [plan["title"]["ja"], plan["title"]["en"], f"KPI {kpi['value']}兆円 ({kpi['year']})"]
            text += [kpi["quote_ja"], kpi["summary_en"]] + [t[k] for t in plan["strategies"] for k in ("title_ja", "title_en")]
        parent = cat.headings.get(h["id"].rpartition(".")[0])
        context = [parent["title_ja"], parent["title_en"]] if parent else []
        docs.append(Document.build("heading", h["id"], h["title_ja"], h["title_en"], [h["title_ja"], h["title_en"]],
                                   aliases, text, context))
    for f in cat.footnotes.values():
        n = f["number"]
        title_ja, title_en = cat.titles("footnote", f)
        text = [f.get("summary_en"), f.get("summary_ja")]
        docs.append(Document.build("footnote", n, title_ja, title_en, [f["text_ja"]], [f"脚注{n}", f"footnote {n}"],
                                   text, []))
    for w in cat.won_projects.values():
        country = cat.countries.get(w["country"]) or {}
        context = [country.get("name_ja"), country.get("name_en")]
        context += [n for s in w["sectors"] for n in (cat.sectors[s]["name_ja"], cat.sectors[s]["name_en"])]
        docs.append(Document.build("won-project", w["id"], w["name_ja"], w["name_en"], [w["name_ja"], w["name_en"]],
                                   [], [w.get("quote_ja"), w["summary_en"]], context))
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

    def find(self, spaced: str, packed: str) -> int:
        """Where the term occurs in a normalised text (given with and without spaces), or -1."""
        if self.pattern is not None:
            hit = self.pattern.search(spaced)
            return hit.start() if hit else -1
        return packed.find(self.text)

    def snippet(self, doc: Document, at: int, width: int = 36) -> str:
        """The match at `at` in the doc's joined text, with up to `width` characters either side."""
        text = doc.spaced if self.ascii else doc.packed
        field_start = text.rfind(_SEP, 0, at) + 1
        field_end = text.find(_SEP, at)
        field_end = len(text) if field_end < 0 else field_end
        start, end = max(field_start, at - width), min(field_end, at + len(self.text) + width)
        return ("…" if start > field_start else "") + text[start:end] + ("…" if end < field_end else "")


def _exact(doc: Document, key: str) -> tuple[float, str] | None:
    best = max((k for k in doc.keys if k[0] == key), key=lambda k: k[1], default=None)
    if best:
        return best[1], best[2]
    if len(key) >= 2:
        for k in doc.keys:
            if k[1] != 99.0 and k[0].startswith(key):
                return 95.0, k[2]
    return None


def _literal_score(doc: Document, term: _Term) -> tuple[float, str]:
    for original, spaced, packed in doc.labels:
        if term.find(spaced, packed) >= 0:
            return 90.0, original
    at = term.find(doc.spaced, doc.packed)
    if at >= 0:
        return 78.0, term.snippet(doc, at)
    for text in doc.context:
        if term.find(text, text.replace(" ", "")) >= 0:
            return 70.0, text
    return 0.0, ""


def _fuzzy_score(doc: Document, term: _Term) -> tuple[float, str]:
    from rapidfuzz import fuzz  # only for a term that nothing contains (a typo): most queries never need it

    best, label = 0.0, ""
    for original, spaced, packed in doc.labels:
        # Only against labels at least as long as the term: partial_ratio would otherwise find
        # a short code (IN, CAN) inside any longer term.
        if len(spaced) >= len(term.text):
            ratio = fuzz.partial_ratio(term.text, spaced if term.ascii else packed)
            if ratio > best:
                best, label = ratio, original
    return (best * 0.85, label) if best >= 80 else (0.0, "")


def search(docs: list[Document], query: str, kinds: list[str] | None = None, limit: int | None = 20) -> list[Hit]:
    """Records matching query, best first (ties in the plan's order), at most `limit`."""
    key = lookup_key(query)
    terms = [_Term(t) for t in _norm(query).split(" ") if lookup_key(t)]
    if not key or not terms:
        return []
    docs = [d for d in docs if not kinds or d.kind in kinds]
    literal = [[_literal_score(doc, term) for term in terms] for doc in docs]
    # A term that some record contains is taken as typed; only a term that none contains is
    # matched fuzzily (it is probably misspelt), so correct words never pull in look-alikes.
    fuzzy = [t for i, t in enumerate(terms) if t.fuzzy and not any(row[i][0] for row in literal)]
    hits = []
    for order, (doc, scored) in enumerate(zip(docs, literal)):
        exact = _exact(doc, key)
        if exact:
            hits.append((exact[0], order, Hit(doc, *exact)))
            continue
        if fuzzy:
            scored = [_fuzzy_score(doc, t) if t in fuzzy else hit for t, hit in zip(terms, scored)]
        score = sum(s for s, _ in scored) / len(scored)
        if score >= MIN_SCORE:
            hits.append((score, order, Hit(doc, score, max(scored, key=lambda s: s[0])[1])))
    hits.sort(key=lambda h: (-h[0], h[1]))
    return [h for _, _, h in (hits[:limit] if limit else hits)]


_KIND_ALIASES = {"action": "measure", "org": "organization", "organisation": "organization", "fn": "footnote",
                 "won": "won-project"}
_NUMBERED = re.compile(r"^\d+(\.\d+)+$")


def resolve(cat: Catalogue, docs: list[Document], ref: str) -> tuple[str, dict]:
    """The one record REF names: KIND:ID, a project number, a measure's dotted id, or any name,
    code, abbreviation or alias. Raises AmbiguousValue listing the candidates when several records
    are named equally well, UnknownValue with the closest records when none is."""
    text = ref.strip()
    kind, _, rest = text.partition(":")
    kind = _KIND_ALIASES.get(kind.lower(), kind.lower())
    if rest and kind in RECORD_KINDS:
        resolver = {"project": cat.project, "measure": cat.measure, "heading": lambda r: cat.headings[cat.heading(r)],
                    "footnote": cat.footnote, "won-project": cat.won_project}.get(kind)
        if resolver:
            return kind, resolver(rest)
        return kind, cat.records_of(kind)[getattr(cat, kind)(rest)]
    if text.isdigit():
        return "project", cat.project(text)
    if text in cat.headings:  # 2.1, 3.7, 1.3.3, intro, annex.9: the plan's headings above the measures
        return "heading", cat.headings[text]
    if _NUMBERED.match(text):
        return "measure", cat.measure(text)
    key = lookup_key(text)
    exact = sorted(((score, doc) for doc in docs if (hit := _exact(doc, key)) and (score := hit[0]) >= 98),
                   key=lambda pair: -pair[0])
    best = [doc for score, doc in exact if score == exact[0][0]] if exact else []
    if any(d.kind != "heading" for d in best):  # a heading named like its sector or pillar: the record wins
        best = [d for d in best if d.kind != "heading"]
    if len(best) == 1:
        return best[0].kind, cat.records_of(best[0].kind)[best[0].id]
    if best:
        raise AmbiguousValue("record", text, [f"{d.kind}:{d.id} ({d.title_en})" for d in best])
    near = search(docs, text, limit=3)
    raise UnknownValue("record", text, [f"{h.doc.kind}:{h.doc.id}" for h in near])
