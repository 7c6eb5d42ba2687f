"""Where results go: through a pager on a terminal (as git does it), straight out when piped or
with --no-pager, into a file with --output (whole or not at all); listings take --sort and --limit."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from infraplan.views import SORT_KEYS
from infraplan.vocab import SORT_FIELDS

from conftest import DATA

EXE = shutil.which("infraplan", path=os.path.dirname(sys.executable)) or shutil.which("infraplan")
SMALL = ["projects", "--country", "india"]


def environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INFRAPLAN_", "PAGER", "LESS", "LV", "LC_", "LANG", "PYTHONIO"))}
    env.update({"INFRAPLAN_DATA": str(DATA), "COLUMNS": "80", "TERM": "dumb"}, **extra)  # dumb: no styles
    return env


def on_terminal(*args: str, **env: str) -> tuple[int, bytes, bytes]:
    """Run infraplan with a terminal as its standard output: (exit code, what the terminal got, stderr)."""
    main, child = pty.openpty()
    process = subprocess.Popen([EXE, *args], stdin=subprocess.DEVNULL, stdout=child, stderr=subprocess.PIPE,
                               env=environment(**env))
    os.close(child)
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end is closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    stderr = process.stderr.read()
    code = process.wait(timeout=60)
    reader.join(timeout=60)
    os.close(main)
    return code, bytes(shown).replace(b"\r\n", b"\n"), stderr


def recording_pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that writes $LESS and then what it is given into a file."""
    record = tmp_path / "paged.txt"
    return f"sh -c 'printf \"LESS=%s\\n\" \"$LESS\" > {record}; cat >> {record}'", record


def plain(*args: str) -> str:
    return subprocess.run([EXE, *args], capture_output=True, env=environment(), check=True).stdout.decode()


# -- the pager ----------------------------------------------------------------------------------

def test_a_terminal_pages_through_PAGER_with_LESS_FRX(tmp_path):
    pager, record = recording_pager(tmp_path)
    code, shown, stderr = on_terminal(*SMALL, PAGER=pager)
    assert (code, shown, stderr) == (0, b"", b"")
    paged = record.read_text(encoding="utf-8").splitlines()
    assert paged[0] == "LESS=FRX"
    assert paged[1:] == plain(*SMALL).splitlines()


def test_the_readers_LESS_and_INFRAPLAN_PAGER_win(tmp_path):
    pager, record = recording_pager(tmp_path)
    on_terminal(*SMALL, PAGER="false", INFRAPLAN_PAGER=pager, LESS="-S")
    assert record.read_text(encoding="utf-8").splitlines()[0] == "LESS=-S"


def test_machine_formats_on_a_terminal_are_paged_too(tmp_path):
    pager, record = recording_pager(tmp_path)
    assert on_terminal(*SMALL, "--format", "json", PAGER=pager)[:2] == (0, b"")
    assert json.loads(record.read_text(encoding="utf-8").split("\n", 1)[1])[0]["id"] == 50


@pytest.mark.parametrize("how", [["--no-pager"], "PAGER=cat", "PAGER="])
def test_no_pager(tmp_path, how):
    pager, record = recording_pager(tmp_path)
    if isinstance(how, list):
        code, shown, _ = on_terminal(*how, *SMALL, PAGER=pager)
    else:
        code, shown, _ = on_terminal(*SMALL, PAGER=how.split("=", 1)[1])
    assert code == 0 and not record.exists()
    assert shown.decode("utf-8").splitlines() == plain(*SMALL).splitlines()


def test_a_pipe_is_never_paged(tmp_path):
    pager, record = recording_pager(tmp_path)
    result = subprocess.run([EXE, *SMALL], capture_output=True, env=environment(PAGER=pager))
    assert result.returncode == 0 and not record.exists()
    assert result.stdout.decode().splitlines()[0] == "Projects (2)"


def test_a_pager_that_cannot_start_is_skipped():
    code, shown, stderr = on_terminal(*SMALL, PAGER="/nonexistent/pager -R")
    assert (code, stderr) == (0, b"")
    assert shown.decode("utf-8").splitlines() == plain(*SMALL).splitlines()


def test_a_pager_that_quits_early_ends_the_run_quietly(tmp_path):
    code, shown, stderr = on_terminal("timeline", PAGER="head -c 10")
    assert (code, stderr) == (0, b"")
    assert shown == b"Timeline ("


# -- --output -----------------------------------------------------------------------------------

