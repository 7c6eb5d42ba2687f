"""Views: what each command shows of the catalogue, as Listing and Detail objects for the renderers."""

from __future__ import annotations

from infraplan.catalogue import Catalogue
from infraplan.render import Block, Column, Detail, Listing, clean, quoted, summary, translation
from infraplan.vocab import REGIONS, SECTOR_SECTIONS, STAGES


def _event_date(event: dict) -> str:
    text = event["date"] + (f" – {event['end']}" if event.get("end") else "")
    return text + (" (planned)" if event.get("planned") else "")


def _latest(project: dict) -> dict | None:
    return project["events"][-1] if project["events"] else None


def project_listing(cat: Catalogue, projects: list[dict]) -> Listing:
    country = lambda p: cat.countries[p["country"]]  # noqa: E731
    columns = [
        Column("ID", lambda p: p["id"], style="bold"),
        Column("Project", lambda p: f"{p['name_ja']}\n{p['name_en']}"),
        Column("Country", lambda p: country(p)["name_en"]),
        Column("Sectors", lambda p: ", ".join(p["sectors"])),
        Column("Stage", lambda p: p["stage"] + (" ★new" if p["new"] else "")),
        Column("Latest", lambda p: _event_date(_latest(p)) if _latest(p) else ""),
    ]
    export = [
        Column("id", lambda p: p["id"]),
        Column("name_ja", lambda p: p["name_ja"]),
        Column("name_en", lambda p: p["name_en"]),
        Column("country", lambda p: p["country"]),
        Column("country_name_en", lambda p: country(p)["name_en"]),
        Column("region", lambda p: country(p)["region"]),
        Column("sectors", lambda p: p["sectors"]),
        Column("new", lambda p: p["new"]),
        Column("stage", lambda p: p["stage"]),
        Column("overview_ja", lambda p: p["overview_ja"]),
        Column("overview_en", lambda p: p["overview_en"]),
        Column("status_ja", lambda p: p["status_ja"]),
        Column("status_en", lambda p: p["status_en"]),
        Column("latest_event_date", lambda p: _latest(p)["date"] if _latest(p) else None),
        Column("latest_event_en", lambda p: _latest(p)["text_en"] if _latest(p) else None),
        Column("events", lambda p: len(p["events"])),
    ]
    return Listing(f"Projects ({len(projects)})", projects, columns, "No projects match.", export)


def event_listing(events: list[dict]) -> Listing:
    columns = [
        Column("Date", _event_date, style="bold"),
        Column("Kind", lambda e: e["kind"]),
        Column("Development", _development),
    ]
    return Listing("Developments", events, columns, "No dated developments.")


def _development(event: dict) -> str:
    return quoted(event["text_ja"]) + "\n" + translation(event["text_en"]) + (f"\n({event['note']})" if event.get("note") else "")


def project_detail(cat: Catalogue, project: dict) -> Detail:
    country = cat.countries[project["country"]]
    stage_meaning, oc4ids = STAGES[project["stage"]]
    sectors = [f"{cat.sectors[s]['name_en']} ({cat.sectors[s]['name_ja']})" for s in project["sectors"]]
    source = project["source"]
    fields = [
        ("Name", quoted(project["name_ja"])),
        ("", translation(project["name_en"])),
        ("Country", f"{country['name_en']} ({country['name_ja']}), {REGIONS[country['region']]}"),
        ("Sectors", ", ".join(sectors)),
        ("Stage", f"{project['stage']}: {stage_meaning}" + (f" [OC4IDS: {oc4ids}]" if oc4ids else "")),
        ("New in 2023", "yes (新規案件)" if project["new"] else "no"),
        ("Overview", quoted(project["overview_ja"])),
        ("", translation(project["overview_en"])),
        ("Status", quoted(project["status_ja"])),
        ("", translation(project["status_en"])),
        ("Source", f"{source['section']}, {source_hint(source['lines'], str(project['id']))}"),
        ("Source note", project["source_note"]),
    ]
    title = f"Project {project['id']}: {project['name_en']}"
    measures = measure_listing(cat, cat.measures_naming("projects", project["id"]), "Measures that name it")
    return Detail(title, project, fields, [("Developments", event_listing(project["events"])),
                                           ("Measures that name it", measures)])


def country_listing(cat: Catalogue) -> Listing:
    counts = cat.project_counts("country")
    records = [country | {"projects": counts.get(country["id"], 0)} for country in cat.countries.values()]
    columns = [
        Column("ID", lambda c: c["id"], style="bold"),
        Column("Name", lambda c: f"{c['name_ja']} / {c['name_en']}"),
        Column("ISO", lambda c: f"{c['iso2']} {c['iso3']}"),
        Column("Region", lambda c: c["region"]),
        Column("Projects", lambda c: c["projects"]),
    ]
    export = [Column(k, (lambda key: lambda c: c[key])(k))
              for k in ("id", "name_ja", "name_en", "iso2", "iso3", "region", "aliases", "projects")]
    return Listing(f"Countries ({len(records)})", records, columns, "No countries.", export)


