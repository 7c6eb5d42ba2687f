"""Any record's links, both ways: what it names, what names it, and the titles that label them.

A mixin of Catalogue (catalogue.py); nothing here prints."""

from __future__ import annotations

from infraplan.vocab import REGION_ALIASES, REGIONS


class Links:
    """related(kind, record): every record linked to a record, in either direction."""

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
