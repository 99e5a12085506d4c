"""``moved_from:`` on the kinds beyond tables: each hint, where it is, and what it must be.

A table's hint lives on its ``Table`` (entities/build.py); every other kind's is kept on the
``Database`` (``Database.moves``) as (collection, schema, name, old schema), the collection
being the model's field the object is in (procedures are ``functions``), so the diff
(diff/object_moves.py) can find the object it names in the current model.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..naming import NAMEDATALEN
from .index import doc_schema
from .loader import Doc

# YAML section -> the Database collection its objects are in
SECTIONS: tuple[tuple[str, str], ...] = (
    ("enums", "enums"), ("sequences", "sequences"), ("views", "views"), ("domains", "domains"),
    ("composite_types", "composite_types"), ("functions", "functions"), ("procedures", "functions"),
    ("aggregates", "aggregates"), ("range_types", "range_types"), ("collations", "collations"),
)


def _hinted(doc: Doc) -> Iterator[tuple[str, str, tuple, dict]]:
    """(collection, name, path, node) for every node of ``doc`` with a ``moved_from`` key
    (overloads given as a list are one node each)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for section, collection in SECTIONS:
        objs = data.get(section)
        for name, node in (objs.items() if isinstance(objs, dict) else ()):
            nodes = [(i, n) for i, n in enumerate(node)] if isinstance(node, list) else [(None, node)]
            for i, n in nodes:
                if isinstance(n, dict) and "moved_from" in n:
                    yield collection, str(name), (section, name) + (() if i is None else (i,)), n


def declared_moves(docs: list[Doc], default_schema: str) -> tuple[tuple[str, str, str, str], ...]:
    """The hints of ``docs``, sorted: (collection, schema, name, old schema)."""
    out = set()
    for doc in docs:
        fschema = doc_schema(doc, default_schema)
        for collection, name, _, node in _hinted(doc):
            schema, old = str(node.get("schema") or fschema), node.get("moved_from")
            if isinstance(old, str) and old and old != schema:
                out.add((collection, schema, name, old))
    return tuple(sorted(out))


def _bad_schema(old: str) -> str | None:
    """Why ``old`` cannot name the schema an object was in, or None."""
    if not old:
        return "must be a schema name"
    if "\x00" in old:
        return "cannot hold a NUL character"
    if len(old.encode()) > NAMEDATALEN - 1:
        return f"is longer than {NAMEDATALEN - 1} bytes (PostgreSQL would cut it)"
    if old.startswith("pg_"):
        return "names a system schema (pg_*): nothing of ours was there"
    return None


def check_moves(rep, doc: Doc, default_schema: str) -> None:
    """Each ``moved_from`` (tables' too) names another schema, and one that can exist."""
    fschema = doc_schema(doc, default_schema)
    data = doc.data if isinstance(doc.data, dict) else {}
    ents = data.get("entities")
    hinted = [(f"table '{n}'", ("entities", n), e) for n, e in (ents.items() if isinstance(ents, dict) else ())
              if isinstance(e, dict) and "moved_from" in e]
    hinted += [(f"{section_word(path[0])} '{name}'", path, node) for _, name, path, node in _hinted(doc)]
    for what, path, node in hinted:
        old, schema = node.get("moved_from"), str(node.get("schema") or fschema)
        if not isinstance(old, str):
            continue  # the JSON Schema says so
        why = _bad_schema(old)
        if why is not None:
            rep.add(doc, path + ("moved_from",), f"{what}: moved_from {why}",
                    hint="give the PostgreSQL schema the object was in before")
        elif old == schema:
            rep.add(doc, path + ("moved_from",), f"{what}: moved_from names its own schema '{schema}'",
                    hint="remove moved_from once the move is applied, or give the schema it came from")


def section_word(section: str) -> str:
    """``range_types`` -> ``range type``: the kind in a message."""
    return section.rstrip("s").replace("_", " ") if section != "aggregates" else "aggregate"
