"""Views: what each command shows of the catalogue, as Listing and Detail objects for the renderers."""

from __future__ import annotations

import re

from infraplan.catalogue import Catalogue, date_bounds, section_key
from infraplan.i18n import choose, english_only, name, only, pair, t
from infraplan.render import Block, Column, Detail, Listing, clean, quoted, summary, translation
from infraplan.problems import UnknownValue, closest
from infraplan.vocab import EVENT_KINDS, RECORD_KINDS, REGIONS, SECTOR_SECTIONS, STAGES


def fields(*keys: str) -> list[Column]:
    """CSV columns that are a record's own fields, named as in JSON."""
    return [Column(key, (lambda k: lambda r: r.get(k))(key)) for key in keys]


def source_columns(get_source, prefix: str = "source") -> list[Column]:
    """A record's source as CSV columns: its section and its first and last line."""
    def part(key: str, i: int | None = None):
        def get(record):
            source = get_source(record) or {}
            value = source.get(key)
            return value[i] if value is not None and i is not None else value
        return get

    return [Column(f"{prefix}_section", part("section")), Column(f"{prefix}_first_line", part("lines", 0)),
            Column(f"{prefix}_last_line", part("lines", 1))]


def _event_date(event: dict) -> str:
    text = event["date"] + (f" – {event['end']}" if event.get("end") else "")
    return text + (" " + t("(planned)") if event.get("planned") else "")


def _latest(project: dict) -> dict | None:
    return project["events"][-1] if project["events"] else None


def project_listing(cat: Catalogue, projects: list[dict]) -> Listing:
    country = lambda p: cat.countries[p["country"]]  # noqa: E731
    columns = [
        Column("ID", lambda p: p["id"], style="bold", token=True),
        Column("Project", lambda p: pair(p["name_ja"], p["name_en"])),
        Column("Country", lambda p: name(country(p))),
        Column("Sectors", lambda p: ", ".join(p["sectors"]), token=True, stack=1),
        Column("Stage", lambda p: p["stage"] + (" " + t("★new") if p["new"] else ""), token=True),
        Column("Latest", lambda p: _event_date(_latest(p)) if _latest(p) else "", token=True, stack=1),
    ]
    # Every field but the developments (timeline -f csv has them, one a row), then the latest.
    latest = lambda key: lambda p: _latest(p)[key] if _latest(p) else None  # noqa: E731
    export = fields("id", "name_ja", "name_en", "country") + [
        Column("country_name_ja", lambda p: country(p)["name_ja"]),
        Column("country_name_en", lambda p: country(p)["name_en"]),
        Column("region", lambda p: country(p)["region"]),
    ] + fields("sectors", "new", "stage", "overview_ja", "overview_en", "status_ja", "status_en")
    export += source_columns(lambda p: p["source"]) + fields("source_note")
    export += [Column("event_count", lambda p: len(p["events"]))]
    export += [Column(f"latest_event_{key}", latest(key)) for key in ("date", "end", "planned", "kind", "text_ja", "text_en")]
    return Listing(f"Projects ({len(projects)})", projects, columns, "No projects match.", export)


def event_listing(events: list[dict]) -> Listing:
    columns = [
        Column("Date", _event_date, style="bold", token=True),
        Column("Kind", lambda e: e["kind"], token=True),
        Column("Development", _development),
    ]
    return Listing("Developments", events, columns, "No dated developments.")


def _development(event: dict) -> str:
    note = f"\n({english_only(event['note'])})" if event.get("note") else ""
    return pair(quoted(event["text_ja"]), translation(event["text_en"])) + note


def project_detail(cat: Catalogue, project: dict) -> Detail:
    country = cat.countries[project["country"]]
    stage_meaning, oc4ids = STAGES[project["stage"]]
    sectors = [cat.sectors[s] for s in project["sectors"]]
    region = REGIONS[country["region"]]
    source = project["source"]
    fields = [
        ("Name", pair(quoted(project["name_ja"]), translation(project["name_en"]))),
        ("Country", choose(f"{country['name_ja']}、{t(region)}", f"{country['name_en']}, {region}",
                           both=f"{country['name_en']} ({country['name_ja']}), {region}")),
        ("Sectors", choose("、".join(s["name_ja"] for s in sectors), ", ".join(s["name_en"] for s in sectors),
                           both=", ".join(f"{s['name_en']} ({s['name_ja']})" for s in sectors))),
        ("Stage", f"{project['stage']}: {t(stage_meaning)}" + (f" [OC4IDS: {oc4ids}]" if oc4ids else "")),
        ("New in 2023", choose("はい（新規案件）", "yes", both="yes (新規案件)") if project["new"] else t("no")),
        ("Overview", pair(quoted(project["overview_ja"]), translation(project["overview_en"]))),
        ("Status", pair(quoted(project["status_ja"]), translation(project["status_en"]))),
        ("Source", f"{source['section']}{t(', ')}{source_hint(source['lines'], str(project['id']))}"),
        ("Source note", english_only(project["source_note"])),
    ]
    title = f"{t('Project')} {project['id']}: {name(project)}"
    measures = measure_listing(cat, cat.measures_naming("projects", project["id"]), "Measures that name it")
    return Detail(title, project, fields, [("Developments", event_listing(project["events"])),
                                           ("Measures that name it", measures)])


