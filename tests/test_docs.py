"""The README cannot drift: its example commands still print what it shows, and CI runs its test command."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, list[str]]]:
    """Each `$ infraplan …` line of a console block with the lines shown after it."""
    out = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ infraplan ") and "#" not in line:
                shown = []
                for following in lines[i + 1:]:
                    if following.startswith("$ "):
                        break
                    shown.append(following)
                out.append((line[2:], shown))
    return out


EXAMPLES = examples()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 6


def assert_shows(shown: list[str], printed: list[str]) -> None:
    """The README's lines are the printed ones, exactly: each run of lines between elisions (a
    line "…") is printed as it stands and in order; a block that does not start (end) with an
    elision starts (ends) where the output does."""
    runs: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "…":
            runs.append([])
        else:
            runs[-1].append(line)
    position = 0
    for n, run in enumerate(runs):
        if not run:
            continue
        if n == 0:
            assert printed[:len(run)] == run, "the README block's first lines are not the output's first lines"
            position = len(run)
            continue
        starts = [i for i in range(position, len(printed) - len(run) + 1) if printed[i:i + len(run)] == run]
        assert starts, f"README lines not printed as shown (after line {position}): {run}"
        position = starts[0] + len(run)
    if runs[-1]:
        assert position == len(printed), f"the output goes on after the README block: {printed[position:]}"


@pytest.mark.parametrize("command,shown", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_prints_what_it_shows(run_cli, monkeypatch, command, shown):
    monkeypatch.setenv("COLUMNS", "80")  # what a terminal shows by default, and what a pipe gets
    argv = shlex.split(command.split("|")[0])[1:]
    result = run_cli(*argv)
    printed = (result.stdout + result.stderr).splitlines()
    if "|" in command:  # piped into another tool: only the exit code is ours, unless the tool is head
        assert result.code == 0, result
        if not re.fullmatch(r"\s*head -\d+\s*", command.split("|", 1)[1]):
            return
        lines = int(command.split("|", 1)[1].split("-")[1])
        printed = [line.lstrip("\ufeff") for line in printed[:lines]]  # CSV's byte-order mark, which the README cannot show
    assert result.code in (0, 2), result
    assert_shows(shown, printed)


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    test_command = re.search(r"Install with the test dependencies.*?```sh\n(.*?)\n```", README, re.S).group(1)
    assert test_command in ci


def test_ci_validates_the_checkouts_data_before_the_tests():
    ci = [line for line in (REPO / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    validate = next(i for i, line in enumerate(ci) if "infraplan --data-dir data validate" in line)
    tests = next(i for i, line in enumerate(ci) if "python -m pytest" in line)
    assert validate < tests
    assert "set -euo pipefail" in ci[:validate]  # a failed validation stops CI there
