"""Compare two models (current, desired) and list the changes that turn one into the other.

The diff knows nothing of YAML or SQL text: it compares frozen model objects. Renames come
only from explicit ``renamed_from`` hints, never from guessing; objects whose definition is
identical except for the name are renamed rather than dropped and re-created, which is what
keeps constraint and index names exact after a table or column rename.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import changes as ch
from .dependencies import views_over
from .equiv import canonical
from .idents import catalog_ident
from .model import Check, Column, CompositeType, Database, Domain, Enum, Index, QName, Table
from .naming import make_object_name

# Extensions that every database has and nobody manages.
BUILTIN_EXTENSIONS = {"plpgsql"}


def diff(current: Database, desired: Database) -> list[ch.Change]:
    """All changes from ``current`` to ``desired`` (unordered: see :mod:`schemaforge.order`)."""
    out: list[ch.Change] = []
    out += _diff_schemas(current, desired)
    out += _diff_extensions(current, desired)
    enum_changes = _diff_enums(current, desired)
    out += enum_changes
    out += _diff_domains(current, desired)
    out += _diff_composite_types(current, desired)
    out += _diff_sequences(current, desired)
    table_changes, touched = _diff_tables(current, desired)
    out = _release_serial_sequences(out, table_changes)
    out += table_changes
    # columns converted to a recreated enum: views over them must be recreated around it
    touched |= {t for c in enum_changes if isinstance(c, ch.RecreateEnum) for t, *_ in c.columns}
    out += _diff_views(current, desired, touched)
    return out


_NEXTVAL = re.compile(r"^nextval\('(.+)'::regclass\)$")


def _release_serial_sequences(changes: list[ch.Change], table_changes: list[ch.Change]) -> list[ch.Change]:
    """A serial column turned identity frees its sequence's name: drop it early, so the
    identity's own sequence can take the name ``<table>_<column>_seq``."""
    released = set()
    for c in table_changes:
        if isinstance(c, ch.AlterColumn) and c.early and c.old.default:
            m = _NEXTVAL.match(c.old.default)
            if m:
                released.add(m.group(1))
    if not released:
        return changes

    def name(seq) -> str:
        return f"{catalog_ident(seq.schema)}.{catalog_ident(seq.name)}"

    return [
        replace(c, early=True) if isinstance(c, (ch.DropSequence, ch.AlterSequence)) and name(
            c.sequence if isinstance(c, ch.DropSequence) else c.old) in released
        and not (isinstance(c, ch.AlterSequence) and c.new.owned_by is not None) else c
        for c in changes
    ]


def _swaps_serial_and_identity(a: Column, b: Column) -> bool:
    def serial(c: Column) -> bool:
        return c.identity is None and bool(c.default) and c.default.startswith("nextval(")

    return (serial(a) and b.identity is not None) or (a.identity is not None and serial(b))


def _by(items, key=lambda o: o.name) -> dict:
    """``{key: object}`` in key order, so the changes come out in the same order whatever
    order the model's collections are in."""
    return {key(o): o for o in sorted(items, key=key)}


def _qkey(o) -> tuple[str, str]:
    return (o.schema, o.name)


def _diff_schemas(cur: Database, des: Database) -> list[ch.Change]:
    c, d = _by(cur.schemas), _by(des.schemas)
    out: list[ch.Change] = [ch.CreateSchema(s) for n, s in d.items() if n not in c]
    out += [ch.DropSchema(s) for n, s in c.items() if n not in d and n != "public"]
    for n in sorted(c.keys() & d.keys()):
        if c[n].comment != d[n].comment:
            out.append(ch.SetComment("SCHEMA", (n,), c[n].comment, d[n].comment))
    return out


def _diff_extensions(cur: Database, des: Database) -> list[ch.Change]:
    c = {n: e for n, e in _by(cur.extensions).items() if n not in BUILTIN_EXTENSIONS}
    d = {n: e for n, e in _by(des.extensions).items() if n not in BUILTIN_EXTENSIONS}
    out: list[ch.Change] = [ch.CreateExtension(e) for n, e in d.items() if n not in c]
    out += [ch.DropExtension(e) for n, e in c.items() if n not in d]
    for n in sorted(c.keys() & d.keys()):
        old, new = c[n].schema, d[n].schema
        if old and new and old != new:
            out.append(ch.MoveExtension(n, old, new))
    return out


