"""Search and show on the real data: the query table, ranking rules, links both ways, refs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CASES, DATA
from infraplan.store import load_catalogue

# What a person types -> the record that must come first.
FIRST = [
    ("パティンバン", "project:41"),           # Japanese, inside a longer name
    ("patimban", "project:41"),               # English, any case
    ("Patinban", "project:41"),               # a typo
    ("Patinban port", "project:41"),          # a typo and a second word
    ("mumbai ahmedabad", "project:50"),
    ("mumbai hsr", "project:50"),             # hsr is an alias of the project's sector
    ("Chennai metro", "project:51"),
    ("JOIN", "organization:join"),            # an acronym: the organisation, not fuzzy noise
    ("jica", "organization:jica"),
    ("下水道", "sector:water"),                # a sector alias
    ("railway", "sector:rail"),
    ("O&M", "pillar:om"),
    ("バングラデシュ", "country:bangladesh"),
    ("BGD", "country:bangladesh"),            # an ISO code
    ("CRRC", "sector:rail"),                  # a competitor named in the rail profile
    ("運営・維持管理（O&M）への参画", "measure:2.3.3.5"),
]


def search(run_cli, *args) -> list[dict]:
    result = run_cli("search", *args, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.stdout)


@pytest.mark.parametrize("query,expected", FIRST, ids=[q for q, _ in FIRST])
def test_query_returns_the_expected_record_first(run_cli, query, expected):
    hits = search(run_cli, query)
    assert hits, f"no results for {query!r}"
    assert f"{hits[0]['kind']}:{hits[0]['id']}" == expected, hits[:3]


def test_results_are_ranked_and_shaped(run_cli):
    hits = search(run_cli, "port", "--limit", "30")
    assert len(hits) == 30
    assert set(hits[0]) == {"kind", "id", "title_ja", "title_en", "score", "snippet"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert f"{hits[0]['kind']}:{hits[0]['id']}" == "sector:port"  # the sector's id beats names containing it
    assert {h["kind"] for h in hits} <= {"project", "measure", "sector", "pillar", "country", "organization", "heading",
                                         "footnote", "won-project"}


def test_an_exact_acronym_ranks_above_text_that_merely_contains_it(run_cli):
    hits = search(run_cli, "JOIN")
    assert [h["score"] for h in hits[:2]] == [100.0, 99.0]
    assert [f"{h['kind']}:{h['id']}" for h in hits[:2]] == ["organization:join", "sector:join"]
    assert all(h["score"] <= 95 for h in hits[2:])


def test_short_ascii_terms_match_at_word_starts_only(run_cli):
    # "om" is in "from", "economy", … but only the O&M pillar, its aliases and words starting with om match.
    hits = search(run_cli, "om", "--limit", "100")
    assert f"{hits[0]['kind']}:{hits[0]['id']}" == "pillar:om"
    for hit in hits[1:]:
        assert "om" in hit["snippet"].casefold()


def test_kind_and_limit(run_cli):
    hits = search(run_cli, "bangladesh", "--kind", "project", "--limit", "3")
    assert [h["kind"] for h in hits] == ["project"] * 3
    assert search(run_cli, "qqqqzzzz") == []


def test_search_usage_errors(run_cli):
    result = run_cli("search", "rail", "--kind", "projct")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--kind' / '-k': unknown kind 'projct' (did you mean 'project'?); " \
                                             "valid values: project, measure, sector, pillar, country, organization, heading, footnote, won-project"
    empty = run_cli("search", "qqqqzzzz")
    assert (empty.code, empty.stdout, empty.stderr) == (0, "", "Nothing matches.\n")


# -- show ----------------------------------------------------------------------------------------

def show(run_cli, ref: str) -> dict:
    result = run_cli("show", ref, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.stdout)


def links(payload: dict, relation: str | None = None) -> list[str]:
    return [f"{r['kind']}:{r['id']}" for r in payload["related"] if relation in (None, r["relation"])]


@pytest.mark.parametrize("ref,kind,rid", [
    ("50", "project", 50), ("project:50", "project", 50), ("2.1.1.3", "measure", "2.1.1.3"),
    ("3.1.6.3", "measure", "3.1.6.3"), ("rail", "sector", "rail"), ("鉄道", "sector", "rail"),
    ("bangladesh", "country", "bangladesh"), ("BD", "country", "bangladesh"), ("JOIN", "organization", "join"),
    ("sector:join", "sector", "join"), ("O&M", "pillar", "om"), ("organization:JICA", "organization", "jica"),
])
def test_show_resolves_every_kind_of_ref(run_cli, ref, kind, rid):
    payload = show(run_cli, ref)
    assert (payload["kind"], payload["id"]) == (kind, rid)
    assert payload["record"]["id"] == rid


def test_show_41_lists_the_measures_that_name_patimban(run_cli):
    payload = show(run_cli, "41")
    assert "measure:2.1.1.2" in links(payload, "named by measure")
    assert links(payload, "country") == ["country:indonesia"]
    assert links(payload, "sector") == ["sector:port"]


def test_show_bangladesh_lists_its_projects_and_the_ppp_platform_measures(run_cli):
    payload = show(run_cli, "bangladesh")
    assert links(payload, "project") == [f"project:{n}" for n in range(53, 63)]
    assert {"measure:2.1.1.3", "measure:2.3.2.2"} <= set(links(payload, "named by measure"))
    lines = run_cli("show", "bangladesh").lines
    assert lines[0] == "Country bangladesh: Bangladesh"
    assert any(line.startswith("Timeline") for line in lines)


def test_links_hold_both_ways():
    """Whatever a measure or action names lists that measure back, for every reference in the data."""
    cat = load_catalogue(DATA)
    for measure in cat.measures.values():
        for field, kind in (("projects", "project"), ("countries", "country"), ("organizations", "organization"),
                            ("sectors", "sector")):
            for rid in measure[field]:
                back = cat.related(kind, cat.records_of(kind)[rid])
                assert {"kind": "measure", "id": measure["id"]}.items() <= next(
                    (link for link in back if link["id"] == measure["id"]), {}).items(), (measure["id"], kind, rid)
    for sector in cat.sectors.values():
        for action in cat.actions_of(sector["id"]):
            assert ("in sector", "sector", sector["id"]) in [(r["relation"], r["kind"], r["id"])
                                                             for r in cat.related("measure", action)]


def test_ambiguous_ref_lists_the_candidates(case_dir, run_cli):
    data = case_dir(CASES / "ambiguous")
    result = run_cli("show", "Railways", data=data)
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'REF': 'Railways' could be any of: sector:rail (Railways), "
        "organization:railways-council (Railways); give one as KIND:ID")
    assert show(lambda *a: run_cli(*a, data=data), "organization:railways-council")["id"] == "railways-council"


def test_unknown_ref_suggests_the_closest(run_cli):
    result = run_cli("show", "patimbn")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for 'REF': unknown record 'patimbn' (did you mean 'project:41'?)"
    result = run_cli("show", "project:999")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for 'REF': unknown project '999'; valid values: 1-93"


def test_search_index_cache_is_rebuilt_when_data_changes(case_dir, run_cli, tmp_path):
    data = case_dir()
    assert search(lambda *a: run_cli(*a, data=data), "North-South")[0]["id"] == 1
    projects = Path(data / "projects.yaml")
    projects.write_text(projects.read_text(encoding="utf-8").replace("North-South High-Speed Railway",
                                                                    "Trans-Vietnam Express"), encoding="utf-8")
    assert search(lambda *a: run_cli(*a, data=data), "Trans-Vietnam")[0]["id"] == 1


def test_any_query_ranks_without_error(case_dir):
    """Whatever a person types (any script, punctuation, emptiness), search answers with ranked hits."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from infraplan.search import documents
    from infraplan.search import search as run_search

    docs = documents(load_catalogue(case_dir()))

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
    def check(query):
        hits = run_search(docs, query, limit=None)
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert all(50 <= s <= 100 for s in scores)

    check()
