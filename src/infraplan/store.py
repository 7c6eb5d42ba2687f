"""Where the data lives and the cache of its validated form.

A query reads the catalogue from the indexed store (infraplan.indexed: one SQLite file a data
folder, read only in part) whose key is the stat of every data file, of the plan's text, of the
modules that define validation and the store, and the package version; any change to one of them
invalidates it, and the next run validates again (importing yaml and pydantic only then). Invalid
data is never stored.

A store that is missing, foreign, of another format or key, or broken (a record whose CRC-32 does
not match, an SQLite error) is rebuilt, never trusted; writes go to a temporary file renamed into
place, so a reader never sees half a file. A read-only or full disk only costs speed.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import NamedTuple

from infraplan import __version__
from infraplan.catalogue import Catalogue
from infraplan.layout import scan
from infraplan.problems import DataInvalid, DataMissing

_PACKAGE = Path(__file__).resolve().parent
_SCHEMA_MODULES = ("models.py", "validate.py", "loader.py", "layout.py", "vocab.py", "source/__init__.py",
                   "source/check.py", "consistency.py",
                   # what shapes the store: its files, the tables it shares with the export, the search rows
                   "catalogue.py", "search.py", "export/sqlite.py", "indexed/file.py", "indexed/catalogue.py",
                   "indexed/parsed.py", "indexed/checked.py", "indexed/search.py", "names.py",
                   "keys.py", "queries.py", "headings.py", "links.py")


def default_data_dir() -> Path:
    """The data shipped inside the package; in a source checkout (editable install), the repo's data/."""
    # The wheel maps data/ to infraplan/data (pyproject's force-include), which for an installed
    # package is what importlib.resources.files("infraplan") / "data" names; asking the path
    # directly saves importing importlib.resources on every query.
    packaged = _PACKAGE / "data"
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent / "data"  # src/infraplan -> repo root, only for editable installs
    if checkout.is_dir():
        return checkout
    raise DataMissing("no data directory found; pass --data-dir or set INFRAPLAN_DATA")


class DataDir(NamedTuple):
    """The data folder a command reads, and how it was chosen: "--data-dir", "INFRAPLAN_DATA",
    "checkout" (./data of the infraplan checkout around the current folder) or "package"."""

    path: Path
    how: str

    @property
    def display(self) -> str:
        """The folder as a person names it: relative to the current folder when inside it, with a
        trailing slash (`data/`)."""
        try:
            shown = self.path.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (ValueError, OSError):
            shown = str(self.path)
        return shown.rstrip("/") + "/" if shown != "." else "./"


_NAMES_INFRAPLAN = re.compile(r"""^name\s*=\s*["']infraplan["']""", re.M)


def find_checkout(start: Path) -> Path | None:
    """The infraplan checkout holding start (like git, start or a parent): a folder with
    data/plan.yaml beside a pyproject.toml whose project is named infraplan."""
    for folder in (start, *start.parents):
        if (folder / "data" / "plan.yaml").is_file():
            try:
                if _NAMES_INFRAPLAN.search((folder / "pyproject.toml").read_text(encoding="utf-8")):
                    return folder
            except (OSError, UnicodeDecodeError):
                pass
    return None


def resolve_data_dir(given: str | Path | None = None) -> DataDir:
    """The data folder every command reads: --data-dir, else $INFRAPLAN_DATA, else ./data of the
    infraplan checkout around the current folder, else the copy shipped in the package."""
    if given:
        return DataDir(Path(given), "--data-dir")
    if os.environ.get("INFRAPLAN_DATA"):
        return DataDir(Path(os.environ["INFRAPLAN_DATA"]), "INFRAPLAN_DATA")
    checkout = find_checkout(Path.cwd().resolve())
    if checkout is not None:
        return DataDir(checkout / "data", "checkout")
    return DataDir(default_data_dir(), "package")


