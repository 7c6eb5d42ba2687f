"""Exports: the whole catalogue as JSON, and the safe writing every export shares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest




def test_json_export_holds_every_record_with_its_links(run_cli, tmp_path):
    out = tmp_path / "infraplan.json"
    result = run_cli("export", "json", str(out))
    assert (result.code, result.stdout, result.stderr) == (0, "", ""), result
    doc = json.loads(out.read_text(encoding="utf-8"))
    counts = {k: len(v) for k, v in doc.items() if isinstance(v, list)}
    assert counts == {"projects": 93, "measures": 67 + 51, "sectors": 12, "pillars": 16, "countries": 45,
                      "organizations": 85, "chapter1": 7, "headings": 147, "footnotes": 33,
                      "won_projects": 3}
    assert doc["attribution"].startswith("出典：国土交通省")
    project50 = next(p for p in doc["projects"] if p["id"] == 50)
    assert project50["name_ja"] == "ムンバイ～アーメダバード間高速鉄道計画"
    assert {"relation": "country", "kind": "country", "id": "india"} in project50["links"]
    assert {"relation": "sector", "kind": "sector", "id": "rail"} in project50["links"]


def test_json_export_to_stdout_is_the_same_document(run_cli, tmp_path):
    out = tmp_path / "a.json"
    run_cli("export", "json", str(out))
    result = run_cli("export", "json", "-")
    assert result.code == 0
    assert result.stdout == out.read_text(encoding="utf-8")


def test_an_existing_file_is_refused_without_force(run_cli, tmp_path):
    out = tmp_path / "a.json"
    out.write_text("keep me")
    result = run_cli("export", "json", str(out))
    assert (result.code, result.stderr) == (2, f"Error: {out} exists; add --force to replace it\n")
    assert out.read_text() == "keep me"
    assert run_cli("export", "json", str(out), "--force").code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["projects"]


def test_a_path_inside_the_data_folder_is_refused(run_cli, case_dir):
    data = case_dir()
    result = run_cli("export", "json", str(data / "sectors" / "export.json"), data=data)
    assert result.code == 2
    assert result.stderr == f"Error: {data / 'sectors' / 'export.json'} is inside the data folder {data}; write exports elsewhere\n"
    assert not (data / "sectors" / "export.json").exists()


def test_an_interrupted_write_leaves_no_partial_file(tmp_path):
    from infraplan.export.write import write_file

    out = tmp_path / "db.sqlite"

    def produce(tmp: Path) -> None:
        tmp.write_bytes(b"half a file")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_file(out, produce)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("export", "json", str(tmp_path / "nowhere" / "a.json"))
    assert (result.code, result.stderr) == (2, f"Error: no folder {tmp_path / 'nowhere'} to write a.json in\n")
