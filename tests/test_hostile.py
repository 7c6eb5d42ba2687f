"""Hostile files and environments: every one gets clear lines and the right exit code, never a
traceback. Run through the console script (a real process, a real stdout) where the environment
is the point: encodings, a full disk, a closed stdout, a closed pipe, permissions, the cache."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

EXE = shutil.which("infraplan", path=os.path.dirname(sys.executable)) or shutil.which("infraplan")
QUERY = ["projects", "--country", "vietnam", "--sector", "rail"]
FORMATS = ["json", "yaml", "csv", "md"]


def infraplan(*args: str, env: dict | None = None, shell_suffix: str = "", user_env: dict | None = None,
              prefix: tuple = ()) -> subprocess.CompletedProcess:
    """Run the installed console script with the repository's data and the test's own cache."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIO", "INFRAPLAN_DATA", "LC_", "LANG"))}
    environ.update({"INFRAPLAN_DATA": str(DATA), "COLUMNS": "100"}, **(env or {}))
    argv = [*prefix, EXE, *args]
    if shell_suffix:
        return subprocess.run(["bash", "-c", " ".join(map(_quote, argv)) + " " + shell_suffix],
                              capture_output=True, env=environ, timeout=60)
    return subprocess.run(argv, capture_output=True, env=environ, timeout=60)


def _quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


# -- encodings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args, name", [(QUERY, "南北高速鉄道整備事業"), (["project", "50"], "ムンバイ～アーメダバード")])
def test_machine_formats_are_utf8_whatever_the_console_encoding(encoding, fmt, args, name):
    expected = infraplan(*args, "--format", fmt, env={"PYTHONIOENCODING": "utf-8"})
    result = infraplan(*args, "--format", fmt, env={"PYTHONIOENCODING": encoding})
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    assert result.stdout == expected.stdout
    assert name.encode("utf-8") in result.stdout
    if fmt == "csv":
        assert result.stdout.startswith("\ufeff".encode("utf-8"))  # Excel reads the BOM as UTF-8


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_a_diff_is_utf8_whatever_the_console_encoding(encoding, fmt):
    cases = DATA.parent / "tests" / "cases"
    args = ("diff", str(cases / "base"), str(cases / "diff" / "new"), "--format", fmt)
    expected = infraplan(*args, env={"PYTHONIOENCODING": "utf-8"})
    result = infraplan(*args, env={"PYTHONIOENCODING": encoding})
    assert (result.returncode, result.stdout) == (1, expected.stdout)
    assert "ハノイ".encode("utf-8") in result.stdout


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
@pytest.mark.parametrize("args", [QUERY, ["project", "50"], ["sector", "rail", "--section", "frameworks"]])
def test_tables_replace_what_the_console_cannot_show(encoding, args):
    result = infraplan(*args, env={"PYTHONIOENCODING": encoding})
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    text = result.stdout.decode(encoding)
    if encoding == "cp932":
        assert "鉄道" in text  # Japanese shows on a Japanese console
    else:
        assert "?" in text and "Railway" in text


@pytest.mark.parametrize("encoding", ["cp932", "ascii"])
def test_usage_errors_on_any_console(encoding):
    result = infraplan("projects", "--country", "ベトナム語", env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(b"Error: Invalid value for '--country' / '-c': unknown country '")


# -- output that cannot be written ----------------------------------------------------------------

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_full_disk_is_one_line_and_exit_1(fmt):
    result = infraplan(*QUERY, "--format", fmt, shell_suffix="> /dev/full")
    assert result.returncode == 1
    assert result.stderr.decode() == "infraplan: cannot write output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_exit_1():
    result = infraplan(*QUERY, "--format", "json", shell_suffix=">&-")
    assert result.returncode == 1
    assert result.stderr.decode() == "infraplan: cannot write output: standard output is closed\n"


@pytest.mark.parametrize("args", [["timeline", "--format", "json"], ["timeline"], ["timeline", "--format", "csv"],
                                  ["export", "json", "-"], ["source", "1-5000"]])
def test_a_closed_pipe_ends_quietly_as_sigpipe(args):
    """The reader is gone before the first write (`| head -1` that already has its line)."""
    process = subprocess.Popen([EXE, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "INFRAPLAN_DATA": str(DATA)})
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""
    process.stderr.close()


# -- the cache ----------------------------------------------------------------------------------

def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("store-*.sqlite"))


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "foreign", "directory", "unreadable", "empty"])
def test_a_damaged_cache_is_rebuilt_never_trusted(damage, tmp_path):
    env = {"INFRAPLAN_CACHE_DIR": str(tmp_path)}
    expected = infraplan(*QUERY, "--format", "json", env=env)
    assert expected.returncode == 0
    [cache] = _cache_files(tmp_path)
    raw = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":  # same length, one value changed inside a record: only its checksum can tell
        flipped = raw.replace("ベトナム".encode(), "タイ国内".encode())
        assert flipped != raw
        cache.write_bytes(flipped)
    elif damage == "garbage":
        cache.write_bytes(os.urandom(4096))
    elif damage == "foreign":  # a database of another program, under our name
        cache.unlink()
        import sqlite3

        db = sqlite3.connect(cache)
        db.execute("CREATE TABLE store_meta (format, key)")
        db.execute("INSERT INTO store_meta VALUES (1, 'elsewhere')")
        db.commit()
        db.close()
    elif damage == "directory":
        cache.unlink()
        cache.mkdir()
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        cache.chmod(0)
    result = infraplan(*QUERY, "--format", "json", env=env)
    assert (result.returncode, result.stderr, result.stdout) == (0, b"", expected.stdout), result.stderr.decode()


