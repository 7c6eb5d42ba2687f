"""Every view at 80 columns, in every language, on the real data: no line wider than the terminal,
none with trailing spaces, no id, code, slug or date broken across lines, and Japanese broken only
where the basic 禁則 rules allow."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from infraplan import linebreak
from infraplan.store import load_catalogue
from infraplan.vocab import EVENT_KINDS, RECORD_KINDS, REGIONS, STAGES

from conftest import DATA
from test_lang import VIEWS

LANGS = ["both", "ja", "en"]


def _tokens() -> set[str]:
    """What must never be cut: every id, code, stage, kind, region and date the data holds."""
    cat = load_catalogue(DATA)
    tokens = {*cat.countries, *cat.sectors, *cat.organizations, *cat.pillars, *cat.measures, *cat.headings,
              *STAGES, *EVENT_KINDS, *REGIONS, *RECORD_KINDS}
    tokens |= {c[k] for c in cat.countries.values() for k in ("iso2", "iso3")}
    tokens |= {e[k] for p in cat.projects.values() for e in p["events"] for k in ("date", "end") if e[k]}
    return {t for t in tokens if len(t) >= 4}


TOKENS = sorted(_tokens(), key=len, reverse=True)
_PATTERN = re.compile("|".join(rf"(?<![\w.-]){re.escape(t)}(?![\w-])" for t in TOKENS))


def token_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in _PATTERN.finditer(text):
        counts[match.group()] = counts.get(match.group(), 0) + 1
    return counts


@pytest.fixture
def at_width(run_cli, monkeypatch):
    def run(width: int, *args: str):
        monkeypatch.setenv("COLUMNS", str(width))
        result = run_cli(*args)
        assert result.code == 0, result
        return result.stdout

    return run


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("args", VIEWS, ids=[" ".join(v) for v in VIEWS])
def test_every_view_reads_at_80_columns(at_width, monkeypatch, lang, args):
    wrapped: list[tuple[str, int, list[str]]] = []
    real_wrap = linebreak.wrap_cells

    def recording_wrap(text, width, *rest, **options):
        lines, cells = real_wrap(text, width, *rest, **options)
        wrapped.append((text, width, lines))
        return lines, cells

    monkeypatch.setattr(linebreak, "wrap_cells", recording_wrap)
    narrow = at_width(80, "--lang", lang, *args)
    monkeypatch.setattr(linebreak, "wrap_cells", real_wrap)
    wide = at_width(400, "--lang", lang, *args)

    lines = narrow.splitlines()
    assert [line for line in lines if cell_len(line) > 80] == []
    assert [line for line in lines if line != line.rstrip()] == []
    assert [line for line in wide.splitlines() if line != line.rstrip()] == []
    # every id, code and date that the wide output shows whole, the narrow one shows whole as often
    assert token_counts(narrow) == token_counts(wide)
    # every cell's Japanese is broken by the 禁則 rules (where no unbreakable run is wider than the cell)
    violations = []
    for text, width, cell in wrapped:
        for paragraph_lines in _paragraphs(text, cell):
            if linebreak.longest_cluster("".join(paragraph_lines)) <= width:
                violations += [line for line in paragraph_lines[1:] if line[0] in linebreak.NO_START]
                violations += [line for line in paragraph_lines[:-1] if line[-1] in linebreak.NO_END]
    assert violations == []
    assert wrapped  # the check ran over the view's cells


def _paragraphs(text: str, lines: list[str]):
    """The lines of each paragraph of a cell (its own line breaks end a paragraph)."""
    position = 0
    for paragraph in text.split("\n"):
        want = paragraph.replace(" ", "")
        taken = [lines[position]]
        got = lines[position].replace(" ", "")
        position += 1
        while got != want and position < len(lines):
            taken.append(lines[position])
            got += lines[position].replace(" ", "")
            position += 1
        yield taken


def test_a_slug_never_breaks_even_when_its_column_is_squeezed(at_width):
    out = at_width(80, "projects", "--sector", "transport-soft-infra")
    assert out.count("transport-soft-infra") == 8
    assert "transport-so\n" not in out


def test_japanese_labels_never_break(at_width):
    out = at_width(80, "--lang", "ja", "project", "50")
    header = next(line for line in out.splitlines() if line.startswith(" ID "))
    assert header.split() == ["ID", "施策", "柱", "国", "案件"]


def test_narrow_tables_stack_columns_rather_than_squeeze_the_text(at_width):
    lines = at_width(80, "projects", "-c", "vietnam").splitlines()
    assert lines[2:4] == [" ID   Project                                Country                Stage",
                          "                                             Sectors                Latest"]
    at = lines.index(" 7    ハノイ南部バスターミナル整備･運営事    Vietnam                survey")
    assert lines[at + 1:at + 3] == ["      業                                     transport-soft-infra   2023-04 –",
                                    "      Hanoi Southern Bus Terminal                                   2023-07"]
    wide = at_width(200, "projects", "-c", "vietnam").splitlines()
    assert wide[2].split() == ["ID", "Project", "Country", "Sectors", "Stage", "Latest"]


def test_any_width_keeps_within_the_terminal(at_width):
    for width in (40, 60, 100, 120):
        for args in (["project", "50"], ["measures", "--pillar", "om"], ["sector", "rail"], ["organizations"]):
            lines = at_width(width, "--lang", "ja", *args).splitlines() + at_width(width, *args).splitlines()
            assert [line for line in lines if cell_len(line) > width] == [], (width, args)
