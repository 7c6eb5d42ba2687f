"""The indexed store: it answers as the validated catalogue does, any change to what it was written
from invalidates it, a broken one is rebuilt, and where it cannot be written queries still answer."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import infraplan.problems
import infraplan.store
from conftest import DATA
from infraplan.catalogue import Catalogue
from infraplan.indexed.catalogue import StoredCatalogue
from infraplan.search import documents, resolve
from infraplan.store import load_catalogue, resolve_ref

# Commands whose every answer comes from the catalogue, over the whole range of its questions.
COMMANDS = [
    "projects", "projects -c vietnam -s rail", "projects --region asean --stage planning", "projects --new",
    "projects --since 2022 --until 2023-03", "projects -t railway", "project 50", "measures",
    "measures --pillar O&M", "measures -s rail", "measures -c india -o jica", "measures --project 41",
    "measures --scope sector -t port", "measure 2.1.1.3", "pillars", "pillar om", "countries", "country india",
    "sectors", "sector rail", "sector rail --section projects", "organizations", "organization jica",
    "search patimban", "search 鉄道", "show bangladesh", "show 41", "show rail", "show 3.1", "show 2.1.1",
    "show intro", "show jica", "show om", "show JOIN", "timeline -c india", "timeline", "stats", "outline -d 4",
    "plan", "show footnote:7", "show 脚注33", "show won-project:taiwan-hsr-rolling-stock", "show turkiye",
    "measure 3.10.6.1", "show annex", "regions", "projects --no-planned", "search JOIN",
    "search patinban", "search 港 --kind project --limit 5", "search パティンバソ",
]


def _store_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("store-*.sqlite"))


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("INFRAPLAN_CACHE_DIR", str(cache))
    return cache


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory):
    """Each command's output from the catalogue validated in memory: the cache cannot be written."""
    blocked = tmp_path_factory.mktemp("blocked") / "file"
    blocked.write_text("a file where the cache folder would be")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INFRAPLAN_CACHE_DIR", str(blocked / "cache"))
        from typer.testing import CliRunner

        from infraplan.cli import app

        out = {}
        for command in COMMANDS:
            result = CliRunner().invoke(app, ["--data-dir", str(DATA), *command.split(), "--format", "json"])
            out[command] = (result.exit_code, result.stdout)
        assert not (blocked / "cache").exists()
        return out


@pytest.mark.parametrize("command", COMMANDS)
def test_the_store_answers_as_the_validated_catalogue(command, in_memory, run_cli):
    load_catalogue(DATA)  # the session's cache holds the store (after validating, the first time)
    assert isinstance(load_catalogue(DATA), StoredCatalogue)
    result = run_cli(*command.split(), "--format", "json")
    assert (result.code, result.stdout) == in_memory[command]
    assert in_memory[command][0] == 0


def test_a_query_reads_only_what_it_needs(own_cache):
    assert isinstance(load_catalogue(DATA), Catalogue)  # validates, writes the store
    cat = load_catalogue(DATA)
    assert isinstance(cat, StoredCatalogue)
    project = cat.project("50")
    assert project["name_en"] == "Mumbai-Ahmedabad High Speed Rail"
    assert list(cat.projects._loaded) == [50]  # one record read, not the catalogue
    assert cat.find_projects(infraplan.catalogue.ProjectQuery(countries=["india"]))
    assert all(p["country"] == "india" for p in cat.projects._loaded.values())


def test_invalid_data_is_never_stored(case_dir, run_cli, own_cache):
    data = case_dir()
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text().replace("country: vietnam", "country: vietnom", 1))
    assert run_cli("projects", data=data).code == 1
    assert _store_files(own_cache) == []


def test_an_edit_invalidates_the_store(case_dir, run_cli, own_cache):
    data = case_dir()
    assert run_cli("project", "1", "--format", "json", data=data).code == 0
    assert isinstance(load_catalogue(data), StoredCatalogue)
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace(
        "North-South High-Speed Railway", "Trans-Vietnam Express"), encoding="utf-8")
    assert not isinstance(load_catalogue(data), StoredCatalogue)  # validated afresh
    result = run_cli("project", "1", "--format", "json", data=data)
    assert json.loads(result.stdout)["name_en"] == "Trans-Vietnam Express"
    assert isinstance(load_catalogue(data), StoredCatalogue)  # and stored again


