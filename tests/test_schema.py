"""`infraplan schema`: the committed JSON Schemas are current, and every shipped data file meets its schema."""

from __future__ import annotations

import json

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import CASES, DATA, REPO
from infraplan.loader import load_file
from infraplan.schema import SCHEMA_FILES, generate, modeline, schema_for

SCHEMAS = REPO / "schemas"
DATA_FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))


def test_committed_schemas_are_current():
    """Fails when a model changed without `infraplan schema` being run (and its output committed)."""
    expected = generate()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(expected)
    for name, text in expected.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run 'infraplan schema'"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schema_is_valid_draft_2020_12(name):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("rel", DATA_FILES)
def test_data_file_meets_its_schema_and_names_it(rel):
    path = DATA / rel
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == modeline(rel)
    schema_path = (path.parent / first.split("$schema=")[1]).resolve()
    assert schema_path == SCHEMAS / f"{schema_for(rel)}.schema.json"
    validator = Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(yaml.safe_load(text))]
    assert errors == []


def test_schema_carries_ids_enums_and_descriptions():
    schema = json.loads((SCHEMAS / "projects.schema.json").read_text(encoding="utf-8"))
    project = schema["$defs"]["Project"]
    assert project["additionalProperties"] is False
    assert "id" in project["required"]
    assert "implementation" in project["properties"]["stage"]["enum"]
    assert project["properties"]["stage"]["description"].startswith("planning: the partner government")
    assert schema["$defs"]["Event"]["properties"]["kind"]["enum"][0] == "en-signed"
    sector = json.loads((SCHEMAS / "sector.schema.json").read_text(encoding="utf-8"))
    assert "rail" in sector["properties"]["id"]["enum"]


def test_schema_flags_what_validate_flags():
    """A wrong value is an error for the editor too (the same case file that validate rejects)."""
    schema = json.loads((SCHEMAS / "projects.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((CASES / "invalid" / "unknown-field" / "projects.yaml").read_text(encoding="utf-8"))
    messages = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert any("Additional properties are not allowed" in m for m in messages), messages


def test_modeline_keeps_problem_positions(tmp_path):
    """The comment line shifts nothing but the line numbers, which stay those of the file as written."""
    path = tmp_path / "projects.yaml"
    path.write_text(modeline("projects.yaml") + "\nprojects:\n  - id: 1\n", encoding="utf-8")
    loaded = load_file(path, "projects.yaml")
    assert loaded.problems == []
    assert loaded.position(("projects", 0, "id")) == (3, 9)


def test_schema_command_writes_every_schema(run_cli, tmp_path):
    result = run_cli("schema", "--output", str(tmp_path / "out"), data=None)
    assert result.code == 0, result
    assert result.lines[0] == f"wrote {(tmp_path / 'out').as_posix()}/plan.schema.json"
    assert len(result.lines) == 9
    assert (tmp_path / "out" / "sector.schema.json").read_text(encoding="utf-8") == generate()["sector.schema.json"]


def test_pre_commit_hook_runs_validate():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "infraplan-validate")
    assert hook["entry"] == "infraplan --data-dir data validate"
    assert hook["files"] == "^data/"
    assert hook["pass_filenames"] is False
    assert hook["language"] == "python"


def test_schema_command_cannot_write_is_a_usage_error(run_cli, tmp_path):
    (tmp_path / "file").write_text("")
    result = run_cli("schema", "--output", str(tmp_path / "file" / "sub"), data=None)
    assert result.code == 2, result
    assert result.stderr == f"Error: cannot write the schemas into {tmp_path / 'file' / 'sub'}: Not a directory\n"