def country_listing(cat: Catalogue) -> Listing:
    counts = cat.project_counts("country")
    records = [country | {"projects": counts.get(country["id"], 0)} for country in cat.countries.values()]
    columns = [
        Column("ID", lambda c: c["id"], style="bold", token=True),
        Column("Name", lambda c: pair(c["name_ja"], c["name_en"], sep=" / "), stack=2),
        Column("ISO", lambda c: f"{c['iso2']} {c['iso3']}", token=True),
        Column("Region", lambda c: c["region"], token=True, stack=1),
        Column("Projects", lambda c: c["projects"], token=True),
    ]
    export = fields("id", "name_ja", "name_en", "iso2", "iso3", "region", "aliases", "projects")
    return Listing(f"Countries ({len(records)})", records, columns, "No countries.", export)


def region_listing(cat: Catalogue) -> Listing:
    """The regions in vocab order, each with its countries (in the plan's order) and projects."""
    counts = cat.project_counts("country")
    records = []
    for region, label in REGIONS.items():
        countries = [c for c in cat.countries.values() if c["region"] == region]
        records.append({"id": region, "name_en": label, "countries": [c["id"] for c in countries],
                        "projects": sum(counts.get(c["id"], 0) for c in countries)})
    columns = [
        Column("ID", lambda r: r["id"], style="bold", token=True),
        Column("Region", lambda r: t(r["name_en"]), stack=1),
        Column("Countries (projects)", lambda r: t(", ").join(
            f"{name(cat.countries[c])} ({counts.get(c, 0)})" for c in r["countries"])),
        Column("Projects", lambda r: r["projects"], token=True),
    ]
    export = fields("id", "name_en", "countries", "projects")
    return Listing(f"Regions ({len(records)})", records, columns, "No regions.", export)


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
        Column("No.", lambda s: s["number"], token=True),
        Column("ID", lambda s: s["id"], style="bold", token=True),
        Column("Name", lambda s: pair(s["name_ja"], s["name_en"]), stack=2),
        Column("Projects", lambda s: s["projects"], token=True),
        Column("Measures", lambda s: s["measures"], token=True, stack=1),
        Column("Actions", lambda s: s["actions"], token=True, stack=1),
        Column("Overseas market", lambda s: _headline(s["headline_figure"])),
    ]
    export = fields("number", "id", "name_ja", "name_en", "aliases", "projects", "measures", "actions", "frameworks")
    figure = lambda key: lambda s: (s["headline_figure"] or {}).get(key)  # noqa: E731
    export += [Column(f"headline_figure_{key}", figure(key)) for key in ("value", "approx", "unit", "period", "scope")]
    export += [Column("headline_figure_quote_ja", lambda s: quote_text((s["headline_figure"] or {}).get("quote_ja"))),
               Column("headline_figure_source", figure("source"))]
    export += [Column(f"headline_figure_{end}_line", (lambda i: lambda s: s["headline_figure"]["lines"][i]
                      if s["headline_figure"] else None)(i)) for i, end in enumerate(("first", "last"))]
    return Listing(f"Sectors ({len(records)})", records, columns, "No sectors.", export)


def _headline(figure: dict | None) -> str:
    if not figure:
        return ""
    return f"{figure_text(figure)}\n" + choose(quoted(quote_text(figure["quote_ja"])), figure["scope"])


def _passage(label: str, passage: dict | None) -> list[tuple[str, object]]:
    if not passage:
        return []
    source = passage["source"]
    lines = f"{source['lines'][0]}-{source['lines'][1]}"
    return [(label, pair(summary(passage["summary_ja"]), summary(passage["summary_en"]), en_first=True)),
            ("", choose(f"［{source['section']}、{lines}行］", f"[{source['section']}, lines {lines}]"))]


def _figure_listing(market: dict) -> Listing:
    rows = [f | {"market": part} for part in ("domestic", "overseas") for f in ((market or {}).get(part) or {}).get("figures", [])]
    columns = [
        Column("Market", lambda f: t(f["market"]) + ("\n" + t("(headline)") if f.get("headline") else ""), token=True),
        Column("Figure", figure_text, style="bold", token=True),
        Column("What", lambda f: f["scope"], lang="en"),
        Column("The plan's words", lambda f: quoted(quote_text(f["quote_ja"])) or "", lang="ja", stack=2),
        Column("Source", lambda f: f["source"] or ""),
        Column("Lines", lambda f: f"{f['lines'][0]}-{f['lines'][1]}", token=True, stack=1),
    ]
    return Listing(f"Figures ({len(rows)})", rows, columns, "The plan gives no figures here.")


def _player_listing(cat: Catalogue, players: list[dict]) -> Listing:
    columns = [
        Column("Competitor", lambda p: pair(p.get("name_ja"), p["name_en"], en_first=True), style="bold"),
        Column("Kind", lambda p: p["kind"], token=True),
        Column("Country", lambda p: name(cat.countries[p["country"]]) if p["country"] else ""),
        Column("What the plan says", lambda p: pair(summary(p["note_ja"]), summary(p["note_en"]), en_first=True)),
    ]
    return Listing(f"Competitors ({len(players)})", players, columns, "The plan names no competitors here.")