def quote_text(quote: str | list[str] | None) -> str | None:
    """A quotation as it reads: the parts of one that a footnote splits, joined."""
    return "".join(quote) if isinstance(quote, list) else quote


def figure_text(figure: dict | None) -> str:
    """'≈30 兆円/年 (2025-2027)': a figure as the plan gives it, its period in brackets."""
    if not figure:
        return ""
    value = f"{figure['value']:,}" if isinstance(figure["value"], int) else f"{figure['value']:g}"
    text = ("≈" if figure["approx"] else "") + f"{value} {figure['unit']}"
    return text + (f" ({figure['period']})" if figure["period"] else "")


def sector_listing(cat: Catalogue) -> Listing:
    counts = cat.project_counts("sectors")
    records = []
    for sector in cat.sectors.values():
        records.append({
            "number": sector["number"], "id": sector["id"], "name_ja": sector["name_ja"], "name_en": sector["name_en"],
            "aliases": sector["aliases"], "projects": counts.get(sector["id"], 0),
            "measures": len(cat.measures_naming("sectors", sector["id"], scope="cross-cutting")),
            "actions": len(cat.actions_of(sector["id"])),
            "frameworks": len(sector["frameworks"]),
            "headline_figure": cat.headline_figure(sector),
        })
    columns = [
        Column("No.", lambda s: s["number"]),
        Column("ID", lambda s: s["id"], style="bold"),
        Column("Name", lambda s: f"{s['name_ja']}\n{s['name_en']}"),
        Column("Projects", lambda s: s["projects"]),
        Column("Measures", lambda s: s["measures"]),
        Column("Actions", lambda s: s["actions"]),
        Column("Overseas market", lambda s: _headline(s["headline_figure"])),
    ]
    export = [Column(k, (lambda key: lambda s: s[key])(k)) for k in (
        "number", "id", "name_ja", "name_en", "aliases", "projects", "measures", "actions", "frameworks")]
    export += [Column("headline_figure", lambda s: figure_text(s["headline_figure"])),
               Column("headline_scope", lambda s: (s["headline_figure"] or {}).get("scope")),
               Column("headline_quote_ja", lambda s: quote_text((s["headline_figure"] or {}).get("quote_ja")))]
    return Listing(f"Sectors ({len(records)})", records, columns, "No sectors.", export)


def _headline(figure: dict | None) -> str:
    return f"{figure_text(figure)}\n{figure['scope']}" if figure else ""


def _passage(label: str, passage: dict | None) -> list[tuple[str, object]]:
    if not passage:
        return []
    source = passage["source"]
    return [(label, summary(passage["summary_en"])), ("", summary(passage["summary_ja"])),
            ("", f"[{source['section']}, lines {source['lines'][0]}-{source['lines'][1]}]")]


def _figure_listing(market: dict) -> Listing:
    rows = [f | {"market": part} for part in ("domestic", "overseas") for f in ((market or {}).get(part) or {}).get("figures", [])]
    columns = [
        Column("Market", lambda f: f["market"] + ("\n(headline)" if f.get("headline") else "")),
        Column("Figure", figure_text, style="bold"),
        Column("What", lambda f: f["scope"]),
        Column("The plan's words", lambda f: quoted(quote_text(f["quote_ja"])) or ""),
        Column("Source", lambda f: f["source"] or ""),
        Column("Lines", lambda f: f"{f['lines'][0]}-{f['lines'][1]}"),
    ]
    return Listing(f"Figures ({len(rows)})", rows, columns, "The plan gives no figures here.")


def _player_listing(cat: Catalogue, players: list[dict]) -> Listing:
    columns = [
        Column("Competitor", lambda p: p["name_en"] + (f"\n{p['name_ja']}" if p.get("name_ja") else ""), style="bold"),
        Column("Kind", lambda p: p["kind"]),
        Column("Country", lambda p: cat.countries[p["country"]]["name_en"] if p["country"] else ""),
        Column("What the plan says", lambda p: f"{summary(p['note_en'])}\n{summary(p['note_ja'])}"),
    ]
    return Listing(f"Competitors ({len(players)})", players, columns, "The plan names no competitors here.")


def _statement_listing(title: str, statements: list[dict]) -> Listing:
    columns = [Column(title, lambda s: f"{summary(s['summary_en'])}\n{summary(s['summary_ja'])}"),
               Column("Lines", lambda s: f"{s['lines'][0]}-{s['lines'][1]}")]
    return Listing(f"{title} ({len(statements)})", statements, columns, "None stated.")


