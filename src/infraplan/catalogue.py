"""The catalogue: validated records as plain dicts, indexed, and what users type resolved to them.

Its questions live in mixins, a module each: queries.py (filters), headings.py (the plan as a
document), links.py (links both ways). Built from the store without importing pydantic or yaml;
nothing here prints.
"""

from __future__ import annotations

import re

from infraplan.headings import Headings
from infraplan.keys import lookup_key, section_key
from infraplan.links import Links
from infraplan.problems import InvalidValue, UnknownValue, closest
from infraplan.queries import SCOPES, MeasureQuery, ProjectQuery, Queries, date_bounds
from infraplan.vocab import EVENT_KINDS, REGION_ALIASES, REGIONS, STAGES

__all__ = ["Catalogue", "MeasureQuery", "ProjectQuery", "SCOPES", "date_bounds", "lookup_key", "section_key"]

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class Catalogue(Queries, Headings, Links):
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

    # -- any record, and its links both ways ------------------------------------------------------

    def records_of(self, kind: str) -> dict:
        return {"project": self.projects, "measure": self.measures, "sector": self.sectors, "pillar": self.pillars,
                "country": self.countries, "organization": self.organizations, "heading": self.headings,
                "footnote": self.footnotes, "won-project": self.won_projects}[kind]
