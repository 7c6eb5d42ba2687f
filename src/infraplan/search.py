"""Search every kind of record at once: ranked, bilingual, typo-tolerant. Nothing here prints.

A query is split on white space into terms. Each record scores 0-100, the best first, ties in the
plan's order (kinds in the order of RECORD_KINDS); records under 50 are dropped. One score, an
integer, is what every format shows.

- 100  the whole query is the record's name, abbreviation or code (any case, width or spacing)
-  99  ... its id;  98  ... one of its aliases
- otherwise the mean over the terms of each term's best hit:

  where the term hits         | as typed | synonym | word prefix | typo (1 / 2 edits)
  ----------------------------|----------|---------|-------------|-------------------
  the record's names, aliases |    90    |   88    |     84      |     80 / 75
  its text                    |    78    |   76    |     72      |     68 / 63
  what it belongs to          |    70    |   68    |     64      |     60 / 55

  plus 4 when a hit in the names or text is backed by a hit in what the record belongs to (the
  Chennai Metro is a metro and a railway; Metro Manila's flyovers are roads), and 2 when a
  synonym's hit in the names is backed by the word typed in the text (`shinkansen`: the
  Mumbai-Ahmedabad High Speed Rail, which its overview says uses the Shinkansen).

How a term hits:
- an English word (ASCII) hits whole words: `om` does not hit "from", `JOIN` not "joint". Plural
  and singular are one word (city, cities; bus, buses), and so are British and American -ise and
  -ize (decarbonisation, decarbonization). A word of four letters or more also hits the words it
  begins (`infra` hits "infrastructure"), below a whole word; a longer one also a name written in
  several words (`hochiminh` hits "Ho Chi Minh City"). Words joined by hyphens are a phrase.
- a word in capitals (`JOIN`, `GBAS`, `PPP`, `O&M`) is an acronym: it hits only itself, in
  capitals, as a whole word (or with a plural s), unless no record has it in capitals.
- a Japanese term hits anywhere inside Japanese text (there are no word boundaries).
- SYNONYMS: a small table of words that name the same thing (metro, subway, MRT; sewerage,
  wastewater, 下水道; …); a synonym hits a little below the word typed. A word inside a place
  name (PLACES: the Metro of Metro Manila) is not a hit unless the query names the place.
- a typo: a term that no record holds in any of those ways is compared with every word the
  records hold (rapidfuzz, optimal string alignment): one edit for five to seven letters, two for
  eight or more; a Japanese term of four or more characters with the names (partial_ratio). A
  term that nothing resembles hits nothing, so a query of such words finds nothing at all.
- English stop words (the, of, and, …) are left out of a query that has other words.

A hit's snippet is the original text of the field that matched (never normalised or case-folded),
cut to about 36 characters either side of the hit, the hit marked «like this».
"""

from __future__ import annotations

import re
import unicodedata

from infraplan.catalogue import Catalogue, lookup_key
from infraplan.problems import AmbiguousValue, UnknownValue
from infraplan.vocab import RECORD_KINDS

MIN_SCORE = 50
MARK = ("«", "»")  # around the hit in a snippet

# Scores of a term's hit: (where, how) -> points. See the module's docstring.
_POINTS = {
    ("label", "word"): 90, ("label", "synonym"): 88, ("label", "prefix"): 84, ("label", "joined"): 88,
    ("label", "typo1"): 80, ("label", "typo2"): 75,
    ("text", "word"): 78, ("text", "synonym"): 76, ("text", "prefix"): 72, ("text", "typo1"): 68, ("text", "typo2"): 63,
    ("context", "word"): 70, ("context", "synonym"): 68, ("context", "prefix"): 64, ("context", "typo1"): 60,
    ("context", "typo2"): 55,
}
_BACKED = 4  # a hit in the names or text that what the record belongs to also hits
_ALSO_TYPED = 2  # a synonym's hit in the names where the text also has the word typed

# Words that name the same thing, for people who call it differently (a user says subway, the
# plan Metro or MRT). Words in capitals are acronyms (matched in capitals only).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("metro", "subway", "MRT", "mass rapid transit", "urban railway", "urban rail", "underground railway",
     "地下鉄", "メトロ", "都市鉄道", "都市高速鉄道"),
    ("high-speed rail", "high-speed railway", "HSR", "shinkansen", "bullet train", "高速鉄道", "新幹線"),
    ("light rail", "LRT"),
    ("bus rapid transit", "BRT"),
    ("maglev", "superconducting maglev", "リニア", "超電導リニア"),
    ("sewerage", "sewage", "sewer", "wastewater", "下水道", "下水"),
    ("flood control", "flood protection", "flood prevention", "治水", "洪水対策"),
    ("expressway", "highway", "motorway", "高速道路"),
    ("ODA", "official development assistance"),
    ("yen loan", "円借款"),
    ("PPP", "public-private partnership", "官民連携"),
    ("smart city", "スマートシティ"),
    ("harbour", "harbor"), ("centre", "center"), ("programme", "program"),
)

