"""Reading one side of a diff: a data folder, or the data folder of a git revision.

A revision's data is taken out with `git archive` into a temporary folder and validated there
with the project's own load_and_validate, as `infraplan validate` would except for the proof of
quotations against the plan's text (a side may predate the text's shipping, or be another
edition's draft; `validate` proves the working tree's); its problems are reported at
`REV:data/<file>:line:col`.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import NamedTuple

from infraplan.problems import DataInvalid, DataMissing


class SideError(DataMissing):
    """A side names neither a data folder nor a git revision that holds one (a usage error)."""


class Side(NamedTuple):
    label: str  # as the user named it: a folder or a revision
    data: dict  # the validated catalogue data


def read_side(spec: str | Path, current_data_dir: Path) -> Side:
    """The validated data of spec: a folder if one exists by that name, else a git revision of the
    repository around the current directory (its data folder at the same place as current_data_dir,
    or `data`). Raises SideError for a usage error, DataInvalid if that side's data is invalid."""
    path = Path(spec)
    if path.is_dir():
        return Side(_label(path) if isinstance(spec, Path) else str(spec), _validated(path))
    spec = str(spec)
    if spec.startswith("-") or not spec.strip():
        raise SideError(f"'{spec}' is neither a data folder nor a git revision")
    repo = _toplevel(spec)
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if commit.returncode != 0:
        raise SideError(f"'{spec}' is neither a data folder nor a revision of the git repository {repo}")
    sub = _data_path(repo, current_data_dir)
    archive = _git(repo, "archive", "--format=tar", commit.stdout.decode().strip(), "--", sub)
    if archive.returncode != 0:
        raise SideError(f"revision '{spec}' has no {sub}/ folder")
    with tempfile.TemporaryDirectory(prefix="infraplan-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(tmp, filter="data")
            else:  # Python < 3.10.12 / 3.11.4: git archive writes only the tree's own paths
                tar.extractall(tmp)  # noqa: S202
        return Side(spec, _validated(Path(tmp) / sub, relabel=(Path(tmp), spec)))


def _label(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _validated(folder: Path, relabel: tuple[Path, str] | None = None) -> dict:
    from infraplan.validate import load_and_validate

    data, problems = load_and_validate(folder, older=True)
    if data is None:
        if relabel:  # temp/data/projects.yaml -> main:data/projects.yaml
            root, rev = relabel
            problems = [p._replace(file=f"{rev}:{_relative(Path(p.file), root)}") for p in problems]
        raise DataInvalid(problems)
    return data


def _relative(path: Path, root: Path) -> str:
    for base in (root, root.resolve()):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _git(repo: Path | None, *args: str) -> subprocess.CompletedProcess:
    """Run git (its output as bytes); a missing git is a usage error, not a traceback."""
    try:
        return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except FileNotFoundError:
        raise SideError("git is not installed: a side that is not a folder must be a git revision") from None


def _toplevel(spec: str) -> Path:
    result = _git(None, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise SideError(f"'{spec}' is not a folder, and {Path.cwd()} is not in a git repository")
    return Path(os.fsdecode(result.stdout).strip())


def _data_path(repo: Path, data_dir: Path) -> str:
    """Where the data folder sits in the repository: where the current one does, else data/."""
    try:
        return data_dir.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return "data"
