"""Random schemas (as YAML documents: JSON is YAML) and random edits of them, for the property tests.

A schema has 1-3 tables of random columns (types, NOT NULL, defaults, checks, comments), plain,
partial, expression and unique indexes, unique constraints, relations and explicit foreign keys
(with referential actions) between the drawn tables, an enum used by columns, sometimes a view
over the first table and standalone sequences. Edits are the kinds people make: add, drop,
widen a column, flip NOT NULL, set a default, toggle a check, an index, a unique constraint, a
foreign key, add or drop a table, add enum labels (at the end or between others), change a
sequence, re-comment anything. Every comment and label is hostile text. Renames are out of scope.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

TYPES = ["integer", "bigint", "text", "varchar(20)", "numeric(10,2)", "boolean", "date", "timestamptz",
         "jsonb", "mood"]
DEFAULTS = {
    "integer": ["0", "42", "-1"], "bigint": ["0", "7"], "text": ["'x'", "''", "lower('AB')", "'it''s'"],
    "varchar(20)": ["'a'", "'b'::varchar"], "numeric(10,2)": ["0", "1.5"], "boolean": ["true", "false"],
    "date": ["CURRENT_DATE", "'2024-01-01'"], "timestamptz": ["now()", "CURRENT_TIMESTAMP"],
    "jsonb": ["'{}'", "'[]'::jsonb"], "mood": ["'ok'"],
}
CHECKS = {
    "integer": ["{c} > 0", "{c} BETWEEN 1 AND 10", "{c} IN (1, 2, 3)"],
    "bigint": ["{c} >= 0"],
    "text": ["{c} IN ('a', 'b')", "length({c}) < 10", "{c} ~ '^[a-z]+$'", "{c} LIKE 'x%'"],
    "varchar(20)": ["{c} IN ('a', 'b')", "{c} <> ''", "{c}::text ~~ ANY (ARRAY['a%', 'b%'])"],
    "numeric(10,2)": ["{c} > 0", "{c} < 100.5"],
    "date": ["{c} > '2000-01-01'"],
}
# Text that breaks naive quoting, splitting, escaping or terminals: every one must round-trip.
COMMENTS = ["plain", "it's", "semi; colon", "$$ dollar $$", "-- dash", "/* star */", "back\\slash", "ünïcode ✓",
            "two\nlines", "tab\there", "''", "\"double\"", "%s {0} %(x)s", "E'\\n'", "$tag$ x $tag$", "🦀 wide",
            "trailing space ", "[bold]markup[/]", "\x1b[31mred \u202e rtl"]
LABELS = ["ok", "sad", "it's", "a b", "ünï", "semi;", "$$", "UPPER", "back\\slash", "-- x"]
ACTIONS = ["cascade", "set null", "restrict", "no action"]
WIDER = {"integer": "bigint", "varchar(20)": "text", "numeric(10,2)": "numeric(12,2)"}
EDITS = ["add", "drop", "widen", "null", "default", "check", "comment", "index", "table", "label", "unique", "fk",
         "sequence", "view"]


@st.composite
def columns(draw, prefix: str) -> dict:
    cols = {}
    for i in range(draw(st.integers(1, 4))):
        t = draw(st.sampled_from(TYPES))
        col: dict = {"type": t}
        if draw(st.booleans()):
            col["nullable"] = False
        if t in DEFAULTS and draw(st.integers(0, 3)) == 0:
            col["default_sql"] = draw(st.sampled_from(DEFAULTS[t]))
        if t in CHECKS and draw(st.integers(0, 3)) == 0:
            col["check"] = draw(st.sampled_from(CHECKS[t])).format(c=f"{prefix}{i}")
        if draw(st.integers(0, 5)) == 0:
            col["comment"] = draw(st.sampled_from(COMMENTS))
        cols[f"{prefix}{i}"] = col
    return cols


def _foreign_key(draw, ent: dict, n: int) -> None:
    """A nullable column of ``ent`` referencing E0's key, with a drawn ON DELETE."""
    ent["columns"][f"r{n}"] = {"type": "bigint", "nullable": True}
    ent["foreign_keys"] = [{"columns": [f"r{n}"], "references": {"entity": "E0", "columns": ["id"]},
                            "on_delete": draw(st.sampled_from(ACTIONS))}]


