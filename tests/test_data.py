"""The shipped data: complete, consistent with the plan, and every quotation verbatim."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import pytest
import yaml

from conftest import DATA, FIDELITY_TOOL, SOURCE

PROJECTS = yaml.safe_load((DATA / "projects.yaml").read_text(encoding="utf-8"))["projects"]
COUNTRIES = yaml.safe_load((DATA / "countries.yaml").read_text(encoding="utf-8"))["countries"]


def test_all_93_projects_numbered_1_to_93_in_order():
    assert [p["id"] for p in PROJECTS] == list(range(1, 94))


def test_ten_projects_are_new():
    assert len([p for p in PROJECTS if p["new"]]) == 10


def test_projects_name_30_countries_all_listed():
    used = {p["country"] for p in PROJECTS}
    assert len(used) == 30
    assert used <= {c["id"] for c in COUNTRIES}


def test_no_name_keeps_the_new_marker():
    assert not [p["id"] for p in PROJECTS if "新規" in p["name_ja"] and "案件】" in p["name_ja"]]


def test_myanmar_projects_are_under_review_and_only_they():
    review = [p["id"] for p in PROJECTS if p["stage"] == "under-review"]
    assert review == [p["id"] for p in PROJECTS if p["country"] == "myanmar"] == list(range(85, 94))


def test_dates_are_quoted_strings_never_padded():
    for project in PROJECTS:
        for event in project["events"]:
            for key in ("date", "end"):
                if event.get(key) is not None:
                    assert isinstance(event[key], str), (project["id"], event)
                    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event[key]), (project["id"], event)


@pytest.mark.skipif(not SOURCE.exists(), reason="the plan's source text (../shared) is not beside this checkout")
def test_each_project_name_sits_within_its_recorded_source_lines():
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    squash = lambda text: re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))  # noqa: E731
    for project in PROJECTS:
        start, end = project["source"]["lines"]
        assert lines[start - 1].strip().startswith(str(project["id"])), project["id"]
        passage = squash("".join(lines[start - 1:end]))
        assert squash(project["name_ja"]) in passage, project["id"]
        assert squash(project["overview_ja"]) in passage, project["id"]


@pytest.mark.skipif(not FIDELITY_TOOL.exists(), reason="the fidelity tool (../shared) is not beside this checkout")
def test_every_quotation_is_verbatim_in_the_plan():
    result = subprocess.run([sys.executable, str(FIDELITY_TOOL), str(DATA)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.strip().endswith("(0 missing)")