# Place names that hold a word of the table above, which does not hit inside them (the Metro of
# Metro Manila is no metro) unless the query names the place.
PLACES: dict[str, str] = {"Metro Manila": "metro", "メトロマニラ": "メトロ"}

_STOP_WORDS = frozenset("a an and are as at be by for from in into is it of on or the to with".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_SEP = "\u241e"  # between a record's text fields in its joined text; never in the data (no control chars)
_BEFORE, _AFTER = r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])"


def _norm(text: str) -> str:
    """NFKC with white space collapsed, case kept: the form search compares (case aside)."""
    return " ".join((text if text.isascii() else unicodedata.normalize("NFKC", text)).split())


class _Joined:
    """Several normalised texts joined by _SEP, searched at once, and where each one starts."""

    def __init__(self, texts: list[str]):
        self.text = _SEP.join(texts)
        self.lower = self.text.lower()  # only to test quickly whether a word may be there (see _Words)
        self.starts, at = [], 0
        for text in texts:
            self.starts.append(at)
            at += len(text) + 1

    def locate(self, position: int) -> tuple[int, int]:
        """(index of the text, its start) for a position in the joined text."""
        index = max(i for i, start in enumerate(self.starts) if start <= position)
        return index, self.starts[index]


def _normed(items: list[list[str]]) -> list[str]:
    """Each item's normalised text: [field, original] or, where the two differ, [field, original, normalised]."""
    return [item[2] if len(item) > 2 else item[1] for item in items]


def _with_normed(items: list[list[str]]) -> list[list[str]]:
    return [[field, text] + ([normed] if (normed := _norm(text)) != text else []) for field, text in items]


class Document:
    """One record as search sees it. Its row (`row()`, what the cache holds) keeps the original
    text of every field, and its normalised form where that differs."""

    def __init__(self, kind: str, rid: object, title_ja: str, title_en: str, labels: list[list[str]],
                 keys: list[list], fields: list[list[str]], context: list[list[str]]):
        self.kind, self.id, self.title_ja, self.title_en = kind, rid, title_ja, title_en
        self.labels = labels  # [field, original(, normalised)] for every name, abbreviation, code and alias
        self.keys = keys  # [lookup key, score, original, field] for the exact tiers
        self.fields = fields  # [field, original(, normalised)] for every text field
        self.context = context  # [field, original(, normalised)] for the names of what the record belongs to
        self.label_text = _normed(labels)
        self.label_lower = [t.lower() for t in self.label_text]
        self.text = _Joined(_normed(fields))
        self.context_text = _Joined(_normed(context))
        self._compact: list[str] | None = None

    @property
    def label_compact(self) -> list[str]:
        """The names as lookup keys (no spaces, hyphens or dots), for names written as one word."""
        if self._compact is None:
            self._compact = [lookup_key(t) for t in self.label_text]
        return self._compact

    @classmethod
    def build(cls, kind: str, rid: object, title_ja: str, title_en: str, names: list, aliases: list,
              text: list, context: list) -> Document:
        """names, aliases, text, context: [field, value] pairs (values that are empty are left out)."""
        names, aliases = [n for n in names if n[1]], [a for a in aliases if a[1]]
        keys = [[lookup_key(n), 100, n, f] for f, n in names] + [[lookup_key(str(rid)), 99, str(rid), "id"]]
        keys += [[lookup_key(a), 98, a, f] for f, a in aliases]
        return cls(kind, rid, title_ja, title_en, _with_normed(names + aliases), keys,
                   _with_normed([t for t in text if t[1]]), _with_normed([c for c in context if c[1]]))

    def row(self) -> list:
        """The cached form (JSON): everything the constructor takes."""
        return [self.kind, self.id, self.title_ja, self.title_en, self.labels, self.keys, self.fields, self.context]

    @classmethod
    def from_row(cls, row: list) -> Document:
        return cls(*row)

    def lowered(self) -> list[str]:
        """Every text of the record, lower-cased (for the vocabulary of typos)."""
        return [*self.label_lower, self.text.lower, self.context_text.lower]


def _pairs(record: dict, *fields: str) -> list[list]:
    return [[f, record.get(f)] for f in fields]


