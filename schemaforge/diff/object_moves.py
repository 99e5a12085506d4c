"""Objects other than tables moved to another PostgreSQL schema, from ``moved_from:`` hints
(``Database.moves``, never guessed).

``ALTER <kind> ... SET SCHEMA`` keeps the object's OID, and PostgreSQL keeps what uses it by
OID too: a view over a moved view, a column of a moved type, a default calling a moved
function or drawing from a moved sequence then print the new schema. So the current model is
rewritten to read as the catalog will after the moves (each moved object in its new schema,
every catalog text naming it spelling the new schema) before the rest of the diff compares
it, and nothing that uses a moved object is recreated. Function bodies are not catalog text
PostgreSQL tracks: a body naming a moved object keeps the old name (docs/yaml.md says so).

A move happens as it does for tables (diff/moves.py): the old object is in the database and
not wanted any more, the new one is not there yet. Otherwise the hint says nothing: already
moved (the new one exists), or to be created (neither exists).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from typing import Any

from .. import changes as ch
from ..idents import catalog_ident, quote
from ..model import Database, QName, RangeType, Trigger

# in the order moves are looked for: a kind's text may name the kinds before it (a function's
# argument of a moved type reads the new schema when the function's own move is chosen)
COLLECTIONS = ("collations", "enums", "domains", "composite_types", "range_types", "sequences",
               "functions", "aggregates", "views")

# fields that hold no catalog text naming other objects (names, free text, function bodies
# PostgreSQL does not track, hints, privileges)
_SKIP = frozenset({"schema", "name", "comment", "body", "body_file", "grants", "labels", "renamed_from",
                   "moved_from", "owned_by", "version", "initcond", "using", "using_down", "moves",
                   "schemas", "extensions", "default_privileges", "server_version", "named_not_nulls"})

# an aggregate's or range type's support functions: regproc text, a name without a call
_REGPROCS = frozenset({"sfunc", "finalfunc", "combinefunc", "canonical", "subtype_diff"})


def _key(o: Any) -> tuple:
    return o.key if hasattr(o, "key") else (o.schema, o.name)


def diff_object_moves(cur: Database, des: Database) -> tuple[list[ch.Change], Database]:
    """The moves the hints of ``des`` ask for, and ``cur`` as it reads after them."""
    if not des.moves:
        return [], cur
    hints = {(coll, schema, name): old for coll, schema, name, old in des.moves}
    out: list[ch.Change] = []
    for coll in COLLECTIONS:
        objs, wanted = getattr(cur, coll), {_key(o) for o in getattr(des, coll)}
        have = {_key(o): i for i, o in enumerate(objs)}
        moved: dict[int, str] = {}  # position in ``objs`` -> new schema
        for d in getattr(des, coll):
            old = hints.get((coll, d.schema, d.name))
            src = _key(replace(d, schema=old)) if old else None
            # (an owned sequence moves with its table)
            if (src in have and src not in wanted and _key(d) not in have and have[src] not in moved
                    and not getattr(objs[have[src]], "owned_by", None)):
                moved[have[src]] = d.schema
        if not moved:
            continue
        names: dict[QName, QName] = {}
        for i, schema in moved.items():
            o = objs[i]
            names[QName(o.schema, o.name)] = QName(schema, o.name)
            if isinstance(o, RangeType):
                names[QName(o.schema, o.multirange_name)] = QName(schema, o.multirange_name)
        cur = rewritten(cur, names, calls=coll in ("functions", "aggregates"), collations=coll == "collations")
        objs = getattr(cur, coll)
        out += [ch.MoveObject(objs[i], schema) for i, schema in sorted(moved.items(), key=lambda m: _key(objs[m[0]]))]
        cur = replace(cur, **{coll: tuple(replace(o, schema=moved[i]) if i in moved else o
                                          for i, o in enumerate(objs))})
    return out, cur.sorted()


def rewritten(db: Database, names: dict[QName, QName], *, calls: bool = False, collations: bool = False) -> Database:
    """``db`` with every catalog text naming one of ``names`` (as catalog text spells a
    qualified name) naming where it went. ``calls``: ``names`` are functions (or aggregates),
    named only as called (followed by ``(``), and triggers and operators calling one call it
    there; otherwise they are relations, types or sequences, never followed by ``(``.
    ``collations``: a column's collation is read with its name always quoted, so that
    spelling is rewritten too."""
    spelled = {f"{catalog_ident(a.schema)}.{catalog_ident(a.name)}": f"{catalog_ident(b.schema)}.{catalog_ident(b.name)}"
               for a, b in names.items()}
    if collations:
        spelled |= {f"{catalog_ident(a.schema)}.{quote(a.name)}": f"{catalog_ident(b.schema)}.{quote(b.name)}"
                    for a, b in names.items()}
    pattern = re.compile(r"(?<![\w\"$])(" + "|".join(re.escape(s) for s in sorted(spelled, key=len, reverse=True))
                         + r")(?![\w\"$])" + (r"(?=\()" if calls else r"(?!\()"))

    bare = re.compile(pattern.pattern.removesuffix(r"(?=\()"))  # a support function named as a regproc

    def text(s: str, field: str) -> str:
        if not any(k in s for k in spelled):
            return s
        return (bare if calls and field in _REGPROCS else pattern).sub(lambda m: spelled[m.group(1)], s)

    def walk(o: Any, field: str = "", owner: Any = None) -> Any:
        if isinstance(o, str):
            return text(o, field)
        if isinstance(o, QName):
            return names.get(o, o) if calls and field == "function" else o
        if isinstance(o, tuple):
            if field == "arguments" and isinstance(owner, Trigger):
                return o  # a trigger's arguments are string literals
            new = tuple(walk(x, field, owner) for x in o)
            return o if all(a is b for a, b in zip(new, o, strict=True)) else new
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            changed = {}
            for f in dataclasses.fields(o):
                if f.name in _SKIP:
                    continue
                v = getattr(o, f.name)
                w = walk(v, f.name, o)
                if w is not v:
                    changed[f.name] = w
            return replace(o, **changed) if changed else o
        return o

    return walk(db)
