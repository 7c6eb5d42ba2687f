"""infraplan export sqlite: the database's rows, keys, full-text search and views, its Datasette
metadata, and Datasette itself serving it (and, where chromium is installed, rendering it)."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infraplan.cli import app
from infraplan.export.sqlite import descriptions
from infraplan.store import load_catalogue
from infraplan.vocab import EVENT_KINDS, REGIONS, STAGES

from conftest import DATA


@pytest.fixture(scope="module")
def exported(tmp_path_factory, _cache) -> tuple[Path, Path]:
    """One export for the module (with its metadata), made by the command, with the session's cache."""
    folder = tmp_path_factory.mktemp("sqlite")
    db, meta = folder / "infraplan.db", folder / "metadata.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INFRAPLAN_CACHE_DIR", str(_cache))
        result = CliRunner().invoke(app, ["--data-dir", str(DATA), "export", "sqlite", str(db), "--metadata", str(meta)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), result.stderr
    return db, meta


@pytest.fixture(scope="module")
def db(exported):
    conn = sqlite3.connect(exported[0])
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def cat(_cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INFRAPLAN_CACHE_DIR", str(_cache))
        return load_catalogue(DATA)


def count(db, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_every_kind_has_as_many_rows_as_the_catalogue(db, cat):
    sectors = list(cat.sectors.values())
    expected = {
        "plan": 1, "regions": len(REGIONS), "stages": len(STAGES), "event_kinds": len(EVENT_KINDS),
        "countries": len(cat.countries), "organizations": len(cat.organizations), "sectors": len(cat.sectors),
        "pillars": len(cat.pillars), "plan_strategies": len(cat.plan["strategies"]),
        "chapter1_sections": len(cat.chapter1), "headings": len(cat.headings), "chapter1_pillars": sum(len(s["pillars"]) for s in cat.chapter1),
        "projects": len(cat.projects), "project_sectors": sum(len(p["sectors"]) for p in cat.projects.values()),
        "events": len(cat.events()), "measures": len(cat.measures),
        "measure_points": sum(len(m["points"]) for m in cat.measures.values()),
        "market_figures": sum(len(part["figures"]) for s in sectors for part in (s["market"] or {}).values() if part),
        "competitors": sum(len(s["competitors"]["players"]) for s in sectors),
        "strengths_challenges": sum(len(s["strengths"]) + len(s["challenges"]) for s in sectors),
        "frameworks": sum(len(s["frameworks"]) for s in sectors),
        "footnotes": 33, "won_projects": 3,
    }
    for field in ("pillars", "strategies", "sectors", "countries", "projects", "organizations"):
        expected[f"measure_{field}"] = sum(len(m[field]) for m in cat.measures.values())
    assert {table: count(db, table) for table in expected} == expected
    assert (expected["projects"], expected["measures"], expected["events"]) == (93, 67 + 51, 84)
    assert count(db, "measures WHERE scope = 'sector'") == 51
    passages = sum(1 for s in sectors for p in (s["overview"], *(s["market"] or {}).values(), s["competitors"]["trends"],
                                               s["competitors"]["situation"], s["directions"]) if p)
    assert count(db, "sector_passages") == passages
    assert db.execute("SELECT sector, market, value, period FROM market_figures WHERE headline = 1 AND sector = 'port'"
                      ).fetchall() == [("port", "overseas", 77077, "2016-2020")]
    with_overseas_figures = sum(1 for s in sectors if ((s["market"] or {}).get("overseas") or {}).get("figures"))
    assert count(db, "market_figures WHERE headline = 1") == with_overseas_figures == 8


def test_every_table_is_described_and_every_row_has_its_source_lines(db):
    described = descriptions()
    tables = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE '%_fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        assert list(described[table][1]) == columns, table
    vocabularies_and_links = {"plan", "regions", "stages", "event_kinds", "countries", "organizations", "plan_strategies",
                              "chapter1_pillars", "project_sectors"} | {t for t in tables if t.startswith("measure_")
                                                                        and t != "measure_points"}
    for table in set(tables) - vocabularies_and_links:
        assert count(db, f"{table} WHERE source_first_line IS NULL OR source_last_line < source_first_line") == 0, table
    assert db.execute("SELECT source_first_line, source_last_line FROM projects WHERE id = 1").fetchone() == (8678, 8689)


def test_foreign_keys_are_declared_and_hold(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    keys = {(row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(projects)")}
    assert keys == {("country", "countries"), ("region", "regions"), ("sector", "sectors"), ("stage", "stages")}
    keys = {(row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(measure_projects)")}
    assert keys == {("measure", "measures"), ("project", "projects")}


def test_the_plan_row_carries_the_attribution_and_licence(db, cat):
    assert db.execute("SELECT attribution, licence FROM plan").fetchone() == (cat.plan["attribution"], cat.plan["licence"])
    assert cat.plan["attribution"] == "出典：国土交通省「インフラシステム海外展開行動計画2023」"


def _search(db, table: str, words: str) -> list:
    return [row[0] for row in db.execute(
        f"SELECT id FROM {table} WHERE rowid IN "
        f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?) ORDER BY rowid", [f'"{words}"'])]


def test_full_text_search_finds_japanese_inside_words_and_english(db, cat):
    # カンボジア sits inside runs of Japanese with no spaces: only a trigram index finds it there.
    assert _search(db, "measures", "カンボジア") == ["2.3.1.4", "2.3.2.5", "3.7.6.2"]
    assert [m["id"] for m in cat.measures.values() if "カンボジア" in m["summary_ja"] + m["title_ja"]] == \
        ["2.3.1.4", "2.3.2.5", "3.7.6.2"]
    assert _search(db, "countries", "カンボジア") == ["cambodia"]
    fields = ("name_ja", "name_en", "overview_ja", "overview_en", "status_ja", "status_en")
    high_speed = [p["id"] for p in cat.projects.values() if any("高速鉄道" in (p.get(f) or "") for f in fields)]
    assert _search(db, "projects", "高速鉄道") == high_speed
    assert {1, 50} <= set(high_speed)
    assert _search(db, "projects", "sewerage") == [12, 43, 62, 93]
    assert _search(db, "projects", "Sewerage") == [12, 43, 62, 93]  # trigram folds case


def test_the_fts_tables_are_the_ones_datasette_detects(db):
    from datasette.utils import detect_fts

    for table in ("projects", "measures", "events", "sectors", "pillars", "countries", "organizations"):
        assert detect_fts(db, table) == f"{table}_fts"
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'projects_fts'").fetchone()[0]
    assert 'content="projects"' in sql and 'tokenize="trigram"' in sql


def test_the_projects_by_place_view_finds_the_vietnamese_railway_projects(db):
    rows = db.execute("SELECT id, name_ja, country_en, region, sector_en FROM projects_by_place "
                      "WHERE country_ja = 'ベトナム' AND sector_en = 'Railways'").fetchall()
    assert rows == [
        (1, "南北高速鉄道整備事業", "Vietnam", "Southeast Asia", "Railways"),
        (2, "ハノイ市都市鉄道１号線及び２号線整備事業", "Vietnam", "Southeast Asia", "Railways"),
        (3, "ホーチミン市都市鉄道3A号線整備事業", "Vietnam", "Southeast Asia", "Railways"),
    ]


def test_the_timeline_view_is_the_catalogues_timeline(db, cat):
    rows = db.execute("SELECT date, project, text_ja FROM timeline").fetchall()
    assert rows == [(e["date"], e["project"], e["text_ja"]) for e in cat.events()]
    assert rows[0][:2] == ("2023-12", 43)


def test_the_measures_view_lists_pillars_in_order(db):
    row = db.execute("SELECT pillars, pillar_titles_en FROM measures_with_pillars WHERE id = '2.1.1.2'").fetchone()
    assert row == ("om, ppp", "Strengthening continued involvement through participation in O&M / "
                              "Strengthening the capacity to handle PPP projects")


def test_two_exports_dump_the_same(run_cli, tmp_path, exported):
    again = tmp_path / "again.db"
    assert run_cli("export", "sqlite", str(again)).code == 0
    first, second = sqlite3.connect(exported[0]), sqlite3.connect(again)
    try:
        assert list(first.iterdump()) == list(second.iterdump())
    finally:
        first.close(), second.close()


def test_standard_output_is_refused(run_cli):
    result = run_cli("export", "sqlite", "-")
    assert (result.code, result.stderr) == (2, "Error: this format cannot be written to standard output; give a file name\n")


def test_an_existing_database_is_kept_without_force(run_cli, tmp_path):
    out = tmp_path / "infraplan.db"
    out.write_text("keep me")
    result = run_cli("export", "sqlite", str(out))
    assert (result.code, result.stderr) == (2, f"Error: {out} exists; add --force to replace it\n")
    assert out.read_text() == "keep me"
    assert run_cli("export", "sqlite", str(out), "--force").code == 0
    with sqlite3.connect(out) as conn:
        assert conn.execute("SELECT count(*) FROM projects").fetchone() == (93,)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["infraplan.db"]  # no temporary file left


def test_an_existing_metadata_file_is_refused_before_anything_is_written(run_cli, tmp_path):
    (tmp_path / "metadata.json").write_text("keep me")
    result = run_cli("export", "sqlite", str(tmp_path / "a.db"), "--metadata", str(tmp_path / "metadata.json"))
    assert (result.code, result.stderr) == (2, f"Error: {tmp_path / 'metadata.json'} exists; add --force to replace it\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json"]


def test_a_path_inside_the_data_folder_is_refused(run_cli, case_dir):
    data = case_dir()
    result = run_cli("export", "sqlite", str(data / "infraplan.db"), data=data)
    assert (result.code, result.stderr) == (2, f"Error: {data / 'infraplan.db'} is inside the data folder {data}; "
                                               "write exports elsewhere\n")
    assert not (data / "infraplan.db").exists()


def test_the_metadata_gives_source_licence_labels_and_facets(exported, cat):
    meta = json.loads(exported[1].read_text(encoding="utf-8"))
    assert (meta["source"], meta["license"]) == (cat.plan["attribution"], cat.plan["licence"])
    tables = meta["databases"]["infraplan"]["tables"]
    assert tables["projects"]["facets"] == ["country", "region", "sector", "stage"]
    assert tables["measures"]["facets"] == ["scope", {"array": "pillars"}, "sector"]
    assert tables["countries"]["label_column"] == "name_en"
    assert tables["projects"]["columns"]["new"] == "1 for the projects marked 【新規案件】 (new in 2023)"
    assert tables["timeline"]["description"].startswith("Every dated development, newest first")
    assert "id" in tables["projects"]["sortable_columns"]


# -- Datasette, for real ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


@pytest.fixture(scope="module")
def datasette(exported):
    """A Datasette serving the export on a free port; its base URL. Stopped at the module's end."""
    db, meta = exported
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "datasette", str(db), "-m", str(meta), "-h", "127.0.0.1",
                               "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if server.poll() is not None:
                pytest.fail(f"datasette exited: {server.stderr.read().decode(errors='replace')}")
            try:
                _get(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not answer")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _json(url: str) -> dict:
    return json.loads(_get(url))


def test_datasette_filters_projects_by_country_and_facets_by_sector(datasette, cat):
    doc = _json(datasette + "/infraplan/projects.json?country=vietnam&_facet=sector&_shape=objects&_size=max")
    assert [row["id"] for row in doc["rows"]] == [p["id"] for p in cat.projects.values() if p["country"] == "vietnam"]
    assert len(doc["rows"]) == 12
    facet = {r["value"]: (r["label"], r["count"]) for r in doc["facet_results"]["sector"]["results"]}
    assert facet["rail"] == ("Railways", 3)
    assert sum(count for _, count in facet.values()) == 12
    assert (doc["source"], doc["license"]) == (cat.plan["attribution"], cat.plan["licence"])


def test_datasette_searches_in_japanese_and_english(datasette):
    words = urllib.parse.quote("カンボジア")
    doc = _json(datasette + f"/infraplan/measures.json?_search={words}&_shape=objects")
    assert [row["id"] for row in doc["rows"]] == ["2.3.1.4", "2.3.2.5", "3.7.6.2"]
    doc = _json(datasette + "/infraplan/projects.json?_search=sewerage&_shape=objects")
    assert [row["id"] for row in doc["rows"]] == [12, 43, 62, 93]


def test_datasette_shows_a_row(datasette):
    doc = _json(datasette + "/infraplan/projects/50.json?_shape=objects")
    assert doc["rows"][0]["name_ja"] == "ムンバイ～アーメダバード間高速鉄道計画"
    assert doc["rows"][0]["country"] == "india"
    page = _get(datasette + "/infraplan/projects/50").decode("utf-8")
    assert "ムンバイ～アーメダバード間高速鉄道計画" in page
    assert '<a href="/infraplan/events?project=50">' in page  # the declared foreign keys, followed back


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed")
def test_chromium_renders_the_faceted_projects_page(datasette, tmp_path):
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
                          "--dump-dom", datasette + "/infraplan/projects"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert 'id="facet-country"' in dom
    assert "南北高速鉄道整備事業" in dom
    assert ">Vietnam</a> 12" in dom.replace("\n", "")


def test_an_old_sqlite_is_refused_with_a_reason(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    result = run_cli("export", "sqlite", str(tmp_path / "a.db"))
    assert (result.code, result.stderr) == (2, "Error: this Python's SQLite is 3.31.1; the export's trigram "
                                               "full-text search needs SQLite 3.34 or newer\n")
    assert list(tmp_path.iterdir()) == []


def test_the_metadata_may_go_to_standard_output(run_cli, tmp_path, cat):
    result = run_cli("export", "sqlite", str(tmp_path / "plan.db"), "--metadata", "-")
    assert result.code == 0, result
    meta = json.loads(result.stdout)
    assert list(meta["databases"]) == ["plan"]  # Datasette names a database after its file
    assert meta["source"] == cat.plan["attribution"]


def test_footnotes_won_projects_and_the_lists_history_are_tables(db):
    assert db.execute("SELECT number, kind, text_ja, cited_by_kind, cited_by_id FROM footnotes WHERE number = 29"
                      ).fetchone() == (29, "fact", "既設施設の改修や拡張を行う事業", "measure", "3.10.6.1")
    assert db.execute("SELECT rowid FROM footnotes_fts WHERE footnotes_fts MATCH '下請けへ'").fetchall() == [(33,)]
    assert db.execute("SELECT id, country, sectors FROM won_projects ORDER BY position").fetchall() == [
        ("bekasi-vehicle-certification", "indonesia", '["transport-soft-infra"]'),
        ("abidjan-three-intersections", None, '["road"]'),
        ("taiwan-hsr-rolling-stock", "taiwan", '["rail"]')]
    assert db.execute("SELECT project_count, previous_project_count, projects_removed, projects_added FROM plan"
                      ).fetchone() == (93, 87, 4, 10)