@st.composite
def schemas(draw) -> dict:
    entities = {}
    for n in range(draw(st.integers(1, 3))):
        cols = {"id": {"type": "bigint", "primary": True}, **draw(columns(f"c{n}_"))}
        ent: dict = {"table": f"t{n}", "columns": cols}
        names = [c for c in cols if c != "id"]
        if draw(st.booleans()):
            col = draw(st.sampled_from(names))
            idx: dict = {"columns": [col]}
            if draw(st.booleans()):
                idx["where"] = f"{col} IS NOT NULL"
            if draw(st.integers(0, 3)) == 0:
                idx["unique"] = True
            ent["indexes"] = [idx]
        text_cols = [c for c in names if cols[c]["type"] in ("text", "varchar(20)")]
        if text_cols and draw(st.booleans()):
            ent.setdefault("indexes", []).append({"expressions": [f"lower({text_cols[0]})"]})
        if draw(st.integers(0, 3)) == 0:
            ent["unique"] = [[draw(st.sampled_from(names))]]
        if draw(st.integers(0, 3)) == 0:
            ent["comment"] = draw(st.sampled_from(COMMENTS))
        if n > 0 and draw(st.booleans()):
            ent["relations"] = {"parent": {"type": "many-to-one", "target": "E0"}}
        if n > 0 and draw(st.integers(0, 2)) == 0:
            _foreign_key(draw, ent, n)
        entities[f"E{n}"] = ent
    labels = draw(st.lists(st.sampled_from(LABELS[2:]), max_size=2, unique=True))
    doc: dict = {"enums": {"mood": {"values": ["ok", "sad", *labels]}}, "entities": entities}
    if draw(st.integers(0, 4)) == 0:
        doc["enums"]["mood"]["comment"] = draw(st.sampled_from(COMMENTS))
    if draw(st.booleans()):
        first = entities["E0"]["columns"]
        shown = [c for c in first if first[c]["type"] != "jsonb"][:2]
        doc["views"] = {"v0": {"sql": f"SELECT {', '.join(shown)} FROM t0"}}
        if draw(st.integers(0, 2)) == 0:
            doc["views"]["v0"]["comment"] = draw(st.sampled_from(COMMENTS))
    if draw(st.integers(0, 2)) == 0:
        doc["sequences"] = {"s0": _sequence(draw)}
    return doc


def _sequence(draw) -> dict:
    seq: dict = {}
    if draw(st.booleans()):
        seq["start"] = draw(st.sampled_from([1, 100, 1000]))
    if draw(st.booleans()):
        seq["increment"] = draw(st.sampled_from([1, 5]))
    if draw(st.integers(0, 2)) == 0:
        seq["cache"] = draw(st.sampled_from([1, 10]))
    if draw(st.integers(0, 3)) == 0:
        seq["comment"] = draw(st.sampled_from(COMMENTS))
    return seq


def _drop_column(doc: dict, ent: dict, victim: str) -> None:
    """``victim`` out of ``ent``, with the indexes, unique constraints and foreign keys on it."""
    del ent["columns"][victim]
    ent.pop("indexes", None)
    ent["unique"] = [u for u in ent.get("unique", []) if victim not in u]
    if not ent["unique"]:
        del ent["unique"]
    if any(victim in fk["columns"] for fk in ent.get("foreign_keys", [])):
        del ent["foreign_keys"]


