"""Views and materialized views from the relations read (:mod:`.tables`)."""

from __future__ import annotations

from ..model import View
from .tables import Relations


def views_of(relations: Relations) -> list[View]:
    return [
        View(
            schema=rel["schema"],
            name=rel["name"],
            definition=_clean_viewdef(rel["viewdef"]),
            materialized=rel["kind"] == "m",
            indexes=tuple(rel["indexes"]) if rel["kind"] == "m" else (),
            comment=rel["comment"],
            options=rel["options"],
            triggers=tuple(rel.get("triggers", ())),
            statistics=tuple(rel.get("statistics", ())) if rel["kind"] == "m" else (),
            column_comments=rel["column_comments"],
        )
        for rel in relations.values()
        if rel["kind"] not in ("r", "p")
    ]


def _clean_viewdef(text: str | None) -> str:
    text = (text or "").strip()
    return text[:-1].rstrip() if text.endswith(";") else text

