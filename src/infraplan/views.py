"""Views: what each command shows of the catalogue, as Listing and Detail objects for the renderers."""

from __future__ import annotations

from infraplan.catalogue import Catalogue
from infraplan.render import Column, Detail, Listing
from infraplan.vocab import REGIONS, STAGES


def _event_date(event: dict) -> str:
    text = event["date"] + (f" – {event['end']}" if event.get("end") else "")
    return text + (" (planned)" if event.get("planned") else "")


def _latest(project: dict) -> dict | None:
    return project["events"][-1] if project["events"] else None


def project_listing(cat: Catalogue, projects: list[dict]) -> Listing:
    country = lambda p: cat.countries[p["country"]]  # noqa: E731
    columns = [
        Column("ID", lambda p: p["id"], style="bold"),
        Column("Project", lambda p: f"{p['name_ja']}\n{p['name_en']}", min_width=20),
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
        Column("Date", _event_date, style="bold", min_width=7),
        Column("Kind", lambda e: e["kind"]),
        Column("Development", lambda e: e["text_ja"] + "\n" + e["text_en"]
               + (f"\n({e['note']})" if e.get("note") else ""), min_width=30),
    ]
    return Listing("Developments", events, columns, "No dated developments.")


def project_detail(cat: Catalogue, project: dict) -> Detail:
    country = cat.countries[project["country"]]
    stage_meaning, oc4ids = STAGES[project["stage"]]
    sectors = [f"{cat.sectors[s]['name_en']} ({cat.sectors[s]['name_ja']})" for s in project["sectors"]]
    source = project["source"]
    fields = [
        ("Name", project["name_ja"]),
        ("", project["name_en"]),
        ("Country", f"{country['name_en']} ({country['name_ja']}), {REGIONS[country['region']]}"),
        ("Sectors", ", ".join(sectors)),
        ("Stage", f"{project['stage']}: {stage_meaning}" + (f" [OC4IDS: {oc4ids}]" if oc4ids else "")),
        ("New in 2023", "yes (新規案件)" if project["new"] else "no"),
        ("Overview", project["overview_ja"]),
        ("", project["overview_en"]),
        ("Status", project["status_ja"]),
        ("", project["status_en"]),
        ("Source", f"{source['section']}, lines {source['lines'][0]}-{source['lines'][1]}"),
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


def sector_listing(cat: Catalogue) -> Listing:
    counts = cat.project_counts("sectors")
    records = [sector | {"projects": counts.get(sector["id"], 0)} for sector in cat.sectors.values()]
    columns = [
        Column("No.", lambda s: s["number"]),
        Column("ID", lambda s: s["id"], style="bold"),
        Column("Name", lambda s: f"{s['name_ja']}\n{s['name_en']}"),
        Column("Projects", lambda s: s["projects"]),
    ]
    export = [Column(k, (lambda key: lambda s: s[key])(k))
              for k in ("number", "id", "name_ja", "name_en", "aliases", "projects")]
    return Listing(f"Sectors ({len(records)})", records, columns, "No sectors.", export)



def _names(records: dict, ids: list, key: str = "name_en") -> str:
    return ", ".join(str(records[i][key]) if i in records else str(i) for i in ids)


def measure_listing(cat: Catalogue, measures: list[dict], title: str = "Measures") -> Listing:
    columns = [
        Column("ID", lambda m: m["id"], style="bold"),
        Column("Measure", lambda m: f"{m['title_ja']}\n{m['title_en']}", min_width=24),
        Column("Pillars", lambda m: ", ".join([*m["pillars"], *m["strategies"]])),
        Column("Countries", lambda m: ", ".join(m["countries"])),
        Column("Projects", lambda m: ", ".join(map(str, m["projects"]))),
    ]
    export = [Column(k, (lambda key: lambda m: m[key])(k)) for k in (
        "id", "title_ja", "title_en", "summary_en", "summary_ja", "pillars", "strategies", "sectors",
        "countries", "projects", "organizations")]
    export.append(Column("points", lambda m: [p["summary_en"] for p in m["points"]]))
    return Listing(f"{title} ({len(measures)})", measures, columns, "No measures match.", export)


def measure_detail(cat: Catalogue, measure: dict) -> Detail:
    heading = cat.heading_of(measure)
    source = measure["source"]
    fields = [
        ("Title", measure["title_ja"]),
        ("", measure["title_en"]),
        ("Under", f"{heading['section']} {heading['title_ja']} ({heading['id']})" if heading else None),
        ("Summary", measure["summary_en"]),
        ("", measure["summary_ja"]),
        *[(f"({p['label']})" if p.get("label") else "•", f"{p['summary_en']}\n{p['summary_ja']}")
          for p in measure["points"]],
        ("Pillars", _names(cat.pillars, measure["pillars"], "title_en")),
        ("Strategies", _names(cat.pillars, measure["strategies"], "title_en")),
        ("Sectors", _names(cat.sectors, measure["sectors"])),
        ("Countries", _names(cat.countries, measure["countries"])),
        ("Organizations", _names(cat.organizations, measure["organizations"])),
        ("Source", f"{source['section']}, lines {source['lines'][0]}-{source['lines'][1]}"),
    ]
    projects = [cat.projects[i] for i in measure["projects"]]
    return Detail(f"Measure {measure['id']}: {measure['title_en']}", measure, fields,
                  [("Projects it names", project_listing(cat, projects))])


def pillar_listing(cat: Catalogue) -> Listing:
    records = [pillar | {"measures": len(cat.tagged(pillar["id"]))} for pillar in cat.pillars.values()]
    columns = [
        Column("ID", lambda p: p["id"], style="bold"),
        Column("Kind", lambda p: p["kind"]),
        Column("Section", lambda p: p["section"]),
        Column("Pillar", lambda p: f"{p['title_ja']}\n{p['title_en']}", min_width=24),
        Column("Measures", lambda p: p["measures"]),
    ]
    export = [Column(k, (lambda key: lambda p: p[key])(k)) for k in (
        "id", "kind", "section", "title_ja", "title_en", "summary_en", "summary_ja", "aliases", "measures")]
    return Listing(f"Pillars ({len(records)})", records, columns, "No pillars.", export)


def pillar_detail(cat: Catalogue, pillar: dict) -> Detail:
    background = [s for s in cat.chapter1 if pillar["id"] in s["pillars"]]
    fields = [
        ("Title", pillar["title_ja"]),
        ("", pillar["title_en"]),
        ("Kind", f"{pillar['kind']}, section {pillar['section']}"),
        ("Summary", pillar["summary_en"]),
        ("", pillar["summary_ja"]),
        ("Aliases", ", ".join(pillar["aliases"])),
        *[("Background", f"{s['id']} {s['title_ja']} / {s['title_en']}") for s in background],
    ]
    measures = cat.tagged(pillar["id"])
    return Detail(f"Pillar {pillar['id']}: {pillar['title_en']}", pillar, fields,
                  [("Measures tagged with it", measure_listing(cat, measures))])