def test_deleting_a_data_file_invalidates_the_store(case_dir, run_cli, own_cache):
    data = case_dir()
    assert run_cli("sectors", data=data).code == 0
    (data / "sectors" / "road.yaml").unlink()
    result = run_cli("sectors", data=data)
    assert result.code == 1
    assert "data/projects.yaml:22:15: projects[1].sectors[0]: unknown sector 'road'" in result.stderr


def test_adding_a_data_file_invalidates_the_store(case_dir, run_cli, own_cache):
    data = case_dir()
    assert run_cli("sectors", data=data).code == 0
    shutil.copy(data / "sectors" / "road.yaml", data / "sectors" / "port.yaml")
    result = run_cli("sectors", data=data)
    assert result.code == 1
    assert "data/sectors/port.yaml:1:5: id: sector id 'road' must match its file name 'port'" in result.stderr


def test_a_new_package_version_invalidates_the_store(own_cache, monkeypatch):
    load_catalogue(DATA)
    assert isinstance(load_catalogue(DATA), StoredCatalogue)
    monkeypatch.setattr(infraplan.store, "__version__", "99.0.0")
    assert not isinstance(load_catalogue(DATA), StoredCatalogue)  # validated afresh
    assert isinstance(load_catalogue(DATA), StoredCatalogue)  # under the new version's key


def test_an_edit_of_a_validating_module_invalidates_the_store(own_cache, monkeypatch, tmp_path):
    load_catalogue(DATA)
    assert isinstance(load_catalogue(DATA), StoredCatalogue)
    package = tmp_path / "package"
    shutil.copytree(infraplan.store._PACKAGE, package, ignore=shutil.ignore_patterns("data", "__pycache__"))
    monkeypatch.setattr(infraplan.store, "_PACKAGE", package)  # the same modules, stat'ed anew
    assert not isinstance(load_catalogue(DATA), StoredCatalogue)


def test_a_corrupt_record_found_mid_query_is_recovered(own_cache):
    load_catalogue(DATA)
    [store] = _store_files(own_cache)
    db = sqlite3.connect(store)
    db.execute("UPDATE store_records SET json = CAST(replace(CAST(json AS TEXT), 'Mumbai', 'Munbai') AS BLOB) "
               "WHERE kind = 'project' AND id = '50'")
    db.commit()
    db.close()
    cat = load_catalogue(DATA)
    assert isinstance(cat, StoredCatalogue)  # what opening checks is whole
    assert cat.project("50")["name_en"] == "Mumbai-Ahmedabad High Speed Rail"  # the record's checksum is not
    assert len(cat.projects) == 93 and cat.projects_of_country("india")[0]["id"] == 50
    rebuilt = load_catalogue(DATA)
    assert isinstance(rebuilt, StoredCatalogue)
    assert rebuilt.project("50")["name_en"] == "Mumbai-Ahmedabad High Speed Rail"