def _edit_column(draw, doc: dict, ent: dict, kind: str) -> None:
    cols = ent["columns"]
    plain = [c for c in cols if c != "id"]
    if kind == "add":
        cols[f"n{len(cols)}_{draw(st.integers(0, 99))}"] = {"type": draw(st.sampled_from(TYPES)), "nullable": True}
        return
    if not plain:
        return
    c = draw(st.sampled_from(plain))
    t = cols[c]["type"]
    if kind == "drop" and len(plain) > 1 and "views" not in doc:
        _drop_column(doc, ent, c)
    elif kind == "widen" and t in WIDER and "check" not in cols[c] and "views" not in doc \
            and not any(c in fk["columns"] for fk in ent.get("foreign_keys", [])):
        cols[c]["type"] = WIDER[t]
        cols[c].pop("default_sql", None)
    elif kind == "null":
        cols[c]["nullable"] = not cols[c].get("nullable", True)
    elif kind == "default" and t in DEFAULTS:
        cols[c]["default_sql"] = draw(st.sampled_from(DEFAULTS[t]))
    elif kind == "check":
        if "check" in cols[c]:
            del cols[c]["check"]
        elif t in CHECKS:
            cols[c]["check"] = draw(st.sampled_from(CHECKS[t])).format(c=c)
    elif kind == "index":
        if ent.get("indexes"):
            ent["indexes"].pop()
        else:
            ent["indexes"] = [{"columns": [c], "unique": draw(st.booleans())}]
    elif kind == "unique":
        if ent.get("unique"):
            del ent["unique"]
        else:
            ent["unique"] = [[c]]


def _edit_doc(draw, doc: dict, name: str, kind: str) -> None:
    ents = doc["entities"]
    ent = ents[name]
    if kind == "comment":
        where = draw(st.sampled_from(["table", "enum", "view", "column"]))
        text = draw(st.sampled_from(COMMENTS))
        if where == "enum":
            doc["enums"]["mood"]["comment"] = text
        elif where == "view" and "views" in doc:
            doc["views"]["v0"]["comment"] = text
        elif where == "column":
            ent["columns"][draw(st.sampled_from(sorted(ent["columns"])))]["comment"] = text
        else:
            ent["comment"] = text
    elif kind == "table" and name != "E0":
        del ents[name]
    elif kind == "table":
        ents[f"E{len(ents) + 5}"] = {"table": f"t{len(ents) + 5}",
                                      "columns": {"id": {"type": "bigint", "primary": True}}}
    elif kind == "label":
        values = doc["enums"]["mood"]["values"]
        fresh = [x for x in [*LABELS, f"l{len(values)}"] if x not in values]
        values.insert(draw(st.integers(0, len(values))), draw(st.sampled_from(fresh)))
    elif kind == "fk" and name != "E0":
        if ent.get("foreign_keys"):
            del ent["foreign_keys"]
        elif f"r{name[1:]}" not in ent["columns"]:
            _foreign_key(draw, ent, int(name[1:]))
    elif kind == "sequence":
        if "sequences" in doc and draw(st.booleans()):
            del doc["sequences"]
        else:
            doc["sequences"] = {"s0": _sequence(draw)}
    elif kind == "view" and "views" in doc:
        first = ents["E0"]["columns"]
        shown = [c for c in first if first[c]["type"] != "jsonb"][:draw(st.integers(1, 2))]
        doc["views"]["v0"]["sql"] = f"SELECT {', '.join(shown)} FROM t0 WHERE id > {draw(st.integers(0, 9))}"


@st.composite
def edited(draw, doc: dict) -> dict:
    """``doc`` with 1-4 random edits of the kinds people make."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(doc["entities"])))
        kind = draw(st.sampled_from(EDITS))
        if kind in ("add", "drop", "widen", "null", "default", "check", "index", "unique"):
            _edit_column(draw, doc, doc["entities"][name], kind)
        else:
            _edit_doc(draw, doc, name, kind)
    return doc


@st.composite
def pairs(draw) -> tuple[dict, dict]:
    a = draw(schemas())
    return a, draw(edited(a))
