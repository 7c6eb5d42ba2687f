"""Consistency checks: data that is valid record by record but contradicts itself (warnings).

Run by ``validate`` once the data has no errors; every finding is a warning located at the value
to look at (``validate --strict`` makes them errors). The rules, documented in the README:

* stage: a project's stage that its dated developments contradict (``STAGE_SHOWN_BY``, ``_LEVEL``);
* planned: a development dated after the plan's compilation (``COMPILED``) not marked planned;
* names: a measure's or action's own text names a country, project or organisation its tags omit
  (a project also by its short name, ``short_name``, where the record names its country; a country
  also inside another name and by the one-character abbreviations of ``COUNTRY_ABBREVIATIONS``);
* passage names: the record's passage, its source lines in the plan's text, names one that its
  tags omit and its tag_note does not quote;
* strategies: a measure's or action's own text uses a strategy's defining terms (its aliases in
  pillars.yaml, ``STRATEGY_TERMS``) but its strategies omit it, or one of the strategy's means
  (``STRATEGY_MEANS``) and its tag_note does not quote that term either;
* implied tags: a tag without the tags it implies: a project's country and main sector, JOIN as
  organisation and sector (``BODY_SECTORS``), the pillar of 2.1.4 and the strategies dx and
  decarbonization (``TECHNOLOGY_PILLAR``);
* same name: two countries or two organisations with the same Japanese name once qualifiers
  (a parent body before a space, a legal form) are set aside.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

from infraplan.catalogue import date_bounds, lookup_key
from infraplan.loader import LoadedFile
from infraplan.names import name_pattern as _pattern
from infraplan.problems import Loc, format_loc
from infraplan.source import PlanText, normalise
from infraplan.vocab import REGION_ALIASES, REGIONS

# The plan was compiled in June 2023: it cites the supplement to the government strategy
# "decided on 1 June this year" (本年６月１日に決定された, source line 17) and the Development
# Cooperation Charter "to be revised in June 2023" (2023年６月に改定される, lines 969, 1459), and
# still calls project 5's June 2023 tender deadline 予定 (line 8762). A development that starts
# later than this month and is not marked planned contradicts the plan's own date.
COMPILED = "2023-06"

# Stages that a single, dated step brings about, and what shows that step: an event of one of
# these kinds, or one of these words in the project's undated status line or in the text of a
# development that is not merely planned.
STAGE_SHOWN_BY: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "financing": (("en-signed", "la-signed"), ("E/N", "L/A", "借款"), "financing agreed (E/N or L/A)"),
    "tendering": (("bid-launched",), ("入札", "公示", "公告", "応札", "選定", "交渉", "契約", "コントラクト"),
                  "procurement (a tender, a selection or a contract negotiation)"),
    "implementation": (("contract-won", "construction-start"), ("受注", "契約済", "施工", "工事中", "着工"),
                       "a contract awarded or construction started"),
    "suspended": (("suspension",), ("中断", "停止", "中止", "延期"), "a suspension"),
}

# How far along the project cycle each stage is (OC4IDS order; design, financing and tendering
# are all preparation and follow no fixed order), and the least stage that an event of a kind
# proves was reached. Suspended and under-review may follow any stage, so they have no level.
_LEVEL = {"planning": 0, "survey": 1, "design": 2, "financing": 2, "tendering": 2,
          "implementation": 3, "operation": 3}
_SHOWS = {"survey": 1, "design": 2, "en-signed": 2, "la-signed": 2, "bid-launched": 2,
          "contract-won": 3, "construction-start": 3, "opening": 3}
_REACHED = {1: "a survey done", 2: "preparation (design, financing or procurement) reached",
            3: "a contract awarded, construction started or an opening"}

# A clause ending in に向けて / に向けた (towards) names a goal, not a step taken:
# 本体工事の公示に向けて調整中 (project 12) is preparing a tender notice, not tendering;
# マネジメントコントラクトによる運営参画に向けて…協議中 (project 22) is talks, not a contract.
# Such clauses show no stage.
_GOAL = re.compile(r"[^、。]*?に向け[てた]?")

# A demonstration (実証) is a trial that comes before implementation: a project whose latest
# development is one is not yet implementing nor operating the project itself.
_TRIAL_BEFORE = ("implementation", "operation")

# A strategy's defining terms are its aliases in pillars.yaml, and for dx also "digital": DX is
# the digital transformation, which the plan's strategy (1.2.1) describes as taking in digital
# technology. Means such as hydrogen or climate-change adaptation do not define decarbonisation,
# nor connectivity FOIP: the plan names them for other ends too. They are the strategies' means.
STRATEGY_TERMS = {"dx": ("デジタル", "digital")}

# A strategy's means: what the plan's account of the strategy (chapter 1 (2), lines 243-320) and
# the measures it files under it (2.1.4, 2.3.3.2) name as the way to it. Digital transformation
# works through ICT, AI, BIM/CIM and i-Construction, smart cities, MaaS, automated driving and
# drones; decarbonisation through hydrogen and ammonia, energy saving, renewable energy, less
# greenhouse gas, offshore wind, green logistics, and climate-change adaptation as well as
# mitigation (気候変動適応・緩和策, lines 283-287; 防災インフラ under 気候変動, 2.3.3.2); FOIP
# through connectivity (連結性, lines 312-314) and the Quad (日米豪印). A record whose own text
# uses one serves the strategy, unless it names the means for another end: its tag_note then
# says so, quoting the term.
STRATEGY_MEANS = {
    "dx": ("ICT", "IoT", "AI", "BIM/CIM", "i-Construction", "スマートシティ", "smart city", "smart cities",
           "MaaS", "自動運転", "automated driving", "self-driving", "ドローン", "drone", "drones"),
    "decarbonization": ("水素", "hydrogen", "アンモニア", "ammonia", "省エネ", "energy-saving",
                        "energy saving", "energy-efficient", "再生可能エネルギー", "renewable energy", "温室効果ガス",
                        "greenhouse gas", "GHG", "CO2", "GX", "気候変動", "climate change", "ゼロエミッション",
                        "zero-emission", "洋上風力", "offshore wind", "グリーン物流", "green logistics",
                        "エネルギートランジション", "energy transition"),
    "foip": ("QUAD", "Quad", "日米豪印", "連結性", "connectivity"),
}

# The one-character abbreviations of countries that the plan writes after 日 (Japan) in the names
# of bilateral and multilateral frameworks: 日米豪印 (the Quad: Japan, the United States, Australia
# and India), 日中韓, 日米加, 日印, 日仏. Each names its country.
COUNTRY_ABBREVIATIONS = {"米": "united-states", "豪": "australia", "印": "india", "中": "china",
                         "韓": "south-korea", "仏": "france", "加": "canada", "英": "united-kingdom",
                         "独": "germany"}
_COMPOUND = re.compile(f"(?<=日)[{''.join(COUNTRY_ABBREVIATIONS)}]+")

# Tags that other tags imply. A record that names a project names where it is and what it builds:
# the project's country and its main sector (an action's own sector counts). JOIN is both an
# organisation and a sector of chapter 3 (BODY_SECTORS, organisation id -> sector id): a record
# tagged with the one is tagged with the other. The pillar of 2.1.4 (デジタル・脱炭素技術の活用)
# is the heading of the technologies of the dx and decarbonization strategies (TECHNOLOGY_PILLAR):
# a record serves it exactly when it serves one of them.
BODY_SECTORS = {"join": "join"}
TECHNOLOGY_PILLAR = ("digital-decarbonization", ("dx", "decarbonization"))

# The text of a measure or action that is its own: the plan's title and our summaries.
TEXT_FIELDS = ("title_ja", "title_en", "summary_ja", "summary_en")

# Legal forms set aside when comparing Japanese names.
_LEGAL_FORMS = ("株式会社", "独立行政法人", "国立研究開発法人", "一般社団法人", "一般財団法人",
                "公益社団法人", "公益財団法人", "（株）", "(株)", "（一社）", "(一社)")

_KANJI = re.compile(r"[\u3400-\u9fff々〆ヶ]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_COMMON = re.compile(r"[\x00-\x7f\u3000-\u309f・ー]")  # in most texts: ASCII, punctuation, hiragana
# The characters that a case-blind regular expression matches to an ASCII letter, or that lower()
# makes one, although they are not ASCII: ſ (s), K (the Kelvin sign, k), İ and ı (i).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")


def check(loaded: dict[str, LoadedFile], plan: PlanText | None = None, findings=None) -> None:
    """Append a warning to the file concerned for every inconsistency (the data is valid). With the
    plan's text, each measure's and action's passage is read too. With findings (an
    indexed.checked.Findings), a measure's or action's warnings are kept under a digest of all
    that its checks read, and taken from there while none of it changes."""
    projects = _items(loaded.get("projects.yaml"), "projects")
    for file, loc, project in projects:
        _check_stage(file, loc, project)
        _check_planned(file, loc, project)

    countries = _items(loaded.get("countries.yaml"), "countries")
    organizations = _items(loaded.get("organizations.yaml"), "organizations")
    pillars = _items(loaded.get("pillars.yaml"), "pillars")
    sectors = [f for rel, f in sorted(loaded.items()) if rel.startswith("sectors/")]
    _check_same_names(countries, "country")
    _check_same_names(organizations, "organization")

    indexes: dict[bool, NameIndex] = {}  # built when a record is checked (not when all were kept)

    def names(squeeze: bool) -> NameIndex:
        if squeeze not in indexes:
            indexes[squeeze] = NameIndex(countries, organizations, projects, pillars, sectors, squeeze=squeeze)
        return indexes[squeeze]

    strategies = {str(p["id"]): _terms(p) for _, _, p in pillars if p.get("kind") == "strategy"}
    known = {"projects": {p.get("id"): p for _, _, p in projects},
             "pillars": {p.get("id") for _, _, p in pillars},
             "sectors": {f.data.get("id") for f in sectors if isinstance(f.data, dict)}}
    records = _items(loaded.get("measures.yaml"), "measures")
    for file in sectors:
        records += _items(file, "actions")
    read = _read_by_all(countries, organizations, projects, pillars, sectors, plan, findings)
    for file, loc, record in records:
        key = None
        if findings is not None:
            own = file.data.get("id") if loc[0] == "actions" and isinstance(file.data, dict) else None
            key = findings.key(read, loc[0], _json([own, record]))
            kept = findings.get(key)
            if isinstance(kept, list):
                for path, message in kept:
                    _warn(file, loc + tuple(path), message)
                continue
        noted = _Noted(file.data)
        texts = own_text(record)
        reported = _check_named(noted, loc, record, texts, names(False))
        if plan is not None:
            _check_passage(noted, loc, record, plan, names(True), reported)
        _check_strategies(noted, loc, record, texts, strategies)
        _check_implied(noted, loc, record, known)
        for path, message in noted.found:
            _warn(file, path, message)
        if key is not None:
            findings.put(key, [(path[len(loc):], message) for path, message in noted.found])


def _read_by_all(countries, organizations, projects, pillars, sectors, plan: PlanText | None, findings) -> bytes:
    """The digest of what every measure's and action's checks read besides the record itself:
    the names they look for (with the ids so named), the projects they may tag, the strategies'
    terms, the pillars and sectors known, the plan's text."""
    if findings is None:
        return b""
    return findings.key(_json([[r for _, _, r in countries], [r for _, _, r in organizations],
                               [[p.get(k) for k in ("id", "name_ja", "name_en", "country", "sectors")]
                                for _, _, p in projects],
                               [r for _, _, r in pillars],
                               [[s.get(k) for k in ("id", "name_ja", "aliases")] if isinstance(s, dict) else None
                                for s in (f.data for f in sectors)]]),
                        "\n".join(plan.lines) if plan is not None else "\0no plan")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)


