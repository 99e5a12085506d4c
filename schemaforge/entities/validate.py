"""Semantic checks that a JSON Schema cannot express.

Types must exist, names must resolve across files, SQL snippets must parse, keys must not
be declared twice. Every problem points at the exact YAML node, so ``forge validate`` can
print ``file:line:col`` and nothing ever reaches a database with a mistake a machine could
have caught.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .. import fragments as F
from .. import types as T
from ..errors import Problem
from .collations import check_collations
from .index import FK_TYPES, Catalog, Entity, spec_key
from .loader import Doc
from .moves import check_moves
from .statistics import check_statistics, check_view_statistics
from .structure import CUT_TYPE_KEY, did_you_mean
from .table_attributes import check_attributes, inherited_names
from .temporal import temporal_problems
from .view_columns import check_view_columns

SQL_KEYS_COLUMN = ("default_sql", "check", "generated_sql", "using", "using_down")


class Reporter:
    """Collects problems located at YAML paths."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, doc: Doc, path: tuple, message: str, hint: str | None = None, *, key: bool = False) -> None:
        line, col = doc.pos(path, key=key)
        self.problems.append(Problem(doc.file, line, col, message, hint))


# ---------------------------------------------------------------- flow-mapping comma mistake

def find_cut_types(doc: Doc) -> tuple[list[Problem], set[tuple]]:
    """``{ type: numeric(12,2) }`` reads as ``type: numeric(12`` plus a key ``2)``: say so once.

    Returns the problems and the column paths concerned (their stray keys are not reported
    again by the JSON Schema check, nor their type by the type check).
    """
    rep = Reporter()
    paths: set[tuple] = set()
    data = doc.data if isinstance(doc.data, dict) else {}
    ents = data.get("entities")
    for ename, ent in (ents.items() if isinstance(ents, dict) else []):
        cols = ent.get("columns") if isinstance(ent, dict) else None
        for cname, col in (cols.items() if isinstance(cols, dict) else []):
            if not isinstance(col, dict) or not isinstance(col.get("type"), str):
                continue
            t = col["type"]
            if t.count("(") <= t.count(")"):
                continue
            path = ("entities", ename, "columns", cname)
            paths.add(path)
            stray = [str(k).strip() for k in col if CUT_TYPE_KEY.match(str(k))]
            full = t + "," + ",".join(stray) if stray else t + ")"
            spec = T.parse_type(full)
            hint = None
            args = (spec.args or "").split(",")
            alt = ""
            if spec.base == "numeric" and len(args) == 2 and all(a.isdigit() for a in args):
                alt = f" or use precision: {args[0]}, scale: {args[1]}"
            elif T.accepts_length(spec.base) and len(args) == 1 and args[0].isdigit():
                alt = f" or use length: {args[0]}"
            if stray:
                msg = f"type '{t}' is cut at a comma: quote it (type: \"{full}\"){alt}"
                hint = "in a flow mapping { ... } a comma separates keys, so an unquoted type loses everything after it"
            else:
                msg = f"type '{t}' has an unbalanced parenthesis"
            rep.add(doc, path + ("type",), msg, hint)
    return rep.problems, paths


# ---------------------------------------------------------------- SQL

def sql_error(text: Any, *, statement: bool = False) -> str | None:
    """Why ``text`` is not exactly one PostgreSQL expression (or query); None if it is."""
    return F.query_error(text) if statement else F.expression_error(text)


def expression_columns(text: str) -> list[str]:
    """Distinct column names an expression uses (for PostgreSQL's check-constraint naming)."""
    return list(_expression_columns(text))


@functools.lru_cache(maxsize=16384)
def _expression_columns(text: str) -> tuple[str, ...]:
    """Parsing costs about a millisecond; schemas repeat their checks (``price >= 0``), and
    most are in the small grammar ``canonical.sqltext`` reads without sqlglot."""
    from ..canonical.sqltext import plain_expression

    simple = plain_expression(text)
    if simple is not None:
        return simple
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(f"SELECT {text}", read="postgres")
    except Exception:  # noqa: BLE001
        return ()
    names: list[str] = []
    for col in tree.find_all(exp.Column):
        if col.name and col.name not in names:
            names.append(col.name)
    return tuple(names)