def _side_by_side(strengths: list[dict], challenges: list[dict]) -> Listing:
    text = lambda s: f"{summary(s['summary_en'])}\n{summary(s['summary_ja'])}" if s else ""  # noqa: E731
    rows = [{"strength": strengths[i] if i < len(strengths) else None,
             "challenge": challenges[i] if i < len(challenges) else None}
            for i in range(max(len(strengths), len(challenges)))]
    columns = [Column(f"Strengths ({len(strengths)})", lambda r: text(r["strength"])),
               Column(f"Challenges ({len(challenges)})", lambda r: text(r["challenge"]))]
    return Listing("Strengths and challenges", rows, columns, "None stated.")


def action_listing(actions: list[dict]) -> Listing:
    """A sector's actions with what they say: the brief a reader wants, not only the titles."""
    columns = [
        Column("ID", lambda a: a["id"], style="bold"),
        Column("Action", lambda a: (f"＜{a['group_ja']}＞ " if a.get("group_ja") else "")
               + f"{quoted(a['title_ja'])}\n{translation(a['title_en'])}"),
        Column("Summary", lambda a: f"{summary(a['summary_en'])}\n{summary(a['summary_ja'])}"),
        Column("Pillars", lambda a: ", ".join([*a["pillars"], *a["strategies"]])),
    ]
    return Listing(f"Actions ({len(actions)})", actions, columns, "No actions.")


def _framework_listing(frameworks: list[dict]) -> Listing:
    columns = [
        Column("Framework", lambda f: f"{f['name_ja']}\n{f['name_en']}"
               + (f" ({f['abbreviation']})" if f["abbreviation"] else ""), style="bold"),
        Column("Organisation", lambda f: f["organization"]),
        Column("What it is", lambda f: f"{summary(f['summary_en'])}\n{summary(f['summary_ja'])}"),
    ]
    return Listing(f"Frameworks ({len(frameworks)})", frameworks, columns, "The plan lists no frameworks (no ⑦).")


def sector_detail(cat: Catalogue, sector: dict, section: str | None = None) -> Detail:
    """A sector's profile: every sub-section in the plan's order, then its projects and the
    chapter-2 measures that name it. `section` narrows it to one part (json/yaml: that part as stored)."""
    sector_id = sector["id"]
    market, competitors = sector["market"] or {}, sector["competitors"]
    projects = cat.projects_in_sector(sector_id)
    measures = cat.measures_naming("sectors", sector_id, scope="cross-cutting")
    parts: dict[str, list] = {
        "overview": [("Overview", Block(_passage("", sector["overview"])))],
        "market": [("Market", Block(_passage("Domestic", market.get("domestic")) + _passage("Overseas", market.get("overseas")))),
                   ("Market figures", _figure_listing(market))] if sector["market"] else [],
        "competitors": [("Competition", Block(_passage("Competitors' moves", competitors["trends"])
                                              + _passage("Situation overseas", competitors["situation"]))),
                        ("Competitors", _player_listing(cat, competitors["players"]))],
        "strengths": [("Strengths", _statement_listing("Strengths", sector["strengths"]))],
        "challenges": [("Challenges", _statement_listing("Challenges", sector["challenges"]))],
        "actions": [("Directions", Block(_passage("", sector["directions"])))] if sector["directions"] else [],
        "frameworks": [("Frameworks", _framework_listing(sector["frameworks"]))],
        "projects": [("Projects", project_listing(cat, projects))],
        "measures": [("Chapter-2 measures that name it", measure_listing(cat, measures, "Chapter-2 measures"))],
    }
    parts["actions"].append(("Actions", action_listing(cat.actions_of(sector_id))))
    source = sector["source"]
    fields = [("Sector", f"({sector['number']}) {sector['name_ja']} / {sector['name_en']}"),
              ("Source", f"{source['section']}, {source_hint(source['lines'], 'sector:' + sector_id)}")]
    title = f"Sector {sector_id}: {sector['name_en']}"
    if section:
        record = {"id": sector_id, section: _stored_part(cat, sector, section)}
        return Detail(f"{title} — {section}", record, fields, parts[section])
    parts["strengths"] = [("Strengths and challenges", _side_by_side(sector["strengths"], sector["challenges"]))]
    parts["challenges"] = []
    return Detail(title, sector, fields, [s for name in SECTOR_SECTIONS for s in parts[name]])


def _stored_part(cat: Catalogue, sector: dict, section: str) -> object:
    if section == "projects":
        return [{k: p[k] for k in ("id", "name_ja", "name_en", "country", "stage")}
                for p in cat.projects_in_sector(sector["id"])]
    if section == "measures":
        return [{k: m[k] for k in ("id", "title_ja", "title_en")}
                for m in cat.measures_naming("sectors", sector["id"], scope="cross-cutting")]
    if section == "actions":
        return sector["actions"]
    return sector[section]


