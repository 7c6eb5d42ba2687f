"""infraplan export oc4ids: an OC4IDS 0.9.5 project package that the official schema accepts."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from functools import cache
from urllib.parse import urlparse

import pytest
from conftest import DATA, REPO

from infraplan.export import oc4ids
from infraplan.store import load_catalogue
from infraplan.vocab import EVENT_KINDS, SECTOR_IDS, STAGES

STANDARD = REPO.parent / "shared" / "standards" / "oc4ids-0.9.5"
PROJECT_SCHEMA_URL = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json"
PUBLISHED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)

@cache
def schema(name: str) -> dict:
    return json.loads((STANDARD / name).read_text(encoding="utf-8"))


@cache
def codes(codelist: str) -> frozenset[str]:
    with open(STANDARD / "codelists" / codelist, encoding="utf-8", newline="") as f:
        return frozenset(row["Code"] for row in csv.DictReader(f))


@pytest.fixture(scope="module")
def package() -> dict:
    return oc4ids.package(load_catalogue(DATA), uri="https://example.org/infraplan-oc4ids.json", published=PUBLISHED)


def validator():
    """The package schema, draft 4, with the project schema's URL resolved to the local file."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    project = Resource.from_contents(schema("project-schema.json"), default_specification=DRAFT4)
    registry = Registry().with_resource(PROJECT_SCHEMA_URL, project)
    return Draft4Validator(schema("project-package-schema.json"), registry=registry)


def test_the_package_validates_against_the_official_schema(package):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(package)]
    assert errors == []
    assert len(package["projects"]) == 93


def test_the_validator_does_check_projects_against_the_project_schema(package):
    # Proves the $ref resolves to the local project schema, not to nothing.
    broken = {**package, "projects": [{**package["projects"][0], "status": "planning"}]}
    messages = [e.message for e in validator().iter_errors(broken)]
    assert any("'planning' is not one of" in m for m in messages), messages


def test_dates_and_uris_are_in_the_formats_the_schema_names(package):
    # jsonschema checks neither format without optional packages, so check them here.
    def date_time(value: str) -> None:
        assert value.endswith("Z") and datetime.fromisoformat(value[:-1] + "+00:00").tzinfo is not None, value

    date_time(package["publishedDate"])
    assert package["publishedDate"] == "2024-01-02T03:04:05Z"
    assert urlparse(package["uri"]).scheme == "https"
    for project in package["projects"]:
        for milestone in project.get("milestones", []):
            for field in ("dueDate", "dateMet"):
                if field in milestone:
                    date_time(milestone[field])


def used_codes(package: dict) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for project in package["projects"]:
        used.setdefault("projectStatus.csv", set()).update([project["status"]] if "status" in project else [])
        used.setdefault("projectSector.csv", set()).update(project.get("sector", []))
        for location in project["locations"]:
            used.setdefault("locationGazetteers.csv", set()).add(location["gazetteer"]["scheme"])
            used.setdefault("country.csv", set()).update(location["gazetteer"]["identifiers"])
        for milestone in project.get("milestones", []):
            for field, codelist in (("type", "milestoneType.csv"), ("code", "milestoneCode.csv"),
                                    ("status", "milestoneStatus.csv")):
                if field in milestone:
                    used.setdefault(codelist, set()).add(milestone[field])
        for document in project["documents"]:
            if "documentType" in document:
                used.setdefault("documentType.csv", set()).add(document["documentType"])
    return used


def test_every_codelist_value_used_is_in_its_csv(package):
    used = used_codes(package)
    assert set(used) == {"projectStatus.csv", "projectSector.csv", "locationGazetteers.csv", "country.csv",
                         "milestoneType.csv", "milestoneCode.csv", "milestoneStatus.csv", "documentType.csv"}
    for codelist, values in used.items():
        assert values, codelist
        assert values <= codes(codelist), (codelist, values - codes(codelist))


