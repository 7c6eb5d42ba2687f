"""What makes up a data folder: its YAML files, what is missing, and what is ignored in it.

Only regular ``*.yaml`` files with the documented names (and, under ``sectors/``, one file per
sector) are data. Hidden files, editors' leftovers, dangling links and anything else are ignored,
each with a reason, so that an editor's lock file never breaks validation or a query. Imports
nothing heavy: the cache key of every query is computed from this scan.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

# The files at the top of the data folder, each one record kind (models.FILE_MODELS maps them).
DATA_FILES = ("plan.yaml", "countries.yaml", "projects.yaml", "organizations.yaml", "pillars.yaml",
              "chapter1.yaml", "measures.yaml", "outline.yaml")
RECORD_FOLDERS = ("sectors",)  # one *.yaml file a record; each must hold at least one
OTHER_FOLDERS = ("source",)  # not YAML (the plan's text): neither scanned nor warned about

_LEFTOVERS = (".#*", "#*#", "*~", ".*.sw?", "*.swp", "*.bak", "*.orig", "*.rej", "*.tmp")


class Layout:
    """The scan of a data folder: ``files`` to load (in a stable order), ``problems`` (path,
    message) that make the data invalid, ``ignored`` (path, reason) entries to warn about."""

    def __init__(self) -> None:
        self.files: list[Path] = []
        self.problems: list[tuple[Path, str]] = []
        self.ignored: list[tuple[Path, str]] = []


def _reason(entry: os.DirEntry) -> str | None:
    """Why entry is not a data file, or None when it is a regular *.yaml file."""
    name = entry.name
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in _LEFTOVERS):
        return "an editor's lock, backup or swap file"
    try:
        regular = entry.is_file()
    except OSError:
        regular = False
    if entry.is_symlink() and not os.path.exists(entry.path):
        return "a symbolic link to nothing"
    if name.startswith("."):
        return "a hidden file"
    if not regular:
        return "not a regular file"
    if name.endswith(".yml"):
        return f"infraplan reads *.yaml files; rename it to {name[:-4]}.yaml"
    if not name.endswith(".yaml"):
        return "not a YAML file"
    return None


def _entries(folder: Path, layout: Layout) -> list[os.DirEntry] | None:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        layout.problems.append((folder, "required folder is missing"))
    except NotADirectoryError:
        layout.problems.append((folder, "must be a folder"))
    except OSError as exc:
        layout.problems.append((folder, f"cannot read the folder: {exc.strerror or exc}"))
    return None


def scan(data_dir: Path) -> Layout:
    """The data files of data_dir, the required ones that are missing, and what is ignored."""
    layout = Layout()
    entries = _entries(data_dir, layout)
    if entries is None:
        return layout
    present = {e.name: e for e in entries}
    for name in DATA_FILES:
        entry = present.get(name)
        if entry is None:
            layout.problems.append((data_dir / name, "required file is missing"))
        elif _reason(entry):
            layout.problems.append((data_dir / name, f"required file is unusable: {_reason(entry)}"))
        else:
            layout.files.append(data_dir / name)
    for folder in RECORD_FOLDERS:
        found = len(layout.files)
        records = _entries(data_dir / folder, layout)
        for entry in records or []:
            reason = _reason(entry)
            if reason:
                layout.ignored.append((Path(entry.path), reason))
            else:
                layout.files.append(Path(entry.path))
        if records is not None and len(layout.files) == found:
            layout.problems.append((data_dir / folder, "holds no *.yaml file; each record is a file here"))
    for entry in entries:
        if entry.name in DATA_FILES or entry.name in RECORD_FOLDERS or entry.name in OTHER_FOLDERS:
            continue
        reason = _reason(entry)
        if reason is None:
            reason = "not a data file (the files are " + ", ".join(DATA_FILES) + ")"
        elif reason == "not a regular file" and entry.is_dir():
            reason = "not a data folder (the folders are " + ", ".join(RECORD_FOLDERS + OTHER_FOLDERS) + ")"
        layout.ignored.append((Path(entry.path), reason))
    return layout