def documents(cat: Catalogue) -> list[Document]:
    """Every record of the catalogue as a Document, kinds in the order of RECORD_KINDS, each in plan order."""
    docs = []
    for p in cat.projects.values():
        country = cat.countries[p["country"]]
        text = _pairs(p, "overview_ja", "overview_en", "status_ja", "status_en")
        text += [[f"events[{i}].{k}", e[k]] for i, e in enumerate(p["events"]) for k in ("text_ja", "text_en")]
        context = [["country", n] for n in (country["name_ja"], country["name_en"], *country["aliases"])]
        context += [["sectors", n] for s in p["sectors"] for n in (cat.sectors[s]["name_ja"], cat.sectors[s]["name_en"],
                                                                  *cat.sectors[s]["aliases"])]
        docs.append(Document.build("project", p["id"], p["name_ja"], p["name_en"], _pairs(p, "name_ja", "name_en"),
                                   [], text, context))
    for m in cat.measures.values():
        text = _pairs(m, "summary_en", "summary_ja")
        text += [[f"points[{i}].{k}", pt[k]] for i, pt in enumerate(m["points"]) for k in ("summary_en", "summary_ja")]
        docs.append(Document.build("measure", m["id"], m["title_ja"], m["title_en"], _pairs(m, "title_ja", "title_en"),
                                   [], text, _pairs(m, "group_ja", "group_en")))
    for s in cat.sectors.values():
        text = [["overview.summary_en", s["overview"]["summary_en"]], ["overview.summary_ja", s["overview"]["summary_ja"]]]
        for part in ("domestic", "overseas"):  # the figures' scope and the studies they cite (UNIFE, …)
            figures = ((s["market"] or {}).get(part) or {}).get("figures") or []
            text += [[f"market.{part}.figures[{i}].{k}", f[k]] for i, f in enumerate(figures)
                     for k in ("scope", "source") if f.get(k)]
        text += [[f"competitors.players[{i}].{k}", pl[k]] for i, pl in enumerate(s["competitors"]["players"])
                 for k in ("name_en", "name_ja", "note_en") if pl.get(k)]
        aliases = [["aliases", a] for a in s["aliases"]]
        docs.append(Document.build("sector", s["id"], s["name_ja"], s["name_en"], _pairs(s, "name_ja", "name_en"),
                                   aliases, text, []))
    for p in cat.pillars.values():
        docs.append(Document.build("pillar", p["id"], p["title_ja"], p["title_en"], _pairs(p, "title_ja", "title_en"),
                                   [["aliases", a] for a in p["aliases"]], _pairs(p, "summary_en", "summary_ja"), []))
    for c in cat.countries.values():
        docs.append(Document.build("country", c["id"], c["name_ja"], c["name_en"],
                                   _pairs(c, "name_ja", "name_en", "iso2", "iso3"),
                                   [["aliases", a] for a in c["aliases"]], [], []))
    frameworks: dict[str, list] = {}
    for s in cat.sectors.values():
        for f in s["frameworks"]:
            frameworks.setdefault(f["organization"], []).append((s["id"], f))
    for o in cat.organizations.values():
        aliases = [["aliases", a] for a in o["aliases"]]
        aliases += [[f"frameworks[{sid}].{k}", f[k]] for sid, f in frameworks.get(o["id"], []) for k in ("name_ja", "name_en")]
        text = [[f"frameworks[{sid}].{k}", f[k]] for sid, f in frameworks.get(o["id"], [])
                for k in ("summary_en", "summary_ja")]
        docs.append(Document.build("organization", o["id"], o["name_ja"], o["name_en"],
                                   _pairs(o, "name_ja", "name_en", "abbreviation"), aliases, text, []))
    plan = cat.plan
    for h in cat.headings.values():
        text = []
        if h.get("preamble"):
            text += [["preamble.summary_en", h["preamble"]["summary_en"]], ["preamble.summary_ja", h["preamble"]["summary_ja"]]]
        if (section := cat.section_of(h["id"])) is not None:  # chapter 1's sections, summarised in chapter1.yaml
            text += [["chapter1.summary_en", section["summary_en"]], ["chapter1.summary_ja", section["summary_ja"]]]
        aliases = [["source.section", h["source"]["section"]]]
        if h["id"] == "intro":  # the introduction sets out the edition's headline facts
            kpi = plan["kpi"]
            aliases += [["plan.title.ja", plan["title"]["ja"]], ["plan.title.en", plan["title"]["en"]],
                        ["plan.kpi", f"KPI {kpi['value']}兆円 ({kpi['year']})"]]
            text += [["plan.kpi.quote_ja", kpi["quote_ja"]], ["plan.kpi.summary_en", kpi["summary_en"]]]
            text += [[f"plan.strategies[{i}].{k}", t[k]] for i, t in enumerate(plan["strategies"])
                     for k in ("title_ja", "title_en")]
        parent = cat.headings.get(h["id"].rpartition(".")[0])
        context = [["parent", parent["title_ja"]], ["parent", parent["title_en"]]] if parent else []
        docs.append(Document.build("heading", h["id"], h["title_ja"], h["title_en"], _pairs(h, "title_ja", "title_en"),
                                   aliases, text, context))
    for f in cat.footnotes.values():
        n = f["number"]
        title_ja, title_en = cat.titles("footnote", f)
        docs.append(Document.build("footnote", n, title_ja, title_en, _pairs(f, "text_ja"),
                                   [["number", f"脚注{n}"], ["number", f"footnote {n}"]],
                                   _pairs(f, "summary_en", "summary_ja"), []))
    for w in cat.won_projects.values():
        country = cat.countries.get(w["country"]) or {}
        context = [["country", country.get("name_ja")], ["country", country.get("name_en")]]
        context += [["sectors", n] for s in w["sectors"] for n in (cat.sectors[s]["name_ja"], cat.sectors[s]["name_en"])]
        docs.append(Document.build("won-project", w["id"], w["name_ja"], w["name_en"], _pairs(w, "name_ja", "name_en"),
                                   [], _pairs(w, "quote_ja", "summary_en"), context))
    return docs