def _names(records: dict, ids: list, key: str = "name_en") -> str:
    return ", ".join(str(records[i][key]) if i in records else str(i) for i in ids)


def measure_listing(cat: Catalogue, measures: list[dict], title: str = "Measures") -> Listing:
    columns = [
        Column("ID", lambda m: m["id"], style="bold"),
        Column("Measure", lambda m: f"{m['title_ja']}\n{m['title_en']}"),
        Column("Pillars", lambda m: ", ".join([*m["pillars"], *m["strategies"]])),
        Column("Countries", lambda m: ", ".join(m["countries"])),
        Column("Projects", lambda m: ", ".join(map(str, m["projects"]))),
    ]
    export = [Column(k, (lambda key: lambda m: m.get(key))(k)) for k in (
        "id", "scope", "sector", "group_ja", "title_ja", "title_en", "summary_en", "summary_ja", "pillars",
        "strategies", "sectors", "countries", "projects", "organizations")]
    export.append(Column("points", lambda m: [p["summary_en"] for p in m["points"]]))
    return Listing(f"{title} ({len(measures)})", measures, columns, "No measures match.", export)


def measure_detail(cat: Catalogue, measure: dict) -> Detail:
    heading = cat.heading_of(measure)
    source = measure["source"]
    fields = [
        ("Title", quoted(measure["title_ja"])),
        ("", translation(measure["title_en"])),
        ("Under", f"{heading['section']} {heading['title_ja']} ({heading['id']})" if heading else None),
        ("Sector", _action_place(cat, measure) if measure["sector"] else None),
        ("Summary", summary(measure["summary_en"])),
        ("", summary(measure["summary_ja"])),
        *[(f"({p['label']})" if p.get("label") else "•", f"{summary(p['summary_en'])}\n{summary(p['summary_ja'])}")
          for p in measure["points"]],
        ("Pillars", _names(cat.pillars, measure["pillars"], "title_en")),
        ("Strategies", _names(cat.pillars, measure["strategies"], "title_en")),
        ("Other sectors" if measure["sector"] else "Sectors", _names(cat.sectors, measure["sectors"])),
        ("Countries", _names(cat.countries, measure["countries"])),
        ("Organizations", _names(cat.organizations, measure["organizations"])),
        ("Source", f"{source['section']}, {source_hint(source['lines'], measure['id'])}"),
    ]
    projects = [cat.projects[i] for i in measure["projects"]]
    kind = "Sector action" if measure["sector"] else "Measure"
    return Detail(f"{kind} {measure['id']}: {measure['title_en']}", measure, fields,
                  [("Projects it names", project_listing(cat, projects))])


def _action_place(cat: Catalogue, action: dict) -> str:
    sector = cat.sectors[action["sector"]]
    heading = "④" if sector["id"] == "join" else "⑥"
    group = f" ＜{action['group_ja']}＞ {action['group_en']}" if action.get("group_ja") else ""
    return f"({sector['number']}) {sector['name_ja']} / {sector['name_en']} ({sector['id']}), {heading} 今後の海外展開の方向性{group}"


def pillar_listing(cat: Catalogue) -> Listing:
    records = [pillar | {"measures": len(cat.tagged(pillar["id"]))} for pillar in cat.pillars.values()]
    columns = [
        Column("ID", lambda p: p["id"], style="bold"),
        Column("Kind", lambda p: p["kind"]),
        Column("Section", lambda p: p["section"]),
        Column("Pillar", lambda p: f"{p['title_ja']}\n{p['title_en']}"),
        Column("Measures", lambda p: p["measures"]),
    ]
    export = [Column(k, (lambda key: lambda p: p[key])(k)) for k in (
        "id", "kind", "section", "title_ja", "title_en", "summary_en", "summary_ja", "aliases", "measures")]
    return Listing(f"Pillars ({len(records)})", records, columns, "No pillars.", export)


def pillar_detail(cat: Catalogue, pillar: dict) -> Detail:
    background = [s for s in cat.chapter1 if pillar["id"] in s["pillars"]]
    fields = [
        ("Title", quoted(pillar["title_ja"])),
        ("", translation(pillar["title_en"])),
        ("Kind", f"{pillar['kind']}, section {pillar['section']}"),
        ("Summary", summary(pillar["summary_en"])),
        ("", summary(pillar["summary_ja"])),
        ("Aliases", ", ".join(pillar["aliases"])),
        ("Source", f"{pillar['source']['section']}, {source_hint(pillar['source']['lines'], 'pillar:' + pillar['id'])}"
         if pillar.get("source") else None),
        *[("Background", f"{s['id']} {s['title_ja']} / {s['title_en']}") for s in background],
    ]
    measures = cat.tagged(pillar["id"])
    return Detail(f"Pillar {pillar['id']}: {pillar['title_en']}", pillar, fields,
                  [("Measures tagged with it", measure_listing(cat, measures))])


