"""bench/scale.py: the replicated data sets the benchmark measures must validate, or it measures an error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import DATA

SCALE = Path(__file__).resolve().parent.parent / "bench" / "scale.py"


def test_data_replicated_three_times_validates_with_its_counts_scaled(tmp_path, run_cli):
    spec = importlib.util.spec_from_file_location("scale", SCALE)
    scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scale)
    out = scale.write_scaled(DATA, tmp_path / "3x", 3)
    result = run_cli("validate", data=out)
    assert result.code == 0, result
    assert result.stdout.startswith("ok: ") and "279 projects, 201 measures, 153 sector actions" in result.stdout
