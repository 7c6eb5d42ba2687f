"""Where the data lives and the cache of its validated form.

A query reads the catalogue from a JSON cache whose key is the stat of every data file and of
the modules that define validation; any edit to either invalidates it, and the next run validates
again (importing yaml and pydantic only then). Invalid data is never cached.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

from infraplan import __version__
from infraplan.catalogue import Catalogue
from infraplan.problems import DataInvalid, DataMissing

_PACKAGE = Path(__file__).resolve().parent
_SCHEMA_MODULES = ("models.py", "validate.py", "loader.py", "vocab.py")


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


def cache_dir() -> Path:
    if os.environ.get("INFRAPLAN_CACHE_DIR"):
        return Path(os.environ["INFRAPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "infraplan"


def _fingerprint(data_dir: Path) -> list:
    entries: list = [__version__]
    for folder in (data_dir, data_dir / "sectors"):
        try:
            with os.scandir(folder) as it:
                for entry in sorted(it, key=lambda e: e.name):
                    if entry.name.endswith((".yaml", ".yml")):
                        st = entry.stat()
                        entries.append([entry.path, st.st_mtime_ns, st.st_size])
        except FileNotFoundError:
            entries.append([str(folder), None])
    for name in _SCHEMA_MODULES:
        st = (_PACKAGE / name).stat()
        entries.append([name, st.st_mtime_ns, st.st_size])
    return entries


def _cache_file(data_dir: Path, name: str = "catalogue") -> Path:
    digest = format(zlib.crc32(str(data_dir.resolve()).encode()), "08x")
    return cache_dir() / f"{name}-{digest}.json"


def validate(data_dir: Path) -> dict:
    """Validate data_dir from scratch; raise DataInvalid with every problem, else refresh the cache."""
    return validate_with_warnings(data_dir)[0]


def validate_with_warnings(data_dir: Path) -> tuple[dict, list]:
    """As validate, and also return the warnings (which never keep the data from being cached)."""
    from infraplan.validate import load_and_validate

    key = _fingerprint(data_dir)
    data, problems = load_and_validate(data_dir)
    if data is None:
        raise DataInvalid(problems)
    _write_cache(data_dir, key, data)
    return data, problems


def _write_cache(data_dir: Path, key: list, data: object, name: str = "catalogue") -> None:
    target = _cache_file(data_dir, name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "data": data}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only home only costs speed


def _read_cache(data_dir: Path, key: list, name: str = "catalogue") -> object | None:
    """The cached data of that name if it was written under this key, else None."""
    try:
        cached = json.loads(_cache_file(data_dir, name).read_text(encoding="utf-8"))
        return cached["data"] if cached.get("key") == key else None
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def load_catalogue(data_dir: Path) -> Catalogue:
    """The catalogue of data_dir: from the cache when it is current, else validated afresh."""
    if not data_dir.is_dir():
        raise DataMissing(f"data directory not found: {data_dir}")
    data = _read_cache(data_dir, _fingerprint(data_dir))
    return Catalogue(data if data is not None else validate(data_dir))


def search_documents(data_dir: Path, cat: Catalogue) -> list:
    """The search index of cat (normalised text of every record), cached beside the catalogue."""
    from infraplan.search import Document, documents

    st = (_PACKAGE / "search.py").stat()
    key = _fingerprint(data_dir) + [["search.py", st.st_mtime_ns, st.st_size]]
    rows = _read_cache(data_dir, key, "search")
    try:
        if rows is not None:
            return [Document.from_row(row) for row in rows]
    except (TypeError, ValueError):
        pass  # a cache from another layout: rebuild it
    docs = documents(cat)
    _write_cache(data_dir, key, [d.row() for d in docs], "search")
    return docs
