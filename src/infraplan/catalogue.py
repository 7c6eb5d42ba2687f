"""The catalogue: validated records as plain dicts, their indexes, lookups and filters.

Built from the cache without importing pydantic or yaml; nothing here prints.
"""

from __future__ import annotations

import re
import unicodedata

from infraplan.problems import InvalidValue, UnknownValue, closest
from infraplan.vocab import EVENT_KINDS, RECORD_KINDS, REGION_ALIASES, REGIONS, STAGES

_IGNORED = re.compile(r"[\s\-_.・･'’]+")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def lookup_key(value: str) -> str:
    """How a typed name is compared: NFKC, case-folded, without spaces, hyphens or dots."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", value).casefold())


def section_key(section_id: str) -> tuple[int, ...]:
    """'2.3.1.10' -> (2, 3, 1, 10): the plan's order, not the string's."""
    return tuple(int(part) for part in section_id.split("."))


def date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest day a partial date (YYYY, YYYY-MM, YYYY-MM-DD) may mean, sortable."""
    return value + "-00-00"[len(value) - 4:], value + "-99-99"[len(value) - 4:]


class ProjectQuery:
    """Project filters: options combine with AND, repeated values of one option with OR."""

    def __init__(self, countries=(), regions=(), sectors=(), stages=(), new: bool | None = None,
                 since: str | None = None, until: str | None = None, text: str | None = None,
                 planned: bool = True):
        self.countries, self.regions = list(countries), list(regions)
        self.sectors, self.stages = list(sectors), list(stages)
        self.new, self.since, self.until, self.text = new, since, until, text
        self.planned = planned  # False: as if the developments the plan marks planned were not there


SCOPES = {"cross-cutting": "chapter 2's measures", "sector": "chapter 3's sector actions"}


class MeasureQuery:
    """Measure filters: options combine with AND, repeated values of one option with OR."""

    def __init__(self, pillars=(), sectors=(), countries=(), organizations=(), projects=(), text: str | None = None,
                 scopes=()):
        self.pillars, self.sectors, self.countries = list(pillars), list(sectors), list(countries)
        self.organizations, self.projects, self.text = list(organizations), list(projects), text
        self.scopes = list(scopes)


