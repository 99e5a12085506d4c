"""``forge import``: turn a database model into YAML entity files that build back to it.

The contract is exactness: the YAML written here, loaded by :mod:`schemaforge.entities`, must give
back the very model it came from, so ``forge import`` followed by ``forge plan`` is an empty
plan. Two things make that hard, and both are handled by construction rather than by hope:

* **Names.** Constraint and index names are left out of the YAML only when the builder would
  generate exactly the same name. Rather than re-implementing its naming order, the files are
  built in memory and every name that comes out different is made explicit; repeated until
  nothing changes (explicit names can shift generated ones, as in PostgreSQL).
* **Text.** Types, defaults, checks, index expressions and view definitions are written as
  PostgreSQL prints them (normalization compares catalog text with catalog text); shorter
  spellings (``varchar(120)``, ``timestamptz``, ``default: draft``) are used only where they
  provably build back to the same text.

Output is deterministic: the same database always gives byte-identical files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ruamel.yaml.scalarstring import LiteralScalarString

from .. import types as T
from ..idents import unquote
from ..model import (
    Column,
    CompositeType,
    Database,
    Domain,
    Enum,
    Exclusion,
    ForeignKey,
    Index,
    QName,
    Sequence,
    Table,
    Unique,
    View,
)
from .collations import collation_node
from .index import snake_case
from .operators import write_operators
from .policies import rls_nodes
from .statistics import column_option_keys, statistics_nodes
from .table_attributes import attribute_keys
from .write_aggregates import write_aggregates_and_ranges
from .write_grants import default_privileges_node, grants_node
from .write_nodes import check_node as _check
from .write_nodes import extension_node as _extension
from .write_nodes import sequence_options as _seq_options
from .write_routines import trigger_node, write_functions
from .yamlstyle import dump as _dump
from .yamlstyle import flow as _flow
from .yamlstyle import flow_seq as _flow_seq
from .yamlstyle import maybe_flow as _maybe_flow
from .yamlstyle import text as _text

LAYOUTS = ("table", "schema")
_SHORT_TYPES = {
    "character varying": "varchar", "character": "char", "timestamp with time zone": "timestamptz",
    "timestamp without time zone": "timestamp", "time with time zone": "timetz",
    "time without time zone": "time", "bit varying": "varbit",
}
_QUALIFIED = re.compile(r'^((?:"(?:[^"]|"")*"|[^".]+))\.((?:"(?:[^"]|"")*"|[^".]+))$')
_STRING_DEFAULT = re.compile(r"^'((?:[^']|'')*)'::(.+)$", re.S)


# ---------------------------------------------------------------- small helpers


def pascal_case(name: str) -> str:
    """``order_items`` -> ``OrderItems``; anything not alphanumeric separates words."""
    parts = [p for p in re.split(r"[^0-9A-Za-z]+", name) if p]
    return "".join(p[:1].upper() + p[1:] for p in parts) or "Table"


def _split_qualified(text: str) -> tuple[str, str] | None:
    m = _QUALIFIED.match(text)
    return (unquote(m.group(1)), m.group(2)) if m else None



def _action(text: str) -> str:
    return text.lower()


def _collation(text: str | None) -> str | None:
    """``"C"`` -> ``C`` (the builder quotes bare names back); anything else verbatim."""
    if text and re.fullmatch(r'"[^"]+"', text):
        return text[1:-1]
    return text


# ---------------------------------------------------------------- model → YAML


class Writer:
    def __init__(self, db: Database, default_schema: str, layout: str, explicit: set[tuple]):
        self.db = db
        self.default_schema = default_schema
        self.layout = layout
        self.explicit = explicit  # (schema, table, name) of names that must be written
        self.tables = {t.qname: t for t in db.tables}
        self.entity_of: dict[QName, str] = {}
        self.user_types: set[tuple[str, str]] = {(e.schema, e.name) for e in db.enums}
        self.user_types |= {(d.schema, d.name) for d in db.domains}
        self.user_types |= {(c.schema, c.name) for c in db.composite_types}
        self.user_types |= {k for r in db.range_types for k in ((r.schema, r.name), (r.schema, r.multirange_name))}
        self.ext_schemas: dict[str, str | None] = {e.name: e.schema for e in db.extensions}
        self._name_entities()

    def _name_entities(self) -> None:
        taken: set[str] = set()
        order = sorted(self.db.tables, key=lambda t: (t.schema != self.default_schema, t.schema, t.name))
        for t in order:
            base = pascal_case(t.name)
            name = base
            if name in taken:
                name = pascal_case(t.schema) + base
            n = 2
            while name in taken:
                name, n = f"{pascal_case(t.schema)}{base}{n}", n + 1
            taken.add(name)
            self.entity_of[t.qname] = name

    # ------------------------------------------------------------ types and defaults

    def type_text(self, text: str, schema: str) -> str:
        """Shortest spelling that the builder turns back into ``text``."""
        spec = T.parse_type(text)
        if spec.base in _SHORT_TYPES:
            short = T.format_spec(T.TypeSpec(_SHORT_TYPES[spec.base], None, spec.array))
            if spec.args is not None:
                head = _SHORT_TYPES[spec.base]
                short = f"{head}({spec.args})" + ("[]" if spec.array else "")
            if T.normalize_type(short) == text:
                return short
        q = _split_qualified(spec.base)
        if q and q[0] == schema:
            name = unquote(q[1])
            ext_type = any(name in T.EXTENSION_TYPES.get(e, ()) and self.ext_schemas.get(e) == schema
                           for e in self.ext_schemas)
            if (schema, name) in self.user_types or ext_type:  # keeping its modifier: vector(3)
                return q[1] + (f"({spec.args})" if spec.args is not None else "") + ("[]" if spec.array else "")
        return text

    def default(self, c: Column) -> dict[str, Any]:
        expr = c.default
        if expr is None:
            return {}
        base = T.parse_type(c.type)
        if expr in ("true", "false") and c.type == "boolean":
            return {"default": expr == "true"}
        if re.fullmatch(r"[1-9]\d{0,17}|0", expr) and base.base in ("smallint", "integer", "bigint", "numeric") \
                and not base.array:
            return {"default": int(expr)}
        m = _STRING_DEFAULT.match(expr)
        if m and m.group(2) == re.sub(r"\([^)]*\)", "", c.type).replace("  ", " ").strip() \
                and not base.array and "\\" not in m.group(1):
            return {"default": m.group(1).replace("''", "'")}
        return {"default_sql": expr}

    # ------------------------------------------------------------ tables

    def named(self, t: Table, name: str) -> bool:
        return (t.schema, t.name, name) in self.explicit

    def entity(self, t: Table) -> tuple[str, dict]:
        name = self.entity_of[t.qname]
        node = {}
        if snake_case(name) != t.name:
            node["table"] = t.name
        if t.comment is not None:
            node["comment"] = _text(t.comment)
        node.update(self._partitioning(t))
        pk = t.primary_key
        single_pk = (pk is not None and len(pk.columns) == 1 and not self.named(t, pk.name) and not pk.deferrable
                     and pk.comment is None and not pk.without_overlaps)
        col_unique = {u.columns[0] for u in t.uniques if self._simple_unique(t, u)}
        col_fk = {fk.columns[0]: fk for fk in t.foreign_keys if self._simple_fk(t, fk)}
        columns = {}
        parent_cols = set()
        if t.partition_of is not None and t.partition_of in self.tables:
            parent_cols = {c.name for c in self.tables[t.partition_of].columns}
        for c in (c for c in t.columns if c.name not in parent_cols):
            columns[c.name] = self.column(t, c, single_pk and c.name == pk.columns[0], c.name in col_unique,
                                          col_fk.get(c.name))
        if columns:
            node["columns"] = columns
        if pk is not None and not single_pk:
            node["primary_key"] = self.primary_key(t, pk)
        uniques = [self.unique(t, u) for u in t.uniques if u.columns[0] not in col_unique or not self._simple_unique(t, u)]
        if uniques:
            node["unique"] = uniques
        if t.checks:
            node["checks"] = {ck.name: _check(ck) for ck in t.checks}
        fks = [self.foreign_key(t, fk) for fk in t.foreign_keys if col_fk.get(fk.columns[0]) is not fk]
        if fks:
            node["foreign_keys"] = fks
        if t.exclusions:
            node["exclusions"] = [self.exclusion(t, x) for x in t.exclusions]
        if t.indexes:
            node["indexes"] = [self.index(t, ix) for ix in t.indexes]
        if t.triggers:
            node["triggers"] = trigger_node(t)
        node.update({k: _maybe_flow(v) if isinstance(v, dict) else _flow_seq(v) if isinstance(v, list) else v
                     for k, v in attribute_keys(t, self.entity_of).items()})
        node.update(rls_nodes(t))
        if t.statistics:
            node["statistics"] = [_maybe_flow(s) for s in statistics_nodes(t.statistics)]
        if t.grants is not None:
            node["grants"] = grants_node(t.grants)
        return name, node

    def _partitioning(self, t: Table) -> dict[str, Any]:
        keys: dict[str, Any] = {}
        if t.partition_of is not None:
            parent = self.entity_of.get(t.partition_of)
            keys["partition_of"] = parent or f"{t.partition_of.schema}.{t.partition_of.name}"
            if t.partition_bound is not None:
                keys["partition_bound"] = t.partition_bound
            if t.partition_not_null_names:
                keys["not_null_names"] = _flow(dict(t.partition_not_null_names))
        if t.partition_by is not None:
            keys["partition_by"] = t.partition_by
        return keys

    def primary_key(self, t: Table, pk) -> Any:
        """A plain column list, or a mapping when the key has a name, deferral or comment."""
        if not (self.named(t, pk.name) or pk.deferrable or pk.comment is not None or pk.without_overlaps):
            return _flow_seq(list(pk.columns))
        spec: dict[str, Any] = {"columns": _flow_seq(list(pk.columns))}
        if self.named(t, pk.name):
            spec["name"] = pk.name
        if pk.without_overlaps:
            spec["without_overlaps"] = True
        spec.update(self._deferral(pk))
        if pk.comment is not None:
            spec["comment"] = pk.comment
        return _maybe_flow(spec)

    def column(self, t: Table, c: Column, primary: bool, unique: bool, fk: ForeignKey | None) -> dict:
        spec: dict[str, Any] = {"type": self.type_text(c.type, t.schema)}
        if c.nullable:
            spec["nullable"] = True
        if primary:
            spec["primary"] = True
        if unique:
            spec["unique"] = True
        if c.identity is not None:
            opts = _seq_options(c.identity.options)
            if c.identity.sequence_name:
                opts["sequence_name"] = c.identity.sequence_name
            kind = "always" if c.identity.always else "by_default"
            spec["identity"] = _flow({"type": kind, **opts}) if opts else kind
        spec.update(self.default(c))
        if c.generated is not None:
            spec["generated_sql"] = c.generated
            if c.generated_kind != "stored":
                spec["generated_kind"] = c.generated_kind
        if c.collation is not None:
            spec["collation"] = _collation(c.collation)
        if c.not_null_name is not None and not c.nullable:
            spec["not_null_name"] = c.not_null_name
        if not c.not_null_valid and not c.nullable:
            spec["not_null_valid"] = False
        if fk is not None:
            spec["references"] = f"{self.entity_of[fk.ref_table]}.{fk.ref_columns[0]}"
            if fk.on_delete != "NO ACTION":
                spec["on_delete"] = _action(fk.on_delete)
            if fk.on_update != "NO ACTION":
                spec["on_update"] = _action(fk.on_update)
        if c.comment is not None:
            spec["comment"] = _text(c.comment)
        spec.update(column_option_keys(c))
        return _maybe_flow(spec)

    def _simple_unique(self, t: Table, u: Unique) -> bool:
        return (len(u.columns) == 1 and not self.named(t, u.name) and not u.nulls_not_distinct and not u.deferrable
                and u.comment is None and not u.without_overlaps)

    def _simple_fk(self, t: Table, fk: ForeignKey) -> bool:
        return (len(fk.columns) == 1 and not self.named(t, fk.name) and fk.match == "SIMPLE" and not fk.deferrable
                and fk.comment is None and fk.ref_table in self.entity_of and "." not in fk.ref_columns[0]
                and fk.valid and fk.enforced and not fk.period)

    @staticmethod
    def _deferral(c: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if c.deferrable:
            out["deferrable"] = True
        if c.initially_deferred:
            out["initially_deferred"] = True
        return out

    def unique(self, t: Table, u: Unique) -> Any:
        if not (self.named(t, u.name) or u.nulls_not_distinct or u.deferrable or u.comment is not None
                or u.without_overlaps):
            return _flow_seq(list(u.columns))
        spec: dict[str, Any] = {"columns": _flow_seq(list(u.columns))}
        if self.named(t, u.name):
            spec["name"] = u.name
        if u.without_overlaps:
            spec["without_overlaps"] = True
        if u.nulls_not_distinct:
            spec["nulls_not_distinct"] = True
        spec.update(self._deferral(u))
        if u.comment is not None:
            spec["comment"] = u.comment
        return _maybe_flow(spec)

    def foreign_key(self, t: Table, fk: ForeignKey) -> dict:
        spec: dict[str, Any] = {}
        if self.named(t, fk.name):
            spec["name"] = fk.name
        spec["columns"] = _flow_seq(list(fk.columns))
        target = self.entity_of.get(fk.ref_table)
        ref: dict[str, Any] = ({"entity": target} if target else
                               {"table": fk.ref_table.name, "schema": fk.ref_table.schema})
        ref["columns"] = _flow_seq(list(fk.ref_columns))
        spec["references"] = _flow(ref)
        if fk.on_delete != "NO ACTION":
            spec["on_delete"] = _action(fk.on_delete)
        if fk.on_update != "NO ACTION":
            spec["on_update"] = _action(fk.on_update)
        if fk.match != "SIMPLE":
            spec["match"] = fk.match.lower()
        if fk.period:
            spec["period"] = True
        spec.update(self._deferral(fk))
        if not fk.valid:
            spec["valid"] = False
        if not fk.enforced:
            spec["enforced"] = False
        if fk.comment is not None:
            spec["comment"] = fk.comment
        return _maybe_flow(spec)

    def exclusion(self, t: Table, x: Exclusion) -> dict:
        spec: dict[str, Any] = {}
        if self.named(t, x.name):
            spec["name"] = x.name
        if x.method != "gist":
            spec["method"] = x.method
        spec["elements"] = _flow_seq([_flow({"element": e, "with": op}) for e, op in x.elements])
        if x.where is not None:
            spec["where"] = x.where
        if x.include:
            spec["include"] = _flow_seq(list(x.include))
        spec.update(self._deferral(x))
        if x.comment is not None:
            spec["comment"] = x.comment
        return _maybe_flow(spec)

    def index(self, t: Table | View, ix: Index) -> dict:
        spec: dict[str, Any] = {}
        if (t.schema, t.name, ix.name) in self.explicit:
            spec["name"] = ix.name
        plain = all(e.column is not None and e.collation is None and e.opclass is None and not e.descending
                    and e.nulls_first is None for e in ix.elements)
        bare_exprs = all(e.expression is not None and e.collation is None and e.opclass is None
                         and not e.descending and e.nulls_first is None and e.statistics is None
                         for e in ix.elements)
        if plain:
            spec["columns"] = _flow_seq([e.column for e in ix.elements])
        elif bare_exprs:
            spec["expressions"] = _flow_seq([e.expression for e in ix.elements])
        else:
            els: list[Any] = []
            for e in ix.elements:
                el: dict[str, Any] = {"name": e.column} if e.column is not None else {"expression": e.expression}
                if e.descending:
                    el["order"] = "desc"
                if e.nulls_first is not None:
                    el["nulls"] = "first" if e.nulls_first else "last"
                if e.opclass is not None:
                    el["opclass"] = e.opclass
                if e.collation is not None:
                    el["collation"] = _collation(e.collation)
                if e.statistics is not None:
                    el["statistics"] = e.statistics
                els.append(e.column if len(el) == 1 and e.column is not None else _flow(el))
            spec["columns"] = _flow_seq(els)
        if ix.unique:
            spec["unique"] = True
        if ix.nulls_not_distinct:
            spec["nulls_not_distinct"] = True
        if ix.method != "btree":
            spec["method"] = ix.method
        if ix.include:
            spec["include"] = _flow_seq(list(ix.include))
        if ix.where is not None:
            spec["where"] = ix.where
        if ix.storage:
            spec["with"] = _flow({k: int(v) if re.fullmatch(r"-?\d+", v) else v for k, v in ix.storage})
        if ix.comment is not None:
            spec["comment"] = ix.comment
        return _maybe_flow(spec)

    # ------------------------------------------------------------ other objects

    def enum(self, e: Enum) -> Any:
        labels = _flow_seq(list(e.labels))
        if e.comment is None and e.grants is None:
            return labels
        spec = {"values": labels, "comment": _text(e.comment)} if e.comment is not None else {"values": labels}
        return _with_grants(spec, e.grants)

    def domain(self, d: Domain) -> dict:
        spec: dict[str, Any] = {"type": self.type_text(d.type, d.schema)}
        if d.default is not None:
            spec["default_sql"] = d.default
        if d.not_null:
            spec["not_null"] = True
        if d.collation is not None:
            spec["collation"] = _collation(d.collation)
        if d.checks:
            spec["checks"] = {
                c.name: _flow({"expression": c.expression, "comment": _text(c.comment)}) if c.comment is not None
                else c.expression
                for c in d.checks
            }
        if d.comment is not None:
            spec["comment"] = _text(d.comment)
        return _with_grants(_maybe_flow(spec) if not d.checks and d.grants is None else spec, d.grants)

    def composite(self, c: CompositeType) -> dict:
        attrs = {}
        for name, typ, coll in c.attributes:
            t = self.type_text(typ, c.schema)
            attrs[name] = _flow({"type": t, "collation": _collation(coll)}) if coll else t
        spec = {"attributes": attrs}
        if c.comment is not None:
            spec["comment"] = _text(c.comment)
        return _with_grants(spec, c.grants)

    def sequence(self, s: Sequence) -> dict:
        spec: dict[str, Any] = {}
        if s.type != "bigint":
            spec["type"] = s.type
        spec.update(_seq_options(s.options))
        if s.owned_by is not None:
            owner = QName(s.owned_by[0], s.owned_by[1])
            ent = self.entity_of.get(owner)
            spec["owned_by"] = f"{ent}.{s.owned_by[2]}" if ent else f"{owner.schema}.{owner.name}.{s.owned_by[2]}"
        if s.comment is not None:
            spec["comment"] = _text(s.comment)
        return _with_grants(_maybe_flow(spec) if s.grants is None else spec, s.grants)

    def view(self, v: View) -> dict:
        spec = {}
        if v.materialized:
            spec["materialized"] = True
        if v.comment is not None:
            spec["comment"] = _text(v.comment)
        if v.options:
            spec["options"] = _flow({k: (val == "true" if val in ("true", "false") else val) for k, val in v.options})
        spec["sql"] = LiteralScalarString(v.definition + "\n") if "\n" in v.definition else v.definition
        if v.column_comments:
            spec["columns"] = {col: _maybe_flow({"comment": _text(text)}) for col, text in v.column_comments}
        if v.indexes:
            spec["indexes"] = [self.index(v, ix) for ix in v.indexes]
        if v.statistics:
            spec["statistics"] = [_maybe_flow(s) for s in statistics_nodes(v.statistics)]
        if v.triggers:
            spec["triggers"] = trigger_node(v)
        return _with_grants(spec, v.grants)

    # ------------------------------------------------------------ files

    def files(self, header: str) -> dict[str, str]:
        groups: dict[str, dict[str, Any]] = defaultdict(dict)  # path -> top-level keys
        schema_of: dict[str, str] = {}

        def put(path: str, schema: str | None, key: str, name: str, value: Any) -> None:
            doc = groups[path]
            if schema is not None:
                schema_of[path] = schema
            doc.setdefault(key, {})[name] = value

        used_files: set[str] = set()

        def table_file(t: Table) -> str:
            folder = self._folder(t.schema)
            stem = safe_name(t.name, "table")
            path, n = f"{folder}{stem}.yaml", 2
            while path.lower() in used_files:
                path, n = f"{folder}{stem}-{n}.yaml", n + 1
            used_files.add(path.lower())
            return path

        def kind_file(schema: str, kind: str) -> str:
            if self.layout == "schema":
                return self._schema_file(schema)
            return f"{self._folder(schema)}_{kind}.yaml"

        for t in sorted(self.db.tables, key=lambda t: (t.schema, t.name)):
            path = self._schema_file(t.schema) if self.layout == "schema" else table_file(t)
            name, node = self.entity(t)
            put(path, t.schema, "entities", name, node)
        for e in self.db.enums:
            put(kind_file(e.schema, "types"), e.schema, "enums", e.name, self.enum(e))
        for d in self.db.domains:
            put(kind_file(d.schema, "types"), d.schema, "domains", d.name, self.domain(d))
        for c in self.db.composite_types:
            put(kind_file(c.schema, "types"), c.schema, "composite_types", c.name, self.composite(c))
        for s in self.db.sequences:
            put(kind_file(s.schema, "sequences"), s.schema, "sequences", s.name, self.sequence(s))
        for co in self.db.collations:
            put(kind_file(co.schema, "types"), co.schema, "collations", co.name, _maybe_flow(collation_node(co)))
        for v in self.db.views:
            put(kind_file(v.schema, "views"), v.schema, "views", v.name, self.view(v))
        bodies = write_functions(self.db.functions, put, kind_file, safe_name)
        write_operators(self.db.operators, put, kind_file)
        write_aggregates_and_ranges(self.db, put, kind_file, self.type_text, _collation)
        exts = self._extensions()
        if exts:
            groups["_extensions.yaml"]["extensions"] = exts
        schemas = self._schemas()
        if schemas:
            groups["_schemas.yaml"]["schemas"] = schemas
        if self.db.default_privileges:
            groups["_schemas.yaml"]["default_privileges"] = default_privileges_node(self.db.default_privileges)
        return {path: header + _dump(self._document(groups[path], schema_of.get(path))) for path in sorted(groups)} | bodies

    def _extensions(self) -> list:
        return [_extension(e) for e in sorted(self.db.extensions, key=lambda e: e.name)]

    def _schemas(self) -> dict:
        """Schemas the other files do not imply: commented ones, and empty ones."""
        used = {o.schema for coll in (self.db.tables, self.db.enums, self.db.domains, self.db.composite_types,
                                      self.db.sequences, self.db.views, self.db.functions, self.db.operators,
                                      self.db.aggregates, self.db.range_types, self.db.collations) for o in coll}
        schemas = {}
        for s in sorted(self.db.schemas, key=lambda s: s.name):
            if s.grants is not None:
                schemas[s.name] = _with_grants({"comment": s.comment} if s.comment is not None else {}, s.grants)
            elif s.comment is not None:
                schemas[s.name] = _flow({"comment": s.comment})
            elif s.name not in used and s.name not in ("public", self.default_schema):
                schemas[s.name] = None
        return schemas

    _KEY_ORDER = ("schema", "extensions", "schemas", "collations", "enums", "domains", "composite_types", "range_types",
                  "sequences", "functions", "procedures", "aggregates", "operators", "entities", "views",
                  "default_privileges")

    def _document(self, keys: dict[str, Any], schema: str | None) -> dict:
        doc = {}
        if schema is not None and schema != self.default_schema:
            doc["schema"] = schema
        for key in self._KEY_ORDER:
            if key in keys:
                doc[key] = keys[key]
        return doc

    def _folder(self, schema: str) -> str:
        if schema == self.default_schema:
            return ""
        return safe_name(schema, "schema") + "/"

    def _schema_file(self, schema: str) -> str:
        return safe_name(schema, "schema") + ".yaml"


def _with_grants(spec: dict, acl) -> dict:
    if acl is not None:
        spec["grants"] = grants_node(acl)
    return spec


def safe_name(name: str, fallback: str) -> str:
    """A database name as one file or folder name that stays inside the output folder.

    Only letters, digits, ``_``, ``.`` and ``-`` are kept (``/`` and ``\\`` become ``_``), and
    leading dots go, so ``..``, ``../../etc`` or ``/abs`` can never name a parent, the root or a
    hidden file; a name left empty becomes ``fallback``.
    """
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", name).lstrip(".").rstrip(".") or fallback