class _Noted:
    """Stands for a record's file while the record's own checks run: each warning is noted as
    (path, message), to be kept (relative to the record) and then added to the file."""

    def __init__(self, data: object):
        self.data = data
        self.found: list[tuple[Loc, str]] = []


def _items(file: LoadedFile | None, key: str) -> list[tuple[LoadedFile, Loc, dict]]:
    data = file.data if file is not None else None
    values = data.get(key) if isinstance(data, dict) else None
    return [(file, (key, i), r) for i, r in enumerate(values or []) if isinstance(r, dict)]


def _warn(file: LoadedFile | _Noted, loc: Loc, message: str) -> None:
    if isinstance(file, _Noted):
        file.found.append((tuple(loc), message))
        return
    file.problems.append(file.problem(loc, message)._replace(severity="warning"))


# -- projects ----------------------------------------------------------------------------------

def _check_stage(file: LoadedFile, loc: Loc, project: dict) -> None:
    """A stage is contradicted when a development (not merely planned) shows a later stage, or
    when the stage is one that a dated step brings about and no development shows that step:
    no event of its kinds, and no word for it in the status line or an event's text."""
    stage, events = project.get("stage"), project.get("events") or []
    done = [(i, e) for i, e in enumerate(events) if not e.get("planned")]
    if stage in _LEVEL:
        ahead = [(i, e) for i, e in done if _SHOWS.get(e.get("kind"), -1) > _LEVEL[stage]]
        if ahead:
            i, event = max(ahead, key=lambda item: _SHOWS[item[1]["kind"]])
            _warn(file, loc + ("stage",), f"'{stage}' is behind events[{i}] ({event['kind']}, {event['date']}), "
                                          f"which shows {_REACHED[_SHOWS[event['kind']]]}")
            return
    if stage in _TRIAL_BEFORE and done and done[-1][1].get("kind") == "demonstration":
        i, event = done[-1]
        _warn(file, loc + ("stage",), f"'{stage}' but its latest development, events[{i}] (demonstration, "
                                      f"{event['date']}), is a trial, which comes before implementation")
        return
    if stage in STAGE_SHOWN_BY:
        kinds, words, what = STAGE_SHOWN_BY[stage]
        said = [_GOAL.sub("", _normal(t)) for t in
                [project.get("status_ja") or ""] + [e.get("text_ja") or "" for _, e in done]]
        if not any(e.get("kind") in kinds for _, e in done) and not any(w in t for t in said for w in words):
            _warn(file, loc + ("stage",), f"'{stage}' but no development shows {what}: no "
                                          f"{' or '.join(kinds)} event, nor a word for it in the status or an event")


