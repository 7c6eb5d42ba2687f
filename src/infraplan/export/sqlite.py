"""The whole catalogue as one SQLite database: a table per kind, link tables for the tags, full-text
indexes Datasette finds, views for the common questions, and the Datasette metadata made from the
same schema. The schema is SQL text in one place (SCHEMA); the rows come from the Catalogue, in
the plan's order, so the same data always gives the same rows."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from infraplan.catalogue import Catalogue
from infraplan.export.write import ExportRefused
from infraplan.vocab import EVENT_KINDS, REGIONS, STAGES

# Every table and view. The comment lines above a CREATE are its description and the comment after
# a column is that column's: metadata() hands both to Datasette. Every row of a table that
# transcribes the plan carries the source line range it comes from. A foreign key names the
# record that a value is the id of; the FTS5 tables, named <table>_fts with content="<table>", are
# what Datasette detects for `?_search=`; the trigram tokenizer matches any 3+ characters inside a
# word, which Japanese (written without spaces) needs.
SCHEMA = """
-- The edition this database transcribes, with its 出典 (attribution) and licence: one row.
CREATE TABLE plan (
    id INTEGER PRIMARY KEY CHECK (id = 1),  -- always 1
    title_ja TEXT NOT NULL,  -- the plan's title
    title_en TEXT NOT NULL,  -- the title in English
    publisher_ja TEXT NOT NULL,  -- 国土交通省
    publisher_en TEXT NOT NULL,  -- the publisher in English
    edition INTEGER NOT NULL,  -- the year of the edition
    kpi_value INTEGER NOT NULL,  -- the headline target (KPI), its number
    kpi_unit TEXT NOT NULL,  -- the KPI's unit
    kpi_year INTEGER NOT NULL,  -- the year the KPI is for
    kpi_quote_ja TEXT NOT NULL,  -- the KPI in the plan's own words
    kpi_summary_en TEXT NOT NULL,  -- the KPI in English
    attribution TEXT NOT NULL,  -- 出典: how to credit the source
    licence TEXT NOT NULL,  -- the terms of use of the plan's content
    project_count INTEGER,  -- target projects in this edition, as the project list's preamble says
    previous_project_count INTEGER,  -- target projects in the previous edition
    projects_removed INTEGER,  -- projects of the previous edition removed from the list
    projects_added INTEGER  -- projects added (the 【新規案件】)
);

-- The regions countries are grouped in (infraplan's vocabulary, not the plan's).
CREATE TABLE regions (
    id TEXT PRIMARY KEY,  -- region id, as infraplan's --region takes it
    name_en TEXT NOT NULL  -- the region's name
);

