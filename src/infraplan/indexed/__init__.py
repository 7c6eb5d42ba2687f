"""The indexed store: the validated catalogue as one SQLite file that a query reads only in part.

`file` writes and opens the store (the export's schema, shared, plus each record's JSON keyed by
kind and id and the search documents as rows); `catalogue` is a Catalogue over an open store that
loads records per kind and id and narrows its filters with the store's indexes.
"""