# -- issue 5: search, show, country and organisation briefs, timeline, stats ----------------------

def search_listing(hits: list) -> Listing:
    records = [h.as_dict() for h in hits]
    columns = [
        Column("Kind", lambda r: r["kind"]),
        Column("ID", lambda r: r["id"], style="bold"),
        Column("Title", lambda r: f"{r['title_ja']}\n{r['title_en']}"),
        Column("Score", lambda r: f"{r['score']:.0f}"),
        Column("Match", lambda r: r["snippet"]),
    ]
    return Listing(f"Results ({len(records)})", records, columns, "Nothing matches.")


def related_listing(links: list[dict], title: str = "Related") -> Listing:
    columns = [
        Column("Relation", lambda r: r["relation"]),
        Column("Kind", lambda r: r["kind"]),
        Column("ID", lambda r: r["id"], style="bold"),
        Column("Title", lambda r: f"{r['title_ja']}\n{r['title_en']}"),
    ]
    return Listing(f"{title} ({len(links)})", links, columns, "Nothing links to it.")


def _record_fields(cat: Catalogue, kind: str, record: dict) -> tuple[str, list]:
    """A record's title and its own fields, whatever its kind (the links are shown by `related`)."""
    if kind == "project":
        detail = project_detail(cat, record)
    elif kind == "measure":
        detail = measure_detail(cat, record)
    elif kind == "pillar":
        detail = pillar_detail(cat, record)
    elif kind == "sector":  # the profile's own fields, not its sub-sections: Related lists those links
        headline = cat.headline_figure(record)
        source = record["source"]
        return f"Sector {record['id']}: {record['name_en']}", [
            ("Sector", f"({record['number']}) {record['name_ja']} / {record['name_en']}"),
            ("Source", f"{source['section']}, {source_hint(source['lines'], 'sector:' + record['id'])}"),
            ("Overview", summary(record["overview"]["summary_en"])), ("", summary(record["overview"]["summary_ja"])),
            ("Overseas market", f"{figure_text(headline)}: {headline['scope']}" if headline else None)]
    elif kind == "country":
        detail = country_detail(cat, record)
    elif kind == "heading":
        detail = heading_detail(cat, record)
    else:
        detail = organization_detail(cat, record)
    return detail.title, detail.fields


def show_detail(cat: Catalogue, kind: str, record: dict) -> Detail:
    """Any record with everything linked to it, both ways; a country also with its timeline."""
    title, fields = _record_fields(cat, kind, record)
    links = cat.related(kind, record)
    payload = {"kind": kind, "id": record["id"], "record": record, "related": links}
    sections: list = [("Related", related_listing(links))]
    if kind == "country":
        sections.append(("Timeline", timeline_listing(cat, cat.events(cat.projects_of_country(record["id"])))))
    return Detail(title, payload, fields, sections)


def _stage_order(project: dict) -> int:
    return list(STAGES).index(project["stage"])


def country_detail(cat: Catalogue, country: dict, latest: int = 10) -> Detail:
    """A country brief: its projects by stage, the latest developments, the measures and actions naming it."""
    projects = sorted(cat.projects_of_country(country["id"]), key=_stage_order)
    events = cat.events(projects)
    measures = cat.measures_naming("countries", country["id"])
    competitor_in = [cat.sectors[s]["name_en"] for s in cat.sectors_with_competitor(country["id"])]
    stages = {}
    for p in projects:
        stages[p["stage"]] = stages.get(p["stage"], 0) + 1
    fields = [
        ("Name", f"{country['name_ja']} / {country['name_en']}"),
        ("Codes", f"{country['iso2']} {country['iso3']}"),
        ("Region", REGIONS[country["region"]]),
        ("Projects", f"{len(projects)}" + (": " + ", ".join(f"{n} {s}" for s, n in stages.items()) if stages else "")),
        ("Competitor in", ", ".join(competitor_in)),
    ]
    record = country | {"projects": [p["id"] for p in projects], "measures": [m["id"] for m in measures],
                        "latest_developments": events[:latest]}
    return Detail(f"Country {country['id']}: {country['name_en']}", record, fields, [
        ("Projects by stage", project_listing(cat, projects)),
        (f"Latest developments (newest {latest})", timeline_listing(cat, events[:latest])),
        ("Measures and sector actions that name it", measure_listing(cat, measures)),
    ])