# ---------------------------------------------------------------- semantics

def check_semantics(docs: list[Doc], cat: Catalog, dirty: dict[int, set[tuple]] | None = None,
                    cut: set[tuple] | None = None) -> list[Problem]:
    """Semantic problems of ``docs`` (the catalog spans all files).

    ``dirty`` maps ``id(doc)`` to the top-level paths (``("entities", "User")``, ``("views",
    "v")``, or ``()`` for the whole file) that failed the JSON Schema: those are skipped, as
    their shape cannot be trusted; everything else is still checked. ``cut``: the column paths
    :func:`find_cut_types` gives for ``docs``, when each file's own checks found them already.
    """
    dirty = dirty or {}
    rep = Reporter()
    skip_types: set[tuple] = cut if cut is not None else set().union(*(find_cut_types(d)[1] for d in docs))

    def clean(doc: Doc, path: tuple) -> bool:
        bad = dirty.get(id(doc), set())
        return () not in bad and path[:1] not in bad and path[:2] not in bad

    index_names: dict[tuple[str, str], tuple[Doc, tuple]] = {}  # (schema, name) -> where first named
    passed: set[tuple] = set()  # columns found right: an equal one elsewhere is right too
    for ent in cat.entities.values():
        if clean(ent.doc, ent.path):
            _check_entity(rep, cat, ent, skip_types, index_names, passed)
    for doc in docs:
        _check_views_sequences(rep, cat, doc, clean)
        check_collations(rep, doc)
        check_moves(rep, doc, cat.default_schema)
    from .grants import check_grants  # entities.grants reads validate's column list

    return rep.problems + check_grants([d for d in docs if () not in dirty.get(id(d), set())], cat)


def _known_type(cat: Catalog, text: str, schema: str) -> bool:
    spec = T.parse_type(text)
    if spec.base in T.BUILTIN_TYPES or spec.base.startswith("interval"):
        return True
    if cat.find_enum(spec.base, schema) or cat.find_type(spec.base, schema):
        return True
    if any(spec.base in T.EXTENSION_TYPES.get(e, ()) for e in cat.extensions):
        return True
    return "." in spec.base  # schema-qualified: a domain or type managed elsewhere; be lenient


# Names from other databases and languages, and the PostgreSQL type people mean by them.
_FOREIGN = {"string": "text", "str": "text", "datetime": "timestamptz", "long": "bigint", "int64": "bigint",
            "int32": "integer", "float64": "double precision", "blob": "bytea", "clob": "text", "tinyint": "smallint",
            "mediumint": "integer", "nvarchar": "varchar", "number": "numeric", "dict": "jsonb", "object": "jsonb",
            "map": "jsonb", "guid": "uuid", "bit varying": "varbit", "boolean": "boolean"}


def _type_suggestion(cat: Catalog, base: str) -> str:
    if base in _FOREIGN:
        return f" (did you mean '{_FOREIGN[base]}'?)"
    import difflib

    choices = T.known_names() + [n for (_, n) in cat.enums] + list(_FOREIGN)
    match = difflib.get_close_matches(base, choices, n=1, cutoff=0.6)
    if not match:
        return ""
    return f" (did you mean '{_FOREIGN.get(match[0], match[0])}'?)"