def test_a_cache_write_prunes_what_interrupted_writes_left(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert infraplan(*QUERY, env={"INFRAPLAN_CACHE_DIR": str(first)}).returncode == 0
    [cache] = _cache_files(first)
    second.mkdir()
    (second / f"{cache.name}.99999.tmp").write_text("left by a killed run")
    (second / "store-0badf00d.sqlite.12345.tmp").write_text("another data folder's: not ours to remove")
    assert infraplan(*QUERY, env={"INFRAPLAN_CACHE_DIR": str(second)}).returncode == 0
    assert {p.name for p in second.iterdir()} == {"store-0badf00d.sqlite.12345.tmp", cache.name,
                                                  cache.with_suffix(".parsed").name, cache.with_suffix(".findings").name}


# -- permissions ----------------------------------------------------------------------------------

def _unprivileged() -> tuple:
    """A prefix that runs a command without root's power to read anything, or skip."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv"):
        return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")
    pytest.skip("running as root without setpriv: permissions cannot be dropped")


def test_unreadable_files_and_folders_are_located_lines(case_dir):
    prefix = _unprivileged()
    data = case_dir()
    tmp_path = data.parent
    (data / "projects.yaml").chmod(0)
    (data / "sectors").chmod(0)
    try:
        result = subprocess.run([*prefix, EXE, "--data-dir", "data", "validate"], capture_output=True, text=True,
                                cwd=tmp_path, env={**os.environ, "INFRAPLAN_CACHE_DIR": str(tmp_path / "cache")})
    finally:
        (data / "sectors").chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "data/projects.yaml:1:1: cannot read: Permission denied",
        "data/projects.yaml:1:1: note: references to project ids were not checked",
        "data/sectors:1:1: cannot read the folder: Permission denied",
        "data/sectors:1:1: note: references to sector ids were not checked",
        "2 problem(s) found.",
    ]


def test_an_unreadable_file_in_process(case_dir, run_cli, monkeypatch):
    """The same without dropping privileges: the read itself fails."""
    data = case_dir()
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "countries.yaml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "data/countries.yaml:1:1: cannot read: Permission denied",
        "data/countries.yaml:1:1: note: references to country ids were not checked",
        "1 problem(s) found.",
    ]


# -- the data folder -------------------------------------------------------------------------------

def test_editor_leftovers_and_dangling_links_are_ignored_with_a_warning(case_dir, run_cli):
    data = case_dir()
    (data / "sectors" / ".#rail.yaml").symlink_to("user@host.1234:1700000000")  # an Emacs lock file
    (data / "sectors" / "rail.yaml~").write_text("id: [broken")
    (data / "sectors" / ".rail.yaml.swp").write_bytes(b"\x00\x01vim swap")
    (data / "sectors" / "gone.yaml").symlink_to("nowhere.yaml")
    (data / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (data / "notes.yaml").write_text("todo: []\n")
    (data / "drafts").mkdir()
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 0, result
    assert result.stderr.splitlines() == [
        "data/.DS_Store:1:1: warning: ignored: a hidden file",
        "data/drafts:1:1: warning: ignored: not a data folder (the folders are sectors, source)",
        "data/notes.yaml:1:1: warning: ignored: not a data file (the files are plan.yaml, countries.yaml, "
        "projects.yaml, organizations.yaml, pillars.yaml, chapter1.yaml, measures.yaml, outline.yaml)",
        "data/sectors/.#rail.yaml:1:1: warning: ignored: an editor's lock, backup or swap file",
        "data/sectors/.rail.yaml.swp:1:1: warning: ignored: an editor's lock, backup or swap file",
        "data/sectors/gone.yaml:1:1: warning: ignored: a symbolic link to nothing",
        "data/sectors/rail.yaml~:1:1: warning: ignored: an editor's lock, backup or swap file",
    ]
    assert result.stdout.startswith("ok: data/ — 2 projects")
    query = run_cli("projects", "--format", "json", data=data)
    assert query.code == 0 and len(json.loads(query.stdout)) == 2


def test_a_file_above_the_size_limit_is_refused_unread(case_dir, run_cli):
    data = case_dir()
    with open(data / "measures.yaml", "r+b") as f:
        f.truncate(17 * 2**20)  # sparse: the size is what counts
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stderr.splitlines()[:2] == [
        "data/measures.yaml:1:1: the file is 17.0 MB; data files are limited to 16 MB",
        "1 problem(s) found.",
    ]


def test_a_data_file_that_is_a_folder(case_dir, run_cli):
    data = case_dir()
    (data / "plan.yaml").unlink()
    (data / "plan.yaml").mkdir()
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "data/plan.yaml:1:1: required file is unusable: not a regular file", "1 problem(s) found."]


# -- usage errors and bugs ------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--since", "2023-02-30"], "'2023-02-30' is not a day of the calendar (2023-02 has 28 days)"),
    (["--since", "2024", "--until", "2022"], "--since 2024 is after --until 2022; nothing could match"),
    (["--since", "2023-13"], "unknown date '2023-13'; valid values: YYYY, YYYY-MM, YYYY-MM-DD"),
])
@pytest.mark.parametrize("command", ["projects", "timeline"])
def test_impossible_dates_are_usage_errors(command, args, message, run_cli):
    result = run_cli(command, *args)
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for --since/--until: {message}"


def test_a_bug_is_one_line_with_its_own_exit_code(monkeypatch, capsys):
    from infraplan import cli

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "_command", lambda: broken)
    monkeypatch.setattr(sys, "argv", ["infraplan", "projects"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == cli.EXIT_BUG == 70
    assert capsys.readouterr().err == ("infraplan: internal error (a bug, not your data): KeyError: 'surprise'; "
                                       "run again with INFRAPLAN_DEBUG=1 for the traceback, and please report it\n")
    monkeypatch.setenv("INFRAPLAN_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main()


def test_problem_lines_never_span_lines_or_carry_escapes():
    from infraplan.problems import Problem

    line = str(Problem("data/x.yaml", 3, 4, "a\u202eb", "'\x1b[2J' and\nnext"))
    assert line == "data/x.yaml:3:4: a\\u202eb: '\\x1b[2J' and\\nnext"
    assert re.fullmatch(r"[\x20-\x7e]+", line)


def test_a_file_with_too_many_values_is_refused_where_the_limit_is_passed(case_dir, run_cli):
    data = case_dir()
    (data / "measures.yaml").write_text("measures: [" + "1," * 1_000_010 + "1]\n")
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    assert result.stderr.splitlines() == [
        # the 1,000,001st value: the mapping, the key, the list, then the list's 999,998th item
        f"data/measures.yaml:1:{12 + 2 * 999_997}: more than 1,000,000 values in one file; no data file needs that many",
        "1 problem(s) found.",
    ]


def test_problems_past_200_a_file_are_counted_not_listed(case_dir, run_cli):
    data = case_dir()
    (data / "countries.yaml").write_text("countries:\n" + "  - 1\n" * 300)
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "data/countries.yaml:2:5: countries[0]: expected a mapping, got an integer (1)"
    assert lines[1] == "data/countries.yaml:2:5: note: countries[0]: references to country ids were not checked"
    assert lines[200] == "data/countries.yaml:201:5: countries[199]: expected a mapping, got an integer (1)"
    assert lines[201:] == ["data/countries.yaml:201:5: and 100 more problem(s) in this file; fix these first",
                           "300 problem(s) found."]


def test_the_same_character_problem_is_listed_ten_times_then_counted(case_dir, run_cli):
    data = case_dir()
    (data / "countries.yaml").write_text("countries:\n" + "  - id： x\n" * 50, encoding="utf-8")
    result = run_cli("validate", data=data.relative_to(data.parent))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("data/countries.yaml:2:7: 'id' is followed by a full-width colon '：' (U+FF1A); "
                        "a YAML key ends with an ASCII ':'")
    assert lines[1] == "data/countries.yaml:2:7: note: references to country ids were not checked"
    assert lines[11:] == ["data/countries.yaml:12:7: and 40 more like it", "50 problem(s) found."]