def _statement_listing(title: str, statements: list[dict]) -> Listing:
    columns = [Column(title, lambda s: pair(summary(s["summary_ja"]), summary(s["summary_en"]), en_first=True)),
               Column("Lines", lambda s: f"{s['lines'][0]}-{s['lines'][1]}", token=True)]
    return Listing(f"{title} ({len(statements)})", statements, columns, "None stated.")


def _side_by_side(strengths: list[dict], challenges: list[dict]) -> Listing:
    text = lambda s: pair(summary(s["summary_ja"]), summary(s["summary_en"]), en_first=True) if s else ""  # noqa: E731
    rows = [{"strength": strengths[i] if i < len(strengths) else None,
             "challenge": challenges[i] if i < len(challenges) else None}
            for i in range(max(len(strengths), len(challenges)))]
    columns = [Column(f"Strengths ({len(strengths)})", lambda r: text(r["strength"])),
               Column(f"Challenges ({len(challenges)})", lambda r: text(r["challenge"]))]
    return Listing("Strengths and challenges", rows, columns, "None stated.")


def action_listing(actions: list[dict]) -> Listing:
    """A sector's actions with what they say: the brief a reader wants, not only the titles."""
    columns = [
        Column("ID", lambda a: a["id"], style="bold", token=True),
        Column("Action", lambda a: pair((f"＜{a['group_ja']}＞ " if a.get("group_ja") else "") + quoted(a["title_ja"]),
                                        (f"<{a['group_en']}> " if a.get("group_en") else "")
                                        + translation(a["title_en"]))),
        Column("Summary", lambda a: pair(summary(a["summary_ja"]), summary(a["summary_en"]), en_first=True), stack=1),
        Column("Pillars", lambda a: ", ".join([*a["pillars"], *a["strategies"]]), token=True),
    ]
    return Listing(f"Actions ({len(actions)})", actions, columns, "No actions.")