-- Project stages (infraplan's vocabulary), with the OC4IDS projectStatus each maps to.
CREATE TABLE stages (
    id TEXT PRIMARY KEY,  -- stage id
    meaning TEXT NOT NULL,  -- what the stage means
    oc4ids_status TEXT  -- the OC4IDS projectStatus code, where one fits
);

-- Kinds of dated development (infraplan's vocabulary).
CREATE TABLE event_kinds (
    id TEXT PRIMARY KEY,  -- event kind id
    meaning TEXT NOT NULL  -- what the kind means
);

-- Every country the plan names. The plan gives no line range for a country: see projects and measures.
CREATE TABLE countries (
    id TEXT PRIMARY KEY,  -- country id
    name_ja TEXT NOT NULL,  -- the plan's own spelling
    name_en TEXT NOT NULL,  -- English name
    iso2 TEXT NOT NULL,  -- ISO 3166-1 alpha-2
    iso3 TEXT NOT NULL,  -- ISO 3166-1 alpha-3
    region TEXT NOT NULL REFERENCES regions (id),  -- the region it is grouped in
    aliases TEXT NOT NULL  -- other names infraplan accepts (JSON array)
);

-- The organisations measures, sector actions and frameworks name.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,  -- organisation id
    name_ja TEXT NOT NULL,  -- Japanese name
    name_en TEXT NOT NULL,  -- English name
    abbreviation TEXT,  -- its abbreviation, if any
    aliases TEXT NOT NULL  -- other names infraplan accepts (JSON array)
);

-- The 12 sectors of chapter 3, each with its profile's overview.
CREATE TABLE sectors (
    id TEXT PRIMARY KEY,  -- sector id
    number INTEGER NOT NULL UNIQUE,  -- its number in chapter 3
    name_ja TEXT NOT NULL,  -- the plan's heading
    name_en TEXT NOT NULL,  -- English name
    aliases TEXT NOT NULL,  -- other names infraplan accepts (JSON array)
    overview_ja TEXT NOT NULL,  -- summary of ① (our summary, Japanese)
    overview_en TEXT NOT NULL,  -- summary of ① (English)
    source_section TEXT NOT NULL,  -- the plan's heading of the whole profile
    source_first_line INTEGER NOT NULL,  -- first line of the profile in the plan's text
    source_last_line INTEGER NOT NULL  -- last line of the profile in the plan's text
);

-- The passages of each sector profile, summarised: overview, markets, competition, directions.
CREATE TABLE sector_passages (
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    part TEXT NOT NULL,  -- overview, market-domestic, market-overseas, competitor-trends, competitor-situation or directions
    position INTEGER NOT NULL,  -- order within the profile
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL,  -- last line in the plan's text
    PRIMARY KEY (sector, part)
);

-- Every market figure the sector profiles give, in the plan's own words.
CREATE TABLE market_figures (
    id INTEGER PRIMARY KEY,  -- row number, in the plan's order
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    market TEXT NOT NULL,  -- domestic or overseas
    value REAL NOT NULL,  -- the number
    approx INTEGER NOT NULL,  -- 1 where the plan says 約, 程度, 以上, 超 and the like
    unit TEXT NOT NULL,  -- its unit, as the plan writes it
    period TEXT,  -- the period it covers
    scope TEXT NOT NULL,  -- what it measures (English)
    quote_ja TEXT NOT NULL,  -- the plan's own words
    cited_source TEXT,  -- the report or footnote the plan cites for it
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL,  -- last line in the plan's text
    headline INTEGER NOT NULL  -- 1 on the sector's headline figure (one overseas figure per sector; `infraplan sectors`)
);

-- Competitors the sector profiles name: companies, countries, regions, state bodies.
CREATE TABLE competitors (
    id INTEGER PRIMARY KEY,  -- row number, in the plan's order
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    name_ja TEXT,  -- Japanese name, where the plan gives one
    name_en TEXT NOT NULL,  -- English name
    kind TEXT NOT NULL,  -- company, country, region or organization
    country TEXT REFERENCES countries (id),  -- its country, if one
    note_ja TEXT NOT NULL,  -- what the plan says of it (Japanese)
    note_en TEXT NOT NULL,  -- what the plan says of it (English)
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- Japan's strengths (⑤) and the challenges the sector profiles list.
CREATE TABLE strengths_challenges (
    id INTEGER PRIMARY KEY,  -- row number, in the plan's order
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    kind TEXT NOT NULL,  -- strength or challenge
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The forums, councils and organisations listed under a sector's ⑦ 枠組み.
CREATE TABLE frameworks (
    id INTEGER PRIMARY KEY,  -- row number, in the plan's order
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    organization TEXT NOT NULL REFERENCES organizations (id),  -- the organisation
    name_ja TEXT NOT NULL,  -- the plan's name for it
    name_en TEXT NOT NULL,  -- English name
    abbreviation TEXT,  -- its abbreviation, if any
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The priority strategies of chapter 1 (2) and the headings of chapter 2 that measures are tagged with.
CREATE TABLE pillars (
    id TEXT PRIMARY KEY,  -- pillar id
    kind TEXT NOT NULL,  -- strategy, priority-area, approach or main-measure
    section TEXT NOT NULL,  -- its place in the plan
    title_ja TEXT NOT NULL,  -- the plan's heading
    title_en TEXT NOT NULL,  -- English title
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    aliases TEXT NOT NULL,  -- other names infraplan accepts (JSON array)
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The plan's strategies as chapter 1 (2) titles them (each is also a pillar).
CREATE TABLE plan_strategies (
    pillar TEXT PRIMARY KEY REFERENCES pillars (id),  -- the strategy's pillar
    position INTEGER NOT NULL,  -- order in the plan
    title_ja TEXT NOT NULL,  -- the plan's title
    title_en TEXT NOT NULL  -- English title
);

-- Chapter 1's significance (1.1.x) and situation and challenges (1.3.x), summarised.
CREATE TABLE chapter1_sections (
    id TEXT PRIMARY KEY,  -- its place in the plan
    position INTEGER NOT NULL,  -- order in the plan
    kind TEXT NOT NULL,  -- significance or situation
    title_ja TEXT NOT NULL,  -- the plan's heading
    title_en TEXT NOT NULL,  -- English title
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- Which pillars each chapter-1 section gives rise to.
CREATE TABLE chapter1_pillars (
    section TEXT NOT NULL REFERENCES chapter1_sections (id),  -- the chapter-1 section
    pillar TEXT NOT NULL REFERENCES pillars (id),  -- the pillar
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (section, pillar)
);

-- The plan's headings (outline.yaml): its table of contents, down to the level above the measures.
CREATE TABLE headings (
    id TEXT PRIMARY KEY,  -- the plan's numbering (2.3.3); intro, annex and annex.<n> for the others
    position INTEGER NOT NULL,  -- order in the plan
    parent TEXT REFERENCES headings (id),  -- the heading it sits under
    level INTEGER NOT NULL,  -- 1 chapter, 2 a （１）… section, 3 a ①… heading
    label TEXT,  -- the numbering as printed
    title_ja TEXT NOT NULL,  -- the plan's heading
    title_en TEXT NOT NULL,  -- English title
    preamble_summary_ja TEXT,  -- our summary of the text before its first sub-heading, Japanese
    preamble_summary_en TEXT,  -- our summary of the text before its first sub-heading, English
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text, sub-headings included
);

-- The projects Japanese companies won since the previous edition, as the project list's preamble
-- names them; their country and sectors are our classification (tag_note says why).
CREATE TABLE won_projects (
    id TEXT PRIMARY KEY,  -- our id
    position INTEGER NOT NULL,  -- order in the plan
    name_ja TEXT NOT NULL,  -- the plan's name
    name_en TEXT NOT NULL,  -- English name
    country TEXT REFERENCES countries (id),  -- its country, where the plan names one
    sectors TEXT NOT NULL,  -- its sectors (JSON array, main first)
    quote_ja TEXT,  -- what the plan says of it, in its own words
    summary_en TEXT NOT NULL,  -- our summary, English
    tag_note TEXT NOT NULL,  -- why this country and these sectors
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The plan's footnotes, numbered as printed; text_ja is a quotation.
CREATE TABLE footnotes (
    number INTEGER PRIMARY KEY,  -- the footnote's number as printed
    kind TEXT NOT NULL,  -- fact (states facts of its own) or citation (names a source)
    text_ja TEXT NOT NULL,  -- the footnote
    summary_ja TEXT,  -- our summary of a fact-bearing footnote, Japanese
    summary_en TEXT,  -- our summary of a fact-bearing footnote, English
    cited_at INTEGER NOT NULL,  -- the line of the body text that carries its number
    cited_by_kind TEXT,  -- the kind of record citing it (measure, sector or heading)
    cited_by_id TEXT,  -- the id of the record citing it
    countries TEXT NOT NULL,  -- the countries it names (JSON array)
    source_note TEXT,  -- a note on how it was read
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text (where it is printed)
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The plan's 93 target projects; name, overview and status in Japanese are quotations.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,  -- the plan's own number
    name_ja TEXT NOT NULL,  -- the plan's name
    name_en TEXT NOT NULL,  -- English name
    country TEXT NOT NULL REFERENCES countries (id),  -- the country
    region TEXT NOT NULL REFERENCES regions (id),  -- the country's region
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the main sector (the first of sectors)
    sectors TEXT NOT NULL,  -- every sector (JSON array, main first; also in project_sectors)
    stage TEXT NOT NULL REFERENCES stages (id),  -- where the project stands
    new INTEGER NOT NULL,  -- 1 for the projects marked 【新規案件】 (new in 2023)
    overview_ja TEXT NOT NULL,  -- the plan's overview
    overview_en TEXT NOT NULL,  -- the overview in English
    status_ja TEXT,  -- the plan's status, where it gives one
    status_en TEXT,  -- the status in English
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL,  -- last line in the plan's text
    source_note TEXT  -- a note on how the entry was read
);

-- Which sectors each project is in (many to many).
CREATE TABLE project_sectors (
    project INTEGER NOT NULL REFERENCES projects (id),  -- the project
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    position INTEGER NOT NULL,  -- 0 for the main sector
    PRIMARY KEY (project, sector)
);

-- Every dated development of the projects, one bullet of the plan each (text_ja is a quotation).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,  -- row number, in the plan's order
    project INTEGER NOT NULL REFERENCES projects (id),  -- the project
    date TEXT NOT NULL,  -- YYYY, YYYY-MM or YYYY-MM-DD, as precise as the plan
    end_date TEXT,  -- the end of a range, as date
    planned INTEGER NOT NULL,  -- 1 for plans and expectations (予定, 見込み, 目標)
    kind TEXT NOT NULL REFERENCES event_kinds (id),  -- what kind of development
    text_ja TEXT NOT NULL,  -- the plan's words
    text_en TEXT NOT NULL,  -- in English
    note TEXT,  -- our note
    source_first_line INTEGER NOT NULL,  -- first line of the project's entry, which holds this bullet
    source_last_line INTEGER NOT NULL  -- last line of the project's entry
);

-- Chapter 2's numbered measures (scope cross-cutting) and chapter 3's sector actions (scope sector).
CREATE TABLE measures (
    id TEXT PRIMARY KEY,  -- its place in the plan (2.x.y.z, or 3.<sector>.6.<n>)
    position INTEGER NOT NULL UNIQUE,  -- order in the plan (sort by this, not by id)
    scope TEXT NOT NULL,  -- cross-cutting (chapter 2) or sector (a chapter-3 action)
    sector TEXT REFERENCES sectors (id),  -- the sector an action sits in (none for chapter 2)
    pillars TEXT NOT NULL,  -- pillars it serves (JSON array; also in measure_pillars)
    title_ja TEXT NOT NULL,  -- the plan's heading
    title_en TEXT NOT NULL,  -- English title
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    group_ja TEXT,  -- the group heading an action sits under, if any
    group_en TEXT,  -- the group heading in English
    tag_note TEXT,  -- why a tag the tagging rules leave room for was given or withheld
    source_section TEXT NOT NULL,  -- the plan's heading
    source_first_line INTEGER NOT NULL,  -- first line in the plan's text
    source_last_line INTEGER NOT NULL  -- last line in the plan's text
);

-- The sub-points (ⅰ）, ・ …) of a measure, summarised.
CREATE TABLE measure_points (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    position INTEGER NOT NULL,  -- order within the measure
    label TEXT,  -- the plan's label, if any
    summary_ja TEXT NOT NULL,  -- our summary, Japanese
    summary_en TEXT NOT NULL,  -- our summary, English
    source_first_line INTEGER NOT NULL,  -- first line of the measure in the plan's text
    source_last_line INTEGER NOT NULL,  -- last line of the measure in the plan's text
    PRIMARY KEY (measure, position)
);

-- The pillars each measure serves.
CREATE TABLE measure_pillars (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    pillar TEXT NOT NULL REFERENCES pillars (id),  -- the pillar
    position INTEGER NOT NULL,  -- order as tagged; for chapter 2, 0 is its heading
    PRIMARY KEY (measure, pillar)
);

-- The strategies (dx, decarbonization, foip) each measure serves.
CREATE TABLE measure_strategies (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    pillar TEXT NOT NULL REFERENCES pillars (id),  -- the strategy's pillar
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (measure, pillar)
);

-- The sectors each measure names (for an action: sectors other than its own).
CREATE TABLE measure_sectors (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    sector TEXT NOT NULL REFERENCES sectors (id),  -- the sector
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (measure, sector)
);

-- The countries each measure names.
CREATE TABLE measure_countries (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    country TEXT NOT NULL REFERENCES countries (id),  -- the country
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (measure, country)
);

-- The target projects each measure names.
CREATE TABLE measure_projects (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    project INTEGER NOT NULL REFERENCES projects (id),  -- the project
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (measure, project)
);

-- The organisations each measure names.
CREATE TABLE measure_organizations (
    measure TEXT NOT NULL REFERENCES measures (id),  -- the measure
    organization TEXT NOT NULL REFERENCES organizations (id),  -- the organisation
    position INTEGER NOT NULL,  -- order as tagged
    PRIMARY KEY (measure, organization)
);

CREATE VIRTUAL TABLE projects_fts USING fts5 (name_ja, name_en, overview_ja, overview_en, status_ja, status_en,
    content="projects", tokenize="trigram");
CREATE VIRTUAL TABLE measures_fts USING fts5 (title_ja, title_en, summary_ja, summary_en,
    content="measures", tokenize="trigram");
CREATE VIRTUAL TABLE measure_points_fts USING fts5 (label, summary_ja, summary_en,
    content="measure_points", tokenize="trigram");
CREATE VIRTUAL TABLE events_fts USING fts5 (text_ja, text_en, note, content="events", tokenize="trigram");
CREATE VIRTUAL TABLE sectors_fts USING fts5 (name_ja, name_en, overview_ja, overview_en,
    content="sectors", tokenize="trigram");
CREATE VIRTUAL TABLE sector_passages_fts USING fts5 (summary_ja, summary_en,
    content="sector_passages", tokenize="trigram");
CREATE VIRTUAL TABLE competitors_fts USING fts5 (name_ja, name_en, note_ja, note_en,
    content="competitors", tokenize="trigram");
CREATE VIRTUAL TABLE strengths_challenges_fts USING fts5 (summary_ja, summary_en,
    content="strengths_challenges", tokenize="trigram");
CREATE VIRTUAL TABLE frameworks_fts USING fts5 (name_ja, name_en, abbreviation, summary_ja, summary_en,
    content="frameworks", tokenize="trigram");
CREATE VIRTUAL TABLE pillars_fts USING fts5 (title_ja, title_en, summary_ja, summary_en,
    content="pillars", tokenize="trigram");
CREATE VIRTUAL TABLE chapter1_sections_fts USING fts5 (title_ja, title_en, summary_ja, summary_en,
    content="chapter1_sections", tokenize="trigram");
CREATE VIRTUAL TABLE countries_fts USING fts5 (name_ja, name_en, aliases, content="countries", tokenize="trigram");
CREATE VIRTUAL TABLE footnotes_fts USING fts5 (text_ja, summary_ja, summary_en, content="footnotes",
    tokenize="trigram");
CREATE VIRTUAL TABLE won_projects_fts USING fts5 (name_ja, name_en, quote_ja, summary_en, content="won_projects",
    tokenize="trigram");
CREATE VIRTUAL TABLE organizations_fts USING fts5 (name_ja, name_en, abbreviation, aliases,
    content="organizations", tokenize="trigram");

-- Projects with their country's and region's names and their main sector's (one row a project).
CREATE VIEW projects_by_place AS
SELECT p.id, p.name_ja, p.name_en, c.name_ja AS country_ja, c.name_en AS country_en, r.name_en AS region,
       s.name_ja AS sector_ja, s.name_en AS sector_en, p.sectors, p.stage, p.new,
       p.source_first_line, p.source_last_line
FROM projects p JOIN countries c ON c.id = p.country JOIN regions r ON r.id = p.region
JOIN sectors s ON s.id = p.sector
ORDER BY p.id;

-- Every dated development, newest first, with its project and country (infraplan timeline): a
-- date known only to the year or month sorts by its earliest day, after that period's exact dates.
CREATE VIEW timeline AS
SELECT e.date, e.end_date, e.planned, e.kind, e.project, p.name_ja AS project_ja, p.name_en AS project_en,
       p.country, c.name_en AS country_en, e.text_ja, e.text_en, e.source_first_line, e.source_last_line
FROM events e JOIN projects p ON p.id = e.project JOIN countries c ON c.id = p.country
ORDER BY e.date || substr('-00-00', length(e.date) - 3) DESC, e.id;

-- Measures and sector actions with the titles of the pillars and strategies they serve, in the plan's order.
CREATE VIEW measures_with_pillars AS
SELECT m.id, m.scope, m.sector, m.title_ja, m.title_en,
       (SELECT group_concat(pillar, ', ') FROM (SELECT mp.pillar FROM measure_pillars mp
           WHERE mp.measure = m.id ORDER BY mp.position)) AS pillars,
       (SELECT group_concat(title_en, ' / ') FROM (SELECT pl.title_en FROM measure_pillars mp
           JOIN pillars pl ON pl.id = mp.pillar WHERE mp.measure = m.id ORDER BY mp.position)) AS pillar_titles_en,
       (SELECT group_concat(title_ja, ' / ') FROM (SELECT pl.title_ja FROM measure_pillars mp
           JOIN pillars pl ON pl.id = mp.pillar WHERE mp.measure = m.id ORDER BY mp.position)) AS pillar_titles_ja,
       (SELECT group_concat(pillar, ', ') FROM (SELECT ms.pillar FROM measure_strategies ms
           WHERE ms.measure = m.id ORDER BY ms.position)) AS strategies,
       m.source_first_line, m.source_last_line
FROM measures m
ORDER BY m.position;
"""

# Datasette: the column a foreign key shows instead of an id, the columns it offers to sort by, and
# the facets a table page opens with.
LABELS = {"regions": "name_en", "countries": "name_en", "organizations": "name_en", "sectors": "name_en",
          "pillars": "title_en", "projects": "name_en", "measures": "title_en", "chapter1_sections": "title_en",
          "headings": "title_en", "won_projects": "name_en"}
SORTABLE = {
    "projects": ["id", "name_ja", "name_en", "country", "region", "sector", "stage", "new", "source_first_line"],
    "measures": ["position", "scope", "sector", "title_ja", "title_en", "source_first_line"],
    "events": ["id", "date", "project", "kind", "planned"],
    "countries": ["id", "name_ja", "name_en", "region"],
    "market_figures": ["id", "sector", "market", "value", "unit"],
}
FACETS = {
    "projects": ["country", "region", "sector", "stage"],
    "measures": ["scope", {"array": "pillars"}, "sector"],
    "events": ["kind", "planned"],
    "competitors": ["sector", "kind", "country"],
    "countries": ["region"],
}
SORT = {"measures": "position", "events": "id"}


def tables(cat: Catalogue) -> dict[str, list[dict]]:
    """Every table's rows, in the plan's order (a table's key order is its insertion order)."""
    plan = cat.plan
    t: dict[str, list[dict]] = {name: [] for name in _table_names()}
    t["plan"] = [{"id": 1, "title_ja": plan["title"]["ja"], "title_en": plan["title"]["en"],
                  "publisher_ja": plan["publisher"]["ja"], "publisher_en": plan["publisher"]["en"],
                  "edition": plan["edition"], "kpi_value": plan["kpi"]["value"], "kpi_unit": plan["kpi"]["unit"],
                  "kpi_year": plan["kpi"]["year"], "kpi_quote_ja": plan["kpi"]["quote_ja"],
                  "kpi_summary_en": plan["kpi"]["summary_en"], "attribution": plan["attribution"],
                  "licence": plan["licence"]} | _project_list(plan.get("project_list"))]
    for i, w in enumerate(cat.won_projects.values()):
        t["won_projects"].append({"id": w["id"], "position": i, "sectors": _json(w["sectors"]),
                                  "quote_ja": w.get("quote_ja")}
                                 | _pick(w, "name_ja name_en country summary_en tag_note") | _lines(w["lines"]))
    for f in cat.footnotes.values():
        owner = cat.footnote_owner(f) or (None, None)
        t["footnotes"].append({"number": f["number"], "kind": f["kind"], "text_ja": f["text_ja"],
                               "summary_ja": f.get("summary_ja"), "summary_en": f.get("summary_en"),
                               "cited_at": f["cited_at"], "cited_by_kind": owner[0],
                               "cited_by_id": None if owner[1] is None else str(owner[1]),
                               "countries": _json(f["countries"]), "source_note": f.get("source_note")}
                              | _lines(f["lines"]))
    t["regions"] = [{"id": rid, "name_en": name} for rid, name in REGIONS.items()]
    t["stages"] = [{"id": sid, "meaning": meaning, "oc4ids_status": code} for sid, (meaning, code) in STAGES.items()]
    t["event_kinds"] = [{"id": kid, "meaning": meaning} for kid, meaning in EVENT_KINDS.items()]
    t["countries"] = [_pick(c, "id name_ja name_en iso2 iso3 region") | {"aliases": _json(c["aliases"])}
                      for c in cat.countries.values()]
    t["organizations"] = [_pick(o, "id name_ja name_en abbreviation") | {"aliases": _json(o["aliases"])}
                          for o in cat.organizations.values()]
    for s in cat.sectors.values():
        _sector(t, s)
    for p in cat.pillars.values():
        t["pillars"].append(_pick(p, "id kind section title_ja title_en summary_ja summary_en")
                            | {"aliases": _json(p["aliases"])} | _source(p["source"]))
    t["plan_strategies"] = [{"pillar": s["id"], "position": i, "title_ja": s["title_ja"], "title_en": s["title_en"]}
                            for i, s in enumerate(plan["strategies"])]
    for i, section in enumerate(cat.chapter1):
        t["chapter1_sections"].append({"id": section["id"], "position": i}
                                      | _pick(section, "kind title_ja title_en summary_ja summary_en")
                                      | _source(section["source"]))
        t["chapter1_pillars"] += [{"section": section["id"], "pillar": p, "position": j}
                                  for j, p in enumerate(section["pillars"])]
    for i, h in enumerate(cat.headings.values()):
        preamble = h.get("preamble") or {}
        t["headings"].append({"id": h["id"], "position": i, "parent": h["id"].rpartition(".")[0] or None,
                              "level": h["level"], "label": h.get("label"), "title_ja": h["title_ja"],
                              "title_en": h["title_en"], "preamble_summary_ja": preamble.get("summary_ja"),
                              "preamble_summary_en": preamble.get("summary_en")} | _source(h["source"]))
    for p in cat.projects.values():
        _project(t, cat, p)
    for i, m in enumerate(cat.measures.values()):
        _measure(t, m, i)
    return t


def _project_list(history: dict | None) -> dict:
    history = history or {}
    return {"project_count": history.get("count"), "previous_project_count": history.get("previous_count"),
            "projects_removed": history.get("removed"), "projects_added": history.get("added")}


def _sector(t: dict, s: dict) -> None:
    t["sectors"].append(_pick(s, "id number name_ja name_en") | {"aliases": _json(s["aliases"])}
                        | {"overview_ja": s["overview"]["summary_ja"], "overview_en": s["overview"]["summary_en"]}
                        | _source(s["source"]))
    market, competitors = s["market"] or {}, s["competitors"]
    parts = [("overview", s["overview"]), ("market-domestic", market.get("domestic")),
             ("market-overseas", market.get("overseas")), ("competitor-trends", competitors["trends"]),
             ("competitor-situation", competitors["situation"]), ("directions", s["directions"])]
    for position, (part, passage) in enumerate(parts):
        if passage:
            t["sector_passages"].append({"sector": s["id"], "part": part, "position": position}
                                        | _pick(passage, "summary_ja summary_en") | _source(passage["source"]))
    for which in ("domestic", "overseas"):
        for f in (market.get(which) or {}).get("figures", []):
            t["market_figures"].append({"id": len(t["market_figures"]) + 1, "sector": s["id"], "market": which}
                                       | _pick(f, "value unit period scope")
                                       | {"quote_ja": "".join(f["quote_ja"]) if isinstance(f["quote_ja"], list) else f["quote_ja"],
                                          "approx": int(f["approx"])}
                                       | {"cited_source": f["source"]} | _lines(f["lines"])
                                       | {"headline": int(f.get("headline", False))})
    for player in competitors["players"]:
        t["competitors"].append({"id": len(t["competitors"]) + 1, "sector": s["id"]}
                                | _pick(player, "name_ja name_en kind country note_ja note_en") | _lines(player["lines"]))
    for kind, statements in (("strength", s["strengths"]), ("challenge", s["challenges"])):
        for statement in statements:
            t["strengths_challenges"].append({"id": len(t["strengths_challenges"]) + 1, "sector": s["id"], "kind": kind}
                                             | _pick(statement, "summary_ja summary_en") | _lines(statement["lines"]))
    for f in s["frameworks"]:
        t["frameworks"].append({"id": len(t["frameworks"]) + 1, "sector": s["id"]}
                               | _pick(f, "organization name_ja name_en abbreviation summary_ja summary_en")
                               | _source(f["source"]))


def _project(t: dict, cat: Catalogue, p: dict) -> None:
    t["projects"].append(_pick(p, "id name_ja name_en country stage overview_ja overview_en source_note")
                         | {"region": cat.countries[p["country"]]["region"], "sector": p["sectors"][0],
                            "sectors": _json(p["sectors"]), "new": int(p["new"]),
                            "status_ja": p["status_ja"], "status_en": p["status_en"]}
                         | _source(p["source"]))
    t["project_sectors"] += [{"project": p["id"], "sector": s, "position": i} for i, s in enumerate(p["sectors"])]
    for e in p["events"]:
        t["events"].append({"id": len(t["events"]) + 1, "project": p["id"], "end_date": e["end"],
                            "planned": int(e["planned"])} | _pick(e, "date kind text_ja text_en note")
                           | _lines(p["source"]["lines"]))


def _measure(t: dict, m: dict, position: int) -> None:
    t["measures"].append({"id": m["id"], "position": position, "scope": m["scope"], "sector": m["sector"],
                          "pillars": _json(m["pillars"]), "group_ja": m.get("group_ja"), "group_en": m.get("group_en"),
                          "tag_note": m.get("tag_note")}
                         | _pick(m, "title_ja title_en summary_ja summary_en") | _source(m["source"]))
    t["measure_points"] += [{"measure": m["id"], "position": i} | _pick(point, "label summary_ja summary_en")
                            | _lines(m["source"]["lines"]) for i, point in enumerate(m["points"])]
    for table, field, column in (("measure_pillars", "pillars", "pillar"), ("measure_strategies", "strategies", "pillar"),
                                 ("measure_sectors", "sectors", "sector"), ("measure_countries", "countries", "country"),
                                 ("measure_projects", "projects", "project"),
                                 ("measure_organizations", "organizations", "organization")):
        t[table] += [{"measure": m["id"], column: value, "position": i} for i, value in enumerate(m[field])]


def _pick(record: dict, names: str) -> dict:
    return {name: record[name] for name in names.split()}


def _lines(lines: list[int]) -> dict:
    return {"source_first_line": lines[0], "source_last_line": lines[1]}


def _source(source: dict) -> dict:
    return {"source_section": source["section"]} | _lines(source["lines"])


def _json(values: list) -> str:
    return json.dumps(values, ensure_ascii=False)


def create(db: sqlite3.Connection, cat: Catalogue) -> None:
    """The schema and every table's rows, in db (the indexed store is this plus its own tables;
    the full-text indexes are left empty until rebuilt)."""
    db.executescript(SCHEMA)
    for name, rows in tables(cat).items():
        if rows:
            columns = list(rows[0])
            db.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                           [tuple(row[c] for c in columns) for row in rows])


def write(cat: Catalogue, path: Path) -> None:
    """Create the database at path (a new, empty file): schema, rows, full-text indexes, checks."""
    if sqlite3.sqlite_version_info < (3, 34):
        raise ExportRefused(f"this Python's SQLite is {sqlite3.sqlite_version}; the export's trigram "
                            "full-text search needs SQLite 3.34 or newer")
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            create(db, cat)
            for (fts,) in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%' "
                                     "ORDER BY name").fetchall():
                db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the catalogue is validated, so this is a bug in tables(), not in the data
            raise RuntimeError(f"foreign key check failed: {problems[:5]}")
        db.execute("VACUUM")
    finally:
        db.close()


# -- Datasette metadata, from the schema's comments -------------------------------------------------

_BLOCK = re.compile(r"((?:^-- [^\n]*\n)+)CREATE (?:TABLE|VIEW) (\w+)(.*?);\n", re.M | re.S)
_COLUMN = re.compile(r"^\s+(\w+) [A-Z].*?-- (.*)$", re.M)


def _table_names() -> list[str]:
    return re.findall(r"^CREATE TABLE (\w+)", SCHEMA, re.M)


def descriptions() -> dict[str, tuple[str, dict[str, str]]]:
    """table or view -> (its description, {column: description}), read from SCHEMA's comments."""
    out = {}
    for comment, name, body in _BLOCK.findall(SCHEMA):
        text = " ".join(line.removeprefix("-- ") for line in comment.strip().splitlines())
        out[name] = (text, dict(_COLUMN.findall(body)))
    return out


def metadata(cat: Catalogue, database: str) -> dict:
    """Datasette metadata for the database named `database` (its file name without .db)."""
    plan = cat.plan
    tables_meta = {}
    for name, (text, columns) in descriptions().items():
        entry: dict = {"description": text}
        if columns:
            entry["columns"] = columns
        if name in LABELS:
            entry["label_column"] = LABELS[name]
        if name in SORTABLE:
            entry["sortable_columns"] = SORTABLE[name]
        if name in FACETS:
            entry["facets"] = FACETS[name]
        if name in SORT:
            entry["sort"] = SORT[name]
        tables_meta[name] = entry
    about = (f"{plan['title']['ja']} ({plan['title']['en']}), {plan['publisher']['en']}: its target projects, "
             "measures, sector profiles, pillars, countries and organisations, exported by infraplan. "
             "Search any table with trigram full-text search, Japanese or English.")
    return {"title": f"{plan['title']['ja']} — infraplan", "description": about,
            "source": plan["attribution"], "license": plan["licence"],
            "databases": {database: {"description": about, "source": plan["attribution"], "license": plan["licence"],
                                     "tables": tables_meta}}}


def render_metadata(cat: Catalogue, database: str) -> bytes:
    return (json.dumps(metadata(cat, database), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