def test_a_read_only_cache_folder_only_costs_speed(run_cli, tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("INFRAPLAN_CACHE_DIR", str(blocked / "cache"))
    result = run_cli("project", "50", "--format", "json")
    assert (result.code, result.stderr) == (0, "")
    assert json.loads(result.stdout)["id"] == 50
    if os.geteuid() != 0:  # root writes anywhere: the file-as-folder case above is the one it cannot
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        monkeypatch.setenv("INFRAPLAN_CACHE_DIR", str(folder))
        result = run_cli("project", "50", "--format", "json")
        assert (result.code, result.stderr, list(folder.iterdir())) == (0, "", [])


def test_names_resolve_from_the_stored_keys_as_from_every_document():
    """`show` reads only the documents whose exact keys are the name typed; it must find what
    search.resolve finds among all of them, for every name, alias, code and id."""
    load_catalogue(DATA)
    cat = load_catalogue(DATA)
    assert isinstance(cat, StoredCatalogue)
    docs = documents(Catalogue(cat.data))
    refs = {k[2] for d in docs for k in d.keys} | {"patimbn", "Nowhere", "asean", "鉄道", "JOIN"}

    def outcome(function):
        try:
            kind, record = function()
            return kind, record["id"]
        except Exception as exc:  # noqa: BLE001 - the error (its class and message) is the outcome
            return type(exc).__name__, str(exc)

    for ref in sorted(refs):
        assert outcome(lambda: resolve_ref(DATA, cat, ref)) == outcome(lambda: resolve(cat, docs, ref)), ref


def test_after_an_edit_only_the_changed_file_is_parsed_again(case_dir, own_cache, monkeypatch):
    import infraplan.validate

    data = case_dir()
    parsed: list[str] = []
    real = infraplan.validate.load_file

    def counting(path, display, raw=None):
        parsed.append(path.relative_to(data).as_posix())
        return real(path, display, raw)

    monkeypatch.setattr(infraplan.validate, "load_file", counting)
    first, _ = infraplan.store.validate(data)
    assert "projects.yaml" in parsed and "sectors/rail.yaml" in parsed
    parsed.clear()
    assert infraplan.store.validate(data)[0] == first
    assert parsed == []  # every file's checked form was kept
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace("country: vietnam", "country: vietnom", 1),
                        encoding="utf-8")
    with pytest.raises(infraplan.problems.DataInvalid) as invalid:
        infraplan.store.validate(data)
    assert parsed == ["projects.yaml"]
    assert [str(p) for p in invalid.value.problems][0].endswith(
        "projects[0].country: unknown country 'vietnom' (did you mean 'vietnam'?)")
    parsed.clear()
    projects.write_text(projects.read_text(encoding="utf-8").replace("country: vietnom", "country: vietnam", 1),
                        encoding="utf-8")
    assert infraplan.store.validate(data)[0] == first
    assert parsed == ["projects.yaml"]  # what a validation does not use is removed: only the edited file


def test_a_damaged_parsed_file_is_parsed_afresh(case_dir, own_cache):
    data = case_dir()
    first, _ = infraplan.store.validate(data)
    [folder] = own_cache.glob("store-*.parsed")
    for entry in folder.iterdir():
        entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    assert infraplan.store.validate(data)[0] == first


def test_a_file_is_parsed_from_the_bytes_its_cache_key_was_made_of(case_dir, own_cache, monkeypatch):
    # An edit between hashing a file and parsing it must not keep the new content under the old
    # content's key: the parser is handed the very bytes that were hashed.
    import infraplan.validate

    data = case_dir()
    seen: list[bytes | None] = []
    real = infraplan.validate.load_file

    def recording(path, display, raw=None):
        seen.append(raw)
        return real(path, display, raw)

    monkeypatch.setattr(infraplan.validate, "load_file", recording)
    infraplan.store.validate(data)
    assert seen and all(isinstance(raw, bytes) for raw in seen)


# -- search over the store's index ------------------------------------------------------------------

def _searches() -> list[str]:
    """Every query of test_search's table and of COMMANDS above, and the corners of the index: one
    Japanese character, punctuation, stop words, an ASCII word beside Japanese, a name written as
    one word, acronyms in and out of capitals, misspellings in both scripts, nothing at all."""
    from test_search import FIRST

    return [q for q, _ in FIRST] + [c.partition(" ")[2] for c in COMMANDS if c.startswith("search ")] + [
        "港", "の", "e", "a the", "!!!", "-", "2023", "E/N署名", "e/n", "km)", "metro manila", "Metro", "mrt",
        "high-speed rail", "hochiminh city", "ホーチミン", "パティンバソ港", "ンバ", "join", "Join", "o&m", "cities",
        "infra", "infrastructures", "bangaldesh jica", "jakarta sewage tunnels", "xyzzy", "ジャカルタ", "鉄", "\u241e"]


