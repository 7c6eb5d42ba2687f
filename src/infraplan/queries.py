"""The catalogue's questions: project, measure and event filters, and the lookups views ask.

A mixin of Catalogue (catalogue.py), which holds the records and resolves what users type; nothing
here prints."""

from __future__ import annotations

from infraplan.keys import lookup_key
from infraplan.problems import InvalidValue
from infraplan.vocab import RECORD_KINDS


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


class Queries:
    """Filters over the catalogue's records (find_projects, find_measures, find_events) and the
    questions views ask of them (which projects a sector has, which measures name a country)."""

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
