"""Render change operations to PostgreSQL SQL.

One function per operation type, looked up in a table (as sqlglot's generators do).
Identifiers are quoted through sqlglot, always, so reserved words, mixed case, spaces and
quotes survive. Types, defaults, checks, index expressions and view bodies are user or
catalog text and are emitted verbatim: sqlglot is lossy on serial types, ``interval(p)``,
identity/sequence options and many expressions, so DDL statements are small templates here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from sqlglot import exp

from . import changes as ch
from .idents import quote
from .model import (
    Check,
    Column,
    CompositeType,
    Domain,
    Enum,
    Exclusion,
    ForeignKey,
    Index,
    PrimaryKey,
    QName,
    Sequence,
    SequenceOptions,
    Table,
    Unique,
)
from .naming import make_object_name

q = quote  # every identifier in rendered SQL is quoted


def qn(schema: str | None, name: str) -> str:
    return f"{q(schema)}.{q(name)}" if schema else q(name)


def qq(name: QName) -> str:
    return qn(name.schema, name.name)


def literal(text: str | None) -> str:
    """A SQL string literal (or NULL)."""
    if text is None:
        return "NULL"
    return exp.Literal.string(text).sql(dialect="postgres")


def cols(names: Iterable[str]) -> str:
    return ", ".join(q(n) for n in names)


# --- pieces ---------------------------------------------------------------------------------


def seq_options(o: SequenceOptions) -> str:
    parts = []
    if o.increment is not None:
        parts.append(f"INCREMENT BY {o.increment}")
    if o.min_value is not None:
        parts.append(f"MINVALUE {o.min_value}")
    if o.max_value is not None:
        parts.append(f"MAXVALUE {o.max_value}")
    if o.start is not None:
        parts.append(f"START WITH {o.start}")
    if o.cache is not None:
        parts.append(f"CACHE {o.cache}")
    if o.cycle:
        parts.append("CYCLE")
    return " ".join(parts)


def identity_clause(c: Column, schema: str | None = None) -> str:
    assert c.identity is not None
    kind = "ALWAYS" if c.identity.always else "BY DEFAULT"
    opts = seq_options(c.identity.options)
    if c.identity.sequence_name is not None:
        opts = f"SEQUENCE NAME {qn(schema, c.identity.sequence_name)} {opts}".rstrip()
    return f"GENERATED {kind} AS IDENTITY" + (f" ({opts})" if opts else "")


def column_def(c: Column, schema: str | None = None) -> str:
    parts = [q(c.name), c.type]
    if c.collation:
        parts.append(f"COLLATE {c.collation}")
    if c.generated is not None:
        parts.append(f"GENERATED ALWAYS AS ({c.generated}) STORED")
    elif c.identity is not None:
        parts.append(identity_clause(c, schema))
    elif c.default is not None:
        parts.append(f"DEFAULT {c.default}")
    if not c.nullable:
        parts.append((f"CONSTRAINT {q(c.not_null_name)} " if c.not_null_name else "") + "NOT NULL")
    return " ".join(parts)


def _deferral(c) -> str:
    if not c.deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if c.initially_deferred else " DEFERRABLE"


def constraint_def(c: ch.Constraint) -> str:
    if isinstance(c, PrimaryKey):
        body = f"PRIMARY KEY ({cols(c.columns)}){_deferral(c)}"
    elif isinstance(c, Exclusion):
        elems = ", ".join(f"{e} WITH {op}" for e, op in c.elements)
        body = f"EXCLUDE USING {c.method} ({elems})"
        if c.include:
            body += f" INCLUDE ({cols(c.include)})"
        if c.where:
            body += f" WHERE ({c.where})"
        body += _deferral(c)
    elif isinstance(c, Unique):
        nnd = " NULLS NOT DISTINCT" if c.nulls_not_distinct else ""
        body = f"UNIQUE{nnd} ({cols(c.columns)}){_deferral(c)}"
    elif isinstance(c, Check):
        body = f"CHECK ({c.expression})" + (" NO INHERIT" if c.no_inherit else "")
    elif isinstance(c, ForeignKey):
        body = f"FOREIGN KEY ({cols(c.columns)}) REFERENCES {qq(c.ref_table)} ({cols(c.ref_columns)})"
        if c.match == "FULL":
            body += " MATCH FULL"
        if c.on_update != "NO ACTION":
            body += f" ON UPDATE {c.on_update}"
        if c.on_delete != "NO ACTION":
            body += f" ON DELETE {c.on_delete}"
        body += _deferral(c)
    else:  # pragma: no cover
        raise TypeError(c)
    return f"CONSTRAINT {q(c.name)} {body}"


def index_def(table: QName, ix: Index, *, concurrently: bool = False) -> str:
    elems = []
    for e in ix.elements:
        elems.append((q(e.column) if e.column is not None else f"({e.expression})") + e.options_sql())
    sql = "CREATE " + ("UNIQUE " if ix.unique else "") + "INDEX " + ("CONCURRENTLY " if concurrently else "")
    sql += f"{q(ix.name)} ON {qq(table)}"
    if ix.method != "btree":
        sql += f" USING {ix.method}"
    sql += f" ({', '.join(elems)})"
    if ix.include:
        sql += f" INCLUDE ({cols(ix.include)})"
    if ix.nulls_not_distinct:
        sql += " NULLS NOT DISTINCT"
    if ix.storage:
        sql += " WITH (" + ", ".join(f"{k} = {v}" for k, v in ix.storage) + ")"
    if ix.where:
        sql += f" WHERE {ix.where}"
    return sql


def comment_sql(target: str, obj: str, text: str | None) -> str:
    return f"COMMENT ON {target} {obj} IS {literal(text)}"


# --- one renderer per operation -------------------------------------------------------------


def _create_table(c: ch.CreateTable) -> list[str]:
    t: Table = c.table
    lines = [column_def(col, t.schema) for col in t.columns]
    if t.primary_key:
        lines.append(constraint_def(t.primary_key))
    lines += [constraint_def(u) for u in t.uniques]
    lines += [constraint_def(k) for k in t.checks]
    lines += [constraint_def(x) for x in t.exclusions]
    body = ",\n  ".join(lines)
    if t.partition_of is not None:
        sql = f"CREATE TABLE {qq(t.qname)} PARTITION OF {qq(t.partition_of)}"
        if lines:
            sql += f" (\n  {body}\n)"
        sql += f" {t.partition_bound or 'DEFAULT'}"
    else:
        sql = f"CREATE TABLE {qq(t.qname)} (\n  {body}\n)"
    if t.partition_by:
        sql += f" PARTITION BY {t.partition_by}"
    out = [sql]
    if t.comment is not None:
        out.append(comment_sql("TABLE", qq(t.qname), t.comment))
    for col in t.columns:
        if col.comment is not None:
            out.append(comment_sql("COLUMN", f"{qq(t.qname)}.{q(col.name)}", col.comment))
    for con in (*((t.primary_key,) if t.primary_key else ()), *t.uniques, *t.checks, *t.exclusions):
        if getattr(con, "comment", None) is not None:
            out.append(comment_sql("CONSTRAINT", f"{q(con.name)} ON {qq(t.qname)}", con.comment))
    return out


def _drop_table(c: ch.DropTable) -> list[str]:
    return [f"DROP TABLE {qq(c.table.qname)}"]


def _add_column(c: ch.AddColumn) -> list[str]:
    out = [f"ALTER TABLE {qq(c.table)} ADD COLUMN {column_def(c.column, c.table.schema)}"]
    if c.column.comment is not None:
        out.append(comment_sql("COLUMN", f"{qq(c.table)}.{q(c.column.name)}", c.column.comment))
    return out


def _drop_column(c: ch.DropColumn) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP COLUMN {q(c.column.name)}"]


def _alter_column(c: ch.AlterColumn) -> list[str]:
    o, n, col = c.old, c.new, q(c.new.name)
    actions: list[str] = []
    if o.identity is not None and (n.identity is None or o.type != n.type):
        actions.append(f"ALTER COLUMN {col} DROP IDENTITY")
    if o.default is not None and (n.default != o.default or o.type != n.type):
        actions.append(f"ALTER COLUMN {col} DROP DEFAULT")
    if (o.type, o.collation) != (n.type, n.collation):
        t = f"ALTER COLUMN {col} TYPE {n.type}"
        if n.collation:
            t += f" COLLATE {n.collation}"
        if c.using:
            t += f" USING {c.using}"
        actions.append(t)
    if n.default is not None and (n.default != o.default or o.type != n.type):
        actions.append(f"ALTER COLUMN {col} SET DEFAULT {n.default}")
    if o.nullable != n.nullable:
        actions.append(f"ALTER COLUMN {col} {'DROP' if n.nullable else 'SET'} NOT NULL")
    if n.identity is not None:
        if o.identity is None or o.type != n.type:
            actions.append(f"ALTER COLUMN {col} ADD {identity_clause(n, c.table.schema)}")
        elif replace(o.identity, sequence_name=None) != replace(n.identity, sequence_name=None):
            sets = [f"SET GENERATED {'ALWAYS' if n.identity.always else 'BY DEFAULT'}"]
            opts = _seq_option_changes(o.identity.options, n.identity.options)
            sets += [f"SET {x}" for x in opts]
            actions.append(f"ALTER COLUMN {col} " + " ".join(sets))
    out = [f"ALTER TABLE {qq(c.table)} " + ", ".join(actions)] if actions else []
    if (o.identity is not None and n.identity is not None and o.type == n.type
            and o.identity.sequence_name != n.identity.sequence_name):
        default = make_object_name(c.table.name, n.name, "seq")
        old = o.identity.sequence_name or default
        out.append(f"ALTER SEQUENCE {qn(c.table.schema, old)} RENAME TO {q(n.identity.sequence_name or default)}")
    if o.comment != n.comment:
        out.append(comment_sql("COLUMN", f"{qq(c.table)}.{col}", n.comment))
    return out


def _seq_option_changes(o: SequenceOptions, n: SequenceOptions) -> list[str]:
    """ALTER SEQUENCE clauses turning options ``o`` into ``n`` (None = back to the default)."""
    out = []
    if o.increment != n.increment:
        out.append(f"INCREMENT BY {n.increment if n.increment is not None else 1}")
    if o.min_value != n.min_value:
        out.append(f"MINVALUE {n.min_value}" if n.min_value is not None else "NO MINVALUE")
    if o.max_value != n.max_value:
        out.append(f"MAXVALUE {n.max_value}" if n.max_value is not None else "NO MAXVALUE")
    if o.start != n.start:
        out.append(f"START WITH {n.start if n.start is not None else 1}")
    if o.cache != n.cache:
        out.append(f"CACHE {n.cache if n.cache is not None else 1}")
    if o.cycle != n.cycle:
        out.append("CYCLE" if n.cycle else "NO CYCLE")
    return out


def _rename_column(c: ch.RenameColumn) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} RENAME COLUMN {q(c.old_name)} TO {q(c.new_name)}"]


def _rename_table(c: ch.RenameTable) -> list[str]:
    return [f"ALTER TABLE {qn(c.schema, c.old_name)} RENAME TO {q(c.new_name)}"]


def _add_constraint(c: ch.AddConstraint) -> list[str]:
    con = c.constraint
    if isinstance(con, (ForeignKey, Check)) and not c.new_table and not c.partitioned:
        # Online: add without scanning under the strong lock, then validate under a weaker one.
        out = [
            f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)} NOT VALID",
            f"ALTER TABLE {qq(c.table)} VALIDATE CONSTRAINT {q(con.name)}",
        ]
    else:
        out = [f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)}"]
    if getattr(con, "comment", None) is not None:
        out.append(comment_sql("CONSTRAINT", f"{q(con.name)} ON {qq(c.table)}", con.comment))
    return out


def _drop_constraint(c: ch.DropConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(c.constraint.name)}"]


def _rename_constraint(c: ch.RenameConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name)} TO {q(c.new_name)}"]


def _create_index(c: ch.CreateIndex) -> list[str]:
    out = [index_def(c.table, c.index, concurrently=c.concurrently)]
    if c.index.comment is not None:
        out.append(comment_sql("INDEX", qn(c.table.schema, c.index.name), c.index.comment))
    return out


def _drop_index(c: ch.DropIndex) -> list[str]:
    return [f"DROP INDEX {'CONCURRENTLY ' if c.concurrently else ''}{qn(c.table.schema, c.index.name)}"]


def _rename_index(c: ch.RenameIndex) -> list[str]:
    return [f"ALTER INDEX {qn(c.schema, c.old_name)} RENAME TO {q(c.new_name)}"]


def _create_schema(c: ch.CreateSchema) -> list[str]:
    out = [f"CREATE SCHEMA {q(c.schema.name)}"]
    if c.schema.comment is not None:
        out.append(comment_sql("SCHEMA", q(c.schema.name), c.schema.comment))
    return out


def _drop_schema(c: ch.DropSchema) -> list[str]:
    return [f"DROP SCHEMA {q(c.schema.name)}"]


def _create_extension(c: ch.CreateExtension) -> list[str]:
    e = c.extension
    return [f"CREATE EXTENSION IF NOT EXISTS {q(e.name)}" + (f" SCHEMA {q(e.schema)}" if e.schema else "")]


def _drop_extension(c: ch.DropExtension) -> list[str]:
    return [f"DROP EXTENSION IF EXISTS {q(c.extension.name)}"]


def _enum_create(e: Enum) -> list[str]:
    out = [f"CREATE TYPE {qq(e.qname)} AS ENUM ({', '.join(literal(v) for v in e.labels)})"]
    if e.comment is not None:
        out.append(comment_sql("TYPE", qq(e.qname), e.comment))
    return out


def _create_enum(c: ch.CreateEnum) -> list[str]:
    return _enum_create(c.enum)


def _drop_enum(c: ch.DropEnum) -> list[str]:
    return [f"DROP TYPE {qq(c.enum.qname)}"]


def _add_enum_values(c: ch.AddEnumValues) -> list[str]:
    out = []
    labels = list(c.old.labels)
    for i, v in enumerate(c.new.labels):
        if v in labels:
            continue
        after = c.new.labels[i - 1] if i > 0 else None
        if after is None:
            out.append(f"ALTER TYPE {qq(c.new.qname)} ADD VALUE {literal(v)} BEFORE {literal(labels[0])}")
            labels.insert(0, v)
        else:
            out.append(f"ALTER TYPE {qq(c.new.qname)} ADD VALUE {literal(v)} AFTER {literal(after)}")
            labels.insert(labels.index(after) + 1, v)
    return out


def _rename_enum_value(c: ch.RenameEnumValue) -> list[str]:
    return [f"ALTER TYPE {qq(c.enum)} RENAME VALUE {literal(c.old_label)} TO {literal(c.new_label)}"]


def _recreate_enum(c: ch.RecreateEnum) -> list[str]:
    old_name = f"{c.old.name}__forge_old"
    out = [s for v in reversed(c.views) for s in _drop_view(ch.DropView(v))]
    out.append(f"ALTER TYPE {qq(c.old.qname)} RENAME TO {q(old_name)}")
    out += _enum_create(c.new)
    for table, column, old_default, new_default, is_array in c.columns:
        col, arr = q(column), "[]" if is_array else ""
        if old_default is not None:
            out.append(f"ALTER TABLE {qq(table)} ALTER COLUMN {col} DROP DEFAULT")
        out.append(
            f"ALTER TABLE {qq(table)} ALTER COLUMN {col} TYPE {qq(c.new.qname)}{arr} "
            f"USING {col}::text{arr}::{qq(c.new.qname)}{arr}"
        )
        if new_default is not None:
            out.append(f"ALTER TABLE {qq(table)} ALTER COLUMN {col} SET DEFAULT {new_default}")
    out.append(f"DROP TYPE {qn(c.old.schema, old_name)}")
    out += [s for v in c.views for s in _create_view(ch.CreateView(v))]
    return out


def _create_sequence(c: ch.CreateSequence) -> list[str]:
    s: Sequence = c.sequence
    sql = f"CREATE SEQUENCE {qq(s.qname)}"
    if s.type != "bigint":
        sql += f" AS {s.type}"
    opts = seq_options(s.options)
    out = [sql + (f" {opts}" if opts else "")]
    if s.owned_by:
        sch, tab, col = s.owned_by
        out.append(f"ALTER SEQUENCE {qq(s.qname)} OWNED BY {qn(sch, tab)}.{q(col)}")
    if s.comment is not None:
        out.append(comment_sql("SEQUENCE", qq(s.qname), s.comment))
    return out


def _drop_sequence(c: ch.DropSequence) -> list[str]:
    return [f"DROP SEQUENCE {qq(c.sequence.qname)}"]


def _alter_sequence(c: ch.AlterSequence) -> list[str]:
    o, n = c.old, c.new
    clauses = []
    if o.type != n.type:
        clauses.append(f"AS {n.type}")
    clauses += _seq_option_changes(o.options, n.options)
    if o.owned_by != n.owned_by:
        clauses.append("OWNED BY " + (f"{qn(n.owned_by[0], n.owned_by[1])}.{q(n.owned_by[2])}" if n.owned_by else "NONE"))
    out = [f"ALTER SEQUENCE {qq(n.qname)} " + " ".join(clauses)] if clauses else []
    if o.comment != n.comment:
        out.append(comment_sql("SEQUENCE", qq(n.qname), n.comment))
    return out


def _create_view(c: ch.CreateView) -> list[str]:
    v = c.view
    kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
    opts = " WITH (" + ", ".join(f"{k} = {val}" for k, val in v.options) + ")" if v.options else ""
    out = [f"CREATE {kind} {qq(v.qname)}{opts} AS\n{v.definition}"]
    for ix in v.indexes:
        out.append(index_def(v.qname, ix))
        if ix.comment is not None:
            out.append(comment_sql("INDEX", qn(v.schema, ix.name), ix.comment))
    if v.comment is not None:
        out.append(comment_sql(kind, qq(v.qname), v.comment))
    return out


def _drop_view(c: ch.DropView) -> list[str]:
    kind = "MATERIALIZED VIEW" if c.view.materialized else "VIEW"
    return [f"DROP {kind} {qq(c.view.qname)}"]


def _set_table_comment(c: ch.SetTableComment) -> list[str]:
    return [comment_sql(c.relkind, qq(c.table), c.new)]


def _set_comment(c: ch.SetComment) -> list[str]:
    n = c.name
    if c.target == "COLUMN":
        obj = f"{qn(n[0], n[1])}.{q(n[2])}"
    elif c.target == "CONSTRAINT":
        obj = f"{q(n[2])} ON {qn(n[0], n[1])}"
    elif c.target == "SCHEMA":
        obj = q(n[0])
    else:
        obj = qn(n[0], n[1])
    return [comment_sql(c.target, obj, c.new)]


def _move_extension(c: ch.MoveExtension) -> list[str]:
    return [f"ALTER EXTENSION {q(c.name)} SET SCHEMA {q(c.new_schema)}"]


def _domain_create(d: Domain) -> list[str]:
    sql = f"CREATE DOMAIN {qq(d.qname)} AS {d.type}"
    if d.collation:
        sql += f" COLLATE {d.collation}"
    if d.default is not None:
        sql += f" DEFAULT {d.default}"
    if d.not_null:
        sql += " NOT NULL"
    for k in d.checks:
        sql += f" CONSTRAINT {q(k.name)} CHECK ({k.expression})"
    out = [sql]
    if d.comment is not None:
        out.append(comment_sql("DOMAIN", qq(d.qname), d.comment))
    out += [comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {qq(d.qname)}", k.comment) for k in d.checks if k.comment is not None]
    return out


def _create_domain(c: ch.CreateDomain) -> list[str]:
    return _domain_create(c.domain)


def _drop_domain(c: ch.DropDomain) -> list[str]:
    return [f"DROP DOMAIN {qq(c.domain.qname)}"]


def _alter_domain(c: ch.AlterDomain) -> list[str]:
    o, n = c.old, c.new
    name = qq(n.qname)
    out = []
    if o.default != n.default:
        out.append(f"ALTER DOMAIN {name} " + (f"SET DEFAULT {n.default}" if n.default is not None else "DROP DEFAULT"))
    if o.not_null != n.not_null:
        out.append(f"ALTER DOMAIN {name} {'SET' if n.not_null else 'DROP'} NOT NULL")
    oc, nc = {k.name: k for k in o.checks}, {k.name: k for k in n.checks}
    for k in o.checks:
        if k.name not in nc or nc[k.name].expression != k.expression:
            out.append(f"ALTER DOMAIN {name} DROP CONSTRAINT {q(k.name)}")
    for k in n.checks:
        if k.name not in oc or oc[k.name].expression != k.expression:
            out.append(f"ALTER DOMAIN {name} ADD CONSTRAINT {q(k.name)} CHECK ({k.expression})")
            if k.comment is not None:
                out.append(comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {name}", k.comment))
        elif oc[k.name].comment != k.comment:
            out.append(comment_sql("CONSTRAINT", f"{q(k.name)} ON DOMAIN {name}", k.comment))
    if o.comment != n.comment:
        out.append(comment_sql("DOMAIN", name, n.comment))
    return out


def _attribute_def(a: tuple[str, str, str | None]) -> str:
    name, typ, collation = a
    return f"{q(name)} {typ}" + (f" COLLATE {collation}" if collation else "")


def _create_composite_type(c: ch.CreateCompositeType) -> list[str]:
    t: CompositeType = c.type
    out = [f"CREATE TYPE {qq(t.qname)} AS (" + ", ".join(_attribute_def(a) for a in t.attributes) + ")"]
    if t.comment is not None:
        out.append(comment_sql("TYPE", qq(t.qname), t.comment))
    return out


def _drop_composite_type(c: ch.DropCompositeType) -> list[str]:
    return [f"DROP TYPE {qq(c.type.qname)}"]


def _alter_composite_type(c: ch.AlterCompositeType) -> list[str]:
    o, n = c.old, c.new
    oa, na = {a[0]: a for a in o.attributes}, {a[0]: a for a in n.attributes}
    actions = [f"DROP ATTRIBUTE {q(a[0])}" for a in o.attributes if a[0] not in na]
    for a in n.attributes:
        if a[0] in oa and oa[a[0]] != a:
            actions.append(f"ALTER ATTRIBUTE {q(a[0])} TYPE {a[1]}" + (f" COLLATE {a[2]}" if a[2] else ""))
    actions += [f"ADD ATTRIBUTE {_attribute_def(a)}" for a in n.attributes if a[0] not in oa]
    out = [f"ALTER TYPE {qq(n.qname)} " + ", ".join(actions)] if actions else []
    if o.comment != n.comment:
        out.append(comment_sql("TYPE", qq(n.qname), n.comment))
    return out


def _rename_not_null(c: ch.RenameNotNull) -> list[str]:
    default = make_object_name(c.table.name, c.column, "not_null")
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name or default)} TO {q(c.new_name or default)}"]


RENDERERS: dict[type, Callable[..., list[str]]] = {
    ch.MoveExtension: _move_extension,
    ch.CreateDomain: _create_domain,
    ch.DropDomain: _drop_domain,
    ch.AlterDomain: _alter_domain,
    ch.CreateCompositeType: _create_composite_type,
    ch.DropCompositeType: _drop_composite_type,
    ch.AlterCompositeType: _alter_composite_type,
    ch.RenameNotNull: _rename_not_null,
    ch.CreateSchema: _create_schema,
    ch.DropSchema: _drop_schema,
    ch.CreateExtension: _create_extension,
    ch.DropExtension: _drop_extension,
    ch.CreateEnum: _create_enum,
    ch.DropEnum: _drop_enum,
    ch.AddEnumValues: _add_enum_values,
    ch.RenameEnumValue: _rename_enum_value,
    ch.RecreateEnum: _recreate_enum,
    ch.CreateSequence: _create_sequence,
    ch.DropSequence: _drop_sequence,
    ch.AlterSequence: _alter_sequence,
    ch.CreateTable: _create_table,
    ch.DropTable: _drop_table,
    ch.RenameTable: _rename_table,
    ch.SetTableComment: _set_table_comment,
    ch.SetComment: _set_comment,
    ch.AddColumn: _add_column,
    ch.DropColumn: _drop_column,
    ch.RenameColumn: _rename_column,
    ch.AlterColumn: _alter_column,
    ch.AddConstraint: _add_constraint,
    ch.DropConstraint: _drop_constraint,
    ch.RenameConstraint: _rename_constraint,
    ch.CreateIndex: _create_index,
    ch.DropIndex: _drop_index,
    ch.RenameIndex: _rename_index,
    ch.CreateView: _create_view,
    ch.DropView: _drop_view,
}


def render_change(change: ch.Change) -> list[str]:
    """The statements (without trailing semicolons) that perform one change."""
    return RENDERERS[type(change)](change)


def render_statements(changes: Iterable[ch.Change]) -> list[str]:
    return [s for c in changes for s in render_change(c)]