def _check_planned(file: LoadedFile, loc: Loc, project: dict) -> None:
    """A development that starts after the plan's compilation must be marked planned, unless the
    project's source_note names its date (the plan itself dates it so; see README)."""
    note = _normal(project.get("source_note") or "")
    for i, event in enumerate(project.get("events") or []):
        date = event.get("date")
        if event.get("planned") or not isinstance(date, str) or date_bounds(date)[0] <= date_bounds(COMPILED)[1]:
            continue
        if _date_named(date, note):
            continue
        _warn(file, loc + ("events", i, "date"), f"{date} is after the plan's compilation ({COMPILED}) "
                                                 "but the development is not marked planned")


def _date_named(date: str, note: str) -> bool:
    """Whether note names date, as we write it (2023-12) or as the plan does (2023年12月)."""
    parts = [int(p) for p in date.split("-")]
    japanese = "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日"))
    return date in note or japanese in note


# -- names -------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    """NFKC: fullwidth letters, digits and brackets become ASCII, as in lookup_key."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)  # ASCII is its own NFKC


def own_text(record: dict) -> list[tuple[Loc, str]]:
    """A measure's or action's own text: its title, our summaries and its points' summaries."""
    texts = [((field,), record[field]) for field in TEXT_FIELDS if isinstance(record.get(field), str)]
    for i, point in enumerate(record.get("points") or []):
        for field in ("summary_ja", "summary_en"):
            if isinstance(point, dict) and isinstance(point.get(field), str):
                texts.append((("points", i, field), point[field]))
    return [(loc, _normal(text)) for loc, text in texts]