def organization_listing(cat: Catalogue) -> Listing:
    records = []
    for org in cat.organizations.values():
        named = cat.measures_naming("organizations", org["id"])
        records.append(org | {
            "measures": sum(m["scope"] == "cross-cutting" for m in named),
            "actions": sum(m["scope"] == "sector" for m in named),
            "frameworks": [s["id"] for s in cat.sectors.values() if any(f["organization"] == org["id"] for f in s["frameworks"])],
        })
    columns = [
        Column("ID", lambda o: o["id"], style="bold"),
        Column("Abbr.", lambda o: o["abbreviation"] or ""),
        Column("Name", lambda o: f"{o['name_ja']}\n{o['name_en']}"),
        Column("Measures", lambda o: o["measures"]),
        Column("Actions", lambda o: o["actions"]),
        Column("Framework of", lambda o: ", ".join(o["frameworks"])),
    ]
    export = [Column(k, (lambda key: lambda o: o[key])(k)) for k in (
        "id", "abbreviation", "name_ja", "name_en", "aliases", "measures", "actions", "frameworks")]
    return Listing(f"Organisations ({len(records)})", records, columns, "No organisations.", export)


def organization_detail(cat: Catalogue, org: dict) -> Detail:
    named = cat.measures_naming("organizations", org["id"])
    frameworks = [f | {"sector": s["id"]} for s in cat.sectors.values() for f in s["frameworks"]
                  if f["organization"] == org["id"]]
    fields = [
        ("Name", quoted(org["name_ja"])),
        ("", translation(org["name_en"])),
        ("Abbreviation", org["abbreviation"]),
        ("Aliases", ", ".join(org["aliases"])),
        *[(f"Framework ({f['sector']})", f"{quoted(f['name_ja'])}: {summary(f['summary_en'])}") for f in frameworks],
    ]
    record = org | {"measures": [m["id"] for m in named], "frameworks": frameworks}
    title = f"Organisation {org['id']}: {org['name_en']}"
    return Detail(title, record, fields, [("Measures and sector actions that name it", measure_listing(cat, named))])


def timeline_listing(cat: Catalogue, events: list[dict]) -> Listing:
    records = [{"date": e["date"], "end": e["end"], "planned": e["planned"], "project": e["project"],
                "country": e["country"], "kind": e["kind"], "text_ja": e["text_ja"], "text_en": e["text_en"],
                "note": e["note"]} for e in events]
    columns = [
        Column("Date", _event_date, style="bold"),
        Column("Project", lambda e: f"{e['project']} {cat.projects[e['project']]['name_en']}"),
        Column("Kind", lambda e: e["kind"]),
        Column("Development", _development),
    ]
    return Listing(f"Timeline ({len(records)})", records, columns, "No dated developments match.")


def _bars(title: str, counts: dict[str, int], labels: dict[str, str], width: int = 40) -> Listing:
    top = max(counts.values(), default=0) or 1
    rows = [{"id": k, "label": labels.get(k, k), "count": n} for k, n in counts.items()]
    columns = [
        Column(title, lambda r: r["label"]),
        Column("N", lambda r: r["count"], style="bold"),
        Column("", lambda r: "█" * max(1, round(r["count"] * width / top)) if r["count"] else ""),
    ]
    return Listing(title, rows, columns, "Nothing to count.")


def stats_detail(cat: Catalogue) -> Detail:
    """Totals and the counts behind every chart; the charts are bar listings."""
    def count(values) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in values:
            out[v] = out.get(v, 0) + 1
        return out

    projects = list(cat.projects.values())
    by_region = count(cat.countries[p["country"]]["region"] for p in projects)
    by_region = {r: by_region[r] for r in REGIONS if r in by_region}
    by_country = dict(sorted(count(p["country"] for p in projects).items(), key=lambda kv: -kv[1]))
    by_sector = {s: n for s in cat.sectors if (n := sum(s in p["sectors"] for p in projects))}
    by_stage = {s: n for s in STAGES if (n := sum(p["stage"] == s for p in projects))}
    by_pillar = {p: len(cat.tagged(p)) for p in cat.pillars}
    measures = list(cat.measures.values())
    totals = {
        "projects": len(projects), "new_projects": sum(p["new"] for p in projects),
        "countries_with_projects": len(by_country), "developments": sum(len(p["events"]) for p in projects),
        "measures": sum(m["scope"] == "cross-cutting" for m in measures),
        "sector_actions": sum(m["scope"] == "sector" for m in measures),
        "sectors": len(cat.sectors), "pillars": len(cat.pillars), "organizations": len(cat.organizations),
    }
    record = {"totals": totals, "projects_by_region": by_region, "projects_by_country": by_country,
              "projects_by_sector": by_sector, "projects_by_stage": by_stage, "measures_by_pillar": by_pillar}
    fields = [(k.replace("_", " ").capitalize(), v) for k, v in totals.items()]
    return Detail("The plan at a glance", record, fields, [
        ("Projects by region", _bars("Region", by_region, REGIONS)),
        ("Projects by country", _bars("Country", by_country, {c: cat.countries[c]["name_en"] for c in by_country})),
        ("Projects by sector", _bars("Sector", by_sector, {s: cat.sectors[s]["name_en"] for s in by_sector})),
        ("Projects by stage", _bars("Stage", by_stage, {})),
        ("Measures and sector actions by pillar", _bars("Pillar", by_pillar, {})),
    ])