def _framework_listing(frameworks: list[dict]) -> Listing:
    columns = [
        Column("Framework", lambda f: pair(f["name_ja"], f["name_en"])
               + (f" ({f['abbreviation']})" if f["abbreviation"] else ""), style="bold"),
        Column("Organisation", lambda f: f["organization"], token=True, stack=1),
        Column("What it is", lambda f: pair(summary(f["summary_ja"]), summary(f["summary_en"]), en_first=True)),
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
    fields = [("Sector", f"({sector['number']}) " + pair(sector["name_ja"], sector["name_en"], sep=" / ")),
              ("Source", f"{source['section']}{t(', ')}{source_hint(source['lines'], 'sector:' + sector_id)}")]
    title = f"{t('Sector')} {sector_id}: {name(sector)}"
    if section:
        record = {"id": sector_id, section: _stored_part(cat, sector, section)}
        return Detail(f"{title} — {section}", record, fields, parts[section])
    parts["strengths"] = [("Strengths and challenges", _side_by_side(sector["strengths"], sector["challenges"]))]
    parts["challenges"] = []
    return Detail(title, sector, fields, [s for part in SECTOR_SECTIONS for s in parts[part]])


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


def _names(records: dict, ids: list, key: str = "name") -> str:
    return t(", ").join(name(records[i], key) if i in records else str(i) for i in ids)


def measure_listing(cat: Catalogue, measures: list[dict], title: str = "Measures") -> Listing:
    columns = [
        Column("ID", lambda m: m["id"], style="bold", token=True),
        Column("Measure", lambda m: pair(m["title_ja"], m["title_en"])),
        Column("Pillars", lambda m: ", ".join([*m["pillars"], *m["strategies"]]), token=True),
        Column("Countries", lambda m: ", ".join(m["countries"]), token=True, stack=2),
        Column("Projects", lambda m: ", ".join(map(str, m["projects"])), token=True, stack=1),
    ]
    export = fields("id", "scope", "sector", "group_ja", "group_en", "title_ja", "title_en", "summary_en", "summary_ja")
    export += [Column(f"points_summary_{lang}", (lambda key: lambda m: [p[key] for p in m["points"]])(f"summary_{lang}"))
               for lang in ("en", "ja")]
    export += fields("pillars", "strategies", "sectors", "countries", "projects", "organizations", "tag_note")
    export += source_columns(lambda m: m["source"])
    return Listing(f"{title} ({len(measures)})", measures, columns, "No measures match.", export)


def measure_detail(cat: Catalogue, measure: dict) -> Detail:
    heading = cat.heading_of(measure)
    source = measure["source"]
    fields = [
        ("Title", pair(quoted(measure["title_ja"]), translation(measure["title_en"]))),
        ("Under", choose(f"{heading['section']} {heading['title_ja']} ({heading['id']})",
                         f"{heading['section']} {heading['title_en']} ({heading['id']})",
                         both=f"{heading['section']} {heading['title_ja']} ({heading['id']})") if heading else None),
        ("Sector", _action_place(cat, measure) if measure["sector"] else None),
        ("Summary", pair(summary(measure["summary_ja"]), summary(measure["summary_en"]), en_first=True)),
        # a point's label is a sub-heading of the plan, often long: on a line of its own, not in the
        # label column, which does not wrap and would squeeze every value beside it
        *[("•", (f"{p['label']}\n" if p.get("label") else "")
           + pair(summary(p["summary_ja"]), summary(p["summary_en"]), en_first=True))
          for p in measure["points"]],
        ("Pillars", _names(cat.pillars, measure["pillars"], "title")),
        ("Strategies", _names(cat.pillars, measure["strategies"], "title")),
        ("Other sectors" if measure["sector"] else "Sectors", _names(cat.sectors, measure["sectors"])),
        ("Countries", _names(cat.countries, measure["countries"])),
        ("Organizations", _names(cat.organizations, measure["organizations"])),
        ("Tag note", english_only(measure.get("tag_note"))),
        ("Source", f"{source['section']}{t(', ')}{source_hint(source['lines'], measure['id'])}"),
        *footnote_fields(cat.footnotes_of("measure", measure["id"])),
    ]
    projects = [cat.projects[i] for i in measure["projects"]]
    kind = "Sector action" if measure["sector"] else "Measure"
    return Detail(f"{t(kind)} {measure['id']}: {name(measure, 'title')}", measure, fields,
                  [("Projects it names", project_listing(cat, projects))])


def footnote_fields(footnotes: list[dict]) -> list[tuple[str, object]]:
    """The footnotes a record cites, each quoted with its number (and our summary of a fact-bearing one)."""
    fields: list[tuple[str, object]] = []
    for f in footnotes:
        fields.append(("Footnotes" if not fields else "", f"{f['number']}: {quoted(f['text_ja'])}"))
        if f.get("summary_en"):
            fields.append(("", choose(summary(f.get("summary_ja")), summary(f["summary_en"]))))
    return fields


def footnote_detail(cat: Catalogue, footnote: dict) -> Detail:
    owner = cat.footnote_owner(footnote)
    fields: list[tuple[str, object]] = [
        ("Footnote", f"{footnote['number']} ({footnote['kind']})"),
        ("Text", quoted(footnote["text_ja"])),
        ("Summary", pair(summary(footnote.get("summary_ja")), summary(footnote.get("summary_en")), en_first=True)),
        ("Cited by", f"{owner[0]} {owner[1]}: {choose(*cat.titles(owner[0], cat.records_of(owner[0])[owner[1]]))}"
                     if owner else None),
        ("Cited at", source_hint([footnote["cited_at"]] * 2, f"line:{footnote['cited_at']}")),
        ("Printed at", source_hint(footnote["lines"], f"footnote:{footnote['number']}")),
        ("Source note", english_only(footnote.get("source_note"))),
    ]
    return Detail(f"{t('Footnote')} {footnote['number']}", footnote, fields)


def won_project_detail(cat: Catalogue, won: dict) -> Detail:
    lines = won["lines"]
    fields: list[tuple[str, object]] = [
        ("Project", pair(quoted(won["name_ja"]), translation(won["name_en"]))),
        ("Status", choose("前回の行動計画以降に我が国企業が受注", "won by Japanese companies since the previous edition of the plan")),
        ("Country", name(cat.countries[won["country"]]) if won["country"] else None),
        ("Sectors", _names(cat.sectors, won["sectors"])),
        ("Plan says", only("ja", quoted(won.get("quote_ja")))), ("Summary", pair(summary(won.get("summary_ja")), summary(won["summary_en"]), en_first=True)),
        ("Tag note", english_only(won["tag_note"])),
        ("Source", source_hint(lines, f"won-project:{won['id']}")),
    ]
    return Detail(f"{t('Won project')} {won['id']}: {name(won)}", won, fields)


def _action_place(cat: Catalogue, action: dict) -> str:
    sector = cat.sectors[action["sector"]]
    heading = "④" if sector["id"] == "join" else "⑥"
    group = (" " + pair(f"＜{action['group_ja']}＞", action["group_en"], sep=" ")) if action.get("group_ja") else ""
    names = pair(sector["name_ja"], sector["name_en"], sep=" / ")
    directions = choose("今後の海外展開の方向性", "directions for overseas expansion", both="今後の海外展開の方向性")
    return f"({sector['number']}) {names} ({sector['id']}), {heading} {directions}{group}"


def pillar_listing(cat: Catalogue) -> Listing:
    records = [pillar | {"measures": len(cat.tagged(pillar["id"]))} for pillar in cat.pillars.values()]
    columns = [
        Column("ID", lambda p: p["id"], style="bold", token=True),
        Column("Kind", lambda p: p["kind"], token=True, stack=1),
        Column("Section", lambda p: p["section"], token=True, stack=1),
        Column("Pillar", lambda p: pair(p["title_ja"], p["title_en"])),
        Column("Measures", lambda p: p["measures"], token=True),
    ]
    export = fields("id", "kind", "section", "title_ja", "title_en", "summary_en", "summary_ja", "aliases", "measures")
    export += source_columns(lambda p: p.get("source"))
    return Listing(f"Pillars ({len(records)})", records, columns, "No pillars.", export)


def pillar_detail(cat: Catalogue, pillar: dict) -> Detail:
    background = [s for s in cat.chapter1 if pillar["id"] in s["pillars"]]
    fields = [
        ("Title", pair(quoted(pillar["title_ja"]), translation(pillar["title_en"]))),
        ("Kind", f"{pillar['kind']}, " + choose(f"{pillar['section']}節", f"section {pillar['section']}")),
        ("Summary", pair(summary(pillar["summary_ja"]), summary(pillar["summary_en"]), en_first=True)),
        ("Aliases", ", ".join(pillar["aliases"])),
        ("Source", f"{pillar['source']['section']}{t(', ')}{source_hint(pillar['source']['lines'], 'pillar:' + pillar['id'])}"
         if pillar.get("source") else None),
    ]
    measures = cat.tagged(pillar["id"])
    return Detail(f"{t('Pillar')} {pillar['id']}: {name(pillar, 'title')}", pillar, fields,
                  [("Background in chapter 1", _background(cat, background)),
                   ("Measures tagged with it", measure_listing(cat, measures))])


def _background(cat: Catalogue, sections: list[dict]) -> Block:
    """Chapter 1's sections that a pillar answers, each with our summary and its lines."""
    lines: list[tuple[str, object]] = []
    for section in sections:
        heading = cat.headings.get(section["id"])
        title = _numbered(heading) if heading else section["title_ja"]
        source = section["source"]
        lines += [(section["id"], pair(quoted(title), translation(section["title_en"]))),
                  ("", pair(summary(section["summary_ja"]), summary(section["summary_en"]), en_first=True)),
                  ("", f"{source['section']}{t(', ')}{source_hint(source['lines'], section['id'])}")]
    return Block(lines)


# -- issue 5: search, show, country and organisation briefs, timeline, stats ----------------------

def search_listing(hits: list) -> Listing:
    records = [h.as_dict() for h in hits]
    columns = [
        Column("Kind", lambda r: r["kind"], token=True),
        Column("ID", lambda r: r["id"], style="bold", token=True, stack=1),
        Column("Title", lambda r: pair(r["title_ja"], r["title_en"])),
        Column("Score", lambda r: r["score"], token=True),
        Column("Match", lambda r: r["snippet"], stack=2),
    ]
    export = fields("kind", "id", "title_ja", "title_en", "score", "field", "snippet")
    return Listing(f"Results ({len(records)})", records, columns, "Nothing matches.", export)


def related_listing(links: list[dict], title: str = "Related") -> Listing:
    columns = [
        Column("Relation", lambda r: t(r["relation"])),
        Column("Kind", lambda r: r["kind"], token=True, stack=1),
        Column("ID", lambda r: r["id"], style="bold", token=True, stack=2),
        Column("Title", lambda r: pair(r["title_ja"], r["title_en"])),
    ]
    return Listing(f"{title} ({len(links)})", links, columns, "Nothing links to it.")


def _record_fields(cat: Catalogue, kind: str, record: dict) -> tuple[str, list]:
    """A record's title and its own fields, whatever its kind (the links are shown by `related`)."""
    if kind == "sector":  # the profile's own fields, not its sub-sections: Related lists those links
        headline = cat.headline_figure(record)
        source = record["source"]
        return f"{t('Sector')} {record['id']}: {name(record)}", [
            ("Sector", f"({record['number']}) " + pair(record["name_ja"], record["name_en"], sep=" / ")),
            ("Source", f"{source['section']}{t(', ')}{source_hint(source['lines'], 'sector:' + record['id'])}"),
            ("Overview", pair(summary(record["overview"]["summary_ja"]), summary(record["overview"]["summary_en"]),
                              en_first=True)),
            ("Overseas market", f"{figure_text(headline)}: "
             + choose(quoted(quote_text(headline["quote_ja"])), headline["scope"]) if headline else None)]
    detail = {"project": project_detail, "measure": measure_detail, "pillar": pillar_detail,
              "country": country_detail, "heading": heading_detail, "footnote": footnote_detail,
              "won-project": won_project_detail, "organization": organization_detail}[kind](cat, record)
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
    competitor_in = [name(cat.sectors[s]) for s in cat.sectors_with_competitor(country["id"])]
    stages = {}
    for p in projects:
        stages[p["stage"]] = stages.get(p["stage"], 0) + 1
    fields = [
        ("Name", pair(country["name_ja"], country["name_en"], sep=" / ")),
        ("Codes", f"{country['iso2']} {country['iso3']}"),
        ("Region", t(REGIONS[country["region"]])),
        ("Projects", f"{len(projects)}" + (": " + ", ".join(f"{n} {s}" for s, n in stages.items()) if stages else "")),
        ("Competitor in", t(", ").join(competitor_in)),
    ]
    record = country | {"projects": [p["id"] for p in projects], "measures": [m["id"] for m in measures],
                        "latest_developments": events[:latest]}
    return Detail(f"{t('Country')} {country['id']}: {name(country)}", record, fields, [
        ("Projects by stage", project_listing(cat, projects)),
        (choose(f"直近の動き（新しい順に{latest}件）", f"Latest developments (newest {latest})"),
         timeline_listing(cat, events[:latest])),
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
            **cat.named_after(org["id"]),
        })
    columns = [
        Column("ID", lambda o: o["id"], style="bold", token=True),
        Column("Abbr.", lambda o: o["abbreviation"] or "", token=True, stack=1),
        Column("Name", lambda o: pair(o["name_ja"], o["name_en"]), stack=3),
        Column("Measures", lambda o: o["measures"], token=True),
        Column("Actions", lambda o: o["actions"], token=True, stack=1),
        Column("Framework of", lambda o: ", ".join(o["frameworks"]), token=True, stack=2),
    ]
    export = fields("id", "abbreviation", "name_ja", "name_en", "aliases", "measures", "actions", "frameworks",
                    "countries", "sector")
    return Listing(f"Organisations ({len(records)})", records, columns, "No organisations.", export)


def organization_detail(cat: Catalogue, org: dict) -> Detail:
    named = cat.measures_naming("organizations", org["id"])
    frameworks = [f | {"sector": s["id"]} for s in cat.sectors.values() for f in s["frameworks"]
                  if f["organization"] == org["id"]]
    fields = [
        ("Name", pair(quoted(org["name_ja"]), translation(org["name_en"]))),
        ("Abbreviation", org["abbreviation"]),
        ("Aliases", ", ".join(org["aliases"])),
        ("Countries", _names(cat.countries, cat.named_after(org["id"])["countries"])),
        ("Sector profile", _sector_name(cat, cat.named_after(org["id"])["sector"])),
        *[(f"Framework ({f['sector']})", choose(f"{quoted(f['name_ja'])}: {summary(f['summary_ja'])}",
                                                f"{f['name_en']}: {summary(f['summary_en'])}",
                                                both=f"{quoted(f['name_ja'])}: {summary(f['summary_en'])}"))
          for f in frameworks],
    ]
    record = org | {"measures": [m["id"] for m in named], "frameworks": frameworks, **cat.named_after(org["id"])}
    title = f"{t('Organisation')} {org['id']}: {name(org)}"
    return Detail(title, record, fields, [("Measures and sector actions that name it", measure_listing(cat, named))])


def _sector_name(cat: Catalogue, sector_id: str | None) -> str | None:
    if sector_id is None:
        return None
    sector = cat.sectors[sector_id]
    return f"({sector['number']}) {pair(sector['name_ja'], sector['name_en'], sep=' / ')} ({sector_id})"


def timeline_listing(cat: Catalogue, events: list[dict]) -> Listing:
    records = [{"date": e["date"], "end": e["end"], "planned": e["planned"], "project": e["project"],
                "country": e["country"], "kind": e["kind"], "text_ja": e["text_ja"], "text_en": e["text_en"],
                "note": e["note"]} for e in events]
    columns = [
        Column("Date", _event_date, style="bold", token=True),
        Column("Project", lambda e: f"{e['project']} {name(cat.projects[e['project']])}"),
        Column("Kind", lambda e: e["kind"], token=True, stack=1),
        Column("Development", _development),
    ]
    export = fields("date", "end", "planned", "project") + [
        Column(f"project_name_{lang}", (lambda key: lambda e: cat.projects[e["project"]][key])(f"name_{lang}"))
        for lang in ("ja", "en")] + fields("country", "kind", "text_ja", "text_en", "note")
    return Listing(f"Timeline ({len(records)})", records, columns, "No dated developments match.", export)


def _bars(title: str, counts: dict[str, int], labels: dict[str, str], width: int = 40) -> Listing:
    top = max(counts.values(), default=0) or 1
    rows = [{"id": k, "label": labels.get(k, k), "count": n} for k, n in counts.items()]
    columns = [
        Column(title, lambda r: r["label"]),
        Column("N", lambda r: r["count"], style="bold", token=True),
        Column("", lambda r: "█" * max(1, round(r["count"] * width / top)) if r["count"] else "", crop=True),
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
        ("Projects by region", _bars("Region", by_region, {r: t(label) for r, label in REGIONS.items()})),
        ("Projects by country", _bars("Country", by_country, {c: name(cat.countries[c]) for c in by_country})),
        ("Projects by sector", _bars("Sector", by_sector, {s: name(cat.sectors[s]) for s in by_sector})),
        ("Projects by stage", _bars("Stage", by_stage, {})),
        ("Measures and sector actions by pillar", _bars("Pillar", by_pillar, {})),
    ])


