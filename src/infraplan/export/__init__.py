"""Exports of the whole catalogue: one JSON document (json.py), a SQLite database for Datasette
(sqlite.py), an OC4IDS project package (oc4ids.py). Every export is written by write.py: to a
temporary file renamed into place, never over an existing file without --force, never inside the
data folder, and carrying the plan's 出典 and licence. Nothing here prints."""