class NameIndex:
    """Every name the catalogue knows, for finding them in running text.

    A name is matched where it stands as a word: an ASCII name not inside a longer ASCII word
    (JOIN is not in "joint"), and in capitals only if written in capitals (JOIN is not "join");
    a name beginning or ending in katakana not inside a longer katakana word (タイ is not in
    タイプ). A name found inside a longer known name counts only as that name: インド in
    インド太平洋 (the FOIP strategy), JICA in JICA港湾アルムナイ (an organisation), America in
    North America (a region; pillars, sectors and regions are known names too); but a country
    inside the name of an organisation or a project is named as well (タイ in タイ運輸省). Names
    shorter than two characters and ISO codes (which the plan never writes) are not looked for;
    neither are ids. With squeeze, names are looked for with their white space removed, as in the
    plan's normalised text (インフラメンテナンス国民会議 海外市場展開フォーラム).
    """

    def __init__(self, countries, organizations, projects, pillars, sectors, *, squeeze: bool = False):
        self._squeeze = squeeze
        self.names: list[tuple[str, str, object]] = []  # (name, kind, id); kind "" only blocks
        self.ids: dict[tuple[str, str], frozenset] = {}  # (kind, name) -> the ids of every record so named
        self._probes: list[tuple[str, bool]] = []  # each name as find() tests it first: (text, case-folded?)
        for _, _, c in countries:
            self._add("country", c.get("id"), c.get("name_ja"), c.get("name_en"), *(c.get("aliases") or []))
        for _, _, o in organizations:
            self._add("organization", o.get("id"), o.get("name_ja"), o.get("name_en"), o.get("abbreviation"),
                      *(o.get("aliases") or []))
        self.short_names: dict[tuple[str, str], frozenset] = {}  # (country, short name) -> project ids
        for _, _, p in projects:
            self._add("project", p.get("id"), p.get("name_ja"), p.get("name_en"))
            short = short_name(p["name_ja"]) if isinstance(p.get("name_ja"), str) else None
            if short:
                key = (p.get("country"), short)
                self.short_names[key] = self.short_names.get(key, frozenset()) | {p.get("id")}
        for _, _, p in pillars:
            self._add("", p.get("id"), p.get("title_ja"), *(p.get("aliases") or []))
        for file in sectors:
            s = file.data if isinstance(file.data, dict) else {}
            self._add("", s.get("id"), s.get("name_ja"), *(s.get("aliases") or []))
        for region, label in REGIONS.items():  # "North America" names no country
            self._add("", region, label)
        for alias, region in REGION_ALIASES.items():
            self._add("", region, alias)
        self.names.sort(key=lambda n: -len(n[0]))
        self._index()

    def _add(self, kind: str, record_id: object, *names: object) -> None:
        for name in names:
            if isinstance(name, str):
                name = normalise(name) if self._squeeze else _normal(name).strip()
                # one entry a name and kind (find() would skip a repeat anyway): records sharing a
                # name (projects may) are in ids, so neither find() nor _missing grows with them
                if len(name) >= 2:
                    if (kind, name) not in self.ids:
                        self.names.append((name, kind, record_id))
                    self.ids[kind, name] = self.ids.get((kind, name), frozenset()) | {record_id}

    def _index(self) -> None:
        """Where find() looks for each name, so that a text is tested only for the few names that
        can stand in it, not for every name the catalogue knows (that made validation grow with
        the names times the texts). Where an ASCII name stands, each of its words (runs of ASCII
        letters and digits) is a whole word of the text, since the name stands as a word and its
        other characters are neither letters nor digits: it is looked for where its rarest word
        is (rarest among the names). A name of other characters is looked for where the text
        holds its rarest character, hiragana, punctuation and ASCII last."""
        self._probes = [(name.lower(), True) if name.isascii() and not name.isupper() else (name, False)
                        for name, _, _ in self.names]
        self._countries = {record_id for _, kind, record_id in self.names if kind == "country"}
        words = [_ASCII_WORD.findall(name.lower()) if name.isascii() else [] for name, _, _ in self.names]
        frequency: dict[str, int] = {}
        for (name, _, _), its_words in zip(self.names, words):
            for part in set(its_words) if name.isascii() else set(name):
                frequency[part] = frequency.get(part, 0) + 1
        self._by_word: dict[str, list[int]] = {}  # an ASCII name's rarest word, lower-cased -> its names
        self._by_char: dict[str, list[int]] = {}  # another name's rarest character -> its names
        self._anywhere: list[int] = []  # ASCII names of neither letters nor digits
        self._ascii: list[int] = []
        for i, ((name, _, _), its_words) in enumerate(zip(self.names, words)):
            if name.isascii():
                self._ascii.append(i)
                if its_words:
                    rarest = min(its_words, key=lambda word: (frequency[word], -len(word), word))
                    self._by_word.setdefault(rarest, []).append(i)
                else:
                    self._anywhere.append(i)
            else:
                rarest = min(name, key=lambda char: (_COMMON.match(char) is not None, frequency[char], char))
                self._by_char.setdefault(rarest, []).append(i)
        self._words, self._chars = set(self._by_word), set(self._by_char)
        self._shorts: dict[object, list[tuple[int, str, frozenset]]] = {}  # country -> (order, short name, ids)
        for n, ((country, short), ids) in enumerate(self.short_names.items()):
            self._shorts.setdefault(country, []).append((n, short, ids))

    def short_names_in(self, countries: set) -> list[tuple[str, frozenset]]:
        """(short name, project ids) of the projects in countries, in short_names' order."""
        entries = [entry for country in countries for entry in self._shorts.get(country, ())]
        return [(short, ids) for _, short, ids in sorted(entries, key=lambda entry: entry[0])]

    def _candidates(self, text: str, folded: str, trapped: bool) -> list[int]:
        """The names (their places in names, in that order) that are in text as plain substrings
        (case aside where their pattern ignores case): every name that stands in text is among
        them. Where text holds a _CASE_TRAPS character (trapped), which a case-blind pattern
        matches to an ASCII letter although lower() does not make it one, every ASCII name is."""
        if trapped:
            found = list(self._ascii)
        else:
            found = list(self._anywhere)
            for word in self._words.intersection(_ASCII_WORD.findall(folded)):
                found += self._by_word[word]
        if not text.isascii():
            for char in self._chars.intersection(text):
                found += self._by_char[char]
        probes = self._probes
        # a case-blind name in a trapped text may stand there only through a trap character (ſ for s),
        # which no substring test of the lower-cased text sees: those go to the pattern untested
        found = [i for i in found if (trapped and probes[i][1]) or probes[i][0] in (folded if probes[i][1] else text)]
        found.sort()
        return found

    def find(self, text: str) -> list[tuple[str, str, object, int]]:
        """(name, kind, id, start) for each name standing in text, longest first, none inside
        another; and each country inside another name or abbreviated in a compound (日米豪印),
        with the compound as its name."""
        folded = text.lower()
        trapped = _CASE_TRAPS.search(text) is not None
        candidates = self._candidates(text, folded, trapped)
        found = []
        if candidates:
            names, probes = self.names, self._probes
            places = []  # (name's place in names, where it stands in text), for both passes
            for i in candidates:
                name, fold = names[i][0], probes[i][1]
                places.append((i, _occurrences(text, name) if fold and trapped else
                               _occurrences(text, name, folded if fold else text, probes[i][0])))
            found = [hit for hit in self._find(text, places) if hit[1] != "country"]
            found += self._find(text, places, "country")
        countries = self._countries
        for match in _COMPOUND.finditer(text):
            for offset, char in enumerate(match.group()):
                if COUNTRY_ABBREVIATIONS[char] in countries:
                    found.append((f"日{match.group()}", "country", COUNTRY_ABBREVIATIONS[char],
                                  match.start() + offset))
        return sorted(found, key=lambda hit: hit[3])

    def _find(self, text: str, places: list[tuple[int, list[int]]],
              only: str | None = None) -> list[tuple[str, str, object, int]]:
        """The names standing in text, of those placed (see find), longest first, none inside
        another; with only, the names of that kind alone, which only the names of no record
        (pillars, sectors, regions) may hold."""
        taken = bytearray(len(text))
        found = []
        names = self.names
        for i, starts in places:
            name, kind, record_id = names[i]
            if only is not None and kind not in ("", only):
                continue
            length = len(name)
            for start in starts:
                if taken.find(1, start, start + length) >= 0:
                    continue
                taken[start:start + length] = b"\x01" * length
                found.append((name, kind, record_id, start))
        return found


