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
    return Detail(title, project, fields, [("Developments", event_listing(project["events"]))])


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