def _shape(hits) -> list[tuple]:
    return [(h.doc.kind, h.doc.id, h.score, h.field, h.snippet) for h in hits]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """(the store's index, every document of the catalogue validated in memory)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INFRAPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        load_catalogue(DATA)
        cat = load_catalogue(DATA)
        assert isinstance(cat, StoredCatalogue)
        yield cat.search_index(), documents(Catalogue(cat.data))


@pytest.mark.parametrize("kinds", [None, ["project"], ["measure", "sector", "footnote"]])
def test_search_over_the_index_ranks_as_over_every_document(both_ways, kinds):
    """Same hits, order, scores and snippets: the index names every document a term may hit."""
    from infraplan.search import search

    index, docs = both_ways
    for query in _searches():
        assert _shape(search(index, query, kinds, None)) == _shape(search(docs, query, kinds, None)), query


def test_search_over_the_index_ranks_as_over_every_document_whatever_is_typed(both_ways):
    """Queries made of the records' own words and names, cut, joined, misspelt and mixed."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from infraplan.search import search

    index, docs = both_ways
    words = sorted({w for d in docs for t in d.lowered() for w in t.split() if 1 < len(w) < 20})

    def misspelt(word: str, at: int, how: int) -> str:
        at %= len(word)
        return (word[:at] + word[at + 1:], word[:at] + "x" + word[at + 1:], word[:at] + word[at + 1:at + 2]
                + word[at:at + 1] + word[at + 2:], word[:at])[how]

    piece = st.builds(misspelt, st.sampled_from(words), st.integers(0, 30), st.integers(0, 3)) | st.sampled_from(words)
    query = st.lists(piece | st.text(max_size=3), min_size=1, max_size=3).map(" ".join)

    @settings(max_examples=150, deadline=None)
    @given(query, st.sampled_from([None, ["project"], ["sector", "organization"]]))
    def check(query, kinds):
        assert _shape(search(index, query, kinds, None)) == _shape(search(docs, query, kinds, None))

    check()


def test_a_search_reads_only_the_documents_its_terms_may_hit(own_cache, monkeypatch):
    from infraplan.indexed.search import Index
    from infraplan.search import search

    load_catalogue(DATA)
    cat = load_catalogue(DATA)
    read: list[int] = []
    real = Index.batches

    def counting(self, positions):
        for batch in real(self, positions):
            read.extend(batch)
            yield batch

    monkeypatch.setattr(Index, "batches", counting)
    hits = search(cat.search_index(), "patimban", limit=None)
    docs = documents(Catalogue(cat.data))
    holding = [i for i, d in enumerate(docs) if any("patimban" in t for t in d.lowered())]
    assert sorted(read) == holding and 0 < len(holding) < len(docs) / 20
    assert [f"{h.doc.kind}:{h.doc.id}" for h in hits][:1] == ["project:41"]


@pytest.mark.parametrize("table", ["store_search", "store_search_words", "store_search_grams"])
def test_a_damaged_search_index_found_mid_search_is_recovered(own_cache, table, run_cli, in_memory):
    load_catalogue(DATA)
    [store] = _store_files(own_cache)
    db = sqlite3.connect(store)
    db.execute(f"UPDATE {table} SET crc = crc + 1")  # every row of the table fails its checksum
    db.commit()
    db.close()
    damaged = store.stat().st_ino
    assert isinstance(load_catalogue(DATA), StoredCatalogue)  # what opening checks is whole
    for command in ("search patimban", "search 鉄道", "search JOIN"):
        result = run_cli(*command.split(), "--format", "json")
        assert (result.code, result.stdout) == in_memory[command]
    assert store.stat().st_ino != damaged  # found out, and written afresh


def test_the_index_names_the_documents_of_letters_that_lower_case_apart(case_dir, own_cache):
    """İ lower-cases to two characters and ı is a letter to IGNORECASE, so that in a text that has
    them the positions of the lower-cased text are not those of the text: the answers are the same."""
    from infraplan.search import search

    data = case_dir()
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace(
        "Builds a high-speed railway between Hanoi", "Builds an İzmir-style high-speed Kırıkkale railway between "
        "İİrail Hanoi"), encoding="utf-8")
    load_catalogue(data)
    cat = load_catalogue(data)
    assert isinstance(cat, StoredCatalogue)
    docs = documents(Catalogue(cat.data))
    for query in ("izmir", "zmir", "İzmir", "kırıkkale", "ırıkkale", "kirikkale", "rail", "irail", "style", "i̇zmir"):
        assert _shape(search(cat.search_index(), query, None, None)) == _shape(search(docs, query, None, None)), query


def test_a_records_footnotes_are_found_without_reading_every_measure(own_cache):
    load_catalogue(DATA)
    cat = load_catalogue(DATA)
    assert isinstance(cat, StoredCatalogue)
    assert cat.footnotes_of("measure", "2.1.1.1") == []  # no footnote is cited inside its lines
    assert cat.measures._whole is None  # the footnotes' owners were not worked out from every measure
    assert [f["number"] for f in cat.footnotes_of("measure", "3.10.6.1")] == [29, 30]
