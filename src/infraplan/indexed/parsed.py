"""Each data file's parsed and schema-checked form, kept under the hash of its bytes, so that after
an edit validation parses only the files that changed (the cross-file checks run on every file).

An entry is one file: a header (format, length, CRC-32) and the LoadedFile's data, value and key
positions and the validated record, as marshal writes them (core types only: a file is kept only
when it loaded and passed its schema without a problem, which leaves no dates or other objects in
it). Its name is the SHA-256 of the file's bytes, its path, its name as shown, and `salt` (the
validating modules and the version), so an entry is found only for the very same input. Entries
are written to a temporary file renamed into place; a damaged one is parsed afresh; those that a
validation did not use are removed after it.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from pathlib import Path

from infraplan.loader import LoadedFile

FORMAT = 1


class ParsedFiles:
    def __init__(self, folder: Path, salt: str):
        self.folder, self.salt = folder, salt.encode("utf-8")
        self.used: set[str] = set()
        self.digests: dict[Path, str] = {}  # each file's digest (of its bytes, path, name and salt)

    def load(self, path: Path, display: str, compute) -> tuple[LoadedFile, dict | None]:
        """(file, validated record) of path: kept if its bytes were seen before, else compute(raw),
        which parses the very bytes that were hashed (an edit between the two cannot be kept under
        the other content's key)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return compute()  # the loader reports why it cannot be read
        digest = hashlib.sha256(b"\0".join([self.salt, os.fsencode(path), display.encode("utf-8", "surrogatepass"),
                                            raw])).hexdigest()
        self.digests[path] = digest
        entry = self.folder / f"{digest}.marshal"
        self.used.add(entry.name)
        kept = self._read(entry, path, display)
        if kept is not None:
            return kept
        file, validated = compute(raw)  # the bytes the digest is of, not the file read again
        if not file.failed and not file.problems and not file.flagged and validated is not None:
            self._write(entry, (FORMAT, file.data, file.values, file.keys, validated))
        return file, validated

    @staticmethod
    def _read(entry: Path, path: Path, display: str) -> tuple[LoadedFile, dict] | None:
        try:
            blob = entry.read_bytes()
            size, crc = int.from_bytes(blob[:8], "big"), int.from_bytes(blob[8:12], "big")
            payload = blob[12:]
            if len(payload) != size or zlib.crc32(payload) != crc:
                return None
            form, data, values, keys, validated = marshal.loads(payload)
            if form != FORMAT:
                return None
        except (OSError, ValueError, EOFError, TypeError):
            return None
        return LoadedFile(path=path, display=display, data=data, values=values, keys=keys), validated

    def _write(self, entry: Path, value: tuple) -> None:
        """Atomically; any failure (read-only folder, full disk) only costs speed."""
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            payload = marshal.dumps(value)
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(len(payload).to_bytes(8, "big") + zlib.crc32(payload).to_bytes(4, "big") + payload)
            os.replace(tmp, entry)
        except (OSError, ValueError):
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def prune(self) -> None:
        """Remove the entries (and leftovers of interrupted writes) that this validation did not use."""
        try:
            for entry in self.folder.iterdir():
                if entry.name not in self.used:
                    entry.unlink(missing_ok=True)
        except OSError:
            pass