def _occurrences(text: str, name: str, haystack: str | None = None, probe: str = "") -> list[int]:
    """The start of each place where name stands as a word in text. With haystack, the text in
    which probe is where name is (text, or text lower-cased for a name whose pattern ignores case,
    if text holds no _CASE_TRAPS character), the pattern is tried only where probe is: the same
    places as its scan of the whole text finds, found faster."""
    pattern = _pattern(name)
    if haystack is None:
        return [match.start() for match in pattern.finditer(text)]
    starts, at = [], haystack.find(probe)
    while at >= 0:
        if pattern.match(text, at):
            starts.append(at)
            at = haystack.find(probe, at + len(name))
        else:
            at = haystack.find(probe, at + 1)
    return starts


_TAG_FIELD = {"country": "countries", "organization": "organizations", "project": "projects"}


def _check_named(file: LoadedFile, loc: Loc, record: dict, texts, names: NameIndex) -> set:
    """Each country, organisation and project that the record's own text names is in its tags.
    Returns what it found missing, so that the passage's check does not report it again."""
    reported: set = set()
    for text_loc, text in texts:
        for kind, ids, name, _, short in _missing(record, text, names, reported):
            field = _TAG_FIELD[kind]
            _warn(file, loc + (field,), f"{_where(text_loc)} names {kind} {_listed(ids)} ({_shown(name, short)}) "
                                        f"but {field} omits it")
    return reported