class Catalogue:
    """Every record of the plan, indexed for lookup by id, code, name or alias."""

    def __init__(self, data: dict):
        self.data = data
        self.plan: dict = data["plan"]
        self.countries: dict[str, dict] = {c["id"]: c for c in data["countries"]}
        self.sectors: dict[str, dict] = {s["id"]: s for s in data["sectors"]}
        self.projects: dict[int, dict] = {p["id"]: p for p in data["projects"]}
        self.organizations: dict[str, dict] = {o["id"]: o for o in data["organizations"]}
        self.pillars: dict[str, dict] = {p["id"]: p for p in data["pillars"]}
        self.chapter1: list[dict] = data["chapter1"]
        # The plan as a document: its headings (outline.yaml), in the plan's order.
        self.headings: dict[str, dict] = {h["id"]: h for h in data["outline"]}
        self.footnotes: dict[int, dict] = {f["number"]: {"id": f["number"], **f} for f in data.get("footnotes", [])}
        # The projects won since the previous edition, which the project list's preamble names.
        self.won_projects: dict[str, dict] = {w["id"]: w for w in (self.plan.get("project_list") or {}).get("won", [])}
        # Chapter 2's measures and chapter 3's sector actions are all measures of the plan: one index,
        # in the plan's order, each marked with its scope and (for actions) the sector it sits in.
        self.measures: dict[str, dict] = {m["id"]: m | {"scope": "cross-cutting", "sector": None}
                                          for m in data["measures"]}
        for sector in data["sectors"]:
            for action in sector["actions"]:
                self.measures[action["id"]] = action | {"scope": "sector", "sector": sector["id"]}
        self._index_keys(self.sectors.values())

    def _index_keys(self, sectors) -> None:
        """The lookup keys of what users type: every kind's ids, codes, names and aliases (sectors
        given apart: the indexed store passes their names without loading the profiles)."""
        self._country_keys = self._keys(self.countries.values(), ("id", "iso2", "iso3", "name_en", "name_ja"))
        self._sector_keys = self._keys(sectors, ("id", "name_en", "name_ja"))
        self._organization_keys = self._keys(self.organizations.values(), ("id", "name_en", "name_ja"))
        for org in self.organizations.values():
            if org["abbreviation"]:
                self._organization_keys.setdefault(lookup_key(org["abbreviation"]), org["id"])
        self._pillar_keys = self._keys(self.pillars.values(), ("id",))
        self._named_after: dict[str, dict] | None = None  # organisation id -> its countries and sector

    @staticmethod
    def _keys(records, fields: tuple[str, ...]) -> dict[str, str]:
        keys: dict[str, str] = {}
        for record in records:
            for value in [*(record[f] for f in fields), *record.get("aliases", [])]:
                keys.setdefault(lookup_key(value), record["id"])
        return keys

    # -- resolving what users type -------------------------------------------------------------

    @staticmethod
    def _resolve(value: str, keys: dict[str, str], what: str, ids: list[str]) -> str:
        hit = keys.get(lookup_key(value))
        if hit is not None:
            return hit
        names = sorted(set(keys) | set(ids))
        suggestions = []
        for name in closest(value, names):
            target = keys.get(name, name)
            if target not in suggestions:
                suggestions.append(target)
        raise UnknownValue(what, value, suggestions, ids)

    def country(self, value: str) -> str:
        """A country id from an id, ISO code, English or Japanese name or alias, any case."""
        return self._resolve(value, self._country_keys, "country", list(self.countries))

    def sector(self, value: str) -> str:
        return self._resolve(value, self._sector_keys, "sector", list(self.sectors))

    def region(self, value: str) -> str:
        keys = {lookup_key(r): r for r in REGIONS} | {lookup_key(a): r for a, r in REGION_ALIASES.items()}
        keys |= {lookup_key(label): r for r, label in REGIONS.items()}
        return self._resolve(value, keys, "region", list(REGIONS))

    def stage(self, value: str) -> str:
        return self._resolve(value, {lookup_key(s): s for s in STAGES}, "stage", list(STAGES))

    def event_kind(self, value: str) -> str:
        return self._resolve(value, {lookup_key(k): k for k in EVENT_KINDS}, "event kind", list(EVENT_KINDS))

    def pillar(self, value: str) -> str:
        """A pillar id from its id or an alias (`O&M`, `PPP`, `DX`, …), any case."""
        return self._resolve(value, self._pillar_keys, "pillar", list(self.pillars))

    def organization(self, value: str) -> str:
        return self._resolve(value, self._organization_keys, "organization", list(self.organizations))

    def measure(self, value: str) -> dict:
        text = value.strip().removeprefix("measure:")
        if text in self.measures:
            return self.measures[text]
        raise UnknownValue("measure", text, closest(text, list(self.measures), cutoff=80))

    def heading(self, value: str) -> str:
        """A heading id (2.1, 3.7.6, intro, annex.9) as typed, or UnknownValue with the closest."""
        text = value.strip().removeprefix("heading:")
        if text in self.headings:
            return text
        raise UnknownValue("heading", text, closest(text, list(self.headings), cutoff=80))

    def footnote(self, value: str) -> dict:
        """A footnote by its number as printed (7, 脚注7, footnote:7)."""
        text = value.strip().removeprefix("footnote:").removeprefix("脚注").strip()
        if text.isdigit() and int(text) in self.footnotes:
            return self.footnotes[int(text)]
        raise UnknownValue("footnote", text, [], [f"1-{max(self.footnotes)}"] if self.footnotes else [])

    def won_project(self, value: str) -> dict:
        text = value.strip().removeprefix("won-project:")
        if text in self.won_projects:
            return self.won_projects[text]
        raise UnknownValue("won project", text, closest(text, list(self.won_projects)), list(self.won_projects))

    def project(self, value: str | int) -> dict:
        text = str(value).strip().removeprefix("project:")
        if text.isdigit() and int(text) in self.projects:
            return self.projects[int(text)]
        suggestions = []
        if not text.isdigit():
            names = {p["name_en"]: p["id"] for p in self.projects.values()} | \
                    {p["name_ja"]: p["id"] for p in self.projects.values()}
            suggestions = [str(names[n]) for n in closest(text, list(names))]
        raise UnknownValue("project", text, suggestions,
                           [f"1-{max(self.projects)}"] if self.projects else [])

    @staticmethod
    def date(value: str) -> str:
        """A partial date as typed (YYYY, YYYY-MM or YYYY-MM-DD), checked to be a real day."""
        if not _DATE.match(value):
            raise UnknownValue("date", value, [], ["YYYY", "YYYY-MM", "YYYY-MM-DD"])
        if len(value) == 10:
            import calendar

            year, month, day = map(int, value.split("-"))
            if day > calendar.monthrange(year, month)[1]:
                raise InvalidValue("date", f"'{value}' is not a day of the calendar ({value[:7]} has "
                                   f"{calendar.monthrange(year, month)[1]} days)")
        return value

    # -- queries ---------------------------------------------------------------------------------

    def resolve_query(self, query: ProjectQuery) -> ProjectQuery:
        """The query with every user-typed value resolved to an id (raises UnknownValue, InvalidValue)."""
        resolved = ProjectQuery(
            countries=[self.country(c) for c in query.countries],
            regions=[self.region(r) for r in query.regions],
            sectors=[self.sector(s) for s in query.sectors],
            stages=[self.stage(s) for s in query.stages],
            new=query.new,
            since=self.date(query.since) if query.since else None,
            until=self.date(query.until) if query.until else None,
            text=query.text,
            planned=query.planned,
        )
        if resolved.since and resolved.until and date_bounds(resolved.until)[1] < date_bounds(resolved.since)[0]:
            raise InvalidValue("date", f"--since {resolved.since} is after --until {resolved.until}; "
                                       "nothing could match")
        return resolved

    @staticmethod
    def _select(records, tests: list, terms: list[str], haystack) -> list[dict]:
        """The records that pass every test and hold every search term, in their order."""
        return [r for r in records if all(test(r) for test in tests) and all(t in haystack(r) for t in terms)]

    @staticmethod
    def _terms(text: str | None) -> list[str]:
        return [lookup_key(t) for t in (text or "").split() if lookup_key(t)]

    def find_projects(self, query: ProjectQuery) -> list[dict]:
        """Projects matching every given filter, in the plan's order; with planned=False, each
        without the developments the plan marks planned (for the dates, the latest, the events)."""
        q = self.resolve_query(query)
        projects = self._project_candidates(q)
        if not q.planned:
            projects = [p | {"events": [e for e in p["events"] if not e["planned"]]} for p in projects]
        tests = []
        if q.countries:
            tests.append(lambda p: p["country"] in q.countries)
        if q.regions:
            tests.append(lambda p: self.countries[p["country"]]["region"] in q.regions)
        if q.sectors:
            tests.append(lambda p: bool(set(p["sectors"]) & set(q.sectors)))
        if q.stages:
            tests.append(lambda p: p["stage"] in q.stages)
        if q.new is not None:
            tests.append(lambda p: p["new"] == q.new)
        if q.since or q.until:
            tests.append(lambda p: bool(self._events_between(p, q.since, q.until)))
        return self._select(projects, tests, self._terms(q.text), self._haystack)

    def _project_candidates(self, q: ProjectQuery):
        """The projects that find_projects tests (all; the indexed store narrows them first)."""
        return self.projects.values()

    @classmethod
    def _events_between(cls, project: dict, since: str | None, until: str | None) -> list[dict]:
        return [event for event in project["events"] if cls._in_window(event, since, until)]

    @staticmethod
    def _haystack(project: dict) -> str:
        fields = (project["name_ja"], project["name_en"], project["overview_ja"], project["overview_en"])
        return "\n".join(lookup_key(f) for f in fields)

    def record_kind(self, value: str) -> str:
        return self._resolve(value, {lookup_key(k): k for k in RECORD_KINDS}, "kind", list(RECORD_KINDS))

    def scope(self, value: str) -> str:
        return self._resolve(value, {lookup_key(k): k for k in SCOPES}, "scope", list(SCOPES))

    def find_measures(self, query: MeasureQuery) -> list[dict]:
        """Measures and sector actions matching every given filter, in the plan's order.

        A pillar matches its tag anywhere, not only its heading. A sector matches the chapter-2
        measures that name it and its own actions (another sector's action that merely names it
        is a link, shown by `related`, not one of its actions)."""
        pillars = {self.pillar(p) for p in query.pillars}
        sectors = {self.sector(s) for s in query.sectors}
        countries = {self.country(c) for c in query.countries}
        organizations = {self.organization(o) for o in query.organizations}
        projects = {self.project(p)["id"] for p in query.projects}
        scopes = {self.scope(s) for s in query.scopes}
        tests = []
        if pillars:
            tests.append(lambda m: bool(pillars & {*m["pillars"], *m["strategies"]}))
        if sectors:
            tests.append(lambda m: m["sector"] in sectors if m["sector"] else bool(sectors & set(m["sectors"])))
        for wanted, field in ((countries, "countries"), (organizations, "organizations"), (projects, "projects")):
            if wanted:
                tests.append(lambda m, wanted=wanted, field=field: bool(wanted & set(m[field])))
        if scopes:
            tests.append(lambda m: m["scope"] in scopes)
        candidates = self._measure_candidates(pillars, sectors, countries, organizations, projects, scopes)
        return self._select(candidates, tests, self._terms(query.text), self._measure_haystack)

    def _measure_candidates(self, pillars: set, sectors: set, countries: set, organizations: set, projects: set,
                            scopes: set):
        """The measures that find_measures tests (all; the indexed store narrows them first)."""
        return self.measures.values()

    @staticmethod
    def _measure_haystack(measure: dict) -> str:
        fields = [measure["title_ja"], measure["title_en"], measure["summary_en"], measure["summary_ja"]]
        fields += [p[k] for p in measure["points"] for k in ("summary_en", "summary_ja")]
        return "\n".join(lookup_key(f) for f in fields)

    def measures_naming(self, field: str, value: object, scope: str | None = None) -> list[dict]:
        """Measures whose `field` list (projects, countries, organizations, sectors, pillars) holds value."""
        return [m for m in self.measures.values() if value in m[field] and scope in (None, m["scope"])]

    def projects_in_sector(self, sector_id: str) -> list[dict]:
        """The projects in a sector (any of their sectors), in the plan's order."""
        return [p for p in self.projects.values() if sector_id in p["sectors"]]

    def projects_of_country(self, country_id: str) -> list[dict]:
        return [p for p in self.projects.values() if p["country"] == country_id]

    def sectors_with_competitor(self, country_id: str) -> list[str]:
        """Ids of the sectors whose profile names a competitor of that country."""
        return [s["id"] for s in self.sectors.values() if any(p["country"] == country_id for p in s["competitors"]["players"])]

    def sectors_with_framework(self, organization_id: str) -> list[str]:
        """Ids of the sectors whose frameworks (⑦) include that organisation."""
        return [s["id"] for s in self.sectors.values() if any(f["organization"] == organization_id for f in s["frameworks"])]

    def actions_of(self, sector_id: str) -> list[dict]:
        """The sector's own actions (its ⑥ items), as measures."""
        return [m for m in self.measures.values() if m["sector"] == sector_id]

    @staticmethod
    def headline_figure(sector: dict) -> dict | None:
        """The sector's headline market figure: the overseas figure marked `headline: true`."""
        overseas = (sector.get("market") or {}).get("overseas") or {}
        return next((f for f in overseas.get("figures") or [] if f.get("headline")), None)

    def tagged(self, pillar_id: str) -> list[dict]:
        """Measures tagged with a pillar or strategy, wherever they sit."""
        return [m for m in self.measures.values() if pillar_id in m["pillars"] or pillar_id in m["strategies"]]

    def heading_of(self, measure: dict) -> dict | None:
        section = ".".join(measure["id"].split(".")[:3])
        return next((p for p in self.pillars.values() if p["section"] == section), None)

    def project_counts(self, key: str) -> dict[str, int]:
        """How many projects each country (key='country') or sector (key='sectors') has."""
        counts: dict[str, int] = {}
        for project in self.projects.values():
            for value in project[key] if isinstance(project[key], list) else [project[key]]:
                counts[value] = counts.get(value, 0) + 1
        return counts

    # -- any record, and its links both ways ------------------------------------------------------

    def records_of(self, kind: str) -> dict:
        return {"project": self.projects, "measure": self.measures, "sector": self.sectors, "pillar": self.pillars,
                "country": self.countries, "organization": self.organizations, "heading": self.headings,
                "footnote": self.footnotes, "won-project": self.won_projects}[kind]

    # -- footnotes: each belongs to the record whose lines hold the line that cites it ----------

    def footnote_owner(self, footnote: dict) -> tuple[str, object] | None:
        """(kind, id) of the record citing a footnote: the narrowest measure or sector action whose lines
        hold its cited_at line, else the sector, else the narrowest heading; None if nothing holds it."""
        line = footnote["cited_at"]

        def narrowest(records, kind):
            holding = [r for r in records if r["source"]["lines"][0] <= line <= r["source"]["lines"][1]]
            if not holding:
                return None
            best = min(holding, key=lambda r: r["source"]["lines"][1] - r["source"]["lines"][0])
            return kind, best["id"]

        return (narrowest(self.measures.values(), "measure") or narrowest(self.sectors.values(), "sector")
                or narrowest(self.headings.values(), "heading"))

    def footnotes_of(self, kind: str, rid: object) -> list[dict]:
        """The footnotes a record cites, in their order."""
        return [f for f in self.footnotes.values() if self.footnote_owner(f) == (kind, rid)]

    # -- the plan as a document ------------------------------------------------------------------

    def sub_headings(self, heading_id: str | None) -> list[dict]:
        """The headings directly under heading_id (None: the top level), in the plan's order."""
        return [h for h in self.headings.values() if (h["id"].rpartition(".")[0] or None) == heading_id]

    def measures_under(self, heading_id: str, scope: str | None = None) -> list[dict]:
        """Chapter 2's measures (2.x.y.z) or chapter 3's actions (3.s.6.n) under a heading, by their ids."""
        return [m for m in self.measures.values() if m["id"].startswith(heading_id + ".") and scope in (None, m["scope"])]

    def measures_directly_under(self, heading_id: str) -> list[dict]:
        """The measures or actions whose nearest heading is heading_id (3.4.6 for 3.4.6.2.1)."""
        return [m for m in self.measures.values() if ".".join(m["id"].split(".")[:3]) == heading_id]

    def projects_under(self, heading: dict) -> list[dict]:
        """The target projects the plan lists inside a heading's lines (the closing list's headings)."""
        first, last = heading["source"]["lines"]
        return [p for p in self.projects.values() if first <= p["source"]["lines"][0] <= last]

    def heading_counts(self, heading: dict) -> dict[str, int]:
        return {"measures": len(self.measures_under(heading["id"], "cross-cutting")),
                "actions": len(self.measures_under(heading["id"], "sector")),
                "projects": len(self.projects_under(heading))}

    def section_of(self, heading_id: str) -> dict | None:
        """The chapter1.yaml record of a chapter-1 heading (1.1.x, 1.3.x)."""
        return next((s for s in self.chapter1 if s["id"] == heading_id), None)

    def heading_record(self, heading_id: str) -> tuple[str, str] | None:
        """(kind, id) of the record a heading is the source of: a chapter-3 sector or a pillar."""
        parts = heading_id.split(".")
        if parts[0] == "3" and len(parts) == 2:
            sector = next((s for s in self.sectors.values() if s["number"] == int(parts[1])), None)
            return ("sector", sector["id"]) if sector else None
        pillar = next((p for p in self.pillars.values() if p["section"] == heading_id), None)
        return ("pillar", pillar["id"]) if pillar else None

    @staticmethod
    def titles(kind: str, record: dict) -> tuple[str, str]:
        """(Japanese, English) title of any record."""
        if kind in ("measure", "pillar", "heading"):
            return record["title_ja"], record["title_en"]
        if kind == "footnote":
            return (f"脚注{record['number']}：{record['text_ja']}",
                    f"Footnote {record['number']}: " + (record.get("summary_en") or "a source the plan cites"))
        return record["name_ja"], record["name_en"]

    def named_after(self, org_id: str) -> dict:
        """What an organisation's own names name: {"countries": [ids], "sector": id or None}.

        A country whose name or alias stands as a word in the organisation's name, English name or
        an alias (the Public-Private Partnership Authority of the People's Republic of Bangladesh:
        bangladesh; names.py's rule, and not inside a region's or a pillar's longer name: America
        in Latin America, インド in インド太平洋); the sector whose Japanese name holds the
        organisation's Japanese name or whose English name its abbreviation (sector join's
        株式会社海外交通・都市開発事業支援機構（JOIN）: organisation join)."""
        # Worked out an organisation at a time, when asked (each name found is a pattern to compile:
        # all of them took a `show` of a country tens of milliseconds).
        from infraplan.names import name_pattern, names_in

        if self._named_after is None:
            names = [(n, "country", c["id"]) for c in self.countries.values() for n in self._country_names(c)]
            names += [(n, "", r) for r, n in [*REGIONS.items(), *((a, a) for a in REGION_ALIASES)]]
            names += [(n, "", p["id"]) for p in self.pillars.values() for n in (p["title_ja"], *p["aliases"])]
            names.sort(key=lambda n: -len(n[0]))
            self._named_after, self._names = {}, names
        if org_id not in self._named_after:
            org = self.organizations[org_id]
            found = [i for text in (org["name_ja"], org["name_en"], *org["aliases"]) for _, _, i in names_in(text, self._names)]
            sector = next((s["id"] for s in self.sectors.values() if org["name_ja"] in s["name_ja"]
                           or org["abbreviation"] and name_pattern(org["abbreviation"]).search(s["name_en"])), None)
            self._named_after[org_id] = {"countries": list(dict.fromkeys(found)), "sector": sector}
        return self._named_after[org_id]

    @staticmethod
    def _country_names(country: dict) -> list[str]:
        return [n for n in (country["name_ja"], country["name_en"], *country["aliases"]) if len(n) >= 2]

    def _may_name(self, org_id: str, names: list[str]) -> bool:
        """Whether any of names passes names_in's first test in the organisation's names: False
        means named_after cannot find it there."""
        from infraplan.names import may_stand_in

        org = self.organizations[org_id]
        return any(may_stand_in(n, text) for text in (org["name_ja"], org["name_en"], *org["aliases"]) for n in names)

    def link(self, relation: str, kind: str, rid: object) -> dict:
        title_ja, title_en = self.titles(kind, self.records_of(kind)[rid])
        return {"relation": relation, "kind": kind, "id": rid, "title_ja": title_ja, "title_en": title_en}

    def _naming(self, field: str, value: object) -> list[dict]:
        return [self.link("named by " + ("measure" if m["scope"] == "cross-cutting" else "sector action"), "measure", m["id"])
                for m in self.measures_naming(field, value)]

    def related(self, kind: str, record: dict) -> list[dict]:
        """Every record linked to this one, in either direction, as {relation, kind, id, titles}."""
        rid = record["id"]
        links: list[dict] = []
        if kind == "project":
            links.append(self.link("country", "country", record["country"]))
            links += [self.link("sector", "sector", s) for s in record["sectors"]]
            links += self._naming("projects", rid)
        elif kind == "measure":
            heading = ".".join(rid.split(".")[:3])
            if heading in self.headings:
                links.append(self.link("under heading", "heading", heading))
            if record["sector"]:
                links.append(self.link("in sector", "sector", record["sector"]))
            links += [self.link("pillar", "pillar", p) for p in [*record["pillars"], *record["strategies"]]]
            for field, other in (("sectors", "sector"), ("countries", "country"), ("projects", "project"),
                                 ("organizations", "organization")):
                links += [self.link("names " + other, other, v) for v in record[field]]
        elif kind == "sector":
            heading = f"3.{record['number']}"
            if heading in self.headings:
                links.append(self.link("heading", "heading", heading))
            links += [self.link("project", "project", p["id"]) for p in self.projects_in_sector(rid)]
            links += [self.link("action", "measure", a["id"]) for a in self.actions_of(rid)]
            links += self._naming("sectors", rid)
            links += [self.link("framework", "organization", f["organization"]) for f in record["frameworks"]]
            countries = dict.fromkeys(p["country"] for p in record["competitors"]["players"] if p["country"])
            links += [self.link("competitor country", "country", c) for c in countries]
            links += [self.link("profile of", "organization", o) for o in self.organizations
                      if self.named_after(o)["sector"] == rid]
        elif kind == "pillar":
            if record["section"] in self.headings:
                links.append(self.link("heading", "heading", record["section"]))
            links += [self.link("tagged " + ("measure" if m["scope"] == "cross-cutting" else "sector action"), "measure", m["id"])
                      for m in self.tagged(rid)]
        elif kind == "country":
            links += [self.link("project", "project", p["id"]) for p in self.projects_of_country(rid)]
            links += self._naming("countries", rid)
            links += [self.link("competitor in sector", "sector", s) for s in self.sectors_with_competitor(rid)]
            names = self._country_names(record)
            links += [self.link("organization", "organization", o) for o in self.organizations
                      if self._may_name(o, names) and rid in self.named_after(o)["countries"]]
        elif kind == "heading":
            parent = rid.rpartition(".")[0]
            if parent in self.headings:
                links.append(self.link("parent heading", "heading", parent))
            if (source := self.heading_record(rid)) is not None:
                links.append(self.link("heading of", *source))
            if (section := self.section_of(rid)) is not None:  # chapter 1's background to the pillars
                links += [self.link("background to pillar", "pillar", p) for p in section["pillars"]]
            if rid == "intro":
                links += [self.link("strategy", "pillar", s["id"]) for s in self.plan["strategies"]]
            links += [self.link("sub-heading", "heading", h["id"]) for h in self.sub_headings(rid)]
            links += [self.link("measure" if m["scope"] == "cross-cutting" else "sector action", "measure", m["id"])
                      for m in self.measures_directly_under(rid)]
            if not self.sub_headings(rid):
                links += [self.link("project", "project", p["id"]) for p in self.projects_under(record)]
        elif kind == "footnote":
            if (owner := self.footnote_owner(record)) is not None:
                links.append(self.link("cited by", *owner))
            links += [self.link("names country", "country", c) for c in record["countries"]]
        elif kind == "won-project":
            if "annex" in self.headings:
                links.append(self.link("listed under heading", "heading", "annex"))
            if record["country"]:
                links.append(self.link("country", "country", record["country"]))
            links += [self.link("sector", "sector", s) for s in record["sectors"]]
        elif kind == "organization":
            named_after = self.named_after(rid)
            if named_after["sector"]:
                links.append(self.link("sector profile", "sector", named_after["sector"]))
            links += [self.link("country", "country", c) for c in named_after["countries"]]
            links += self._naming("organizations", rid)
            links += [self.link("framework of sector", "sector", s) for s in self.sectors_with_framework(rid)]
        if kind in ("measure", "sector", "heading"):
            links += [self.link("cites footnote", "footnote", f["number"]) for f in self.footnotes_of(kind, rid)]
        if kind == "country":
            links += [self.link("named by footnote", "footnote", f["number"]) for f in self.footnotes.values()
                      if rid in f["countries"]]
        won = {"country": lambda w: w["country"] == rid, "sector": lambda w: rid in w["sectors"],
               "heading": lambda w: rid == "annex"}.get(kind)
        if won is not None:
            links += [self.link("won project", "won-project", w["id"]) for w in self.won_projects.values() if won(w)]
        return links

    def events(self, projects: list[dict] | None = None) -> list[dict]:
        """Every dated development of the projects (all by default), newest first, each with its
        project and country. Sorted by the earliest day its date may mean, so a development known
        only to the year follows that year's precisely dated ones; ties keep the plan's order."""
        rows = [event | {"project": p["id"], "country": p["country"]}
                for p in (self.projects.values() if projects is None else projects) for event in p["events"]]
        rows.sort(key=lambda e: date_bounds(e["date"])[0], reverse=True)  # stable: ties keep plan order
        return rows

    def find_events(self, query: ProjectQuery, kinds=()) -> list[dict]:
        """The timeline: developments of the projects the query selects (country, region, sector,
        stage, new, text), of the given kinds, overlapping since/until, planned ones unless
        planned=False; newest first."""
        q = self.resolve_query(query)
        kinds = {self.event_kind(k) for k in kinds}
        projects = self.find_projects(ProjectQuery(q.countries, q.regions, q.sectors, q.stages, q.new, text=q.text,
                                                   planned=q.planned))
        return [e for e in self.events(projects)
                if (not kinds or e["kind"] in kinds) and self._in_window(e, q.since, q.until)]

    @staticmethod
    def _in_window(event: dict, since: str | None, until: str | None) -> bool:
        start = date_bounds(event["date"])[0]
        end = date_bounds(event["end"] or event["date"])[1]
        return not (since and end < date_bounds(since)[0]) and not (until and start > date_bounds(until)[1])