# -- issue 10: the plan's text ------------------------------------------------------------------

def passage_listing(rows: list[dict]) -> Listing:
    """Lines of the plan's text, [{line, text}] (json gives them as read)."""
    columns = [Column("Line", lambda r: r["line"], style="bold", token=True), Column("Text", lambda r: r["text"])]
    title = f"Lines {rows[0]['line']}-{rows[-1]['line']}" if rows else "Lines"
    return Listing(title, rows, columns, "No lines.")


def passage_text(view: Listing) -> str:
    """The passage as plain text: each line's number, right-aligned, then the line (trailing white space dropped)."""
    width = len(str(view.records[-1]["line"])) if view.records else 0
    return "".join(f"{r['line']:>{width}}  {clean(r['text'])}".rstrip() + "\n" for r in view.records)


def source_hint(lines: list[int], ref: str) -> str:
    """'lines 9807-9833 (infraplan source 50)': a record's lines with the command that prints them."""
    return choose(f"{lines[0]}-{lines[1]}行（infraplan source {ref}）", f"lines {lines[0]}-{lines[1]} (infraplan source {ref})")


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
        Column("ID", lambda r: r["id"], style="bold", token=True),
        Column("Heading", lambda r: pair(_numbered(r), r["title_en"])),
        Column("Lines", lambda r: f"{r['lines'][0]}-{r['lines'][1]}", token=True),
        Column("Measures", lambda r: _count(r["measures"]), token=True),
        Column("Actions", lambda r: _count(r["actions"]), token=True, stack=1),
        Column("Projects", lambda r: _count(r["projects"]), token=True, stack=1),
    ]
    export = fields("kind", "id", "parent", "level", "label", "title_ja", "title_en")
    export += [Column("first_line", lambda r: r["lines"][0]), Column("last_line", lambda r: r["lines"][1])]
    export += fields("measures", "actions", "projects")
    headings = sum(r["kind"] == "heading" for r in rows)
    others = len(rows) - headings
    count_en = f"({headings} headings" + (f", {others} measures and actions)" if depth >= 4 else ")")
    count_ja = f"（見出し{headings}件" + (f"、施策・取組{others}件）" if depth >= 4 else "）")
    title = choose(f"目次: {cat.plan['title']['ja']}{count_ja}", f"Outline: {cat.plan['title']['en']} {count_en}",
                   both=f"Outline: {cat.plan['title']['ja']} {count_en}")
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
        path.insert(0, parent)
        parent = cat.headings.get(parent["id"].rpartition(".")[0])
    counts = cat.heading_counts(heading)
    under = choose("、".join(f"{t(k.capitalize())}{n}件" for k, n in counts.items() if n),
                   ", ".join(f"{n} {k}" for k, n in counts.items() if n))
    subs = cat.sub_headings(hid)
    fields: list[tuple[str, object]] = [
        ("Heading", pair(quoted(_numbered(heading)), translation(heading["title_en"]))),
        ("In", choose(" / ".join(map(_numbered, path)), " / ".join(h["title_en"] for h in path),
                      both=" / ".join(map(_numbered, path))) or None),
        ("Source", f"{source['section']}{t(', ')}{source_hint(source['lines'], heading_ref(hid))}"),
    ]
    if heading.get("preamble"):
        preamble = heading["preamble"]
        fields += [("Preamble", pair(summary(preamble["summary_ja"]), summary(preamble["summary_en"]), en_first=True))]
        if preamble["lines"] != source["lines"]:
            fields.append(("", source_hint(preamble["lines"], f"{preamble['lines'][0]}-{preamble['lines'][1]}")))
    if (section := cat.section_of(hid)) is not None:
        fields += [("Summary", pair(summary(section["summary_ja"]), summary(section["summary_en"]), en_first=True))]
    if hid == "intro":
        kpi = cat.plan["kpi"]
        fields += [("KPI", choose(f"{kpi['year']}年: {quoted(kpi['quote_ja'])}", f"{kpi['value']} {kpi['unit']}, in {kpi['year']}",
                                  both=f"{kpi['value']}兆円 in {kpi['year']}: {quoted(kpi['quote_ja'])}"))]
    fields += [("Sub-headings", len(subs) or None), ("Under it", under or None)]
    fields += footnote_fields(cat.footnotes_of("heading", hid))
    return fields