def _check_type(rep: Reporter, cat: Catalog, ent: Entity, cname: str, col: dict) -> None:
    path = ent.path + ("columns", cname)
    doc = ent.doc
    t = col["type"]
    err = F.type_error(t)
    if err:
        rep.add(doc, path + ("type",), f"type '{t}' of column '{cname}' is not a type name: {err}",
                hint="write a type name such as text, numeric(12, 2), myschema.mytype or integer[]")
        return
    spec = T.parse_type(t)
    if not _known_type(cat, t, ent.schema):
        ext = next((e for e, names in T.EXTENSION_TYPES.items() if spec.base in names), None)
        if ext:
            rep.add(doc, path + ("type",), f"type '{spec.base}' of column '{cname}' needs the extension '{ext}'",
                    hint=f"add it to the file: extensions: [{ext}]")
        else:
            rep.add(doc, path + ("type",),
                    f"unknown type '{t}' in column '{cname}'{_type_suggestion(cat, spec.base)}",
                    hint="use a PostgreSQL type, an enum declared under enums:, an extension type "
                         "(with the extension listed), or a schema-qualified name")
        return
    has_args = spec.args is not None
    for key, ok in (("length", T.accepts_length), ("precision", T.accepts_precision)):
        if key in col:
            if has_args:
                rep.add(doc, path + (key,), f"column '{cname}' gives {key} both in the type '{t}' and as '{key}'",
                        hint="keep one of them", key=True)
            elif not ok(spec.base):
                rep.add(doc, path + (key,), f"type '{t}' of column '{cname}' does not take a {key}", key=True)
    if "scale" in col:
        if "precision" not in col:
            rep.add(doc, path + ("scale",), f"scale without precision in column '{cname}'",
                    hint="give precision too: precision: 12, scale: 2", key=True)
        elif spec.base != "numeric":
            rep.add(doc, path + ("scale",), f"type '{t}' of column '{cname}' does not take a scale", key=True)
        elif isinstance(col.get("precision"), int) and col["scale"] > col["precision"]:
            rep.add(doc, path + ("scale",), f"scale {col['scale']} is larger than precision {col['precision']}")


def _check_entity(rep: Reporter, cat: Catalog, ent: Entity, skip_types: set[tuple],
                  index_names: dict[tuple[str, str], tuple[Doc, tuple]], passed: set[tuple]) -> None:
    """Everything one entity's own keys can get wrong, in the order of its YAML sections."""
    doc, node = ent.doc, ent.node
    if not isinstance(node, dict):
        return
    all_cols = _visible_columns(cat, ent, node)

    def need_column(path: tuple, name: Any, what: str) -> None:
        if str(name) not in all_cols:
            rep.add(doc, path, f"{what} names column '{name}', which entity '{ent.name}' does not have"
                    f"{did_you_mean(name, all_cols)}", hint=f"columns: {', '.join(all_cols) or '(none)'}")

    _check_columns(rep, cat, ent, skip_types, passed)
    _check_keys(rep, ent, node, need_column)
    for path, message, hint in temporal_problems(node):
        rep.add(doc, ent.path + path, message, hint=hint, key=True)
    for i, idx in enumerate(node.get("indexes") or []):
        _check_index(rep, ent, ent.path + ("indexes", i), idx, need_column, index_names)
        _check_method(rep, cat, ent.doc, ent.path + ("indexes", i, "method"), idx.get("method"))
    _check_checks_and_exclusions(rep, ent, node, need_column)
    check_statistics(rep, doc, ent.path, node, need_column)
    _check_partition(rep, cat, ent, node)
    check_attributes(rep, cat, ent, node)
    for cname in node.get("not_null_names") or {} if "partition_of" in node else ():
        need_column(ent.path + ("not_null_names", cname), cname, "not_null_names")
    for i, fk in enumerate(node.get("foreign_keys") or []):
        _check_fk(rep, cat, ent, ent.path + ("foreign_keys", i), fk, need_column)
    for rname, rel in ent.relations.items():
        _check_relation(rep, cat, ent, str(rname), rel)


def _visible_columns(cat: Catalog, ent: Entity, node: dict) -> list[str]:
    """The columns constraints may name: the entity's own, and a partition's parent's."""
    all_cols = ent.all_columns()
    if isinstance(node.get("partition_of"), str):
        parent = cat.find_entity(str(node["partition_of"]), ent.schema)
        if parent is not None and parent is not ent:
            all_cols = [*all_cols, *(c for c in parent.all_columns() if c not in all_cols)]
    return [*all_cols, *(c for c in inherited_names(cat, ent) if c not in all_cols)]


