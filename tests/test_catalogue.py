"""The catalogue's lookups and filters, and the renderers' escaping, without the CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infraplan.catalogue import Catalogue, ProjectQuery, date_bounds, lookup_key
from infraplan.problems import UnknownValue
from infraplan.render import RENDERERS, Column, Listing, clean
from infraplan.store import load_catalogue

from conftest import DATA


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(DATA)


def test_lookup_key_ignores_case_width_spaces_and_hyphens():
    assert lookup_key("Sri Lanka") == lookup_key("sri-lanka") == lookup_key("ＳＲＩ　ＬＡＮＫＡ") == "srilanka"


@pytest.mark.parametrize("typed,expected", [
    ("US", "united-states"), ("USA", "united-states"), ("米国", "united-states"), ("America", "united-states"),
    ("uk", "united-kingdom"), ("UAE", "united-arab-emirates"), ("PNG", "papua-new-guinea"),
    ("Papua New Guinea", "papua-new-guinea"), ("LK", "sri-lanka"), ("豪州", "australia"),
])
def test_country_resolution(cat, typed, expected):
    assert cat.country(typed) == expected


def test_unknown_country_suggests_closest(cat):
    with pytest.raises(UnknownValue) as info:
        cat.country("Bangladsh")
    assert info.value.suggestions[0] == "bangladesh"
    assert info.value.describe().startswith("unknown country 'Bangladsh' (did you mean 'bangladesh'")


def test_date_bounds_cover_the_whole_period():
    assert date_bounds("2023") == ("2023-00-00", "2023-99-99")
    assert date_bounds("2023-04") == ("2023-04-00", "2023-04-99")
    assert date_bounds("2023-04-05") == ("2023-04-05", "2023-04-05")


def test_filters_combine_with_and(cat):
    rail = {p["id"] for p in cat.find_projects(ProjectQuery(sectors=["rail"]))}
    vn = {p["id"] for p in cat.find_projects(ProjectQuery(countries=["vietnam"]))}
    both = {p["id"] for p in cat.find_projects(ProjectQuery(countries=["vietnam"], sectors=["rail"]))}
    assert both == rail & vn == {1, 2, 3}


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_typed_country_resolves_or_raises_unknown_value(cat, text):
    try:
        assert cat.country(text) in cat.countries
    except UnknownValue as exc:
        assert all(s in cat.countries for s in exc.suggestions)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_text_filter_never_fails_and_returns_known_projects(cat, text):
    found = cat.find_projects(ProjectQuery(text=text))
    assert {p["id"] for p in found} <= set(cat.projects)


def test_clean_strips_terminal_control_sequences():
    assert clean("a\x1b[31mb\x07c") == "a[31mbc"


def test_csv_neutralises_formulas_but_keeps_numbers():
    listing = Listing("t", [{"a": "=1+1", "b": -3, "c": "@SUM(A1)", "d": "plain"}],
                      [Column(k, (lambda key: lambda r: r[key])(k)) for k in "abcd"])
    assert RENDERERS["csv"](listing) == "\ufeffa,b,c,d\r\n'=1+1,-3,'@SUM(A1),plain\r\n"


def test_json_keeps_japanese_unescaped():
    listing = Listing("t", [{"name_ja": "鉄道"}], [])
    assert json.loads(RENDERERS["json"](listing)) == [{"name_ja": "鉄道"}]
    assert "鉄道" in RENDERERS["json"](listing)
