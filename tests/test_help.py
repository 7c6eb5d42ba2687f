"""Help in plain words: --version, whole one-line summaries, plain metavars, choices listed."""

from __future__ import annotations

import re

import pytest

from infraplan import __version__

COMMANDS = ["projects", "project", "measures", "measure", "pillars", "pillar", "countries", "regions", "sectors",
            "sector", "search", "show", "source", "country", "organizations", "organization", "timeline", "stats",
            "outline", "plan", "completion", "diff", "schema", "validate", "export"]
EXPORTS = ["json", "oc4ids", "sqlite"]


def help_of(run_cli, *command: str) -> list[str]:
    result = run_cli(*command, "--help", data=None)
    assert result.code == 0, result
    return result.lines


def test_version_names_the_package_and_the_datas_edition(run_cli, case_dir, tmp_path):
    result = run_cli("--version")
    assert (result.code, result.stdout) == (0, f"infraplan {__version__} (data: インフラシステム海外展開行動計画2023, edition 2023)\n")
    missing = run_cli("--version", data=tmp_path / "none")
    assert missing.code == 0 and missing.stdout.endswith(f"(data: none found at {tmp_path / 'none'}/)\n")


def test_a_missing_command_is_a_usage_error(run_cli):
    result = run_cli()  # --data-dir data and nothing else
    assert result.code == 2 and result.stderr.splitlines()[-1] == "Error: Missing command."


def summaries(lines: list[str]) -> dict[str, str]:
    """The Commands section: name -> one-line summary (Click cuts one that is too long with ...)."""
    at = lines.index("Commands:")
    return {line.split()[0]: line.split(None, 1)[1] for line in lines[at + 1:] if line.strip()}


def test_every_command_has_a_whole_one_line_summary(run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    listed = summaries(help_of(run_cli))
    assert list(listed) == COMMANDS
    exports = summaries(help_of(run_cli, "export"))
    assert list(exports) == EXPORTS
    for name, text in {**listed, **exports}.items():
        assert text.endswith(".") and not text.endswith("..."), (name, text)
        assert len(text.split(". ")) == 1, (name, text)  # one sentence
    assert listed["regions"] == "List the regions, their countries and project counts."


@pytest.mark.parametrize("command", [[c] for c in COMMANDS] + [["export", e] for e in EXPORTS])
def test_help_uses_plain_metavars(run_cli, command):
    lines = help_of(run_cli, *command)
    usage = lines[0]
    assert not re.search(r"[{}<>]", usage), usage
    options = [line for line in lines if line.lstrip().startswith("-")]
    for line in options:
        option = line.split("  ")[0] if "  " in line.strip() else line
        assert not re.search(r"[{}<>]", option), line


@pytest.mark.parametrize("command,usage", [
    (["project"], "Usage: infraplan project [OPTIONS] ID"),
    (["search"], "Usage: infraplan search [OPTIONS] QUERY"),
    (["show"], "Usage: infraplan show [OPTIONS] REF"),
    (["completion"], "Usage: infraplan completion [OPTIONS] SHELL"),
    (["source"], "Usage: infraplan source [OPTIONS] LINES|REF"),
    (["diff"], "Usage: infraplan diff [OPTIONS] OLD [NEW]"),
])
def test_usage_lines(run_cli, command, usage):
    assert help_of(run_cli, *command)[0] == usage


@pytest.mark.parametrize("command,option", [
    (["measures"], "--scope [cross-cutting|sector]"),
    (["projects"], "-f, --format [table|json|yaml|csv|md]"),
    (["sector"], "--section [overview|market|competitors|strengths|challenges|actions|frameworks|projects|"),
    (["source"], "-f, --format [text|json]"),
    (["validate"], "-f, --format [text|github]"),
    ([], "--data-dir DIR"),
    (["projects"], "--since DATE"),
    (["search"], "-n, --limit N"),
])
def test_options_name_their_values(run_cli, command, option):
    assert any(line.strip().startswith(option) for line in help_of(run_cli, *command)), option


def test_options_with_fixed_values_list_them(run_cli):
    # help wraps at hyphens ("south-" / "asia"): joined again
    text = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(" ".join(help_of(run_cli, "projects")).split()))
    assert "Region (repeatable): southeast-asia, south-asia, east-asia, north-america, europe, oceania, middle-east, " \
           "central-asia-caucasus, africa, latin-america (asean: southeast-asia)." in text
    assert "Project stage (repeatable): planning, survey, design, financing, tendering, implementation, operation, " \
           "suspended, under-review." in text
    assert "--planned / --no-planned" in text
    completion = " ".join(" ".join(help_of(run_cli, "completion")).split())
    assert "SHELL Your shell. One of: bash, zsh, fish, powershell." in completion


def test_help_lists_the_commands_without_building_them(monkeypatch):
    """The entry point's app builds commands lazily: its --help lists them from their outlines,
    the same lines as the help of the app with every command built."""
    import typer.main
    import typer.testing
    from typer.testing import CliRunner

    from infraplan import cli

    monkeypatch.setenv("COLUMNS", "80")
    full = {args: CliRunner().invoke(cli.app, list(args), prog_name="infraplan").stdout
            for args in [("--help",), ("export", "--help")]}
    built = []
    real = typer.main.get_command_from_info
    monkeypatch.setattr(typer.main, "get_command_from_info", lambda *a, **k: built.append(a) or real(*a, **k))
    monkeypatch.setattr(typer.testing, "_get_command", lambda app: cli._command())  # the entry point's app
    lazy = CliRunner().invoke(cli.app, ["--help"], prog_name="infraplan")
    assert built == []
    assert lazy.exit_code == 0 and lazy.stdout == full[("--help",)]
    assert CliRunner().invoke(cli.app, ["export", "--help"], prog_name="infraplan").stdout == full[("export", "--help")]