def cache_dir() -> Path:
    if os.environ.get("INFRAPLAN_CACHE_DIR"):
        return Path(os.environ["INFRAPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "infraplan"


def _stats(paths) -> list:
    """[path, mtime, size] of each path; [path, error] for one that cannot be read."""
    entries = []
    for path in paths:
        try:
            st = path.stat()
            entries.append([str(path), st.st_mtime_ns, st.st_size])
        except OSError as exc:
            entries.append([str(path), str(exc)])
    return entries


def _modules_key() -> list:
    """The version and the stat of the modules that define validation and shape the store."""
    return [__version__, *_stats(_PACKAGE / name for name in _SCHEMA_MODULES)]


def _fingerprint(data_dir: Path) -> list:
    """The cache key: the version, and the stat of every data file, of the plan's text (quotations
    are validated against it) and of the validating modules.
    Any file that cannot be read makes a key that no cache matches, so the next step validates
    and reports it."""
    layout = scan(data_dir)
    source = data_dir / "source" / "action-plan-2023.txt"  # infraplan.source.SOURCE_FILE, without importing it
    return [*_modules_key(), *([str(path), problem] for path, problem in layout.problems),
            *_stats([*layout.files, source])]


def _store_file(data_dir: Path) -> Path:
    digest = format(zlib.crc32(os.fsencode(data_dir.resolve())), "08x")
    return cache_dir() / f"store-{digest}.sqlite"


def validate(data_dir: Path) -> tuple[dict, list]:
    """Validate data_dir from scratch; raise DataInvalid with every problem if any is an error,
    else rewrite the store and return the catalogue data and the problems that are not errors
    (warnings and notes: `infraplan validate` prints them, queries do not)."""
    from infraplan.indexed.checked import Findings
    from infraplan.indexed.file import write
    from infraplan.indexed.parsed import ParsedFiles
    from infraplan.validate import load_and_validate

    key = _fingerprint(data_dir)
    salt = json.dumps(_modules_key())
    parsed = ParsedFiles(_store_file(data_dir).with_suffix(".parsed"), salt)
    findings = Findings(_store_file(data_dir).with_suffix(".findings"), salt)
    data, problems = load_and_validate(data_dir, parsed=parsed, findings=findings)
    parsed.prune()
    findings.save(complete=not any(p.is_error for p in problems))  # errors stop the consistency checks
    if data is None:
        raise DataInvalid(problems)
    write(_store_file(data_dir), key, Catalogue(data))
    return data, problems


def load_catalogue(data_dir: Path) -> Catalogue:
    """The catalogue of data_dir: over the store when it is current (records load as they are
    asked for), else validated afresh (which rewrites the store) and held in memory."""
    if not data_dir.is_dir():
        raise DataMissing(f"data directory not found: {data_dir}")
    from infraplan.indexed.file import Broken, open_store

    db = open_store(_store_file(data_dir), _fingerprint(data_dir))
    if db is not None:
        from infraplan.indexed.catalogue import StoredCatalogue

        try:
            return StoredCatalogue(db, lambda: validate(data_dir)[0])
        except Broken:
            db.close()  # validate afresh
    return Catalogue(validate(data_dir)[0])  # its warnings are for `infraplan validate`, not for a query


def search_documents(data_dir: Path, cat: Catalogue):
    """What search.search() ranks for cat: the store's index when cat reads one (it reads only the
    documents a query may hit), else every search document."""
    if hasattr(cat, "search_index"):
        return cat.search_index()
    from infraplan.search import documents

    return documents(cat)


def resolve_ref(data_dir: Path, cat: Catalogue, ref: str) -> tuple[str, dict]:
    """search.resolve(cat, every search document, ref), reading from the store only the documents
    whose exact keys are ref (which decide it) and searching its index for the closest records
    when none is named so."""
    from infraplan.search import resolve

    if hasattr(cat, "documents_named"):
        return resolve(cat, cat.documents_named(ref), ref, near=cat.search_index())
    return resolve(cat, search_documents(data_dir, cat), ref)
