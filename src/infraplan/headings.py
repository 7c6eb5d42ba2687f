"""The plan as a document: its headings and footnotes, and what sits under each heading.

A mixin of Catalogue (catalogue.py); nothing here prints."""

from __future__ import annotations


class Headings:
    """The outline's questions: sub-headings, what a heading holds, and the record citing a footnote."""

    # -- footnotes: each belongs to the record whose lines hold the line that cites it ----------

    def footnote_owner(self, footnote: dict) -> tuple[str, object] | None:
        """(kind, id) of the record citing a footnote: the narrowest measure or sector action whose lines
        hold its cited_at line, else the sector, else the narrowest heading; None if nothing holds it."""
        line = footnote["cited_at"]

        def narrowest(records, kind):
            holding = [r for r in records if r["source"]["lines"][0] <= line <= r["source"]["lines"][1]]
            if not holding:
                return None
            best = min(holding, key=lambda r: r["source"]["lines"][1] - r["source"]["lines"][0])
            return kind, best["id"]

        return (narrowest(self.measures.values(), "measure") or narrowest(self.sectors.values(), "sector")
                or narrowest(self.headings.values(), "heading"))

    def footnotes_of(self, kind: str, rid: object) -> list[dict]:
        """The footnotes a record cites, in their order. Only a footnote cited inside the record's own
        lines can be its, so only those are asked for their owner (which reads every measure)."""
        first, last = self.records_of(kind)[rid]["source"]["lines"]
        return [f for f in self.footnotes.values()
                if first <= f["cited_at"] <= last and self.footnote_owner(f) == (kind, rid)]

    # -- the plan as a document ------------------------------------------------------------------

    def sub_headings(self, heading_id: str | None) -> list[dict]:
        """The headings directly under heading_id (None: the top level), in the plan's order."""
        return [h for h in self.headings.values() if (h["id"].rpartition(".")[0] or None) == heading_id]

    def measures_under(self, heading_id: str, scope: str | None = None) -> list[dict]:
        """Chapter 2's measures (2.x.y.z) or chapter 3's actions (3.s.6.n) under a heading, by their ids."""
        return [m for m in self.measures.values() if m["id"].startswith(heading_id + ".") and scope in (None, m["scope"])]

    def measures_directly_under(self, heading_id: str) -> list[dict]:
        """The measures or actions whose nearest heading is heading_id (3.4.6 for 3.4.6.2.1)."""
        return [m for m in self.measures.values() if ".".join(m["id"].split(".")[:3]) == heading_id]

    def projects_under(self, heading: dict) -> list[dict]:
        """The target projects the plan lists inside a heading's lines (the closing list's headings)."""
        first, last = heading["source"]["lines"]
        return [p for p in self.projects.values() if first <= p["source"]["lines"][0] <= last]

    def heading_counts(self, heading: dict) -> dict[str, int]:
        return {"measures": len(self.measures_under(heading["id"], "cross-cutting")),
                "actions": len(self.measures_under(heading["id"], "sector")),
                "projects": len(self.projects_under(heading))}

    def section_of(self, heading_id: str) -> dict | None:
        """The chapter1.yaml record of a chapter-1 heading (1.1.x, 1.3.x)."""
        return next((s for s in self.chapter1 if s["id"] == heading_id), None)

    def heading_record(self, heading_id: str) -> tuple[str, str] | None:
        """(kind, id) of the record a heading is the source of: a chapter-3 sector or a pillar."""
        parts = heading_id.split(".")
        if parts[0] == "3" and len(parts) == 2:
            sector = next((s for s in self.sectors.values() if s["number"] == int(parts[1])), None)
            return ("sector", sector["id"]) if sector else None
        pillar = next((p for p in self.pillars.values() if p["section"] == heading_id), None)
        return ("pillar", pillar["id"]) if pillar else None