def _check_passage(file: LoadedFile, loc: Loc, record: dict, plan: PlanText, names: NameIndex,
                   reported: set) -> None:
    """Each country, organisation and project that the record's passage (its source lines) names
    is in its tags, or its tag_note quotes the name (a footnote of another passage printed among
    its lines, say)."""
    lines = (record.get("source") or {}).get("lines")
    if not (isinstance(lines, list) and len(lines) == 2 and 1 <= lines[0] <= lines[1] <= plan.line_count):
        return
    start, end = plan.span(*lines)
    note = _folded(record.get("tag_note"))
    for kind, ids, name, at, short in _missing(record, plan.text[start:end], names, reported):
        if _folded(name) in note:
            continue
        field = _TAG_FIELD[kind]
        _warn(file, loc + (field,), f"source line {plan.line_at(start + at)} names {kind} {_listed(ids)} "
                                    f"({_shown(name, short)}) but {field} omits it; tag it, or quote {name} in "
                                    "tag_note to say why not")


def _missing(record: dict, text: str, names: NameIndex, reported: set) -> list[tuple[str, frozenset, str, int, bool]]:
    """(kind, ids, name as found, start, whether by a project's short name) for each country,
    organisation and project that text names and the record's tags omit, once each: reported
    holds those already found."""
    missing = []
    projects_named = []  # (start, length) of each project's full name, blanked out for the short names
    for name, kind, record_id, start in names.find(text):
        if kind == "project":
            projects_named.append((start, len(name)))
        field = _TAG_FIELD.get(kind)
        if field is None:
            continue
        # projects may share a name; a compound (日米豪印) names one country
        same_name = names.ids.get((kind, name)) or frozenset([record_id])
        if same_name & set(record.get(field) or []) or (kind, same_name) in reported:
            continue
        reported.add((kind, same_name))
        missing.append((kind, same_name, name, start, False))
    shorts = names.short_names_in(set(record.get("countries") or []))
    if not shorts:
        return missing
    rest = text
    if projects_named:
        blanked = list(text)
        for start, length in projects_named:
            blanked[start:start + length] = " " * length
        rest = "".join(blanked)
    projects = set(record.get("projects") or [])
    for short, ids in shorts:
        if not ids & projects and ("project", ids) not in reported:
            hit = _pattern_after_kanji(short).search(rest) if short in rest else None  # the substring test is cheaper
            if hit:
                reported.add(("project", ids))
                missing.append(("project", ids, short, hit.start(), True))
    return missing