# -- issue 10: the plan's text ------------------------------------------------------------------

def passage_listing(rows: list[dict]) -> Listing:
    """Lines of the plan's text, [{line, text}] (json gives them as read)."""
    columns = [Column("Line", lambda r: r["line"], style="bold"), Column("Text", lambda r: r["text"])]
    title = f"Lines {rows[0]['line']}-{rows[-1]['line']}" if rows else "Lines"
    return Listing(title, rows, columns, "No lines.")


def passage_text(view: Listing) -> str:
    """The passage as plain text: each line's number, right-aligned, then the line (trailing white space dropped)."""
    width = len(str(view.records[-1]["line"])) if view.records else 0
    return "".join(f"{r['line']:>{width}}  {clean(r['text'])}".rstrip() + "\n" for r in view.records)


def source_hint(lines: list[int], ref: str) -> str:
    """'lines 9807-9833 (infraplan source 50)': a record's lines with the command that prints them."""
    return f"lines {lines[0]}-{lines[1]} (infraplan source {ref})"


# -- issue 12: the plan as a document -----------------------------------------------------------

OUTLINE_DEPTHS = {1: "chapters", 2: "（１）… sections", 3: "①… headings", 4: "measures and sector actions"}


def _outline_row(cat: Catalogue, heading: dict) -> dict:
    return {"kind": "heading", "id": heading["id"], "parent": heading["id"].rpartition(".")[0] or None,
            "level": heading["level"], "label": heading.get("label"), "title_ja": heading["title_ja"],
            "title_en": heading["title_en"], "lines": heading["source"]["lines"], **cat.heading_counts(heading)}


def _measure_row(measure: dict, parent: str) -> dict:
    return {"kind": "measure" if measure["scope"] == "cross-cutting" else "action", "id": measure["id"],
            "parent": parent, "level": 4, "label": None, "title_ja": measure["title_ja"],
            "title_en": measure["title_en"], "lines": measure["source"]["lines"],
            "measures": None, "actions": None, "projects": None}


def outline_rows(cat: Catalogue, depth: int = 3) -> list[dict]:
    """The table of contents in the plan's order, down to depth (4: with measures and actions)."""
    rows = []

    def walk(parent: str | None) -> None:
        for heading in cat.sub_headings(parent):
            if heading["level"] > depth:
                continue
            rows.append(_outline_row(cat, heading))
            walk(heading["id"])
            if depth >= 4:
                rows.extend(_measure_row(m, heading["id"]) for m in cat.measures_directly_under(heading["id"]))

    walk(None)
    return rows


def _count(value: int | None) -> str:
    return "" if not value else str(value)


def outline_listing(cat: Catalogue, depth: int = 3) -> Listing:
    rows = outline_rows(cat, depth)
    columns = [
        Column("ID", lambda r: r["id"], style="bold"),
        Column("Heading", lambda r: f"{_numbered(r)}\n{r['title_en']}"),
        Column("Lines", lambda r: f"{r['lines'][0]}-{r['lines'][1]}"),
        Column("Measures", lambda r: _count(r["measures"])),
        Column("Actions", lambda r: _count(r["actions"])),
        Column("Projects", lambda r: _count(r["projects"])),
    ]
    export = [Column(k, (lambda key: lambda r: r[key])(k)) for k in (
        "kind", "id", "parent", "level", "label", "title_ja", "title_en")]
    export += [Column("first_line", lambda r: r["lines"][0]), Column("last_line", lambda r: r["lines"][1])]
    export += [Column(k, (lambda key: lambda r: r[key])(k)) for k in ("measures", "actions", "projects")]
    headings = sum(r["kind"] == "heading" for r in rows)
    title = f"Outline: {cat.plan['title']['ja']} ({headings} headings"
    title += f", {len(rows) - headings} measures and actions)" if depth >= 4 else ")"
    return Listing(title, rows, columns, "No headings.", export)


def _numbered(heading: dict) -> str:
    """The heading as the plan prints it: （３）インフラ…, ③経済…; a space only after 第Ｎ章."""
    label = heading.get("label") or ""
    return f"{label} {heading['title_ja']}" if label.endswith("章") else label + heading["title_ja"]