def test_the_mapping_tables_use_only_codelist_values_and_cover_every_vocabulary():
    assert set(oc4ids.SECTORS) == set(SECTOR_IDS)
    assert set(oc4ids.MILESTONES) == set(EVENT_KINDS)
    for sector, mapped in oc4ids.SECTORS.items():
        assert set(mapped) <= codes("projectSector.csv"), sector
        for code in mapped:  # a subsector comes with its parent, as the codelist asks
            assert "." not in code or code.split(".")[0] in mapped, sector
    for kind, (kind_type, code) in oc4ids.MILESTONES.items():
        assert kind_type is None or kind_type in codes("milestoneType.csv"), kind
        assert code is None or code in codes("milestoneCode.csv"), kind
    assert {s for _, s in STAGES.values() if s} <= codes("projectStatus.csv")


def project(package: dict, number: int) -> dict:
    return next(p for p in package["projects"] if p["identifiers"][0]["id"] == str(number))


def test_project_50_milestones_match_its_events(package):
    events = load_catalogue(DATA).projects[50]["events"]
    milestones = project(package, 50)["milestones"]
    assert len(milestones) == len(events) == 3
    assert [m["id"] for m in milestones] == ["1", "2", "3"]
    assert [(m.get("type"), m.get("code")) for m in milestones] == [
        ("delivery", "commencement"), ("financing", None), ("financing", None)]
    # Month-precise dates become the month's first day, and each milestone says so.
    assert [(m["dateMet"], m["status"]) for m in milestones] == [
        ("2022-01-01T00:00:00Z", "met"), ("2022-07-01T00:00:00Z", "met"), ("2023-03-01T00:00:00Z", "met")]
    assert [m["title"] for m in milestones] == [e["text_en"] for e in events]
    assert milestones[0]["description"] == (
        "The plan: 「2022年１月に軌道工事に着手」 Date as the plan gives it: 2022-01 (month). "
        "dateMet is the first day of 2022-01, not a date the plan gives.")
    assert ("Date as the plan gives it: 2022-05 to 2022-07 (month); E/N signed in May 2022, L/A signed in "
            "July 2022. dateMet is the first day of 2022-07, the range's end, not a date the plan gives."
            ) in milestones[1]["description"]


def test_every_project_has_one_milestone_an_event_dated_by_its_end_or_date(package):
    cat = load_catalogue(DATA)
    for exported in package["projects"]:
        record = cat.projects[int(exported["identifiers"][0]["id"])]
        milestones = exported.get("milestones", [])
        assert len(milestones) == len(record["events"]), record["id"]
        for m, event in zip(milestones, record["events"]):
            point = event["end"] or event["date"]
            field = "dueDate" if event["planned"] else "dateMet"
            assert m[field].startswith(point) and m[field].endswith("T00:00:00Z"), (record["id"], m)
            assert f"Date as the plan gives it: {event['date']}" in m["description"]
            if len(point) < 10:
                assert "not a date the plan gives" in m["description"], (record["id"], m)
        first, last = record["source"]["lines"]
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        assert f"under {record['source']['section']}, {lines} of the plan's text" in exported["documents"][0]["description"]


def test_project_50_in_full(package):
    p50 = project(package, 50)
    assert p50["id"] == "infraplan-2023-50"
    assert (p50["title"], p50["language"], p50["status"], p50["sector"]) == (
        "Mumbai-Ahmedabad High Speed Rail", "en", "implementation", ["transport", "transport.rail"])
    assert p50["locations"] == [{"id": "1", "description": "India (インド)",
                                 "gazetteer": {"scheme": "ISO2", "identifiers": ["IN"]},
                                 "address": {"countryName": "India"}}]
    plan, *measures = p50["documents"]
    assert (plan["id"], plan["author"], plan["language"]) == ("plan", "国土交通省", "ja")
    assert plan["description"].startswith("出典：国土交通省「インフラシステム海外展開行動計画2023」\n\n")
    assert "under ⑨インド, lines 9807-9833 of the plan's text" in plan["description"]
    assert "「ムンバイ～アーメダバード間高速鉄道計画」" in plan["description"]
    assert "政府標準利用規約" in plan["description"]
    assert [(d["id"], d["documentType"]) for d in measures] == [
        ("measure-2.3.1.6", "policyAlignment"), ("measure-3.1.6.2", "policyAlignment")]


