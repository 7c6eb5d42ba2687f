"""The whole catalogue as one JSON document: every record of every kind, with its links resolved
both ways (what `show` lists), and the plan's 出典 and licence."""

from __future__ import annotations

import json

from infraplan.catalogue import Catalogue
from infraplan.vocab import RECORD_KINDS


def document(cat: Catalogue) -> dict:
    """{"plan", "attribution", "licence", "<kind>s": [record + {"links": [...]}]} in the plan's order."""
    out: dict = {"plan": cat.plan, "attribution": cat.plan["attribution"], "licence": cat.plan["licence"]}
    for kind in RECORD_KINDS:
        records = []
        for record in cat.records_of(kind).values():
            links = [{"relation": link["relation"], "kind": link["kind"], "id": link["id"]}
                     for link in cat.related(kind, record)]
            records.append({**record, "links": links})
        out["countries" if kind == "country" else f"{kind}s".replace("-", "_")] = records
    out["chapter1"] = cat.chapter1
    return out


def render(cat: Catalogue) -> bytes:
    return (json.dumps(document(cat), ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
