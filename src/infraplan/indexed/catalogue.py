"""A Catalogue over an open store: records load per kind and id, filters narrow with SQL.

The kinds that do not grow with the data (the plan, chapter 1, countries, organisations, pillars,
headings, footnotes, won projects) load whole when the store opens; projects, measures and sectors are `Records` mappings
that load a record when it is asked for, and all of them only when iterated. Each filter asks the
store's indexes for its candidates, then applies the Catalogue's own tests to them, so results are
the Catalogue's, in its order. If the store turns out broken while a query reads it, the catalogue
validates afresh (rewriting the store) and answers from memory from then on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from infraplan.catalogue import Catalogue, lookup_key
from infraplan.indexed.file import Broken, decode

_SMALL = ("plan", "chapter1", "country", "organization", "pillar", "heading", "footnote", "won-project")
_CHUNK = 500  # ids per IN (...) when loading many records
# measures_naming's fields -> (link table, column) of the export's schema
_LINKS = {"projects": ("measure_projects", "project"), "countries": ("measure_countries", "country"),
          "organizations": ("measure_organizations", "organization"), "sectors": ("measure_sectors", "sector"),
          "pillars": ("measure_pillars", "pillar"), "strategies": ("measure_strategies", "pillar")}


def _among(column: str, values) -> tuple[str, list]:
    values = list(values)
    return f"{column} IN ({', '.join('?' * len(values))})", values


class Records(Mapping):
    """One kind's records by id, in the plan's order, loaded from the store as they are asked for."""

    def __init__(self, cat: StoredCatalogue, kind: str, key_type: type):
        self._cat, self._kind, self._type = cat, kind, key_type
        self._loaded: dict = {}
        self._ids: list | None = None
        self._whole: dict | None = None

    def _memory(self) -> dict:
        return self._cat.records_of(self._kind)

    def __getitem__(self, key):
        if self._cat._memory:
            return self._memory()[key]
        if type(key) is not self._type:  # a dict keyed by int has no "50"
            raise KeyError(key)
        if key in self._loaded:
            return self._loaded[key]
        rows = self._cat._guard(lambda: self._cat._rows(
            "SELECT json, crc FROM store_records WHERE kind = ? AND id = ?", (self._kind, str(key))), None)
        if rows is None:
            return self._memory()[key]
        if not rows:
            raise KeyError(key)
        record = self._loaded[key] = self._cat._decode(*rows[0], lambda: self._memory()[key])
        return record

    def _all_ids(self) -> list:
        if self._ids is None:
            rows = self._cat._rows("SELECT id FROM store_records WHERE kind = ? ORDER BY position", (self._kind,))
            self._ids = [self._type(rid) for (rid,) in rows]
        return self._ids

    def __iter__(self):
        ids = self._cat._guard(self._all_ids, None)
        return iter(self._memory() if ids is None else ids)

    def __len__(self) -> int:
        ids = self._cat._guard(self._all_ids, None)
        return len(self._memory() if ids is None else ids)

    def _all(self) -> dict:
        def load() -> dict:
            if self._whole is None:
                rows = self._cat._rows("SELECT id, json, crc FROM store_records WHERE kind = ? ORDER BY position",
                                       (self._kind,))
                self._whole = {self._type(rid): decode(blob, crc) for rid, blob, crc in rows}
                self._loaded = dict(self._whole)
            return self._whole

        return self._cat._guard(load, self._memory)

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()

    def many(self, ids: list) -> list[dict]:
        """The records of ids, in that order, loaded together."""
        def load() -> list[dict]:
            missing = [i for i in dict.fromkeys(ids) if i not in self._loaded]
            for start in range(0, len(missing), _CHUNK):
                where, args = _among("id", (str(i) for i in missing[start:start + _CHUNK]))
                for rid, blob, crc in self._cat._rows(f"SELECT id, json, crc FROM store_records "
                                                      f"WHERE kind = ? AND {where}", [self._kind, *args]):
                    self._loaded[self._type(rid)] = decode(blob, crc)
            return [self._loaded[i] for i in ids]

        return self._cat._guard(load, lambda: [self._memory()[i] for i in ids])


class StoredCatalogue(Catalogue):
    """The Catalogue's interface over an open store (indexed.file.open_store); `recover` validates
    afresh and returns the catalogue data, for when the store turns out broken."""

    def __init__(self, db: sqlite3.Connection, recover):
        self._db, self._recover_data, self._memory, self._data = db, recover, False, None
        small: dict[str, dict] = {kind: {} for kind in _SMALL}
        where, args = _among("kind", _SMALL)
        for kind, rid, blob, crc in self._rows(f"SELECT kind, id, json, crc FROM store_records WHERE {where} "
                                               "ORDER BY kind, position", args):
            small[kind][rid] = decode(blob, crc)
        if "plan" not in small["plan"]:
            raise Broken("no plan record")
        self.plan = small["plan"]["plan"]
        self.chapter1 = list(small["chapter1"].values())
        self.countries, self.organizations = small["country"], small["organization"]
        self.pillars, self.headings = small["pillar"], small["heading"]
        self.footnotes = {int(number): f for number, f in small["footnote"].items()}
        self.won_projects = small["won-project"]
        self.projects = Records(self, "project", int)
        self.measures = Records(self, "measure", str)
        self.sectors = Records(self, "sector", str)
        # what sector names resolve and links show, without loading the profiles
        self._sector_names = {sid: {"id": sid, "number": number, "name_ja": name_ja, "name_en": name_en,
                                    "aliases": decode_list(aliases)}
                              for sid, number, name_ja, name_en, aliases in self._rows(
                                  "SELECT id, number, name_ja, name_en, aliases FROM sectors ORDER BY number")}
        self._index_keys(self._sector_names.values())

    # -- reading, and what happens when the store is broken ----------------------------------------

    def _rows(self, sql: str, args=()) -> list:
        try:
            return self._db.execute(sql, args).fetchall()
        except (sqlite3.Error, OverflowError) as exc:
            raise Broken(str(exc)) from None

    def _recover(self) -> None:
        """Validate afresh (which rewrites the store) and answer from memory from now on."""
        data = self._recover_data()
        self._db.close()
        Catalogue.__init__(self, data)
        self._memory = True

    def _guard(self, stored, fallback):
        """stored(), or, once the store turned out broken (now or before), fallback() (None: None)."""
        if not self._memory:
            try:
                return stored()
            except Broken:
                self._recover()
        return fallback() if fallback else None

    def _decode(self, blob, crc, fallback):
        try:
            return decode(blob, crc)
        except Broken:
            self._recover()
            return fallback()

    def _ids(self, sql: str, args=()) -> list:
        return [row[0] for row in self._rows(sql, args)]

    @property
    def data(self) -> dict:
        """The catalogue data as validate returns it (every record loaded)."""
        if self._data is None:
            measures = [m for m in self.measures.values() if m["scope"] == "cross-cutting"]
            self._data = {"plan": self.plan, "countries": list(self.countries.values()),
                          "sectors": list(self.sectors.values()), "projects": list(self.projects.values()),
                          "organizations": list(self.organizations.values()), "pillars": list(self.pillars.values()),
                          "chapter1": self.chapter1,
                          "measures": [{k: v for k, v in m.items() if k not in ("scope", "sector")} for m in measures],
                          "outline": list(self.headings.values()), "footnotes": list(self.footnotes.values())}
        return self._data

    @data.setter
    def data(self, value: dict) -> None:
        self._data = value

    # -- the Catalogue's questions, asked of the indexes --------------------------------------------

    def _narrow(self, records: Records, sql: str, args, fallback):
        return self._guard(lambda: records.many(self._ids(sql, args)), fallback)

    def _project_candidates(self, q):
        where, args = [], []
        for column, values in (("country", q.countries), ("region", q.regions), ("stage", q.stages)):
            if values:
                clause, more = _among(column, values)
                where.append(clause)
                args += more
        if q.new is not None:
            where.append("new = ?")
            args.append(int(q.new))
        if q.sectors:
            clause, more = _among("sector", q.sectors)
            where.append(f"id IN (SELECT project FROM project_sectors WHERE {clause})")
            args += more
        if not where:
            return self.projects.values()
        return self._narrow(self.projects, f"SELECT id FROM projects WHERE {' AND '.join(where)} ORDER BY id", args,
                            lambda: super(StoredCatalogue, self)._project_candidates(q))

    def _measure_candidates(self, pillars, sectors, countries, organizations, projects, scopes):
        where, args = [], []
        if pillars:
            clause, more = _among("pillar", pillars)
            where.append(f"id IN (SELECT measure FROM measure_pillars WHERE {clause} "
                         f"UNION SELECT measure FROM measure_strategies WHERE {clause})")
            args += more * 2
        if sectors:
            clause, more = _among("sector", sectors)
            where.append(f"({clause} OR (sector IS NULL AND id IN (SELECT measure FROM measure_sectors WHERE {clause})))")
            args += more * 2
        for field, wanted in (("countries", countries), ("organizations", organizations), ("projects", projects)):
            if wanted:
                table, column = _LINKS[field]
                clause, more = _among(column, wanted)
                where.append(f"id IN (SELECT measure FROM {table} WHERE {clause})")
                args += more
        if scopes:
            clause, more = _among("scope", scopes)
            where.append(clause)
            args += more
        if not where:
            return self.measures.values()
        return self._narrow(self.measures, f"SELECT id FROM measures WHERE {' AND '.join(where)} ORDER BY position",
                            args, lambda: super(StoredCatalogue, self)._measure_candidates(
                                pillars, sectors, countries, organizations, projects, scopes))

    def measures_naming(self, field: str, value: object, scope: str | None = None) -> list[dict]:
        if field not in _LINKS:
            return super().measures_naming(field, value, scope)
        table, column = _LINKS[field]
        sql = f"SELECT id FROM measures WHERE id IN (SELECT measure FROM {table} WHERE {column} = ?)"
        args = [value]
        if scope is not None:
            sql += " AND scope = ?"
            args.append(scope)
        return self._narrow(self.measures, sql + " ORDER BY position", args,
                            lambda: super(StoredCatalogue, self).measures_naming(field, value, scope))

    def actions_of(self, sector_id: str) -> list[dict]:
        return self._narrow(self.measures, "SELECT id FROM measures WHERE sector = ? ORDER BY position", [sector_id],
                            lambda: super(StoredCatalogue, self).actions_of(sector_id))

    def tagged(self, pillar_id: str) -> list[dict]:
        return self._narrow(self.measures, "SELECT id FROM measures WHERE id IN (SELECT measure FROM measure_pillars "
                            "WHERE pillar = ? UNION SELECT measure FROM measure_strategies WHERE pillar = ?) "
                            "ORDER BY position", [pillar_id, pillar_id],
                            lambda: super(StoredCatalogue, self).tagged(pillar_id))

    def measures_under(self, heading_id: str, scope: str | None = None) -> list[dict]:
        sql, args = "SELECT id FROM measures WHERE substr(id, 1, ?) = ?", [len(heading_id) + 1, heading_id + "."]
        if scope is not None:
            sql += " AND scope = ?"
            args.append(scope)
        return self._narrow(self.measures, sql + " ORDER BY position", args,
                            lambda: super(StoredCatalogue, self).measures_under(heading_id, scope))

    def measures_directly_under(self, heading_id: str) -> list[dict]:
        # every measure and action id has four or more parts (validate), so only a heading of three
        # parts (2.1.1, 3.4.6) is the nearest heading of any
        return self.measures_under(heading_id) if heading_id.count(".") == 2 else []

    def projects_under(self, heading: dict) -> list[dict]:
        first, last = heading["source"]["lines"]
        return self._narrow(self.projects, "SELECT id FROM projects WHERE source_first_line BETWEEN ? AND ? "
                            "ORDER BY id", [first, last],
                            lambda: super(StoredCatalogue, self).projects_under(heading))

    def heading_counts(self, heading: dict) -> dict[str, int]:
        def stored() -> dict[str, int]:
            prefix = [len(heading["id"]) + 1, heading["id"] + "."]
            count = "SELECT count(*) FROM measures WHERE substr(id, 1, ?) = ? AND scope = ?"
            return {"measures": self._rows(count, [*prefix, "cross-cutting"])[0][0],
                    "actions": self._rows(count, [*prefix, "sector"])[0][0],
                    "projects": self._rows("SELECT count(*) FROM projects WHERE source_first_line BETWEEN ? AND ?",
                                           heading["source"]["lines"])[0][0]}

        return self._guard(stored, lambda: super(StoredCatalogue, self).heading_counts(heading))

    def project_counts(self, key: str) -> dict[str, int]:
        # in the order of each value's first appearance, as the Catalogue counts
        sql = {"country": "SELECT country, count(*) FROM projects GROUP BY country ORDER BY min(id)",
               "sectors": "SELECT sector, count(*) FROM project_sectors GROUP BY sector "
                          "ORDER BY min(project * 1000 + position)"}.get(key)
        if sql is None:
            return super().project_counts(key)
        return self._guard(lambda: dict(self._rows(sql)), lambda: super(StoredCatalogue, self).project_counts(key))

    def projects_in_sector(self, sector_id: str) -> list[dict]:
        return self._narrow(self.projects, "SELECT project FROM project_sectors WHERE sector = ? ORDER BY project",
                            [sector_id], lambda: super(StoredCatalogue, self).projects_in_sector(sector_id))

    def projects_of_country(self, country_id: str) -> list[dict]:
        return self._narrow(self.projects, "SELECT id FROM projects WHERE country = ? ORDER BY id", [country_id],
                            lambda: super(StoredCatalogue, self).projects_of_country(country_id))

    def sectors_with_competitor(self, country_id: str) -> list[str]:
        return self._guard(lambda: self._ids("SELECT id FROM sectors WHERE id IN (SELECT sector FROM competitors "
                                             "WHERE country = ?) ORDER BY number", [country_id]),
                           lambda: super(StoredCatalogue, self).sectors_with_competitor(country_id))

    def sectors_with_framework(self, organization_id: str) -> list[str]:
        return self._guard(lambda: self._ids("SELECT id FROM sectors WHERE id IN (SELECT sector FROM frameworks "
                                             "WHERE organization = ?) ORDER BY number", [organization_id]),
                           lambda: super(StoredCatalogue, self).sectors_with_framework(organization_id))

    def heading_record(self, heading_id: str) -> tuple[str, str] | None:
        parts = heading_id.split(".")
        if self._memory or not (parts[0] == "3" and len(parts) == 2):
            return super().heading_record(heading_id)
        sector = next((s for s in self._sector_names.values() if str(s["number"]) == parts[1]), None)
        return ("sector", sector["id"]) if sector else None

    def link(self, relation: str, kind: str, rid: object) -> dict:
        if kind != "sector" or self._memory:
            return super().link(relation, kind, rid)
        sector = self._sector_names[rid]
        return {"relation": relation, "kind": kind, "id": rid, "title_ja": sector["name_ja"], "title_en": sector["name_en"]}

    # -- search ---------------------------------------------------------------------------------------

    def search_index(self):
        """What search.search() ranks: the store's search index (indexed.search.Index), which reads
        only the documents a query's terms may hit."""
        from infraplan.indexed.search import Index

        return Index(self)

    def documents_named(self, ref: str) -> list:
        """The search documents that have ref (as search.resolve compares it) among their exact keys."""
        from infraplan.search import Document, documents

        key = lookup_key(ref.strip())

        def stored() -> list:
            rows = self._rows("SELECT row, crc FROM store_search WHERE position IN (SELECT position FROM "
                              "store_search_keys WHERE key = ?) ORDER BY position", [key])
            return [Document.from_row(decode(blob, crc)) for blob, crc in rows]

        return self._guard(lambda: _rebuilt(stored),
                           lambda: [d for d in documents(self) if any(k[0] == key for k in d.keys)])


def _rebuilt(stored):
    try:
        return stored()
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a row of another layout
        raise Broken(str(exc)) from None


def decode_list(text: str) -> list:
    import json

    try:
        value = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise Broken(str(exc)) from None
    if not isinstance(value, list):
        raise Broken("aliases is not a list")
    return value
