"""Property: whatever a data file holds (random bytes, truncations, swapped lines, stray YAML),
`validate` answers with exit 0 or 1, one located line per problem, and no traceback, in bounded time."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CASES
from infraplan.cli import app

FILES = ["projects.yaml", "measures.yaml", "countries.yaml", "sectors/rail.yaml", "plan.yaml"]
FRAGMENTS = ["&a [1]", "*a", "!!python/object:os.system", "? [a]\n: b", "{", "]", "- - -", "0x1F", ".nan",
             "1:30", "\t", "\u3000id： 1", "'unclosed", '"\\x1b[2J"', "---", "%YAML 1.1", "<<: *a", "~", "@", "`",
             "\ufeff", "\u202e", "a:\n  b:\n c:", "- [" * 40, "{a: " * 40]
LINE = re.compile(r"^[^\n]+:\d+:\d+: ")


@st.composite
def mutation(draw):
    name = draw(st.sampled_from(FILES))
    original = (CASES / "base" / name).read_bytes()
    kind = draw(st.sampled_from(["bytes", "truncate", "swap", "fragment", "delete"]))
    lines = original.split(b"\n")
    if kind == "bytes":
        at = draw(st.integers(0, len(original)))
        data = original[:at] + draw(st.binary(min_size=1, max_size=16)) + original[at:]
    elif kind == "truncate":
        data = original[: draw(st.integers(0, len(original)))]
    elif kind == "swap":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        data = b"\n".join(lines)
    elif kind == "fragment":
        i = draw(st.integers(0, len(lines) - 1))
        indent = draw(st.sampled_from([b"", b"  ", b"    "]))
        lines.insert(i, indent + draw(st.sampled_from(FRAGMENTS)).encode("utf-8"))
        data = b"\n".join(lines)
    else:
        del lines[draw(st.integers(0, len(lines) - 1))]
        data = b"\n".join(lines)
    return name, data


@settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=mutation())
def test_validate_survives_any_mutation(change, monkeypatch):
    name, data = change
    with tempfile.TemporaryDirectory() as tmp:
        monkeypatch.chdir(tmp)
        monkeypatch.setenv("INFRAPLAN_CACHE_DIR", str(Path(tmp) / "cache"))
        shutil.copytree(CASES / "base", Path(tmp) / "data")
        (Path(tmp) / "data" / name).write_bytes(data)
        result = CliRunner().invoke(app, ["--data-dir", "data", "validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.stderr
    lines = result.stderr.splitlines()
    if result.exit_code == 1:
        assert lines[-1].endswith(" problem(s) found.")
        lines = lines[:-1]
        assert lines
    assert all(LINE.match(line) for line in lines), result.stderr