def _diff_domains(cur: Database, des: Database) -> list[ch.Change]:
    """Domains: created, dropped, or altered in place; a new base type or collation recreates."""
    c, d = _by(cur.domains, _qkey), _by(des.domains, _qkey)
    out: list[ch.Change] = [ch.CreateDomain(x) for k, x in d.items() if k not in c]
    out += [ch.DropDomain(x) for k, x in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if _domain_key(o) == _domain_key(n):
            continue
        if (o.type, o.collation) != (n.type, n.collation):
            out += [ch.DropDomain(o, replaced=True), ch.CreateDomain(n)]
        else:
            out.append(ch.AlterDomain(o, n))
    return out


def _domain_key(d: Domain) -> tuple:
    checks = tuple((k.name, canonical(k.expression), k.comment) for k in d.checks)
    return (d.type, d.collation, canonical(d.default), d.not_null, checks, d.comment)


def _diff_composite_types(cur: Database, des: Database) -> list[ch.Change]:
    """Composite types: attributes dropped, retyped or appended in place when the resulting
    order is the desired one; otherwise (a reorder or an insertion) the type is recreated."""
    c, d = _by(cur.composite_types, _qkey), _by(des.composite_types, _qkey)
    out: list[ch.Change] = [ch.CreateCompositeType(x) for k, x in d.items() if k not in c]
    out += [ch.DropCompositeType(x) for k, x in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if o.attributes == n.attributes:
            if o.comment != n.comment:
                out.append(ch.SetComment("TYPE", k, o.comment, n.comment))
        elif _alterable(o, n):
            out.append(ch.AlterCompositeType(o, n))
        else:
            out += [ch.DropCompositeType(o, replaced=True), ch.CreateCompositeType(n)]
    return out


def _alterable(o: CompositeType, n: CompositeType) -> bool:
    old = [a[0] for a in o.attributes]
    new = [a[0] for a in n.attributes]
    return [x for x in old if x in new] + [x for x in new if x not in old] == new


def _is_subsequence(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
    it = iter(big)
    return all(x in it for x in small)


def _diff_enums(cur: Database, des: Database) -> list[ch.Change]:
    c, d = _by(cur.enums, _qkey), _by(des.enums, _qkey)
    out: list[ch.Change] = [ch.CreateEnum(e) for k, e in d.items() if k not in c]
    out += [ch.DropEnum(e) for k, e in c.items() if k not in d]
    for k in sorted(c.keys() & d.keys()):
        o, n = c[k], d[k]
        if o.labels != n.labels:
            if _is_subsequence(o.labels, n.labels):
                columns = _enum_columns(cur, des, o)
                views = views_over(cur, {t for t, *_ in columns})
                out.append(ch.AddEnumValues(replace(o, comment=n.comment), n, columns, views))
            else:
                out.append(ch.RecreateEnum(replace(o, comment=n.comment), n, _enum_columns(cur, des, o)))
        if o.comment != n.comment:
            out.append(ch.SetComment("TYPE", k, o.comment, n.comment))
    return out


def _enum_columns(cur: Database, des: Database, enum: Enum):
    """Columns of the current database typed with ``enum``, with their old and new defaults."""
    tname = f"{catalog_ident(enum.schema)}.{catalog_ident(enum.name)}"
    found = []
    for t in cur.tables:
        for col in t.columns:
            if col.type in (tname, tname + "[]"):
                dt = des.table(t.schema, t.name)
                dc = dt.column(col.name) if dt else None
                new_default = dc.default if dc and dc.type == col.type else None
                found.append((t.qname, col.name, col.default, new_default, col.type.endswith("[]")))
    return tuple(found)





def _diff_sequences(cur: Database, des: Database) -> list[ch.Change]:
    c, d = _by(cur.sequences, _qkey), _by(des.sequences, _qkey)
    out: list[ch.Change] = []
    for k, s in d.items():
        if k not in c:
            # OWNED BY needs the table, so it is set by a separate step after tables exist.
            out.append(ch.CreateSequence(replace(s, owned_by=None)))
            if s.owned_by:
                out.append(ch.AlterSequence(replace(s, owned_by=None), s))
    for k, s in c.items():
        if k not in d:
            if s.owned_by:
                out.append(ch.AlterSequence(s, replace(s, owned_by=None)))
            out.append(ch.DropSequence(replace(s, owned_by=None)))
    for k in sorted(c.keys() & d.keys()):
        if c[k] != d[k]:
            out.append(ch.AlterSequence(c[k], d[k]))
    return out


# --- tables ---------------------------------------------------------------------------------


def _diff_tables(cur: Database, des: Database) -> tuple[list[ch.Change], set[QName]]:
    """Table changes, and the tables whose columns changed in a way dependent views feel."""
    out: list[ch.Change] = []
    touched: set[QName] = set()
    c, d = _by(cur.tables, _qkey), _by(des.tables, _qkey)
    # Renames first, so the renamed table is then compared like any other.
    for k, t in sorted(d.items()):
        if t.renamed_from and k not in c and (t.schema, t.renamed_from) in c:
            old = c.pop((t.schema, t.renamed_from))
            out.append(ch.RenameTable(t.schema, old.name, t.name))
            c[k] = _renamed_table(old, t.name, cur.named_not_nulls)
            touched.add(QName(t.schema, old.name))
    recreate = _recreated_partitions(c, d)
    for k, t in sorted(c.items()):
        if k not in d or k in recreate:
            out += _drop_table(t, replaced=k in recreate)
    for k, t in sorted(d.items()):
        if k not in c or k in recreate:
            out += _create_table(t)
    touched |= {QName(*k) for k in recreate}
    for k in sorted((c.keys() & d.keys()) - recreate):
        changes, table_touched = _diff_table(c[k], d[k], cur.named_not_nulls)
        out += changes
        if table_touched:
            touched.add(d[k].qname)
    return out, touched


def _partitioning(t: Table) -> tuple:
    return (t.partition_by, t.partition_of, t.partition_bound)


def _recreated_partitions(c: dict, d: dict) -> set[tuple[str, str]]:
    """Tables whose partitioning changed, and (transitively) the partitions of those:
    dropping a partitioned table drops its partitions, so they are recreated with it."""
    out = {k for k in c.keys() & d.keys() if _partitioning(c[k]) != _partitioning(d[k])}
    while True:
        more = {
            k for k in c.keys() & d.keys()
            if k not in out and c[k].partition_of is not None and _qkey(c[k].partition_of) in out
        }
        if not more:
            return out
        out |= more


def _renamed_table(t: Table, new_name: str, named_not_nulls: bool) -> Table:
    """The current table as it reads after ``RENAME TO new_name``: the names PostgreSQL derived
    from the old name (identity sequences; NOT NULL constraints on 18) stay behind."""
    cols = tuple(_keep_derived_names(t.name, c, named_not_nulls) for c in t.columns)
    return replace(t, name=new_name, columns=cols)


def _keep_derived_names(table: str, c: Column, named_not_nulls: bool) -> Column:
    """``c`` with the names derived from ``table`` and its current name made explicit."""
    if c.identity is not None and c.identity.sequence_name is None:
        c = replace(c, identity=replace(c.identity, sequence_name=make_object_name(table, c.name, "seq")))
    if named_not_nulls and not c.nullable and c.not_null_name is None:
        c = replace(c, not_null_name=make_object_name(table, c.name, "not_null"))
    return c


def _create_table(t: Table) -> list[ch.Change]:
    bare = replace(t, foreign_keys=(), indexes=())
    out: list[ch.Change] = [ch.CreateTable(bare)]
    out += [ch.AddConstraint(t.qname, fk, new_table=True) for fk in t.foreign_keys]
    out += [ch.CreateIndex(t.qname, ix, new_table=True) for ix in t.indexes]
    return out


def _drop_table(t: Table, replaced: bool = False) -> list[ch.Change]:
    out: list[ch.Change] = [ch.DropConstraint(t.qname, fk, new_table=True) for fk in t.foreign_keys]
    out += [ch.DropIndex(t.qname, ix, new_table=True) for ix in t.indexes]
    out.append(ch.DropTable(replace(t, foreign_keys=(), indexes=()), replaced=replaced))
    return out


def _rename_refs(t: Table, old: str, new: str, named_not_nulls: bool = False) -> Table:
    """The current table as it reads after ``RENAME COLUMN old TO new``."""
    t = replace(t, columns=tuple(
        _keep_derived_names(t.name, c, named_not_nulls) if c.name == old else c for c in t.columns
    ))
    sub = lambda names: tuple(new if n == old else n for n in names)  # noqa: E731
    pat = re.compile(r'(?<![\w"$.])' + re.escape(catalog_ident(old)) + r'(?![\w"$])')
    txt = lambda s: pat.sub(catalog_ident(new).replace("\\", "\\\\"), s) if s else s  # noqa: E731
    return replace(
        t,
        columns=tuple(replace(c, name=new) if c.name == old else c for c in t.columns),
        primary_key=replace(t.primary_key, columns=sub(t.primary_key.columns)) if t.primary_key else None,
        uniques=tuple(replace(u, columns=sub(u.columns)) for u in t.uniques),
        checks=tuple(replace(k, expression=txt(k.expression)) for k in t.checks),
        foreign_keys=tuple(replace(f, columns=sub(f.columns)) for f in t.foreign_keys),
        indexes=tuple(
            replace(
                i,
                elements=tuple(
                    replace(e, column=new if e.column == old else e.column, expression=txt(e.expression))
                    for e in i.elements
                ),
                include=sub(i.include),
                where=txt(i.where),
            )
            for i in t.indexes
        ),
    )


def _diff_table(o: Table, n: Table, named_not_nulls: bool = False) -> tuple[list[ch.Change], bool]:
    out: list[ch.Change] = []
    touched = False
    qn = n.qname
    # column renames
    for col in n.columns:
        if col.renamed_from and o.column(col.name) is None and o.column(col.renamed_from) is not None:
            out.append(ch.RenameColumn(qn, col.renamed_from, col.name))
            o = _rename_refs(o, col.renamed_from, col.name, named_not_nulls)
            touched = True
    # constraints and indexes that go away are dropped before column changes
    cons_out, cons_in = _diff_constraints(o, n)
    out += cons_out
    oc, nc = _by(o.columns), _by(n.columns)
    for col in n.columns:
        if col.name not in oc:
            out.append(ch.AddColumn(qn, col))
    for col in o.columns:
        if col.name not in nc:
            out.append(ch.DropColumn(qn, col))
            touched = True
    for name in [c.name for c in n.columns if c.name in oc]:
        a, b = oc[name], nc[name]
        if named_not_nulls:
            out += _not_null_renames(o, a, b)
        if a == b or (_column_core(a) == _column_core(b) and a.comment == b.comment):
            continue
        if canonical(a.generated) != canonical(b.generated):
            out += [ch.DropColumn(qn, a), ch.AddColumn(qn, b)]
            touched = True
            continue
        if _swaps_serial_and_identity(a, b):  # release first: both want <table>_<column>_seq
            mid = replace(a, default=None, identity=None)
            out.append(ch.AlterColumn(qn, a, mid, early=True))
            a = mid
        if _column_core(a) != _column_core(b):
            out.append(ch.AlterColumn(qn, a, replace(b, comment=a.comment), *_using(a, b)))
            touched = touched or a.type != b.type
        if a.comment != b.comment:
            out.append(ch.SetComment("COLUMN", (n.schema, n.name, name), a.comment, b.comment))
    out += cons_in
    if o.comment != n.comment:
        out.append(ch.SetTableComment(qn, o.comment, n.comment))
    return out, touched


def _not_null_names(t: Table, c: Column) -> str | None:
    if c.nullable:
        return None
    return c.not_null_name or make_object_name(t.name, c.name, "not_null")


def _not_null_renames(t: Table, a: Column, b: Column) -> list[ch.Change]:
    """RENAME CONSTRAINT for a PostgreSQL 18 NOT NULL whose name differs.

    A constraint that exists before the column changes is renamed before them
    (``before_alter``): a name it frees (a column or table renamed since PostgreSQL derived
    it) may be the default name of a column added or set NOT NULL in the same plan, and
    PostgreSQL would give that one ``<name>1`` if it were still taken. SET NOT NULL creates
    the constraint under its default name, renamed after the alter; a named constraint about
    to be dropped is first given its default name, so the down script (SET NOT NULL, then
    the reverse rename) restores the original name.
    """
    qn, default = t.qname, make_object_name(t.name, b.name, "not_null")
    old, new = _not_null_names(t, a), _not_null_names(t, b)
    if old and new and old != new:
        return [ch.RenameNotNull(qn, b.name, old, new, before_alter=True)]
    if old is None and new is not None and new != default:
        return [ch.RenameNotNull(qn, b.name, default, new)]
    if new is None and old is not None and old != default:
        return [ch.RenameNotNull(qn, b.name, old, default, before_alter=True)]
    return []


def _column_core(c: Column) -> tuple:
    return (c.type, c.nullable, canonical(c.default), c.identity, c.collation, canonical(c.generated))


def _using(a: Column, b: Column) -> tuple[str | None, str | None]:
    """The YAML's ``using:`` / ``using_down:`` when the type changes; the conversions
    PostgreSQL needs otherwise are found from the catalog (:mod:`schemaforge.typecast`)."""
    if a.type == b.type:
        return None, None
    return b.using, b.using_down


def _definition(con) -> object:
    """A constraint or index with the parts that do not define it blanked out."""
    if isinstance(con, Index):
        return replace(
            con, name="", comment=None, definition=None, where=canonical(con.where),
            elements=tuple(replace(e, expression=canonical(e.expression)) for e in con.elements),
        )
    if isinstance(con, Check):
        return replace(con, name="", comment=None, expression=canonical(con.expression))
    return replace(con, name="", comment=None) if hasattr(con, "comment") else replace(con, name="")


def _diff_constraints(o: Table, n: Table) -> tuple[list[ch.Change], list[ch.Change]]:
    """(drops and renames, additions) for the primary key, uniques, checks, FKs and indexes."""
    drops: list[ch.Change] = []
    adds: list[ch.Change] = []
    qn = n.qname
    groups: list[tuple[tuple, tuple, str]] = [
        ((o.primary_key,) if o.primary_key else (), (n.primary_key,) if n.primary_key else (), "CONSTRAINT"),
        (o.uniques, n.uniques, "CONSTRAINT"),
        (o.checks, n.checks, "CONSTRAINT"),
        (o.foreign_keys, n.foreign_keys, "CONSTRAINT"),
        (o.exclusions, n.exclusions, "CONSTRAINT"),
        (o.indexes, n.indexes, "INDEX"),
    ]
    partitioned = n.partition_by is not None
    for olds, news, target in groups:
        ob, nb = _by(olds), _by(news)
        differ = {n for n in ob.keys() & nb.keys() if ob[n] != nb[n] and _definition(ob[n]) != _definition(nb[n])}
        gone = [x for name, x in ob.items() if name not in nb or name in differ]
        come = [x for name, x in nb.items() if name not in ob or name in differ]
        # same definition, other name: rename in place
        for x in list(gone):
            twin = next((y for y in come if y.name not in ob and _definition(y) == _definition(x)), None)
            if twin is not None and x.name not in nb:
                gone.remove(x)
                come.remove(twin)
                if target == "INDEX":
                    drops.append(ch.RenameIndex(n.schema, qn, x.name, twin.name))
                else:
                    drops.append(ch.RenameConstraint(qn, x.name, twin.name))
                if getattr(x, "comment", None) != getattr(twin, "comment", None):
                    adds.append(_comment(target, n, twin.name, x.comment, twin.comment))
        for x in gone:
            drops.append(ch.DropIndex(qn, x) if target == "INDEX" else ch.DropConstraint(qn, x, partitioned=partitioned))
        for y in come:
            adds.append(ch.CreateIndex(qn, y) if target == "INDEX" else ch.AddConstraint(qn, y, partitioned=partitioned))
        for name in sorted(ob.keys() & nb.keys() - differ):
            x, y = ob[name], nb[name]
            if x != y and getattr(x, "comment", None) != getattr(y, "comment", None):
                adds.append(_comment(target, n, name, x.comment, y.comment))
    return drops, adds


def _comment(target: str, t: Table, name: str, old, new) -> ch.Change:
    if target == "INDEX":
        return ch.SetComment("INDEX", (t.schema, name), old, new)
    return ch.SetComment("CONSTRAINT", (t.schema, t.name, name), old, new)


# --- views ----------------------------------------------------------------------------------


def _diff_views(cur: Database, des: Database, touched: set[QName]) -> list[ch.Change]:
    c, d = _by(cur.views, _qkey), _by(des.views, _qkey)
    recreate: set[tuple[str, str]] = set()
    for k in c.keys() & d.keys():
        if replace(c[k], comment=None) != replace(d[k], comment=None):
            recreate.add(k)
    # views over changed tables, then views over recreated views, transitively
    recreate |= {_qkey(v) for v in views_over(cur, set(touched) | {QName(*k) for k in recreate})}
    out: list[ch.Change] = []
    for k, v in c.items():
        if k not in d or k in recreate:
            out.append(ch.DropView(v, replaced=k in d))
    for k, v in d.items():
        if k not in c or k in recreate:
            out.append(ch.CreateView(v))
        elif c[k].comment != v.comment:
            kind = "MATERIALIZED VIEW" if v.materialized else "VIEW"
            out.append(ch.SetTableComment(v.qname, c[k].comment, v.comment, kind))
    return out