def _check_columns(rep: Reporter, cat: Catalog, ent: Entity, skip_types: set[tuple], passed: set[tuple]) -> None:
    """Each column's checks. They read the column's name and spec, the entity's schema (types,
    enums, references are looked up there), whether a comma cut its type and whether a relation
    adds a column of its name: a column equal in all that to one in ``passed`` passes unchecked
    (specs repeat: id, created_at...), its values' types included (:func:`.index.spec_key`)."""
    relcols = ent.relation_columns()
    for cname, col in ent.columns.items():
        if not isinstance(col, dict):
            continue
        try:
            key: tuple | None = (cname, type(cname), ent.schema, ent.path + ("columns", cname) in skip_types,
                                 str(cname) in relcols, spec_key(col))
            if key in passed:
                continue
        except TypeError:  # a spec holding a list or a mapping: checked every time
            key = None
        found = len(rep.problems)
        _check_column(rep, cat, ent, cname, col, skip_types, relcols)
        if key is not None and len(rep.problems) == found:
            passed.add(key)


_EXCLUSIVE_KEYS = (("default", "default_sql"), ("default", "generated_sql"), ("default_sql", "generated_sql"),
                   ("identity", "default"), ("identity", "default_sql"), ("identity", "generated_sql"))


def _check_column(rep: Reporter, cat: Catalog, ent: Entity, cname: Any, col: dict, skip_types: set[tuple],
                  relcols: dict[str, str]) -> None:
    """``cname`` is the YAML key as written (the path to it finds its line)."""
    doc, path = ent.doc, ent.path + ("columns", cname)
    typed = path not in skip_types and isinstance(col.get("type"), str)
    if typed:
        _check_type(rep, cat, ent, str(cname), col)
    if str(cname) in relcols:
        rep.add(doc, path, f"column '{cname}' clashes with the column added by relation '{relcols[str(cname)]}'",
                hint="rename the column or the relation", key=True)
    for a, b in _EXCLUSIVE_KEYS:
        if a in col and b in col:
            hint = ("default is a literal value, default_sql an expression: keep one"
                    if {a, b} == {"default", "default_sql"} else None)
            rep.add(doc, path + (b,), f"column '{cname}' has both {a} and {b}", hint=hint, key=True)
    if "identity" in col and typed and not T.is_integer(T.combine_type(col["type"])):
        rep.add(doc, path + ("identity",), f"identity column '{cname}' must be smallint, integer or bigint, not '{col['type']}'",
                hint="use type: bigint (or integer) with identity, or default_sql for other types")
    if col.get("primary") is True and col.get("nullable") is True:
        rep.add(doc, path + ("nullable",), f"primary key column '{cname}' cannot be nullable", key=True)
    if col.get("not_null_valid") is False and (col.get("nullable") is True or col.get("primary") is True):
        rep.add(doc, path + ("not_null_valid",), f"not_null_valid in column '{cname}' needs a NOT NULL column "
                "that is not the primary key", hint="remove not_null_valid, or nullable/primary", key=True)
    if "generated_kind" in col and "generated_sql" not in col:
        rep.add(doc, path + ("generated_kind",), f"generated_kind in column '{cname}' has no effect without generated_sql",
                hint="add generated_sql: <expression>, or remove generated_kind", key=True)
    for key in SQL_KEYS_COLUMN:
        err = sql_error(col[key]) if key in col else None
        if err:
            rep.add(doc, path + (key,), f"invalid SQL in {key} of column '{cname}': {err}",
                    hint="write a PostgreSQL expression; quote the YAML value if it contains ': ' or '#'")
    if "default" in col and col["default"] is not None and isinstance(col.get("type"), str):
        _check_enum_default(rep, cat, ent, path, cname, col)
        if typed and T.is_integer(col["type"]):
            _check_integer_default(rep, ent, path, cname, col["default"])
    if "references" in col:
        _check_reference(rep, cat, ent, path + ("references",), str(col["references"]))
    elif "on_delete" in col or "on_update" in col:
        k = "on_delete" if "on_delete" in col else "on_update"
        rep.add(doc, path + (k,), f"{k} in column '{cname}' has no effect without references", key=True)