def test_output_writes_the_table_to_a_file(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = tmp_path / "india.txt"
    result = run_cli(*SMALL, "--output", str(out))
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    text = out.read_text(encoding="utf-8")
    assert text == run_cli(*SMALL).stdout
    assert "ムンバイ～アーメダバード間" in text
    assert all(line == line.rstrip() and len(line) <= 80 for line in text.splitlines())
    assert [p.name for p in tmp_path.iterdir()] == ["india.txt"]  # no temporary file left behind


@pytest.mark.parametrize("fmt, start", [("json", b"[\n  {\n"), ("csv", "\ufeffid,".encode()), ("md", b"# Projects (2)")])
def test_output_writes_machine_formats_as_utf8(run_cli, tmp_path, fmt, start):
    out = tmp_path / f"india.{fmt}"
    out.write_text("old contents")
    assert run_cli(*SMALL, "-f", fmt, "--output", str(out)).code == 0
    assert out.read_bytes().startswith(start)
    written = out.read_bytes().replace(b"\r\n", b"\n")  # csv's own line ends (the runner's stdout has \n)
    assert written == run_cli(*SMALL, "-f", fmt).stdout.encode("utf-8")


def test_output_of_an_empty_listing_is_an_empty_file(run_cli, tmp_path):
    out = tmp_path / "none.txt"
    result = run_cli("projects", "--text", "zzzz", "--output", str(out))
    assert (result.code, result.stderr) == (0, "No projects match.\n")
    assert out.read_bytes() == b""


@pytest.mark.parametrize("where", ["missing/dir/out.txt", "."])
def test_output_that_cannot_be_written_is_one_line_and_exit_1(run_cli, tmp_path, where):
    target = tmp_path / where
    result = run_cli(*SMALL, "--output", str(target))
    assert result.code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"infraplan: cannot write {target}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- --sort and --limit -------------------------------------------------------------------------

LISTINGS = {"projects": [], "measures": [], "timeline": [], "search": ["rail"], "countries": [], "regions": [], "sectors": [],
            "pillars": [], "organizations": [], "outline": []}


def ids(run_cli, *args) -> list:
    result = run_cli(*args, "--format", "json")
    assert result.code == 0, result
    return [r.get("id", r.get("date")) for r in json.loads(result.stdout)]


def test_every_listing_documents_its_sort_fields():
    assert set(SORT_FIELDS) == set(SORT_KEYS) == set(LISTINGS)
    for listing, fields in SORT_FIELDS.items():
        assert tuple(SORT_KEYS[listing]) == fields


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_sort_field_orders_the_same_records(run_cli, listing):
    command = [listing, *LISTINGS[listing]]
    natural = json.loads(run_cli(*command, "-f", "json").stdout)
    for field in SORT_FIELDS[listing]:
        for sort in (field, "-" + field):
            result = run_cli(*command, "--sort", sort, "-f", "json")
            assert result.code == 0, result
            records = json.loads(result.stdout)
            assert sorted(map(json.dumps, records)) == sorted(map(json.dumps, natural)), sort


def test_sort_descending_and_limit(run_cli):
    assert ids(run_cli, "countries", "--sort", "-projects", "--limit", "3") == ["vietnam", "philippines", "bangladesh"]
    assert ids(run_cli, "countries", "--sort", "name_en", "-n", "2") == ["australia", "bangladesh"]
    assert [r["date"] for r in json.loads(run_cli("timeline", "--sort", "date", "-n", "2", "-f", "json").stdout)] == [
        "2016-09", "2017"]
    assert ids(run_cli, "measures", "--sort", "-id", "-n", "2") == ["3.12.4.4", "3.12.4.3"]
    assert ids(run_cli, "projects", "--sort", "stage", "-n", "1") == [1]  # the stages' own order: planning first


def test_records_without_the_field_come_last_either_way(run_cli):
    for sort in ("latest", "-latest"):
        result = json.loads(run_cli("projects", "--sort", sort, "-f", "json").stdout)
        with_events = [bool(p["events"]) for p in result]
        assert with_events == sorted(with_events, reverse=True), sort


def test_ties_keep_the_listings_order(run_cli):
    vietnam = ids(run_cli, "projects", "-c", "vietnam", "--sort", "country")
    assert vietnam == list(range(1, 13))


def test_a_limited_title_counts_what_it_shows(run_cli):
    assert run_cli("projects", "-n", "2").stdout.splitlines()[0] == "Projects (2 of 93)"
    assert run_cli("--lang", "ja", "projects", "-n", "2").stdout.splitlines()[0] == "案件（93件中2件）"
    assert run_cli("projects", "-n", "200").stdout.splitlines()[0] == "Projects (93)"


def test_search_limits_to_the_best_then_sorts(run_cli):
    best = ids(run_cli, "search", "rail", "-n", "5")
    assert sorted(best, key=str) == ids(run_cli, "search", "rail", "-n", "5", "--sort", "id")


def test_an_unknown_sort_field_is_a_usage_error(run_cli):
    result = run_cli("projects", "--sort", "-nmae_en")
    assert result.code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--sort': unknown sort field '-nmae_en' (did you mean '-name_en'?); "
        "valid values: id, name_en, name_ja, country, stage, new, latest, events")


