"""`infraplan diff`: records added, removed and changed between two data folders or git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import CASES
from infraplan.diff.core import ListChange, _match, compare, text_spans
from infraplan.validate import load_and_validate

OLD, NEW = CASES / "base", CASES / "diff" / "new"


def shown(run) -> list[str]:
    return [line.rstrip() for line in run.lines]


# -- two folders ----------------------------------------------------------------------------------

def test_table_lists_each_kind_added_removed_and_changed(run_cli, monkeypatch):
    monkeypatch.chdir(CASES.parent.parent)  # labels are the folders as given, relative to the checkout
    result = run_cli("diff", "tests/cases/base", "tests/cases/diff/new", data=None)
    assert result.code == 1, result
    lines = shown(result)
    assert lines[0] == "Diff: tests/cases/base → tests/cases/diff/new"
    for expected in [
        "Projects: 1 added, 2 changed",
        " +   3    Bangkok Port Development                             added",
        " ~   1    North-South High-Speed Railway   stage               planning → survey",
        "                                           overview_ja         ハノイ～ホーチミン間（約[-1600km-]{+1,600km+}）の高速鉄道を[-整備-]{+建設+}する事業",
        "                                           events              2 added",
        " ~   2    North-South Expressway           events              1 changed",
        "                                           events[1].text_en   … information{+ for the passenger terminal was+} re-announced in…",
        "Measures: 1 added, 1 removed, 1 changed",
        " -   2.1.1.1   Surveys to find projects                                                  removed",
        "                                                                  countries              [vietnam] → [vietnam, thailand]",
        "                                                                  points                 1 added, 1 changed",
        "Sector actions: 1 added, 1 removed, 1 changed",
        "Sectors: 1 added, 1 changed",
        "                       market.overseas.figures[0].value   30 → 31",
        "Pillars: 1 added, 1 removed, 1 changed",
        "Countries: 1 added, 1 removed, 1 changed",
        " ~   vietnam    Vietnam    aliases   [Viet Nam] → [Viet Nam, ベトナム社会主義共和国]",
        "Organizations: 1 added, 1 removed, 1 changed",
        "Chapter-1 sections: 1 added, 1 changed",
        "Headings: 1 changed",
        "Plan: 1 changed",
        "                                                                                          strategies     1 removed",
        "8 added, 5 removed, 11 changed in 10 kinds of record.",
    ]:
        assert expected in lines, expected
    assert result.stderr == ""


def test_reverse_diff_removes_what_was_added(run_cli):
    result = run_cli("diff", str(NEW), str(OLD), data=None)
    assert result.code == 1, result
    lines = shown(result)
    assert "Projects: 1 removed, 2 changed" in lines
    assert "Sectors: 1 removed, 1 changed" in lines
    assert "Chapter-1 sections: 1 removed, 1 changed" in lines
    assert " ~   1    North-South High-Speed Railway   stage               survey → planning" in lines
    assert lines[-1] == "5 added, 8 removed, 11 changed in 10 kinds of record."


def test_json_is_the_whole_diff(run_cli):
    result = run_cli("diff", str(OLD), str(NEW), "--format", "json", data=None)
    assert result.code == 1, result
    payload = json.loads(result.stdout)
    assert payload["equal"] is False
    assert payload["totals"] == {"added": 8, "removed": 5, "changed": 11}
    assert list(payload["kinds"]) == ["projects", "measures", "actions", "sectors", "pillars", "countries",
                                      "organizations", "chapter1", "headings", "plan"]
    projects = payload["kinds"]["projects"]
    assert projects["added"] == [{"id": 3, "title": "Bangkok Port Development"}]
    assert projects["changed"][0]["changes"][0] == {"path": "stage", "old": "planning", "new": "survey"}
    assert projects["changed"][0]["changes"][2] == {"path": "events", "added": 2, "removed": 0, "changed": 0}
    assert projects["changed"][1]["changes"][1]["diff"] == \
        "… information{+ for the passenger terminal was+} re-announced in…"
    assert payload["kinds"]["actions"]["removed"] == [{"id": "3.1.6.4", "title": "Promoting international standards"}]
    assert payload["kinds"]["plan"]["changed"][0]["changes"][-1] == \
        {"path": "strategies", "added": 0, "removed": 1, "changed": 0}


def test_md_is_a_pull_request_comment(run_cli, monkeypatch):
    monkeypatch.chdir(CASES.parent.parent)
    result = run_cli("diff", "tests/cases/base", "tests/cases/diff/new", "-f", "md", data=None)
    assert result.code == 1, result
    lines = result.lines
    assert lines[0] == "## Data changes: tests/cases/base → tests/cases/diff/new"
    assert lines[2] == "8 added, 5 removed, 11 changed in 10 kinds of record."
    assert "### Projects: 1 added, 2 changed" in lines
    assert "| added | 3 | Bangkok Port Development | |" in lines
    assert "| removed | norway | Norway | |" in lines
    assert ("| changed | 1 | North-South High-Speed Railway | `stage`: planning → survey<br>`overview_ja`: "
            "ハノイ～ホーチミン間（約<del>1600km</del><ins>1,600km</ins>）の高速鉄道を<del>整備</del><ins>建設</ins>する事業"
            "<br>`events`: 2 added |") in lines
    assert ("| changed | 2.3.2.2 | Using bilateral frameworks for PPP projects | `summary_en`: Uses the PPP "
            "<del>platform</del><ins>platforms</ins> with Vietnam<ins> and Thailand</ins>.<br>`countries`: "
            "\\[vietnam\\] → \\[vietnam, thailand\\]<br>`projects`: \\[1\\] → \\[1, 3\\]<br>`points`: 1 added, 1 changed"
            "<br>`points[0].summary_en`: First point. → The first point. |") in lines


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_equal_sides_exit_0(run_cli, fmt):
    result = run_cli("diff", str(OLD), str(OLD), "--format", fmt, data=None)
    assert result.code == 0, result
    assert result.stderr == f"No differences: {OLD} and {OLD} hold the same records.\n"
    if fmt == "table":
        assert result.stdout == ""
    elif fmt == "json":
        assert json.loads(result.stdout)["equal"] is True
    else:
        assert result.stdout.splitlines()[-1] == "No changes to the data."


def test_one_argument_compares_with_the_current_data(run_cli):
    result = run_cli("diff", str(OLD), data=NEW)
    assert result.code == 1, result
    assert shown(result)[-1] == "8 added, 5 removed, 11 changed in 10 kinds of record."


def test_an_invalid_side_reports_its_problems_and_exits_1(run_cli, case_dir):
    broken = case_dir(CASES / "invalid" / "unknown-field")
    result = run_cli("diff", str(OLD), str(broken), data=None)
    assert result.code == 1, result
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == \
        "data/projects.yaml:26:5: projects[1].overveiw_en: unknown field 'overveiw_en' (did you mean 'overview_en'?)"


def test_missing_folder_outside_git_is_a_usage_error(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_cli("diff", "nosuch", str(OLD), data=None)
    assert result.code == 2, result
    assert result.stderr == f"Error: 'nosuch' is not a folder, and {tmp_path} is not in a git repository\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_diff_needs_an_argument(run_cli):
    result = run_cli("diff", data=None)
    assert result.code == 2
    assert "Missing argument 'OLD'" in result.stderr


# -- git revisions --------------------------------------------------------------------------------

def git(repo, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository whose first commit holds tests/cases/base as data/ and whose second, the edit."""
    root = tmp_path / "kb"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README.md").write_text("a knowledge base\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "no data yet")
    shutil.copytree(OLD, root / "data")
    git(root, "add", ".")
    git(root, "commit", "-qm", "data")
    git(root, "tag", "v0.1.0")
    shutil.rmtree(root / "data")
    shutil.copytree(NEW, root / "data")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edit")
    monkeypatch.chdir(root)
    return root