def heading_detail(cat: Catalogue, heading: dict) -> Detail:
    return Detail(f"{t('Heading')} {heading['id']}: {name(heading, 'title')}", heading, heading_fields(cat, heading))


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
            "strategies": plan["strategies"], "counts": counts, "project_list": plan.get("project_list"), "changes": changes,
            "attribution": plan["attribution"], "licence": plan["licence"]}


def plan_detail(cat: Catalogue) -> Detail:
    record = plan_record(cat)
    kpi, counts, changes = record["kpi"], record["counts"], record["changes"]
    fields: list[tuple[str, object]] = [
        ("Title", pair(record["title"]["ja"], record["title"]["en"])),
        ("Publisher", pair(record["publisher"]["ja"], record["publisher"]["en"], sep=" / ")),
        ("Edition", record["edition"]),
        ("KPI", pair(quoted(kpi["quote_ja"]), f"{kpi['value']} {kpi['unit']}, in {kpi['year']}", en_first=True)),
        ("", only("en", summary(kpi["summary_en"]))),
        *[("Strategies" if i == 0 else "", f"{s['id']}: " + pair(s["title_ja"], s["title_en"], sep=" / "))
          for i, s in enumerate(record["strategies"])],
        ("Projects", choose(f"対象案件{counts['projects']}件（うち{record['edition']}年の新規案件{counts['new_projects']}件）、"
                            f"{counts['countries_with_projects']}か国",
                            f"{counts['projects']} target projects ({counts['new_projects']} new in {record['edition']}) "
                            f"in {counts['countries_with_projects']} countries")),
        ("Measures", choose(f"施策{counts['measures']}件（第２章）、分野別の取組{counts['sector_actions']}件（第３章）",
                            f"{counts['measures']} measures (chapter 2), {counts['sector_actions']} sector actions "
                            f"(chapter 3)")),
        ("Sectors", choose(f"{counts['sectors']}分野（第３章）", f"{counts['sectors']} (chapter 3)")),
        ("Outline", choose(f"見出し{counts['headings']}件（infraplan outline）", f"{counts['headings']} headings (infraplan outline)")),
    ]
    if history := record["project_list"]:
        fields += [("Project list", choose(
                        f"{history['count']}件：前版の{history['previous_count']}件から{history['removed']}件削除、"
                        f"{history['added']}件追加",
                        f"{history['count']} projects: {history['previous_count']} in the previous "
                        f"edition, {history['removed']} removed, {history['added']} added")),
                   *[("Won" if i == 0 else "", f"{pair(w['name_ja'], w['name_en'], sep=' / ')} (won-project:{w['id']})")
                     for i, w in enumerate(history["won"])]]
    if changes:
        fields += [("Since last year", pair(summary(changes["summary_ja"]), summary(changes["summary_en"]), en_first=True)),
                   ("", source_hint(changes["lines"], f"{changes['lines'][0]}-{changes['lines'][1]}"))]
    fields += [("Attribution", record["attribution"]), ("Licence", record["licence"])]
    title = choose(f"{record['title']['ja']}: 本版の要点", f"{record['title']['en']}: the edition's headline facts",
                   both=f"{record['title']['ja']}: the edition's headline facts")
    return Detail(title, record, fields)