class Hit:
    def __init__(self, doc: Document, score: int, field: str, snippet: str):
        self.doc, self.score, self.field, self.snippet = doc, score, field, snippet

    def as_dict(self) -> dict:
        d = self.doc
        return {"kind": d.kind, "id": d.id, "title_ja": d.title_ja, "title_en": d.title_en,
                "score": self.score, "field": self.field, "snippet": self.snippet}


# -- terms -------------------------------------------------------------------------------------

def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


_SPELLINGS = (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ises", "izes"), ("ised", "ized"),
              ("ising", "izing"))


def forms(word: str) -> set[str]:
    """The forms of an English word that are one word for search: singular and plural, -ise and -ize."""
    word = word.lower()
    if not word.isalpha() or len(word) < 3:
        return {word}
    found = {word, _singular(word)}
    found.add(_plural(_singular(word)))
    for form in list(found):
        for british, american in _SPELLINGS:
            if form.endswith(british):
                found.add(form[:-len(british)] + american)
            elif form.endswith(american):
                found.add(form[:-len(american)] + british)
    return found


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return text.isascii() and len(letters) >= 2 and all(c.isupper() for c in letters)


def _words_of(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", phrase) if w]


def _phrase_pattern(phrase: str, case_sensitive: bool) -> str:
    """A regex for a word or phrase: ASCII at word boundaries (its last word in any of its forms,
    or with a plural s for an acronym), a phrase's words apart or joined by spaces or hyphens;
    Japanese anywhere."""
    if not phrase.isascii():
        return re.escape(phrase.replace(" ", ""))
    words = _words_of(phrase) or [phrase]
    if case_sensitive:
        last = re.escape(words[-1]) + "s?"
    else:
        last = "(?:" + "|".join(re.escape(f) for f in sorted(forms(words[-1]), key=len, reverse=True)) + ")"
    return _BEFORE + r"[\s\-]*".join([*(re.escape(w) for w in words[:-1]), last]) + _AFTER


def _probe(phrase: str) -> str:
    """What a text must hold (lower-cased) for the phrase to be in it: a fast test before the regex."""
    if not phrase.isascii():
        return phrase.replace(" ", "").lower()
    words = _words_of(phrase.lower()) or [phrase.lower()]
    if len(words) > 1:
        return words[0]
    stems = sorted(forms(words[0]))
    common = stems[0]
    for stem in stems[1:]:
        while not stem.startswith(common):
            common = common[:-1]
    return common


class _Words:
    """Words or phrases to find as search finds them (see _phrase_pattern), each in capitals only
    (an acronym) or in any case; with prefix=True, words that begin with them.

    Found fast: each one's probe (what a text must hold, lower-cased) is looked for with str.find,
    and its regex tried only where the probe stands."""

    def __init__(self, phrases: list[tuple[str, bool]], prefix: bool = False):
        self.alternatives = []
        # (probe, whether a match starts where the probe stands, after no letter or digit: an
        # ASCII word's, as finditer() matches it), for the store's index (indexed.search)
        self.starts: list[tuple[str, bool]] = []
        for phrase, capitals in phrases:
            pattern = _BEFORE + re.escape(phrase) if prefix else _phrase_pattern(phrase, capitals)
            probe = phrase.lower() if prefix else _probe(phrase)
            self.alternatives.append((probe, re.compile(pattern, 0 if capitals else re.IGNORECASE)))
            self.starts.append((probe, pattern.startswith(_BEFORE)))
        self.probes = [probe for probe, _ in self.alternatives]

    def finditer(self, text: str, lower: str):
        """The matches in text, in order (lower: text lower-cased)."""
        if len(lower) != len(text):  # a character whose lower case is longer: no shortcut
            return sorted((m for _, regex in self.alternatives for m in regex.finditer(text)), key=lambda m: m.start())
        found = []
        for probe, regex in self.alternatives:
            at = lower.find(probe) if probe else -1
            while at >= 0:
                match = regex.match(text, at)
                if match:
                    found.append(match)
                at = lower.find(probe, at + 1)
        return sorted(found, key=lambda m: m.start())


def _words(phrases: list[tuple[str, bool]], prefix: bool = False) -> _Words | None:
    return _Words(phrases, prefix) if phrases else None


_SYNONYMS_OF: dict[str, tuple[str, ...]] = {}
for _group in SYNONYMS:
    for _member in _group:
        _SYNONYMS_OF[lookup_key(_norm(_member))] = _group
_PLACES = [(lookup_key(p), lookup_key(word), _Words([(_norm(p), False)])) for p, word in PLACES.items()]


def _initials(phrase: str) -> str:
    return "".join(w[0] for w in _words_of(phrase)).upper()


def _synonym_key(phrase: str) -> str:
    """How a phrase is found in SYNONYMS: its lookup key, the last word in the singular."""
    words = phrase.split(" ")
    if phrase.isascii():
        words[-1] = _singular(words[-1].lower())
    return lookup_key(" ".join(words))


def _group_of(phrase: str) -> tuple[str, ...]:
    return _SYNONYMS_OF.get(_synonym_key(phrase)) or _SYNONYMS_OF.get(lookup_key(phrase)) or ()


def _abbreviates(acronym: str, phrase: str) -> bool:
    return _is_acronym(acronym) and len(_words_of(phrase)) > 1 and _initials(phrase) == acronym.upper()


class _Term:
    """A word (or a phrase of the synonym table) of the query and the ways it hits."""

    def __init__(self, text: str, query_key: str):
        self.text = text
        self.ascii = text.isascii()
        self.acronym = _is_acronym(text)
        group = _group_of(text)
        others = [m for m in group if _synonym_key(_norm(m)) != _synonym_key(text)]
        # An acronym and the words it abbreviates are one word (MRT, Mass Rapid Transit).
        same = [m for m in others if _abbreviates(text, m) or _abbreviates(m, text)]
        self.word = _Words([(text, self.acronym)] + [(_norm(m), _is_acronym(m)) for m in same])
        self.synonym = _words([(_norm(m), _is_acronym(m)) for m in others if m not in same])
        single = self.ascii and len(_words_of(text)) == 1
        self.prefix = _words([(text, False)], prefix=True) if single and not self.acronym and len(text) >= 4 else None
        self.joined = lookup_key(text) if single and not self.acronym and len(text) >= 6 else None
        mine = {lookup_key(m) for m in group} | {lookup_key(text)}
        self.places = [words for key, word, words in _PLACES if word in mine and key not in query_key]
        self.typo: list[tuple[str, _Words]] = []  # set by search() for a term that no record holds
        self._probes: tuple[int, tuple[str, ...]] | None = None
        self.fuzzy = not self.acronym and len(text) >= (5 if self.ascii else 4) and " " not in text

    def case_blind(self) -> None:
        """An acronym that no record has in capitals: taken as an ordinary word."""
        self.acronym, self._probes = False, None
        self.word = _Words([(self.text, False)])
        self.prefix = _words([(self.text, False)], prefix=True) if len(self.text) >= 4 else None

    def _find(self, words: _Words | None, text: str, lower: str) -> tuple[int, int] | None:
        if words is None:
            return None
        for match in words.finditer(text, lower):
            if match.end() > match.start() and not self._in_place(text, lower, match.start(), match.end()):
                return match.start(), match.end()
        return None

    def _in_place(self, text: str, lower: str, start: int, end: int) -> bool:
        return any(p.start() <= start and end <= p.end() for place in self.places for p in place.finditer(text, lower))

    def _ways(self) -> tuple:
        return (("word", self.word), ("synonym", self.synonym), ("prefix", self.prefix), *self.typo)

    def probes(self) -> tuple[str, ...]:
        """What a lower-cased text must hold for the term to hit it (one of them, or the name's
        lookup key `joined`): the test hit() makes first, and what the store's index looks up."""
        if self._probes is None or self._probes[0] != len(self.typo):  # every probe, once per term
            self._probes = (len(self.typo), tuple({p for _, words in self._ways() if words for p in words.probes}))
        return self._probes[1]

    def word_probes(self) -> set[tuple[str, bool]]:
        """The probes, each with whether a match starts where it stands, after no letter or digit
        (_Words.starts): what the store's index narrows by."""
        return {start for _, words in self._ways() if words for start in words.starts}

    def hit(self, text: str, lower: str, compact: str | None = None) -> tuple[str, int, int] | None:
        """(how, start, end) of the term's best hit in a normalised text, or None; compact, a name's
        lookup key, for a name the term writes as one word."""
        if not any(probe in lower for probe in self.probes()) \
                and not (compact is not None and self.joined and self.joined in compact):
            return None
        for how, words in self._ways():
            span = self._find(words, text, lower)
            if span:
                return (how, *span)
            if how == "prefix" and compact is not None and self.joined and self.joined in compact:
                span = _joined(text, self.joined)
                if span:
                    return ("joined", *span)
        return None


def _joined(text: str, key: str) -> tuple[int, int] | None:
    """A name written in several words that the term writes as one (hochiminh: Ho Chi Minh)."""
    for word in _WORD.finditer(text):
        if lookup_key(text[word.start():]).startswith(key):
            compact, end = "", word.start()
            while len(compact) < len(key) and end < len(text):
                compact += lookup_key(text[end])
                end += 1
            return word.start(), end
    return None


def _terms(query: str) -> list[_Term]:
    """The query's terms: words, with runs of words that make a phrase of the synonym table joined."""
    words = [w for w in _norm(query).split(" ") if lookup_key(w)]
    if len(words) > 1 and not all(w.lower() in _STOP_WORDS for w in words):
        words = [w for w in words if w.lower() not in _STOP_WORDS]
    key = lookup_key(query)
    terms, i = [], 0
    while i < len(words):
        size = next((n for n in (3, 2) if i + n <= len(words) and _group_of(" ".join(words[i:i + n]))), 1)
        terms.append(_Term(" ".join(words[i:i + size]), key))
        i += size
    return terms


# -- scoring -----------------------------------------------------------------------------------

class _Found:
    """A term's best hit in one record: its points, how it hit, and where (for the snippet)."""

    def __init__(self, area: str, how: str, index: int, start: int, end: int):
        self.points, self.area, self.how, self.index, self.start, self.end = _POINTS[area, how], area, how, index, start, end


def _best(doc: Document, term: _Term) -> _Found | None:
    best = None
    for i, (text, lower) in enumerate(zip(doc.label_text, doc.label_lower)):
        hit = term.hit(text, lower, doc.label_compact[i] if term.joined else None)
        # of two names hit as well, the one in the query's script (an English query: the English name)
        if hit and (best is None or _POINTS["label", hit[0]] > best.points
                    or _POINTS["label", hit[0]] == best.points and text.isascii() == term.ascii
                    and doc.label_text[best.index].isascii() != term.ascii):
            best = _Found("label", hit[0], i, hit[1], hit[2])
    if best is None or best.points < _POINTS["text", "word"]:
        hit = term.hit(doc.text.text, doc.text.lower)
        if hit and (best is None or _POINTS["text", hit[0]] > best.points):
            best = _Found("text", hit[0], 0, hit[1], hit[2])
    hit = term.hit(doc.context_text.text, doc.context_text.lower)
    context = _Found("context", hit[0], 0, hit[1], hit[2]) if hit else None
    if best is None:
        return context
    if context is not None:
        best.points += _BACKED
    if best.how == "synonym" and term._find(term.word, doc.text.text, doc.text.lower):
        best.points += _ALSO_TYPED
    return best


def _best_typo(doc: Document, term: _Term) -> _Found | None:
    """A misspelt term's best hit: an English one as any term, a Japanese one in the names only,
    by rapidfuzz's partial_ratio (one edit allowed up to six characters, two from seven)."""
    if term.ascii:
        return _best(doc, term) if term.typo else None
    from rapidfuzz import fuzz

    for i, text in enumerate(doc.label_text):
        found = typo_in_name(term, text, fuzz)
        if found is not None:
            return _Found("label", f"typo{1 if len(term.text) <= 6 else 2}", i, found.dest_start, found.dest_end)
    return None


def typo_in_name(term: _Term, name: str, fuzz):
    """Where a misspelt Japanese term stands in a name (normalised), or None: rapidfuzz's
    partial_ratio alignment (fuzz: rapidfuzz.fuzz), one edit allowed up to six characters, two from seven."""
    if len(name) < len(term.text) or name.isascii():
        return None
    edits = 1 if len(term.text) <= 6 else 2
    return fuzz.partial_ratio_alignment(term.text, name, score_cutoff=100 * (1 - edits / len(term.text)) - 0.01)


def _find_typos(vocabulary: list[str], term: _Term) -> None:
    """For an English term that no record holds: the words it is probably a misspelling of (and
    their synonyms), within one edit for up to seven letters, two from eight; vocabulary: every
    word the records hold (_vocabulary)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    edits = 1 if len(term.text) <= 7 else 2
    near = process.extract(term.text.lower(), vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None)
    for n in (1, 2):
        words = [w for w, distance, _ in near if distance == n]
        if words:
            phrases = [(w, False) for w in words] + [(_norm(m), _is_acronym(m)) for w in words for m in _group_of(w)]
            term.typo.append((f"typo{n}", _Words(phrases)))


def _vocabulary(docs: list[Document]) -> list[str]:
    return sorted(set(_WORD.findall(_SEP.join(text for doc in docs for text in doc.lowered()))))


def _exact(doc: Document, key: str) -> tuple[int, str, str] | None:
    """(score, field, original) when the whole query is one of the record's keys."""
    best = max((k for k in doc.keys if k[0] == key), key=lambda k: k[1], default=None)
    return (best[1], best[3], best[2]) if best else None


def _snippet(doc: Document, found: _Found, terms: list[_Term], width: int = 36) -> tuple[str, str]:
    """(field, snippet): the original text of the field with the best hit, around that hit, every
    term's hit in it marked."""
    if found.area == "label":
        index, start, end, width = found.index, found.start, found.end, None
        field, original = doc.labels[index][:2]
        normed = doc.label_text[index]
    else:
        joined, items = (doc.text, doc.fields) if found.area == "text" else (doc.context_text, doc.context)
        index, offset = joined.locate(found.start)
        field, original = items[index][:2]
        normed = _normed(items)[index]
        start, end = found.start - offset, found.end - offset
        width = width if found.area == "text" else None
    spans = [(start, end)]
    for term in terms:  # the other terms where the field holds them
        hit = term.hit(normed, normed.lower(), lookup_key(normed) if found.area == "label" and term.joined else None)
        if hit and not any(hit[1] < e and s < hit[2] for s, e in spans):
            spans.append((hit[1], hit[2]))
    return field, _marked(original, normed, spans, width)


def _original_positions(original: str) -> tuple[str, list[int]]:
    """The normalised text of original, built character by character, and for each of its
    characters the index of the original character it comes from."""
    out: list[str] = []
    source: list[int] = []
    space_at = None
    for i, char in enumerate(original):
        for c in unicodedata.normalize("NFKC", char):
            if c.isspace():
                if out and space_at is None:
                    space_at = i
                continue
            if space_at is not None:
                out.append(" ")
                source.append(space_at)
                space_at = None
            out.append(c)
            source.append(i)
    return "".join(out), source


def _marked(original: str, normed: str, spans: list[tuple[int, int]], width: int | None) -> str:
    """The original text with the hits (spans of its normalised form, the first the one to show)
    marked, cut to width characters either side of the first (at a space where one is near) when
    width is given."""
    text = original
    if original != normed:
        rebuilt, source = _original_positions(original)
        if rebuilt == normed and all(s < e <= len(source) for s, e in spans):
            spans = [(source[s], source[e - 1] + 1) for s, e in spans]
        else:  # a character that composes with the next (rare): the normalised form
            text = normed
    (start, end), left, right = spans[0], 0, len(text)
    if width is not None:
        if start - width > 0:
            left = start - width
            space = text.find(" ", left, start)
            left = space + 1 if 0 <= space < left + 12 else left
        if end + width < len(text):
            right = end + width
            space = text.rfind(" ", end, right)
            right = space if space > right - 12 else right
    out, at = "…" if left > 0 else "", left
    for s, e in sorted((s, e) for s, e in spans if left <= s and e <= right):
        out += text[at:s] + MARK[0] + text[s:e] + MARK[1]
        at = e
    out += text[at:right]
    return out.strip() + ("…" if right < len(text) else "")


class Listed:
    """Documents in memory, as a corpus that search() ranks: every document is a candidate for
    every term. The store's index (infraplan.indexed.search) answers the same questions from its
    tables, naming fewer candidates, never fewer hits.

    A corpus names documents by position (their order in documents(), which is the plan's order);
    a set of positions that may be None means every document of the kinds asked for."""

    def __init__(self, docs: list[Document], kinds: list[str] | None = None):
        self.docs = [d for d in docs if not kinds or d.kind in kinds]

    def candidates(self, term: _Term) -> set[int] | None:
        """The documents that term may hit (a superset): those where one of its probes is in a
        lower-cased text (Document.lowered()), or its `joined` in a name's lookup key."""
        return None

    def exact(self, key: str) -> set[int] | None:
        """The documents that have key among their exact keys (Document.keys), or more."""
        return None

    def typo_candidates(self, term: _Term) -> set[int] | None:
        """The documents with a name where a misspelt Japanese term stands (typo_in_name), or more."""
        return None

    def vocabulary(self) -> list[str]:
        """Every English word the documents hold, lower-cased, sorted (for typos): exactly these."""
        return _vocabulary(self.docs)

    def batches(self, positions: set[int] | None):
        """The documents of positions, as dicts by position, a batch at a time."""
        yield {i: d for i, d in enumerate(self.docs) if positions is None or i in positions}


_KEEP = 2000  # documents a search keeps once read; beyond, it reads them again when it needs them


class _Pool:
    """The documents a search reads, by position, each kept once read while they are few: memory
    follows the answer, not the candidates (a broad term's may be most of the documents)."""

    def __init__(self, corpus):
        self.corpus, self.kept = corpus, {}

    def each(self, positions: set[int] | None):
        """(position, document) for positions (None: every document of the corpus)."""
        if positions is not None:
            ready = [p for p in positions if p in self.kept]
            yield from ((p, self.kept[p]) for p in ready)
            positions = positions.difference(ready)
            if not positions:
                return
        for batch in self.corpus.batches(positions):
            for position, doc in batch.items():
                if len(self.kept) < _KEEP:
                    self.kept[position] = doc
                yield position, doc


def search(docs, query: str, kinds: list[str] | None = None, limit: int | None = 20) -> list[Hit]:
    """Records matching query, best first (ties in the plan's order), at most `limit`. docs: a
    list of Documents, or a corpus that can narrow them to kinds (`narrowed(kinds)`: the store's index)."""
    key = lookup_key(query)
    terms = _terms(query)
    if not key or not terms:
        return []
    corpus = docs.narrowed(kinds) if hasattr(docs, "narrowed") else Listed(docs, kinds)
    pool = _Pool(corpus)
    # Each term's hits, by position, in the documents that may hold it (any other holds it not).
    columns: list[dict[int, _Found | None]] = []
    for term in terms:
        column = {p: _best(doc, term) for p, doc in pool.each(corpus.candidates(term))}
        if term.acronym and not any(column.values()):  # no record has it in capitals
            term.case_blind()
            column = {p: _best(doc, term) for p, doc in pool.each(corpus.candidates(term))}
        # A term that some record holds is taken as typed; only a term that none holds is
        # compared with the words the records hold (it is probably misspelt), so that correct
        # words never pull in look-alikes.
        if term.fuzzy and not any(column.values()):
            if term.ascii:
                _find_typos(corpus.vocabulary(), term)
                candidates = corpus.candidates(term) if term.typo else set()
            else:
                candidates = corpus.typo_candidates(term)
            column = {p: _best_typo(doc, term) for p, doc in pool.each(candidates)}
        columns.append(column)
    named = dict(pool.each(corpus.exact(key)))  # the documents that may have the whole query as a key
    hits = []
    for order in sorted(named.keys() | {p for column in columns for p, found in column.items() if found}):
        exact = _exact(named[order], key) if order in named else None
        if exact:
            score, field, original = exact
            hits.append((score, order, Hit(named[order], score, field, MARK[0] + original + MARK[1])))
            continue
        scored = [column.get(order) for column in columns]
        score = round(sum(f.points for f in scored if f) / len(scored))
        if score >= MIN_SCORE:
            hits.append((score, order, max((f for f in scored if f), key=lambda f: f.points)))
    hits.sort(key=lambda h: (-h[0], h[1]))
    shown = hits[:limit] if limit else hits
    shown_docs = dict(pool.each({order for _, order, h in shown if not isinstance(h, Hit)}))
    return [h if isinstance(h, Hit) else Hit(shown_docs[order], score, *_snippet(shown_docs[order], h, terms))
            for score, order, h in shown]  # snippets of the shown only


_KIND_ALIASES = {"action": "measure", "org": "organization", "organisation": "organization", "fn": "footnote",
                 "won": "won-project"}
_NUMBERED = re.compile(r"^\d+(\.\d+)+$")


def resolve(cat: Catalogue, docs: list[Document], ref: str, near=None) -> tuple[str, dict]:
    """The one record REF names: KIND:ID, a project number, a measure's dotted id, or any name,
    code, abbreviation or alias. Raises AmbiguousValue listing the candidates when several records
    are named equally well, UnknownValue with the closest records when none is. docs: every
    document, or at least those that have REF's lookup key among their exact keys, when near (what
    search() searches for the closest records: the store's index) is given."""
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
    exact = sorted(((hit[0], doc) for doc in docs if (hit := _exact(doc, key)) and hit[0] >= 98),
                   key=lambda pair: -pair[0])
    best = [doc for score, doc in exact if score == exact[0][0]] if exact else []
    if any(d.kind != "heading" for d in best):  # a heading named like its sector or pillar: the record wins
        best = [d for d in best if d.kind != "heading"]
    if len(best) == 1:
        return best[0].kind, cat.records_of(best[0].kind)[best[0].id]
    if best:
        raise AmbiguousValue("record", text, [f"{d.kind}:{d.id} ({d.title_en})" for d in best])
    closest = search(docs if near is None else near, text, limit=3)  # those that score about as well as the best
    raise UnknownValue("record", text, [f"{h.doc.kind}:{h.doc.id}" for h in closest if h.score >= closest[0].score - 5])