def test_two_revisions(run_cli, repo):
    result = run_cli("diff", "v0.1.0", "HEAD", data=None)
    assert result.code == 1, result
    lines = shown(result)
    assert lines[0] == "Diff: v0.1.0 → HEAD"
    assert "Projects: 1 added, 2 changed" in lines
    assert lines[-1] == "8 added, 5 removed, 11 changed in 10 kinds of record."


def test_revision_against_the_working_tree(run_cli, repo):
    (repo / "data" / "countries.yaml").write_text(
        (repo / "data" / "countries.yaml").read_text(encoding="utf-8").replace('name_en: "Thailand"', 'name_en: "Siam"'),
        encoding="utf-8")
    result = run_cli("diff", "HEAD", data=repo / "data")
    assert result.code == 1, result
    assert shown(result)[0] == "Diff: HEAD → data"
    assert " ~   thailand   Siam     name_en   Thailand → Siam" in shown(result)
    assert run_cli("diff", "HEAD", "HEAD", data=None).code == 0


def test_unknown_revision_is_a_usage_error(run_cli, repo):
    result = run_cli("diff", "v9.9", data=repo / "data")
    assert result.code == 2, result
    assert result.stderr == f"Error: 'v9.9' is neither a data folder nor a revision of the git repository {repo}\n"


def test_revision_without_data_is_a_usage_error(run_cli, repo):
    result = run_cli("diff", "HEAD~2", data=repo / "data")
    assert result.code == 2, result
    assert result.stderr == "Error: revision 'HEAD~2' has no data/ folder\n"