def _shown(name: str, short: bool) -> str:
    return f"{name}, the end of its name" if short else name


def _listed(ids: frozenset) -> str:
    return " or ".join(repr(i) if isinstance(i, str) else str(i) for i in sorted(ids, key=str))


def _folded(text: object) -> str:
    """Text as a tag_note is searched for a term: normalised, case aside."""
    return normalise(text).lower() if isinstance(text, str) else ""


def short_name(name: str) -> str | None:
    """The end of a project's name that the plan uses alone once it has named the country: the
    final run of kanji after the place names, without a closing bracket (チョットグラム-
    コックスバザール高速道路事業 -> 高速道路事業), if at least five characters (shorter endings such
    as 運営事業 or 建設事業 name no project in particular)."""
    name = re.sub(r"\([^()]*\)$", "", _normal(name).strip())
    run = re.search(rf"{_KANJI.pattern}+$", name)
    if run is None or run.start() == 0 or len(run.group()) < 5:
        return None
    return run.group()


@functools.lru_cache(maxsize=None)
def _pattern_after_kanji(short: str) -> re.Pattern:
    """short standing alone: not the end of a longer run of kanji (南北高速道路事業 is another name)."""
    return re.compile(rf"(?<!{_KANJI.pattern}){re.escape(short)}")


def _where(text_loc: Loc) -> str:
    return format_loc(text_loc)


def _terms(pillar: dict) -> list[str]:
    """A strategy's defining terms: its aliases in pillars.yaml and its STRATEGY_TERMS."""
    terms = [a for a in pillar.get("aliases") or [] if isinstance(a, str)]
    return [_normal(t) for t in terms + list(STRATEGY_TERMS.get(pillar.get("id"), ()))]


def _check_strategies(file: LoadedFile, loc: Loc, record: dict, texts, strategies: dict[str, list[str]]) -> None:
    """A strategy whose defining terms the record's own text uses is in its strategies; so is one
    whose means it uses, unless its tag_note quotes the term (saying why not)."""
    tags = record.get("strategies") or []
    note = _folded(record.get("tag_note"))
    texts = [(text_loc, text, text.lower(), _CASE_TRAPS.search(text) is not None) for text_loc, text in texts]
    for strategy, terms in strategies.items():
        if strategy in tags:
            continue
        hit = _first_use(texts, terms)
        if hit:
            _warn(file, loc + ("strategies",), f"{_where(hit[0])} uses '{hit[1]}', a defining term of "
                                               f"strategy '{strategy}', but strategies omits it")
            continue
        means = [term for term, folded in _means(strategy) if folded not in note]
        hit = _first_use(texts, means)
        if hit:
            _warn(file, loc + ("strategies",), f"{_where(hit[0])} uses '{hit[1]}', one of the means of strategy "
                                               f"'{strategy}', but strategies omits it; tag it, or quote {hit[1]} "
                                               "in tag_note to say why not")