def test_ids_are_the_plans_numbers_and_unique(package):
    ids = [p["id"] for p in package["projects"]]
    assert ids == [f"infraplan-2023-{n}" for n in range(1, 94)]


def test_what_has_no_code_is_left_out(package):
    # Myanmar's projects under review and suspended ones have no projectStatus; urban development,
    # the construction industry have no projectSector; a suspension has no milestoneType.
    assert "status" not in project(package, 85)
    assert "sector" not in project(package, 21) and "sector" not in project(package, 67)
    assert project(package, 56)["sector"] == ["transport", "transport.rail"]
    suspension = next(m for m in project(package, 78)["milestones"] if "postpone" in m["title"])
    assert "type" not in suspension and suspension["status"] == "met"


def test_planned_events_are_scheduled_with_a_due_date(package):
    (planned,) = project(package, 84)["milestones"]
    assert (planned["status"], planned["dueDate"], "dateMet" in planned) == ("scheduled", "2023-01-01T00:00:00Z", False)
    assert "Date as the plan gives it: 2023 (year); around summer (夏頃), as a target (目標). " \
           "dueDate is the first day of 2023, not a date the plan gives." in planned["description"]


def test_the_package_carries_the_source_and_edition(package):
    assert package["version"] == "0.9"
    assert package["publisher"] == {"name": "infraplan, from 出典：国土交通省「インフラシステム海外展開行動計画2023」"}
    assert "license" not in package  # the data holds no licence URI; its text is in each plan document


def test_export_writes_a_valid_package(run_cli, tmp_path):
    out = tmp_path / "oc4ids.json"
    result = run_cli("export", "oc4ids", str(out))
    assert (result.code, result.stdout, result.stderr) == (0, "", ""), result
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert list(validator().iter_errors(doc)) == []
    assert doc["uri"] == out.resolve().as_uri()
    age = datetime.now(timezone.utc) - datetime.fromisoformat(doc["publishedDate"].replace("Z", "+00:00"))
    assert 0 <= age.total_seconds() < 600  # the export time


def test_export_to_stdout_with_a_uri(run_cli):
    result = run_cli("export", "oc4ids", "-", "--uri", "https://example.org/p.json")
    assert result.code == 0, result
    doc = json.loads(result.stdout)
    assert doc["uri"] == "https://example.org/p.json" and len(doc["projects"]) == 93
    assert json.loads(run_cli("export", "oc4ids", "-").stdout)["uri"].startswith("urn:uuid:")


def test_a_uri_that_is_not_absolute_is_refused(run_cli, tmp_path):
    out = tmp_path / "oc4ids.json"
    result = run_cli("export", "oc4ids", str(out), "--uri", "oc4ids.json")
    assert (result.code, result.stderr) == (
        2, "Error: --uri 'oc4ids.json' is not an absolute URI (such as https://example.org/oc4ids.json)\n")
    assert not out.exists()


def test_an_existing_file_is_refused_without_force(run_cli, tmp_path):
    out = tmp_path / "oc4ids.json"
    out.write_text("keep me")
    result = run_cli("export", "oc4ids", str(out))
    assert (result.code, result.stdout, result.stderr) == (2, "", f"Error: {out} exists; add --force to replace it\n")
    assert out.read_text() == "keep me"
    assert run_cli("export", "oc4ids", str(out), "--force").code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["projects"]) == 93


def test_a_path_inside_the_data_folder_is_refused(run_cli, case_dir):
    data = case_dir()
    result = run_cli("export", "oc4ids", str(data / "oc4ids.json"), data=data)
    assert result.code == 2
    assert result.stderr == f"Error: {data / 'oc4ids.json'} is inside the data folder {data}; write exports elsewhere\n"
    assert not (data / "oc4ids.json").exists()


def test_the_standard_is_read_from_shared_not_copied():
    assert STANDARD.is_dir(), f"the OC4IDS standard belongs beside the clone, at {STANDARD}"
    assert not [p for d in ("src", "tests", "data", "schemas") for p in (REPO / d).rglob("*codelists*")]
    assert not [p for d in ("src", "tests", "data", "schemas") for p in (REPO / d).rglob("project*-schema.json")]