def test_limit_must_be_positive(run_cli):
    result = run_cli("countries", "--limit", "0")
    assert result.code == 2 and "0 is not in the range x>=1" in result.stderr


def test_help_lists_the_sort_fields(run_cli):
    help_text = " ".join(run_cli("timeline", "--help").stdout.split())
    assert "--sort FIELD Order by FIELD, -FIELD for descending (ties keep the listing's order): date, project, country, kind." in help_text


def test_trailing_spaces_go_and_colour_codes_stay():
    from infraplan.output import strip_trailing

    assert strip_trailing("a  \x1b[1m \x1b[0m  \nb \n\n c") == "a\x1b[1m\x1b[0m\nb\n\n c"


# -- tables written without Rich's console, as it writes them ----------------------------------

def _rich_text(view, width: int, colour: bool, ascii_only: bool) -> str:
    import io

    from rich.console import Console

    from infraplan.output import strip_trailing
    from infraplan.render import render_table

    file = io.TextIOWrapper(io.BytesIO(), encoding="ascii" if ascii_only else "utf-8")
    console = Console(file=file, width=width, force_terminal=colour, color_system="standard" if colour else None,
                      highlight=False, emoji=False, soft_wrap=False)
    with console.capture() as capture:
        console.print(render_table(view))
    return strip_trailing(capture.get())


def _table_views():
    from infraplan import views
    from infraplan.store import load_catalogue

    cat = load_catalogue(DATA)
    return [views.sector_detail(cat, cat.sectors["rail"]), views.project_detail(cat, cat.projects[50]),
            views.project_listing(cat, list(cat.projects.values())), views.country_detail(cat, cat.countries["india"]),
            views.measure_listing(cat, list(cat.measures.values())[:40]), views.sector_listing(cat)]


@pytest.mark.parametrize("width", [1, 12, 30, 57, 80, 131])
def test_a_table_is_written_as_rich_writes_it(width):
    from infraplan.render import render_table

    from infraplan.linebreak import cell_len
    from infraplan.render import _view_lines

    for view in _table_views():
        for _style, pieces, cells in _view_lines(view, width):  # each line's cells, counted as laid out
            assert cells == cell_len("".join(text for text, _ in pieces))
        for colour in (False, True):
            for ascii_only in (False, True):
                text = render_table(view).text(width, ascii_only, colour)
                if width >= 30:  # wide enough that every line fits: written here, not left to Rich
                    assert text is not None
                if text is not None:
                    assert text == _rich_text(view, width, colour, ascii_only)


class _File:
    def __init__(self, tty: bool, encoding: str | None):
        self.tty, self.encoding = tty, encoding

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("columns, lines", [(None, None), ("77", None), ("77", "20"), (None, "20")])
@pytest.mark.parametrize("term", ["xterm-256color", "dumb"])
@pytest.mark.parametrize("force_color, tty_compatible", [(None, None), ("", None), ("1", None), (None, "0"),
                                                         ("1", "0"), (None, "1")])
@pytest.mark.parametrize("tty", [True, False])
def test_the_console_is_the_one_rich_would_choose(monkeypatch, columns, lines, term, force_color, tty_compatible, tty):
    from rich.console import Console

    from infraplan.output import _console

    for name, value in (("COLUMNS", columns), ("LINES", lines), ("TERM", term), ("FORCE_COLOR", force_color),
                        ("TTY_COMPATIBLE", tty_compatible)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    for encoding in ("utf-8", "cp932", None):
        file = _File(tty, encoding)
        console = Console(file=file, highlight=False, emoji=False, soft_wrap=False)
        assert _console(file, colour=True) == (console.width, console.options.ascii_only,
                                               console.color_system is not None)