def heading_ref(heading_id: str) -> str:
    """How show and source name a heading: its id, but heading:2 for a chapter (2 alone is project 2)."""
    return "heading:" + heading_id if heading_id.isdigit() else heading_id


def heading_fields(cat: Catalogue, heading: dict) -> list[tuple[str, object]]:
    """A heading's own fields: its place, lines, preamble or section summary, and what sits under it."""
    hid, source = heading["id"], heading["source"]
    path, parent = [], cat.headings.get(hid.rpartition(".")[0])
    while parent is not None:
        path.insert(0, _numbered(parent))
        parent = cat.headings.get(parent["id"].rpartition(".")[0])
    counts = cat.heading_counts(heading)
    under = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    subs = cat.sub_headings(hid)
    fields: list[tuple[str, object]] = [
        ("Heading", quoted(_numbered(heading))),
        ("", translation(heading["title_en"])),
        ("In", " / ".join(path) or None),
        ("Source", f"{source['section']}, {source_hint(source['lines'], heading_ref(hid))}"),
    ]
    if heading.get("preamble"):
        preamble = heading["preamble"]
        fields += [("Preamble", summary(preamble["summary_en"])), ("", summary(preamble["summary_ja"]))]
        if preamble["lines"] != source["lines"]:
            fields.append(("", source_hint(preamble["lines"], f"{preamble['lines'][0]}-{preamble['lines'][1]}")))
    if (section := cat.section_of(hid)) is not None:
        fields += [("Summary", summary(section["summary_en"])), ("", summary(section["summary_ja"]))]
    if hid == "intro":
        kpi = cat.plan["kpi"]
        fields += [("KPI", f"{kpi['value']}兆円 in {kpi['year']}: {quoted(kpi['quote_ja'])}")]
    fields += [("Sub-headings", len(subs) or None), ("Under it", under or None)]
    return fields


def heading_detail(cat: Catalogue, heading: dict) -> Detail:
    return Detail(f"Heading {heading['id']}: {heading['title_en']}", heading, heading_fields(cat, heading))


def plan_record(cat: Catalogue) -> dict:
    """The edition's headline facts: title, publisher, KPI, strategies, counts, changes, 出典 and licence."""
    plan, projects = cat.plan, list(cat.projects.values())
    measures = list(cat.measures.values())
    annex = cat.headings.get("annex")
    counts = {"projects": len(projects), "new_projects": sum(p["new"] for p in projects),
              "countries_with_projects": len({p["country"] for p in projects}),
              "measures": sum(m["scope"] == "cross-cutting" for m in measures),
              "sector_actions": sum(m["scope"] == "sector" for m in measures),
              "sectors": len(cat.sectors), "headings": len(cat.headings)}
    changes = None
    if annex and annex.get("preamble"):
        changes = {k: annex["preamble"][k] for k in ("summary_en", "summary_ja", "lines")}
    return {"title": plan["title"], "publisher": plan["publisher"], "edition": plan["edition"], "kpi": plan["kpi"],
            "strategies": plan["strategies"], "counts": counts, "changes": changes,
            "attribution": plan["attribution"], "licence": plan["licence"]}


def plan_detail(cat: Catalogue) -> Detail:
    record = plan_record(cat)
    kpi, counts, changes = record["kpi"], record["counts"], record["changes"]
    fields: list[tuple[str, object]] = [
        ("Title", record["title"]["ja"]), ("", record["title"]["en"]),
        ("Publisher", f"{record['publisher']['ja']} / {record['publisher']['en']}"),
        ("Edition", record["edition"]),
        ("KPI", f"{kpi['value']} {kpi['unit']}, in {kpi['year']}"),
        ("", quoted(kpi["quote_ja"])), ("", summary(kpi["summary_en"])),
        *[("Strategies" if i == 0 else "", f"{s['id']}: {s['title_ja']} / {s['title_en']}")
          for i, s in enumerate(record["strategies"])],
        ("Projects", f"{counts['projects']} target projects ({counts['new_projects']} new in {record['edition']}) "
                     f"in {counts['countries_with_projects']} countries"),
        ("Measures", f"{counts['measures']} measures (chapter 2), {counts['sector_actions']} sector actions "
                     f"(chapter 3)"),
        ("Sectors", f"{counts['sectors']} (chapter 3)"),
        ("Outline", f"{counts['headings']} headings (infraplan outline)"),
    ]
    if changes:
        fields += [("Since last year", summary(changes["summary_en"])), ("", summary(changes["summary_ja"])),
                   ("", source_hint(changes["lines"], f"{changes['lines'][0]}-{changes['lines'][1]}"))]
    fields += [("Attribution", record["attribution"]), ("Licence", record["licence"])]
    return Detail(f"{record['title']['ja']}: the edition's headline facts", record, fields)