def _check_enum_default(rep: Reporter, cat: Catalog, ent: Entity, path: tuple, cname: str, col: dict) -> None:
    enum = cat.find_enum(T.parse_type(col["type"]).base, ent.schema)
    if enum and not T.parse_type(col["type"]).array and str(col["default"]) not in enum.labels:
        rep.add(ent.doc, path + ("default",),
                f"default '{col['default']}' of column '{cname}' is not a label of enum '{enum.name}'"
                f"{did_you_mean(col['default'], enum.labels)}", hint=f"labels: {', '.join(enum.labels)}")


# What PostgreSQL's integer input may accept (a superset: 16's underscores and 0x/0o/0b
# prefixes included), so that only a value no version takes is refused here.
_INTEGER_TEXT = re.compile(r"\s*[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)\s*")


def _check_integer_default(rep: Reporter, ent: Entity, path: tuple, cname: str, value: Any) -> None:
    """``default: abc`` on an integer column, caught without a database (a float is rounded)."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, str) and not _INTEGER_TEXT.fullmatch(value):
        shown = repr(value)
    elif isinstance(value, list):
        shown = "[" + ", ".join(str(v) for v in value) + "]"
    elif not isinstance(value, str | int | float):  # a date, say
        shown = repr(str(value))
    else:
        return
    rep.add(ent.doc, path + ("default",), f"default {shown} of column '{cname}' is not an integer",
            hint="write a whole number such as 0, or use default_sql for an SQL expression")


def _check_keys(rep: Reporter, ent: Entity, node: dict, need_column) -> None:
    """primary_key (not both it and ``primary: true`` flags) and unique constraints name real columns."""
    if "primary_key" in node:
        primaries = [c for c, n in ent.columns.items() if isinstance(n, dict) and n.get("primary") is True]
        if primaries:
            rep.add(ent.doc, ent.path + ("primary_key",),
                    f"entity '{ent.name}' declares two primary keys: primary_key and primary: true on "
                    f"column{'s' if len(primaries) > 1 else ''} {', '.join(repr(str(p)) for p in primaries)}",
                    hint="a table has one primary key: keep primary_key or the primary: true flags", key=True)
        pk_node = node["primary_key"]
        pk_path = ent.path + ("primary_key",) + (("columns",) if isinstance(pk_node, dict) else ())
        for i, c in enumerate(pk_node.get("columns") or [] if isinstance(pk_node, dict) else pk_node):
            need_column(pk_path + (i,), c, "primary_key")
    for i, item in enumerate(node.get("unique") or []):
        cols = item.get("columns") if isinstance(item, dict) else item
        base = ent.path + ("unique", i) + (("columns",) if isinstance(item, dict) else ())
        for j, c in enumerate(cols or []):
            need_column(base + (j,), c, f"unique constraint #{i + 1}")


def _check_checks_and_exclusions(rep: Reporter, ent: Entity, node: dict, need_column) -> None:
    for cname, expr in (node.get("checks") or {}).items():
        cpath = ent.path + ("checks", cname)
        if isinstance(expr, dict):
            expr, cpath = expr.get("expression"), cpath + ("expression",)
        err = sql_error(expr)
        if err:
            rep.add(ent.doc, cpath, f"invalid SQL in check '{cname}': {err}")
    for i, ex in enumerate(node.get("exclusions") or []):
        err = sql_error(ex["where"]) if "where" in ex else None
        if err:
            rep.add(ent.doc, ent.path + ("exclusions", i, "where"), f"invalid SQL in exclusion constraint where: {err}")
        for j, c in enumerate(ex.get("include") or []):
            need_column(ent.path + ("exclusions", i, "include", j), c, "exclusion constraint include")


def _check_partition(rep: Reporter, cat: Catalog, ent: Entity, node: dict) -> None:
    doc = ent.doc
    if "partition_of" not in node:
        for key in ("partition_bound", "not_null_names"):
            if key in node:
                rep.add(doc, ent.path + (key,), f"{key} needs partition_of", key=True,
                        hint="not_null_names of a table's own columns: not_null_name on each column"
                        if key == "not_null_names" else None)
        return
    parent = cat.find_entity(str(node["partition_of"]), ent.schema)
    if parent is None:
        rep.add(doc, ent.path + ("partition_of",), f"entity '{ent.name}' is a partition of unknown entity "
                f"'{node['partition_of']}'{did_you_mean(node['partition_of'], cat.entities)}")
    elif not isinstance(parent.node, dict) or "partition_by" not in parent.node:
        rep.add(doc, ent.path + ("partition_of",), f"entity '{parent.name}' is not partitioned",
                hint="give it partition_by: RANGE (column), LIST (column) or HASH (column)")
    if "partition_bound" not in node:
        rep.add(doc, ent.path + ("partition_of",), f"partition '{ent.name}' needs partition_bound",
                hint="e.g. partition_bound: FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'), or DEFAULT", key=True)


def _check_index(rep: Reporter, ent: Entity, path: tuple, idx: dict, need_column, index_names) -> None:
    doc = ent.doc
    if not idx.get("columns") and not idx.get("expressions"):
        rep.add(doc, path, "index has neither columns nor expressions", hint="give columns: [...] or expressions: [...]")
    for j, el in enumerate(idx.get("columns") or []):
        if isinstance(el, str):
            need_column(path + ("columns", j), el, "index")
            continue
        given = [k for k in ("name", "column", "expression") if k in el]
        if len(given) != 1:
            rep.add(doc, path + ("columns", j), "index column must give exactly one of name, column or expression")
            continue
        if given[0] == "expression":
            err = sql_error(el["expression"])
            if err:
                rep.add(doc, path + ("columns", j, "expression"), f"invalid SQL in index expression: {err}")
            target = el.get("statistics")
            if target is not None and not 0 <= target <= 10000:
                rep.add(doc, path + ("columns", j, "statistics"), f"statistics target {target} is out of range",
                        hint="give 0 to 10000 (or leave it out for the default)")
        else:
            need_column(path + ("columns", j, given[0]), el[given[0]], "index")
            if "statistics" in el:
                rep.add(doc, path + ("columns", j, "statistics"), "PostgreSQL keeps a statistics target only for an "
                        "expression key of an index", hint="on a column, set the column's own statistics: n", key=True)
    for j, e in enumerate(idx.get("expressions") or []):
        err = sql_error(e)
        if err:
            rep.add(doc, path + ("expressions", j), f"invalid SQL in index expression: {err}")
    if "where" in idx:
        err = sql_error(idx["where"])
        if err:
            rep.add(doc, path + ("where",), f"invalid SQL in index where: {err}")
    for j, c in enumerate(idx.get("include") or []):
        need_column(path + ("include", j), c, "index include")
    if idx.get("nulls_not_distinct") and not idx.get("unique"):
        rep.add(doc, path + ("nulls_not_distinct",), "nulls_not_distinct needs unique: true", key=True)
    if "name" in idx:
        key = (ent.schema, str(idx["name"]))
        if key in index_names:  # positions only for a clash: reading them costs a second parse
            first, first_path = index_names[key]
            rep.add(doc, path + ("name",), f"index name '{idx['name']}' is already used at "
                    f"{first.file}:{first.pos(first_path)[0]}", hint="index names are unique per schema")
        else:
            index_names[key] = (doc, path + ("name",))


# Index access methods: PostgreSQL's own, and those an extension brings.
BUILTIN_METHODS = ("brin", "btree", "gin", "gist", "hash", "spgist")
EXTENSION_METHODS = {"hnsw": "vector", "ivfflat": "vector", "bloom": "bloom", "rum": "rum"}


def _check_method(rep: Reporter, cat: Catalog, doc: Doc, path: tuple, method: Any) -> None:
    """A method a known extension provides needs that extension in the YAML; any other
    method is checked by the server when the schema is normalized (an extension may bring
    access methods we have never heard of, and the server knows which exist)."""
    if not isinstance(method, str) or method in BUILTIN_METHODS or F.name_error(method, parts=1):
        return  # a malformed name is reported with the other SQL fields
    ext = EXTENSION_METHODS.get(method)
    if ext and ext not in cat.extensions:
        rep.add(doc, path, f"index method '{method}' needs the extension '{ext}'",
                hint=f"add it to the file: extensions: [{ext}]")


def _check_reference(rep: Reporter, cat: Catalog, ent: Entity, path: tuple, ref: str) -> None:
    _, _, err = cat.resolve_reference(ref, ent.schema)
    if err:
        rep.add(ent.doc, path, err)


def _check_fk(rep: Reporter, cat: Catalog, ent: Entity, path: tuple, fk: dict, need_column) -> None:
    doc = ent.doc
    for j, c in enumerate(fk.get("columns") or []):
        need_column(path + ("columns", j), c, "foreign key")
    ref = fk.get("references") or {}
    rpath = path + ("references",)
    if ("entity" in ref) == ("table" in ref):
        rep.add(doc, rpath, "foreign key references must give exactly one of entity or table")
        return
    if "entity" in ref:
        target = cat.entities.get(str(ref["entity"]))
        if target is None:
            rep.add(doc, rpath + ("entity",), f"foreign key references unknown entity '{ref['entity']}'"
                    f"{did_you_mean(ref['entity'], cat.entities)}")
            return
    else:
        schema = str(ref.get("schema") or ent.schema)
        target = cat.find_entity(f"{schema}.{ref['table']}") or (None if "schema" in ref else cat.find_entity(str(ref["table"])))
        if target is None:
            rep.add(doc, rpath + ("table",), f"foreign key references unknown table '{schema}.{ref['table']}'")
            return
    for j, c in enumerate(ref.get("columns") or []):
        if str(c) not in target.all_columns():
            rep.add(doc, rpath + ("columns", j), f"foreign key references column '{c}', which entity '{target.name}' does not have"
                    f"{did_you_mean(c, target.all_columns())}")
    if len(ref.get("columns") or []) != len(fk.get("columns") or []):
        rep.add(doc, rpath + ("columns",), f"foreign key has {len(fk.get('columns') or [])} column(s) but references "
                f"{len(ref.get('columns') or [])}")


def _check_relation(rep: Reporter, cat: Catalog, ent: Entity, rname: str, rel: Any) -> None:
    if not isinstance(rel, dict):
        return
    doc, path = ent.doc, ent.path + ("relations", rname)
    target = cat.find_entity(str(rel.get("target")), ent.schema)
    if target is None:
        rep.add(doc, path + ("target",), f"relation '{rname}' targets unknown entity '{rel.get('target')}'"
                f"{did_you_mean(rel.get('target'), cat.entities)}", hint=f"entities: {', '.join(sorted(cat.entities))}")
        return
    kind = rel.get("type")
    if kind in FK_TYPES or kind == "many-to-many":
        pk = target.pk_columns()
        if len(pk) != 1:
            what = "no primary key" if not pk else "a composite primary key"
            rep.add(doc, path + ("target",), f"relation '{rname}': target '{target.name}' has {what}",
                    hint="relations need a single-column primary key on the target; use foreign_keys for composite keys")
        elif kind == "many-to-many" and ent.pk_columns() and len(ent.pk_columns()) != 1:
            rep.add(doc, path, f"relation '{rname}': entity '{ent.name}' needs a single-column primary key", key=True)
    if kind == "one-to-many":
        inverse = rel.get("inverse")
        if inverse is not None:
            back = target.relations.get(inverse)
            if not (isinstance(back, dict) and back.get("type") in FK_TYPES
                    and cat.find_entity(str(back.get("target")), target.schema) is ent):
                rep.add(doc, path + ("inverse",), f"relation '{rname}': '{target.name}' has no many-to-one relation "
                        f"'{inverse}' pointing back to '{ent.name}'")
    for k in ("nullable",):
        if k in rel and kind not in FK_TYPES:
            rep.add(doc, path + (k,), f"'{k}' applies only to many-to-one and one-to-one relations", key=True)
    if "join_table" in rel and kind != "many-to-many":
        rep.add(doc, path + ("join_table",), "'join_table' applies only to many-to-many relations", key=True)


def _check_views_sequences(rep: Reporter, cat: Catalog, doc: Doc, clean) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    for vname, view in (data.get("views") or {}).items():
        if not clean(doc, ("views", vname)):
            continue
        err = sql_error(view.get("sql"), statement=True)
        if err:
            rep.add(doc, ("views", vname, "sql"), f"invalid SQL in view '{vname}': {err}")
        check_view_columns(rep, doc, vname, view, read=not err)
        if view.get("indexes") and not view.get("materialized"):
            rep.add(doc, ("views", vname, "indexes"), f"view '{vname}' has indexes but is not materialized",
                    hint="add materialized: true, or move the indexes to the underlying tables", key=True)
        if view.get("statistics"):
            check_view_statistics(rep, doc, ("views", vname), view)
    fschema = str(data.get("schema") or cat.default_schema)
    for dname, dom in (data.get("domains") or {}).items():
        if not clean(doc, ("domains", dname)):
            continue
        dschema = str(dom.get("schema") or fschema)
        if isinstance(dom.get("type"), str) and not F.type_error(dom["type"]) and not _known_type(cat, dom["type"], dschema):
            rep.add(doc, ("domains", dname, "type"), f"unknown type '{dom['type']}' of domain '{dname}'")
        if "default" in dom and "default_sql" in dom:
            rep.add(doc, ("domains", dname, "default_sql"), f"domain '{dname}' has both default and default_sql", key=True)
        sqls = [(("domains", dname, "default_sql"), dom.get("default_sql"))] if "default_sql" in dom else []
        sqls += [(("domains", dname, "checks", k) + (("expression",) if isinstance(v, dict) else ()),
                  v.get("expression") if isinstance(v, dict) else v)
                 for k, v in (dom.get("checks") or {}).items()]
        for path, text in sqls:
            err = sql_error(text)
            if err:
                rep.add(doc, path, f"invalid SQL in domain '{dname}': {err}")
    for tname, ctype in (data.get("composite_types") or {}).items():
        if not clean(doc, ("composite_types", tname)):
            continue
        tschema = str(ctype.get("schema") or fschema)
        for aname, attr in (ctype.get("attributes") or {}).items():
            atype = attr.get("type") if isinstance(attr, dict) else attr
            if isinstance(atype, str) and not F.type_error(atype) and not _known_type(cat, atype, tschema):
                rep.add(doc, ("composite_types", tname, "attributes", aname),
                        f"unknown type '{atype}' of attribute '{aname}' of composite type '{tname}'")
    for sname, seq in (data.get("sequences") or {}).items():
        if not clean(doc, ("sequences", sname)):
            continue
        owned = seq.get("owned_by")
        if owned is not None:
            parts = str(owned).split(".")
            target = cat.find_entity(".".join(parts[:-1])) if len(parts) >= 2 else None
            if target is None or parts[-1] not in target.all_columns():
                rep.add(doc, ("sequences", sname, "owned_by"), f"sequence '{sname}' is owned_by unknown column '{owned}'",
                        hint="write Entity.column")