# -- issue 13: sorting and limiting listings ------------------------------------------------------

def _natural(value: object) -> tuple:
    """Ids and names in natural order: 2.1.1.9 before 2.1.1.10, annex.9 before annex.10; case ignored."""
    parts = re.findall(r"\d+|\D+", str(value).casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _field(key: str):
    return lambda r: r.get(key)


def _text(key: str):
    return lambda r: _natural(r[key]) if r.get(key) is not None else None


def _in(vocabulary, key: str):
    order = list(vocabulary)
    return lambda r: order.index(r[key]) if r.get(key) in order else None


def _latest_date(project: dict):
    return date_bounds(project["events"][-1]["date"])[0] if project["events"] else None


_LINES = lambda r: tuple(r["lines"])  # noqa: E731

# listing -> field -> key; None sorts last whichever the direction. Fields as vocab.SORT_FIELDS.
SORT_KEYS: dict[str, dict] = {
    "projects": {"id": _field("id"), "name_en": _text("name_en"), "name_ja": _text("name_ja"),
                 "country": _text("country"), "stage": _in(STAGES, "stage"), "new": _field("new"),
                 "latest": _latest_date, "events": lambda p: len(p["events"])},
    "measures": {"id": lambda m: section_key(m["id"]), "title_en": _text("title_en"), "title_ja": _text("title_ja"),
                 "scope": _text("scope"), "sector": _text("sector")},
    "timeline": {"date": lambda e: date_bounds(e["date"])[0], "project": _field("project"), "country": _text("country"),
                 "kind": _in(EVENT_KINDS, "kind")},
    "search": {"score": _field("score"), "kind": _in(RECORD_KINDS, "kind"), "id": _text("id"),
               "title_en": _text("title_en"), "title_ja": _text("title_ja")},
    "countries": {"id": _text("id"), "name_en": _text("name_en"), "name_ja": _text("name_ja"), "iso2": _text("iso2"),
                  "iso3": _text("iso3"), "region": _in(REGIONS, "region"), "projects": _field("projects")},
    "regions": {"id": _in(REGIONS, "id"), "name_en": _text("name_en"), "projects": _field("projects")},
    "sectors": {"number": _field("number"), "id": _text("id"), "name_en": _text("name_en"), "name_ja": _text("name_ja"),
                "projects": _field("projects"), "measures": _field("measures"), "actions": _field("actions"),
                "frameworks": _field("frameworks")},
    "pillars": {"id": _text("id"), "kind": _text("kind"), "section": _text("section"), "title_en": _text("title_en"),
                "title_ja": _text("title_ja"), "measures": _field("measures")},
    "organizations": {"id": _text("id"), "abbreviation": _text("abbreviation"), "name_en": _text("name_en"),
                      "name_ja": _text("name_ja"), "measures": _field("measures"), "actions": _field("actions")},
    "outline": {"id": _text("id"), "level": _field("level"), "lines": _LINES, "measures": _field("measures"),
                "actions": _field("actions"), "projects": _field("projects")},
}


def arrange(view: Listing, listing: str, sort: str | None = None, limit: int | None = None) -> Listing:
    """The listing ordered by one of its SORT_KEYS (`-field`: descending; ties, and records without
    the field, which come last, keep the listing's own order) and cut to its first `limit`
    records. A cut listing's title counts what it shows of how many: "Projects (5 of 93)"."""
    records = list(view.records)
    if sort:
        keys = SORT_KEYS[listing]
        field, descending = sort.lstrip("-"), sort.startswith("-")
        if field not in keys:
            suggestions = [("-" if descending else "") + s for s in closest(field, list(keys))]
            raise UnknownValue("sort field", sort, suggestions, list(keys))
        key = keys[field]
        present = [r for r in records if key(r) is not None]
        records = sorted(present, key=key, reverse=descending) + [r for r in records if key(r) is None]
    total = len(records)
    if limit is not None and limit < total:
        records = records[:limit]
        view.title = re.sub(rf"\({total}\)$", f"({limit} of {total})", view.title)
    view.records = records
    return view
