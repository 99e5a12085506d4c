"""Turn validated YAML documents into the one schema model.

Runs only after validation found nothing, so it may trust the input's shape. What it adds
is meaning: relations expand into columns, foreign keys, indexes and join tables; literals
become SQL literals; enum types are schema-qualified; and every unnamed constraint or index
gets the very name PostgreSQL would give it (see :mod:`schemaforge.naming`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from .. import naming
from ..model import (
    Check,
    Collation,
    Column,
    CompositeType,
    Database,
    Domain,
    Enum,
    Exclusion,
    Extension,
    ForeignKey,
    Identity,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Schema,
    Sequence,
    SequenceOptions,
    Table,
    Unique,
    View,
    make,
)
from .aggregates import build_aggregates, build_range_types
from .collations import build_collations
from .grants import attach_grants
from .index import FK_TYPES, Catalog, Entity, doc_schema, key_column_type, snake_case, spec_key
from .loader import Doc
from .moves import declared_moves
from .operators import build_operators
from .policies import with_policies
from .routines import build_functions, build_triggers
from .statistics import build_statistics, column_options
from .table_attributes import attributes
from .validate import expression_columns


def sql_literal(value: Any) -> str | None:
    """A YAML scalar as a SQL literal: strings quoted with '' escaping, true/false, numbers.

    ``None`` (``default: null``) means no default. A list becomes an array literal ``'{a,b}'``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, list):
        return quote_literal("{" + ",".join(_array_element(v) for v in value) + "}")
    if isinstance(value, _dt.datetime | _dt.date):
        return quote_literal(value.isoformat())
    return quote_literal(str(value))


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _array_element(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def action(value: Any) -> str:
    """``cascade`` -> ``CASCADE``, ``set_null`` -> ``SET NULL``; absent -> ``NO ACTION``."""
    return str(value).replace("_", " ").upper() if value else "NO ACTION"


def seq_options(node: dict) -> SequenceOptions:
    return SequenceOptions(start=node.get("start"), increment=node.get("increment"),
                           min_value=node.get("min_value"), max_value=node.get("max_value"),
                           cache=node.get("cache"), cycle=bool(node.get("cycle", False)))


def identity_of(value: Any) -> Identity | None:
    if value is None:
        return None
    if isinstance(value, str):
        return Identity(always=value == "always")
    return Identity(always=value.get("type", "always") == "always", options=seq_options(value),
                    sequence_name=value.get("sequence_name"))


def collation(text: Any) -> str | None:
    """``C`` -> ``"C"``, ``public.mine`` -> ``public."mine"``: the catalog's spelling.

    Collation names are case-sensitive and often not valid identifiers (``en-x-icu``), so a
    bare name means exactly that name; text with double quotes is taken verbatim.
    """
    if text is None:
        return None
    text = str(text)
    if '"' in text:
        return text
    schema, dot, name = text.rpartition(".")
    return (f"{schema}." if dot else "") + '"' + name + '"'


# ---------------------------------------------------------------- drafts

@dataclass
class _Draft:
    """A table whose unnamed constraints get their names in a second pass."""

    schema: str
    name: str
    columns: list[Column] = field(default_factory=list)
    pk: tuple[str | None, tuple[str, ...]] | None = None
    pk_spec: dict = field(default_factory=dict)
    checks_spec: dict[str, dict] = field(default_factory=dict)
    exclusions: list[dict] = field(default_factory=list)
    partition_by: str | None = None
    partition_of: QName | None = None
    partition_bound: str | None = None
    uniques: list[tuple[str | None, dict]] = field(default_factory=list)
    checks: list[tuple[str | None, str, str | None]] = field(default_factory=list)  # (name, expr, column)
    fks: list[tuple[str | None, dict]] = field(default_factory=list)
    indexes: list[tuple[str | None, dict]] = field(default_factory=list)
    serial_like: list[str] = field(default_factory=list)
    comment: str | None = None
    renamed_from: str | None = None
    triggers: tuple = ()
    attributes: dict = field(default_factory=dict)  # Table keyword arguments (entities/table_attributes.py)
    partition_not_null_names: tuple[tuple[str, str], ...] = ()
    statistics: list[dict] = field(default_factory=list)  # the entity's statistics: specs
    moved_from: str | None = None


def build(docs: list[Doc], cat: Catalog) -> Database:
    """The model of everything the (valid) documents declare."""
    views: list[tuple[str, str, dict]] = []
    sequences: list[Sequence] = []
    enums = [Enum(e.schema, e.name, tuple(e.labels), comment=_enum_comment(e.doc, e.path)) for e in cat.enums.values()]
    extensions: dict[str, Extension] = {}
    declared_schemas: dict[str, str | None] = {}
    domains: list[Domain] = []
    composites: list[CompositeType] = []
    collations: list[Collation] = []
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        fschema = doc_schema(doc, cat.default_schema)
        for ext in data.get("extensions") or []:
            e = (Extension(ext["name"], ext.get("schema"), version=ext.get("version")) if isinstance(ext, dict)
                 else Extension(str(ext)))
            extensions.setdefault(e.name, e)
        for sname, snode in (data.get("schemas") or {}).items():
            declared_schemas[str(sname)] = (snode or {}).get("comment")
        domains += [_domain(str(n), dn, fschema, cat) for n, dn in (data.get("domains") or {}).items()]
        composites += [_composite(str(n), tn, fschema, cat) for n, tn in (data.get("composite_types") or {}).items()]
        views += [(str(v.get("schema") or fschema), str(n), v) for n, v in (data.get("views") or {}).items()]
        sequences += [_sequence(str(n), sn, fschema, cat) for n, sn in (data.get("sequences") or {}).items()]
        collations += build_collations(data, fschema)
    made: dict[tuple, Column] = {}  # a schema repeats its columns (id, created_at...): each made once
    drafts = [d for ent in cat.entities.values() for d in _entity_drafts(ent, cat, made)]
    spaces = _namespaces(drafts, views, sequences)
    tables = with_policies([_finish(d, spaces[d.schema]) for d in drafts], cat)
    model_views = [_view(schema, name, v, spaces[schema]) for schema, name, v in views]
    used = {t.schema for t in tables} | {e.schema for e in enums} | {v.schema for v in model_views} | {s.schema for s in sequences}
    used |= {e.schema for e in extensions.values() if e.schema}
    used |= {o.schema for o in (*domains, *composites, *collations)}
    functions = build_functions(docs, cat)
    used |= {f.schema for f in functions}
    operators = build_operators(docs, cat)
    used |= {o.schema for o in operators}
    aggregates, ranges = build_aggregates(docs, cat, functions), build_range_types(docs, cat, functions)
    used |= {o.schema for o in (*aggregates, *ranges)}
    schemas = tuple(Schema(s, declared_schemas.get(s)) for s in sorted(used | set(declared_schemas))
                    if s != "public" or declared_schemas.get(s))
    db = Database(schemas=schemas, extensions=tuple(extensions.values()), enums=tuple(enums),
                  sequences=tuple(sequences), tables=tuple(tables), views=tuple(model_views),
                  domains=tuple(domains), composite_types=tuple(composites),
                  functions=tuple(functions), operators=tuple(operators), aggregates=tuple(aggregates),
                  range_types=tuple(ranges), collations=tuple(collations),
                  moves=declared_moves(docs, cat.default_schema))
    return attach_grants(docs, cat, db).sorted()


def _domain(name: str, dn: dict, fschema: str, cat: Catalog) -> Domain:
    dschema = str(dn.get("schema") or fschema)
    return Domain(
        dschema, name, cat.type_text(dn, dschema),
        default=sql_literal(dn["default"]) if "default" in dn else dn.get("default_sql"),
        not_null=bool(dn.get("not_null", False)),
        checks=tuple(
            Check(str(k), str(v["expression"]), comment=v.get("comment")) if isinstance(v, dict) else Check(str(k), str(v))
            for k, v in (dn.get("checks") or {}).items()
        ),
        collation=collation(dn.get("collation")), comment=dn.get("comment"))


def _composite(name: str, tn: dict, fschema: str, cat: Catalog) -> CompositeType:
    tschema = str(tn.get("schema") or fschema)
    attrs = []
    for aname, an in (tn.get("attributes") or {}).items():
        an = an if isinstance(an, dict) else {"type": an}
        attrs.append((str(aname), cat.type_text(an, tschema), collation(an.get("collation"))))
    return CompositeType(tschema, name, tuple(attrs), comment=tn.get("comment"))


def _sequence(name: str, s: dict, fschema: str, cat: Catalog) -> Sequence:
    owned = None
    if s.get("owned_by"):
        parts = str(s["owned_by"]).split(".")
        target = cat.find_entity(".".join(parts[:-1]))
        if target:
            owned = (target.schema, target.table, parts[-1])
    return Sequence(str(s.get("schema") or fschema), name, str(s.get("type", "bigint")), seq_options(s), owned,
                    s.get("comment"))


def _namespaces(drafts: list[_Draft], views: list[tuple[str, str, dict]],
                sequences: list[Sequence]) -> dict[str, naming.Namespace]:
    """Per schema, the names already taken: relations first, then explicit constraint and index
    names, so that generated names step around them as PostgreSQL would."""
    spaces: dict[str, naming.Namespace] = {}
    for schema, name in [*((d.schema, d.name) for d in drafts), *((s, n) for s, n, _ in views),
                         *((s.schema, s.name) for s in sequences)]:
        spaces.setdefault(schema, naming.Namespace()).relations.add(name)
    for d in drafts:
        ns = spaces[d.schema]
        for name, _ in d.uniques:
            if name:
                ns.relations.add(name)
                ns.constraints.add(name)
        for name, _ in d.indexes:
            if name:
                ns.relations.add(name)
        for name, *_ in (*d.checks, *d.fks):
            if name:
                ns.constraints.add(name)
        for spec in d.exclusions:
            if spec.get("name"):
                ns.relations.add(spec["name"])
                ns.constraints.add(spec["name"])
    return spaces


def _view(schema: str, name: str, v: dict, ns: naming.Namespace) -> View:
    idx = tuple(_index(name, spec, ns, explicit) for explicit, spec in ((i.get("name"), i) for i in v.get("indexes") or []))
    return View(schema, name, str(v["sql"]).strip().rstrip(";").strip(),
                materialized=bool(v.get("materialized", False)), indexes=idx, comment=v.get("comment"),
                options=_view_options(v.get("options")), triggers=build_triggers(v, schema),
                statistics=build_statistics(name, [], list(v.get("statistics") or [])),
                column_comments=tuple(sorted((str(col), str(spec["comment"])) for col, spec in
                                             (v.get("columns") or {}).items())))


def _view_options(options) -> tuple[tuple[str, str], ...]:
    """``{check_option: cascaded, security_barrier: true}`` as PostgreSQL's reloptions print."""
    def text(v) -> str:
        return ("true" if v else "false") if isinstance(v, bool) else str(v).lower()

    return tuple(sorted((str(k).lower(), text(v)) for k, v in (options or {}).items()))


def _enum_comment(doc: Doc, path: tuple) -> str | None:
    node = doc.data
    for step in path:
        node = node[step]
    return node.get("comment") if isinstance(node, dict) else None


def _entity_drafts(ent: Entity, cat: Catalog, made: dict[tuple, Column]) -> list[_Draft]:
    node = ent.node
    d = _Draft(ent.schema, ent.table, comment=node.get("comment"), renamed_from=node.get("renamed_from"),
               partition_by=node.get("partition_by"), partition_bound=node.get("partition_bound"),
               triggers=build_triggers(node, ent.schema),
               partition_not_null_names=tuple(sorted((str(k), str(v)) for k, v in
                                                     (node.get("not_null_names") or {}).items())))
    if node.get("partition_of"):
        parent = cat.find_entity(str(node["partition_of"]), ent.schema)
        d.partition_of = QName(parent.schema, parent.table)
    parents = [cat.find_entity(str(p), ent.schema) for p in node.get("inherits") or []]
    d.attributes = attributes(node, [QName(p.schema, p.table) for p in parents])
    out = [d]
    primary_key = node.get("primary_key") or []
    for cname, col in ent.columns.items():
        cname = str(cname)
        primary = col.get("primary") is True or cname in primary_key
        try:  # the column is its name, its spec and these two
            key: tuple | None = (cname, ent.schema, primary, spec_key(col))
            column = made.get(key)
        except TypeError:  # a spec holding a list or a mapping: made anew
            key = column = None
        if column is None:
            column = _column(cat, ent.schema, cname, col, primary)
            if key is not None:
                made[key] = column
        d.columns.append(column)
        if column.identity or column.type in ("serial", "bigserial", "smallserial"):
            d.serial_like.append(cname)
        if "check" in col:
            used = expression_columns(str(col["check"]))
            d.checks.append((None, str(col["check"]), used[0] if len(used) == 1 else None))
        if col.get("unique") is True:
            d.uniques.append((None, {"columns": [cname]}))
        if "references" in col:
            target, refcol, _ = cat.resolve_reference(str(col["references"]), ent.schema)
            d.fks.append((None, {"columns": [cname], "ref": QName(target.schema, target.table), "ref_columns": [refcol],
                                 "on_delete": col.get("on_delete"), "on_update": col.get("on_update")}))
    pk = [str(c) for c in ent.pk_columns()]
    if pk:
        d.pk_spec = node["primary_key"] if isinstance(node.get("primary_key"), dict) else {}
        d.pk = (d.pk_spec.get("name"), tuple(pk))
    for item in node.get("unique") or []:
        spec = dict(item) if isinstance(item, dict) else {"columns": list(item)}
        d.uniques.append((spec.get("name"), spec))
    for cname, expr in (node.get("checks") or {}).items():
        if isinstance(expr, dict):
            d.checks_spec[str(cname)] = expr
            expr = expr["expression"]
        d.checks.append((str(cname), str(expr), None))
    d.exclusions = [dict(x) for x in node.get("exclusions") or []]
    for fk in node.get("foreign_keys") or []:
        ref = fk["references"]
        if "entity" in ref:
            t = cat.entities[ref["entity"]]
            qn = QName(t.schema, t.table)
        else:
            qn = QName(str(ref.get("schema") or ent.schema), str(ref["table"]))
        d.fks.append((fk.get("name"), {**fk, "ref": qn, "ref_columns": list(ref["columns"])}))
    for idx in node.get("indexes") or []:
        d.indexes.append((idx.get("name"), idx))
    d.statistics = list(node.get("statistics") or [])
    d.moved_from = node.get("moved_from")
    for rname, rel in ent.relations.items():
        rname = str(rname)
        target = cat.find_entity(str(rel["target"]), ent.schema)
        kind = rel["type"]
        if kind in FK_TYPES:
            col = f"{rname}_id"
            tpk = target.pk_columns()[0]
            if col not in ent.columns:
                d.columns.append(Column(col, key_column_type(cat.column_type(target, tpk)),
                                        nullable=bool(rel.get("nullable", False)) and col not in pk,
                                        comment=rel.get("comment")))
            d.fks.append((None, {"columns": [col], "ref": QName(target.schema, target.table), "ref_columns": [tpk],
                                 "on_delete": rel.get("on_delete"), "on_update": rel.get("on_update")}))
            if kind == "one-to-one":
                if [col] != pk:
                    d.uniques.append((None, {"columns": [col]}))
            else:
                d.indexes.append((None, {"columns": [col]}))
        elif kind == "many-to-many":
            out.append(_join_table(ent, rname, rel, target, cat))
    return out


def _column(cat: Catalog, schema: str, cname: str, col: dict, primary: bool) -> Column:
    return make(  # a Column, made without __init__
        Column, name=cname, type=cat.type_text(col, schema), nullable=bool(col.get("nullable", False)) and not primary,
        default=sql_literal(col["default"]) if "default" in col else col.get("default_sql"),
        identity=identity_of(col.get("identity")), generated=col.get("generated_sql"),
        collation=collation(col.get("collation")), comment=col.get("comment"), renamed_from=col.get("renamed_from"),
        not_null_name=col.get("not_null_name"), using=col.get("using"), using_down=col.get("using_down"),
        **column_options(col), generated_kind=str(col.get("generated_kind", "stored")),
        not_null_valid=col.get("not_null_valid") is not False or (bool(col.get("nullable", False)) and not primary),
    )


def _join_table(ent: Entity, rname: str, rel: dict, target: Entity, cat: Catalog) -> _Draft:
    name = str(rel.get("join_table") or f"{ent.table}_{rname}")
    spk, tpk = ent.pk_columns()[0], target.pk_columns()[0]
    a = f"{snake_case(ent.name)}_{spk}"
    b = f"{snake_case(target.name)}_{tpk}"
    if a == b:
        b = f"{rname}_{tpk}"
    j = _Draft(ent.schema, name, comment=rel.get("comment"))
    j.columns = [Column(a, key_column_type(cat.column_type(ent, spk)), nullable=False),
                 Column(b, key_column_type(cat.column_type(target, tpk)), nullable=False)]
    j.pk = (None, (a, b))
    j.fks = [(None, {"columns": [a], "ref": QName(ent.schema, ent.table), "ref_columns": [spk], "on_delete": "cascade"}),
             (None, {"columns": [b], "ref": QName(target.schema, target.table), "ref_columns": [tpk], "on_delete": "cascade"})]
    j.indexes = [(None, {"columns": [b]})]
    return j


def _finish(d: _Draft, ns: naming.Namespace) -> Table:
    """Name everything in PostgreSQL's order: sequences, checks, primary key, uniques, fkeys, indexes."""
    for col in d.serial_like:
        naming.sequence_name(d.name, col, ns)
    check_names: list[str] = []
    checks = []
    for name, expr, column in d.checks:
        if name is None:
            name = naming.check_name(d.name, column, ns, check_names)
        check_names.append(name)
        spec = d.checks_spec.get(name, {})
        checks.append(Check(name, expr, no_inherit=bool(spec.get("no_inherit", False)), comment=spec.get("comment"),
                            valid=bool(spec.get("valid", True)) or spec.get("enforced") is False,
                            enforced=spec.get("enforced") is not False))
    pk = None
    if d.pk:
        pk = PrimaryKey(d.pk[0] or naming.pkey_name(d.name, ns), d.pk[1],
                        deferrable=bool(d.pk_spec.get("deferrable", False)),
                        initially_deferred=bool(d.pk_spec.get("initially_deferred", False)),
                        comment=d.pk_spec.get("comment"),
                        without_overlaps=bool(d.pk_spec.get("without_overlaps", False)))
    uniques = []
    for name, spec in d.uniques:
        cols = tuple(str(c) for c in spec["columns"])
        uniques.append(Unique(name or naming.unique_name(d.name, cols, ns), cols,
                              nulls_not_distinct=bool(spec.get("nulls_not_distinct", False)),
                              deferrable=bool(spec.get("deferrable", False)),
                              initially_deferred=bool(spec.get("initially_deferred", False)),
                              comment=spec.get("comment"),
                              without_overlaps=bool(spec.get("without_overlaps", False))))
    fks = []
    for name, spec in d.fks:
        cols = tuple(str(c) for c in spec["columns"])
        fks.append(ForeignKey(name or naming.fkey_name(d.name, cols, ns), cols, spec["ref"],
                              tuple(str(c) for c in spec["ref_columns"]),
                              on_delete=action(spec.get("on_delete")), on_update=action(spec.get("on_update")),
                              match=str(spec.get("match", "simple")).upper(),
                              deferrable=bool(spec.get("deferrable", False)),
                              initially_deferred=bool(spec.get("initially_deferred", False)),
                              comment=spec.get("comment"),
                              valid=bool(spec.get("valid", True)) or spec.get("enforced") is False,
                              enforced=spec.get("enforced") is not False,
                              period=bool(spec.get("period", False))))
    exclusions = []
    for spec in d.exclusions:
        elements = tuple((str(e["element"]), str(e["with"])) for e in spec["elements"])
        name = spec.get("name") or naming.choose_relation_name(
            d.name, naming.name_addition(naming.index_column_names(
                [_element_colname(e) for e, _ in elements] + [str(c) for c in spec.get("include") or []])),
            "excl", ns, isconstraint=True)
        exclusions.append(Exclusion(name, str(spec.get("method", "gist")), elements, where=spec.get("where"),
                                    include=tuple(str(c) for c in spec.get("include") or []),
                                    deferrable=bool(spec.get("deferrable", False)),
                                    initially_deferred=bool(spec.get("initially_deferred", False)),
                                    comment=spec.get("comment")))
    indexes = [_index(d.name, spec, ns, name) for name, spec in d.indexes]
    return Table(d.schema, d.name, tuple(d.columns), pk, tuple(uniques), tuple(checks), tuple(fks),
                 tuple(indexes), d.comment, d.renamed_from, exclusions=tuple(exclusions),
                 partition_by=d.partition_by, partition_of=d.partition_of, partition_bound=d.partition_bound,
                 triggers=d.triggers, partition_not_null_names=d.partition_not_null_names,
                 statistics=build_statistics(d.name, d.columns, d.statistics), moved_from=d.moved_from,
                 **d.attributes)


def _element_colname(element: str) -> str | None:
    """The name PostgreSQL derives from an exclusion element: the column, or the expression's."""
    head = element.strip()
    if head.startswith("("):
        return naming.figure_index_colname(head)
    word = head.split()[0] if head.split() else head
    return word.strip('"') if word else None


def _index(table: str, spec: dict, ns: naming.Namespace, name: str | None) -> Index:
    elements: list[IndexElement] = []
    for el in spec.get("columns") or []:
        if isinstance(el, str):
            elements.append(IndexElement(column=el))
            continue
        order = el.get("order")
        nulls = el.get("nulls")
        elements.append(IndexElement(
            column=el.get("name") or el.get("column"), expression=el.get("expression"),
            collation=collation(el.get("collation")), opclass=el.get("opclass"), descending=order == "desc",
            nulls_first=None if nulls is None else nulls == "first", statistics=el.get("statistics")))
    for e in spec.get("expressions") or []:
        elements.append(IndexElement(expression=str(e)))
    include = tuple(str(c) for c in spec.get("include") or [])
    if name is None:
        colnames = [el.column or naming.figure_index_colname(el.expression or "") for el in elements]
        name = naming.index_name(table, [*colnames, *include], ns)
    storage = tuple((str(k), _storage_value(v)) for k, v in (spec.get("with") or {}).items())
    return Index(name, tuple(elements), unique=bool(spec.get("unique", False)), method=spec.get("method", "btree"),
                 where=spec.get("where"), include=include, nulls_not_distinct=bool(spec.get("nulls_not_distinct", False)),
                 storage=storage, comment=spec.get("comment"))


def _storage_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