def test_invalid_revision_reports_problems_at_rev_and_file(run_cli, repo):
    shutil.copy(CASES / "invalid" / "unknown-field" / "projects.yaml", repo / "data" / "projects.yaml")
    git(repo, "commit", "-qam", "broken")
    result = run_cli("diff", "HEAD~1", "HEAD", data=None)
    assert result.code == 1, result
    problems = result.stderr.splitlines()
    assert ("HEAD:data/projects.yaml:26:5: projects[1].overveiw_en: unknown field "
            "'overveiw_en' (did you mean 'overview_en'?)") in problems
    assert "HEAD:data/measures.yaml:11:19: measures[0].projects[1]: unknown project 3; valid: 1, 2" in problems
    assert result.stdout == ""


# -- the core -------------------------------------------------------------------------------------

def test_core_compares_catalogue_data():
    old, _ = load_and_validate(OLD, older=True)
    new, _ = load_and_validate(NEW, older=True)
    result = compare(old, new)
    assert result.equal is False and compare(old, old).equal is True
    assert [k.kind for k in result.differing] == ["projects", "measures", "actions", "sectors", "pillars",
                                                  "countries", "organizations", "chapter1", "headings", "plan"]


def test_japanese_text_diffs_by_characters_in_runs():
    spans = text_spans("我が国企業が2025年に34兆円のインフラシステムの受注を目指すことを目標（KPI）として設定",
                       "我が国企業が2030年に45兆円のインフラシステムの受注を目指すことを目標（KPI）として設定")
    assert spans == [("=", "我が国企業が"), ("-", "2025年に34"), ("+", "2030年に45"), ("=", "兆円のインフラシステムの受注を目…")]


def test_short_values_are_shown_whole():
    assert text_spans("Roads", "Road network") is None
    assert text_spans(["a"], ["b"]) is None


def test_sub_records_with_ids_match_by_id():
    old = [{"id": "a", "v": 1}, {"id": "b", "v": 2}]
    new = [{"id": "b", "v": 3}, {"id": "c", "v": 4}]
    assert _match(old, new) == [(1, 0), (None, 1), (0, None)]


def test_reordered_sub_records():
    assert ListChange("events", 0, 0, 0).describe() == "reordered"


# -- docs and CI ----------------------------------------------------------------------------------

def test_readme_diff_example_prints_what_it_shows(run_cli, monkeypatch):
    """The tour's diff example exits 1 (the sides differ), so test_docs skips it; checked here."""
    import re

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ (infraplan diff tests/cases/base tests/cases/diff/new)[^\n]*\n(.*?)```",
                      readme, re.S)
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli(*block.group(1).split()[1:], data=None)
    assert result.code == 1, result
    from test_docs import assert_shows

    assert_shows(block.group(2).splitlines(), result.lines)


def test_ci_puts_the_data_diff_of_a_pull_request_in_its_summary():
    import yaml

    from conftest import REPO

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["data-diff"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    script = job["steps"][-1]["run"]
    assert 'diff "$BASE" --format md >> "$GITHUB_STEP_SUMMARY"' in script
    assert job["steps"][-1]["env"]["BASE"] == "origin/${{ github.base_ref }}"


def _text_strategy():
    """Latin words, spaces and Japanese characters; never the ellipsis that marks cut context."""
    from hypothesis import strategies as st

    return st.text(alphabet=st.sampled_from(list("ab cd,.-'1") + list("鉄道港湾のを整備する事業")), max_size=80)


def test_text_spans_rebuild_both_texts():
    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_text_strategy(), _text_strategy())
    def check(old, new):
        spans = text_spans(old, new)
        if spans is None:
            return
        assert all(text for op, text in spans if op != "=")
        if any("…" in text for op, text in spans if op == "="):
            return  # context was cut: only the changes themselves are shown
        assert "".join(text for op, text in spans if op != "+") == old
        assert "".join(text for op, text in spans if op != "-") == new

    check()


def test_hostile_text_is_shown_literally(run_cli, case_dir):
    """Data text never reaches Rich as markup, nor Markdown as tags or table cells."""
    hostile = case_dir(CASES / "hostile")
    table = run_cli("diff", str(OLD), str(hostile), data=None)
    assert table.code == 1, table
    lines = shown(table)
    assert (" ~   2    Road [phase 2] [bold red]loud[/bold red] Grid [/] upgrade   name_en       "
            "[-North-South Expressway-]{+Road [phase 2] [bold red]loud[/bold red] Grid [/] upgrade+}") in lines
    md = run_cli("diff", str(OLD), str(hostile), "--format", "md", data=None)
    assert ("`name_en`: <del>North-South Expressway</del><ins>Road \\[phase 2\\] \\[bold red\\]loud\\[/bold red\\] "
            "Grid \\[/\\] upgrade</ins>") in md.stdout
    assert "| changed | 1 | +cmd\\|' /C calc'!A0 | `name_en`: North-South High-Speed Railway → +cmd\\|' /C calc'!A0 |" \
        in md.stdout