@functools.lru_cache(maxsize=None)
def _means(strategy: str) -> tuple[tuple[str, str], ...]:
    """(term as looked for, term as a tag_note is searched for it) of each of the strategy's means."""
    return tuple((_normal(t), _folded(t)) for t in STRATEGY_MEANS.get(strategy, ()))


def _first_use(texts, terms: list[str]) -> tuple[Loc, str] | None:
    """The first text (loc, text, text lower-cased, whether it holds a _CASE_TRAPS character) in
    which a term stands, and the first such term. A term is looked for with its pattern only where
    it is a plain substring (case aside where its pattern ignores case): a much cheaper test,
    which skips only texts where the pattern cannot match."""
    probes = [_probe(term) for term in terms]
    for text_loc, text, folded, trapped in texts:
        hit = next((term for term, probe, fold in probes
                    if (trapped or probe in folded if fold else term in text) and _pattern(term).search(text)), None)
        if hit:
            return text_loc, hit
    return None


@functools.lru_cache(maxsize=None)
def _probe(term: str) -> tuple[str, str, bool]:
    """(term, the substring to test for, whether that is tested in the text lower-cased)."""
    return term, term.lower(), term.isascii() and not term.isupper()


def _check_implied(file: LoadedFile, loc: Loc, record: dict, known: dict) -> None:
    """The tags that the record's tags imply: see BODY_SECTORS and TECHNOLOGY_PILLAR."""
    own = file.data.get("id") if loc[0] == "actions" and isinstance(file.data, dict) else None
    sectors = set(record.get("sectors") or []) | ({own} if own else set())
    countries = set(record.get("countries") or [])
    for number in record.get("projects") or []:
        project = known["projects"].get(number) or {}
        country, main = project.get("country"), (project.get("sectors") or [None])[0]
        if country and country not in countries:
            _warn(file, loc + ("countries",), f"projects has {number}, which is in '{country}', but countries omits it")
        if main and main not in sectors:
            _warn(file, loc + ("sectors",), f"projects has {number}, whose main sector is '{main}', but sectors "
                                            "omits it")
    organizations = record.get("organizations") or []
    for body, sector in BODY_SECTORS.items():
        if sector not in known["sectors"]:
            continue
        if body in organizations and sector not in sectors:
            _warn(file, loc + ("sectors",), f"organizations has '{body}', which is also the sector '{sector}', "
                                            "but sectors omits it")
        if sector in sectors and body not in organizations:
            has = "it is an action of the sector" if sector == own else "sectors has"
            _warn(file, loc + ("organizations",), f"{has} '{sector}', which is also the organization '{body}', "
                                                  "but organizations omits it")
    pillar, served = TECHNOLOGY_PILLAR
    if pillar not in known["pillars"]:
        return
    pillars, tagged = record.get("pillars") or [], [s for s in served if s in (record.get("strategies") or [])]
    if tagged and pillar not in pillars:
        _warn(file, loc + ("pillars",), f"strategies has '{tagged[0]}', whose technologies pillar '{pillar}' "
                                        "is about, but pillars omits it")
    if pillar in pillars and not tagged:
        _warn(file, loc + ("strategies",), f"pillars has '{pillar}' but strategies has neither "
                                           f"{' nor '.join(repr(s) for s in served)}")


# -- same names --------------------------------------------------------------------------------

def core_name(name: str) -> str:
    """A Japanese name without its qualifiers: the parent body before a space, a legal form."""
    name = _normal(name).strip()
    name = re.split(r"\s+", name)[-1]
    for form in _LEGAL_FORMS:
        name = name.replace(_normal(form), "")
    return lookup_key(name)


def _check_same_names(records, what: str) -> None:
    seen: dict[str, tuple[LoadedFile, Loc, object]] = {}
    for file, loc, record in records:
        names = [("name_ja", record.get("name_ja"))]
        names += [(("aliases", i), a) for i, a in enumerate(record.get("aliases") or [])
                  if isinstance(a, str) and not a.isascii()]
        mine: set[str] = set()
        for field, name in names:
            if not isinstance(name, str):
                continue
            key = core_name(name)
            if not key or key in mine:
                continue
            mine.add(key)
            if key in seen and seen[key][2] != record.get("id"):
                first_file, first_loc, first_id = seen[key]
                where = f"line {first_file.position(first_loc)[0]}"
                path = loc + (field if isinstance(field, tuple) else (field,))
                _warn(file, path, f"Japanese name '{name}' is that of {what} '{first_id}' ({where}), qualifiers "
                                  "aside; merge the two into one id")
            else:
                seen.setdefault(key, (file, loc + ("name_ja",), record.get("id")))
