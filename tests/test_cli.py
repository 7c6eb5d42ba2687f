"""The commands, through Typer's runner, on the real data: filters, formats, exit codes, safety."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import yaml

from conftest import CASES, DATA, REPO

PROJECTS = yaml.safe_load((DATA / "projects.yaml").read_text(encoding="utf-8"))["projects"]


def ids(result) -> list[int]:
    assert result.code == 0, result
    return [p["id"] for p in json.loads(result.stdout)]


@pytest.mark.parametrize("country", ["vietnam", "VN", "vnm", "Viet Nam", "ベトナム", "VIETNAM"])
@pytest.mark.parametrize("sector", ["rail", "railway", "鉄道", "Railways"])
def test_country_and_sector_accept_any_spelling(run_cli, country, sector):
    assert ids(run_cli("projects", "--country", country, "--sector", sector, "--format", "json")) == [1, 2, 3]


def test_bangladesh_has_projects_53_to_62(run_cli):
    assert ids(run_cli("projects", "--country", "bangladesh", "-f", "json")) == list(range(53, 63))


def test_new_lists_the_ten_new_projects(run_cli):
    expected = [p["id"] for p in PROJECTS if p["new"]]
    assert len(expected) == 10
    assert ids(run_cli("projects", "--new", "-f", "json")) == expected
    assert len(ids(run_cli("projects", "--not-new", "-f", "json"))) == len(PROJECTS) - 10


def test_repeated_options_or_and_different_options_and(run_cli):
    both = ids(run_cli("projects", "-c", "kenya", "-c", "ghana", "-f", "json"))
    assert both == sorted(p["id"] for p in PROJECTS if p["country"] in ("kenya", "ghana"))
    ports = ids(run_cli("projects", "-c", "kenya", "-c", "ghana", "-s", "port", "-f", "json"))
    assert ports == [p["id"] for p in PROJECTS if p["country"] in ("kenya", "ghana") and "port" in p["sectors"]]
    assert ports and set(ports) < set(both)


def test_region_accepts_asean_alias(run_cli):
    asean = ids(run_cli("projects", "--region", "asean", "-f", "json"))
    assert asean == ids(run_cli("projects", "--region", "southeast-asia", "-f", "json"))
    assert 1 in asean and 50 not in asean


def test_since_until_match_event_dates_at_their_precision(run_cli):
    got = ids(run_cli("projects", "--since", "2023-03", "--until", "2023-03", "-f", "json"))
    expected = [p["id"] for p in PROJECTS
                if any(e["date"][:7] in ("2023", "2023-03") or (e["date"] <= "2023-03" and (e.get("end") or "") >= "2023-03")
                       for e in p["events"])]
    assert got == expected and got


def test_text_matches_japanese_inside_words_and_english_words(run_cli):
    mumbai = ids(run_cli("projects", "--text", "ムンバイ", "-f", "json"))
    assert 50 in mumbai
    assert ids(run_cli("projects", "--text", "mumbai ahmedabad", "-f", "json")) == [50]


def test_project_50_shows_every_dated_development(run_cli):
    project = next(p for p in PROJECTS if p["id"] == 50)
    result = run_cli("project", "50")
    assert result.code == 0, result
    assert result.lines[0] == f"Project 50: {project['name_en']}"
    assert "ムンバイ" in project["name_ja"] and "Mumbai" in project["name_en"]
    dates = ["2022-01", "2022-05 – 2022-07", "2023-03"]  # the plan's three bullets (source lines 9815-9820)
    assert [e["date"] for e in project["events"]] == ["2022-01", "2022-05", "2023-03"]
    event_rows = [line.split()[0:3] for line in result.lines if line.startswith(" 202")]
    assert [" ".join(r[:3]) if r[1] == "–" else r[0] for r in event_rows] == dates
    for event in project["events"]:
        assert event["text_ja"] in result.stdout
    as_json = json.loads(run_cli("project", "project:50", "--format", "json").stdout)
    assert stored(as_json) == project


def stored(record):
    """A record as written in YAML: the JSON output also carries optional fields at their defaults."""
    if isinstance(record, list):
        return [stored(r) for r in record]
    if isinstance(record, dict):
        return {k: stored(v) for k, v in record.items() if v is not None and not (k == "planned" and v is False)}
    return record


def test_projects_json_is_the_stored_records(run_cli):
    assert stored(json.loads(run_cli("projects", "-f", "json").stdout)) == PROJECTS


def test_unknown_filter_value_is_usage_error_with_suggestion(run_cli):
    result = run_cli("projects", "--country", "indonesa")
    assert result.code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--country' / '-c': unknown country 'indonesa' (did you mean 'indonesia'?)")


def test_unknown_stage_lists_closest(run_cli):
    result = run_cli("projects", "--stage", "tender")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--stage': unknown stage 'tender' (did you mean 'tendering'?); valid values: "
        "planning, survey, design, financing, tendering, implementation, operation, suspended, under-review")


@pytest.mark.parametrize("args", [["project", "999"], ["project", "abc"], ["projects", "--since", "May 2023"]])
def test_bad_usage_exits_2_without_traceback(run_cli, args):
    result = run_cli(*args)
    assert result.code == 2, result
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_empty_result_is_success_with_one_line_message(run_cli):
    result = run_cli("projects", "--country", "vietnam", "--sector", "join", "--format", "json")
    assert (result.code, result.stdout, result.stderr) == (0, "[]\n", "No projects match.\n")
    table = run_cli("projects", "--country", "vietnam", "--sector", "join")
    assert (table.code, table.stdout, table.stderr) == (0, "", "No projects match.\n")


def test_table_shows_japanese_and_english_names(run_cli):
    result = run_cli("projects", "-c", "vn", "-s", "rail")
    assert result.code == 0
    assert result.lines[0].strip() == "Projects (3)"
    assert any(line.startswith(" 1 ") and "南北高速鉄道整備事業" in line for line in result.lines)
    assert any("North-South High-Speed Railway" in line for line in result.lines)


def test_csv_opens_in_excel_and_yaml_equals_json(run_cli):
    out = run_cli("projects", "-c", "vn", "-s", "rail", "-f", "csv").stdout
    assert out.startswith("\ufeffid,name_ja,name_en,country,")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["1", "2", "3"] and rows[0]["name_ja"] == "南北高速鉄道整備事業"
    as_yaml = yaml.safe_load(run_cli("projects", "-c", "vn", "-f", "yaml").stdout)
    assert as_yaml == json.loads(run_cli("projects", "-c", "vn", "-f", "json").stdout)


def test_markdown_listing(run_cli):
    lines = run_cli("projects", "-c", "vn", "-s", "rail", "-f", "md").lines
    assert lines[:4] == ["# Projects (3)", "", "| ID | Project | Country | Sectors | Stage | Latest |", "|---|---|---|---|---|---|"]
    assert lines[4].startswith("| 1 | 南北高速鉄道整備事業<br>North-South High-Speed Railway | Vietnam | rail |")


def test_countries_and_sectors_count_projects(run_cli):
    countries = json.loads(run_cli("countries", "-f", "json").stdout)
    assert sum(c["projects"] for c in countries) == len(PROJECTS)
    assert len([c for c in countries if c["projects"] > 0]) == 30
    sectors = json.loads(run_cli("sectors", "-f", "json").stdout)
    assert [s["id"] for s in sectors] == ["rail", "port", "aviation", "maritime", "logistics", "transport-soft-infra",
                                          "urban-development", "water", "disaster-prevention", "road", "construction", "join"]
    rail = sum("rail" in p["sectors"] for p in PROJECTS)
    assert sectors[0]["projects"] == rail


def test_hostile_text_is_shown_literally_never_as_markup_or_formula(case_dir, run_cli):
    data = case_dir(CASES / "hostile")
    table = run_cli("project", "2", data=data)
    assert table.code == 0, table
    assert "Road [phase 2] [bold red]loud[/bold red] Grid [/] upgrade" in table.stdout
    rows = list(csv.DictReader(io.StringIO(run_cli("projects", "-f", "csv", data=data).stdout.lstrip("\ufeff"))))
    assert rows[0]["name_en"] == "'+cmd|' /C calc'!A0"
    assert rows[1]["overview_en"] == "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    md = run_cli("projects", "-f", "md", data=data).stdout
    assert "Road \\[phase 2\\] \\[bold red\\]loud\\[/bold red\\] Grid \\[/\\] upgrade" in md


def test_every_command_has_help(run_cli):
    for command in ("projects", "project", "countries", "sectors", "validate"):
        result = run_cli(command, "--help", data=None)
        assert result.code == 0 and "Usage: " in result.stdout, command


def test_piping_into_head_ends_quietly():
    env_cmd = [sys.executable, "-m", "infraplan", "--data-dir", str(DATA), "projects", "--format", "json"]
    shell = subprocess.run(f"{' '.join(env_cmd)} | head -1", shell=True, capture_output=True, text=True, cwd=REPO)
    assert shell.stdout == "[\n" and shell.stderr == ""


def test_the_entry_point_builds_only_the_command_it_runs_and_lists_them_all():
    """main() runs a group whose commands Typer builds when asked for: the same commands, with the
    same options, as the app that the tests invoke, all listed for --help and completion."""
    import click
    from typer.main import get_command

    from infraplan.cli import _command, app

    eager, lazy = get_command(app), _command()
    ctx = click.Context(lazy, info_name="infraplan")
    assert lazy.commands._built == {}
    lazy.get_command(ctx, "project")
    assert list(lazy.commands._built) == ["project"]
    assert lazy.list_commands(ctx) == eager.list_commands(click.Context(eager))
    for name in eager.list_commands(click.Context(eager)):
        built, expected = lazy.get_command(ctx, name), eager.get_command(click.Context(eager), name)
        assert [p.opts for p in built.params] == [p.opts for p in expected.params], name
        assert built.help == expected.help
    assert [p.opts for p in lazy.params] == [p.opts for p in eager.params]
