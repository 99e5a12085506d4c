"""A deterministic large schema for the benchmarks: N tables as YAML and as SQL, and a variant.

Every table has 12 columns (11 for the first: it has no parent), 2 indexes, a foreign key to an
earlier table, a check and a comment. Every 10th slot differs in the variant, one kind of change
per slot, in turn: a column added, a column dropped, a column's type changed, an index replaced,
a check changed, comments changed, the whole table dropped, a whole new table added. So 1,000
tables have exactly 100 changed tables (``expected_facts`` says which, and how).

The same input gives the same bytes: no clock, no randomness, no unordered iteration. The YAML
and the SQL of one side describe the same schema (a plan of base YAML against a database loaded
from base SQL is empty; ``tests/test_bench_gen.py`` checks it), so ``psql -f base.sql`` builds
the base database quickly and the variant YAML is the working tree.

    python bench/schemagen.py --tables 1000 --out /tmp/gen   # writes base/, variant/, *.sql
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from pathlib import Path

KINDS = ("add_column", "drop_column", "alter_column", "index", "check", "comment", "drop_table", "add_table")
# what each kind of difference is, as the (table, category) facts every tool's output is reduced to
CATEGORY = {"add_column": "column", "drop_column": "column", "alter_column": "column", "index": "index",
            "check": "check", "comment": "comment", "drop_table": "table-", "add_table": "table+"}
PER_FILE = 100  # entities per YAML file


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # SQL spelling
    nullable: bool = False
    default: str | None = None  # SQL expression
    yaml_default: str | None = None  # the YAML key and value, e.g. "default: 0"
    extra: str = ""  # YAML keys such as "primary: true, identity: always"
    comment: str | None = None


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...] = ()
    expression: str | None = None
    where: str | None = None


@dataclass(frozen=True)
class Table:
    entity: str
    name: str
    columns: tuple[Column, ...]
    indexes: tuple[Index, ...]
    check: tuple[str, str]  # name, expression
    parent: str | None  # the table the parent_id foreign key references
    comment: str


def slot_kind(i: int) -> str | None:
    """The kind of difference table ``i`` has in the variant (every 10th table), or None."""
    return KINDS[(i // 10) % len(KINDS)] if i % 10 == 0 else None


def table_name(i: int) -> str:
    return f"t{i:05d}"


def _parent(i: int) -> int | None:
    """The table ``i`` references: the one before it, skipping a table the variant drops."""
    j = i - 1
    while j >= 0 and slot_kind(j) == "drop_table":
        j -= 1
    return j if j >= 0 else None


def base_table(i: int) -> Table:
    t = table_name(i)
    cols = [
        Column("id", "bigint", extra="primary: true, identity: always"),
        Column("name", "character varying(100)", yaml_default=None),
        Column("email", "text", extra="unique: true"),
        Column("amount", "numeric(12,2)", default="0", yaml_default="default: 0"),
        Column("qty", "integer", default="1", yaml_default="default: 1"),
        Column("active", "boolean", default="true", yaml_default="default: true"),
        Column("created_at", "timestamp with time zone", default="now()", yaml_default="default_sql: now()"),
        Column("updated_at", "timestamp with time zone", nullable=True),
        Column("payload", "jsonb", nullable=True),
        Column("code", "character(8)", nullable=True),
        Column("note", "text", nullable=True),
    ]
    parent = _parent(i)
    if parent is not None:
        cols.append(Column("parent_id", "bigint", nullable=True))
    return Table(
        entity=f"T{i}", name=t, columns=tuple(cols),
        indexes=(Index(f"{t}_name_idx", columns=("name",)),
                 Index(f"{t}_email_lower_idx", expression="lower(email)", where="active")),
        check=(f"{t}_qty_check", "qty >= 0"),
        parent=None if parent is None else table_name(parent),
        comment=f"table number {i}",
    )


def variant_tables(i: int) -> list[Table]:
    """Table ``i`` as the variant has it: unchanged, changed, gone ([]), or with a new one."""
    base = base_table(i)
    kind = slot_kind(i)
    if kind == "add_column":
        return [replace(base, columns=base.columns + (Column("extra", "integer", nullable=True),))]
    if kind == "drop_column":
        return [replace(base, columns=tuple(c for c in base.columns if c.name != "code"))]
    if kind == "alter_column":
        return [replace(base, columns=tuple(replace(c, type="character varying(200)") if c.name == "name" else c
                                            for c in base.columns))]
    if kind == "index":
        return [replace(base, indexes=(Index(f"{base.name}_created_idx", columns=("created_at",)),
                                       base.indexes[1]))]
    if kind == "check":
        return [replace(base, check=(base.check[0], "qty >= 1"))]
    if kind == "comment":
        return [replace(base, comment=f"table number {i}, renumbered",
                        columns=tuple(replace(c, comment="the display name") if c.name == "name" else c
                                      for c in base.columns))]
    if kind == "drop_table":
        return []
    if kind == "add_table":
        new = base_table(i)
        added = replace(new, entity=f"T{i}x", name=f"{base.name}x", comment=f"table number {i}, added",
                        indexes=tuple(replace(x, name=x.name.replace(base.name, f"{base.name}x")) for x in new.indexes),
                        check=(f"{base.name}x_qty_check", new.check[1]))
        return [base, added]
    return [base]


def tables(n: int, variant: bool) -> list[Table]:
    out: list[Table] = []
    for i in range(n):
        out.extend(variant_tables(i) if variant else [base_table(i)])
    return out


def expected_facts(n: int) -> list[tuple[str, str]]:
    """The (table, category) facts a correct diff of base → variant finds, sorted."""
    facts = []
    for i in range(0, n, 10):
        kind = slot_kind(i)
        assert kind is not None
        name = f"{table_name(i)}x" if kind == "add_table" else table_name(i)
        facts.append((name, CATEGORY[kind]))
    return sorted(facts)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (the generator's strings are plain ASCII without quotes)."""
    return '"' + text + '"'


def _yaml_type(sql_type: str) -> str:
    return {"character varying(100)": "varchar(100)", "character varying(200)": "varchar(200)",
            "timestamp with time zone": "timestamptz", "character(8)": "char(8)"}.get(sql_type, sql_type)


def entity_yaml(t: Table) -> str:
    lines = [f"  {t.entity}:", f"    table: {t.name}", f"    comment: {_q(t.comment)}", "    columns:"]
    for c in t.columns:
        keys = [f"type: {_q(_yaml_type(c.type))}"]
        if c.extra:
            keys.append(c.extra)
        if c.nullable:
            keys.append("nullable: true")
        if c.yaml_default:
            keys.append(c.yaml_default)
        if c.comment:
            keys.append(f"comment: {_q(c.comment)}")
        lines.append(f"      {c.name}: {{ {', '.join(keys)} }}")
    lines.append("    indexes:")
    for x in t.indexes:
        if x.expression:
            where = f", where: {_q(x.where)}" if x.where else ""
            lines.append(f"      - {{ name: {x.name}, expressions: [{_q(x.expression)}]{where} }}")
        else:
            lines.append(f"      - {{ name: {x.name}, columns: [{', '.join(x.columns)}] }}")
    lines.append("    checks:")
    lines.append(f"      {t.check[0]}: {_q(t.check[1])}")
    if t.parent:
        lines.append("    foreign_keys:")
        lines.append(f"      - {{ name: {t.name}_parent_fk, columns: [parent_id], "
                     f"references: {{ table: {t.parent}, columns: [id] }} }}")
    return "\n".join(lines) + "\n"


def table_sql(t: Table) -> str:
    cols = []
    for c in t.columns:
        spec = f"    {c.name} {c.type}"
        if c.extra.startswith("primary"):
            spec += " GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        elif not c.nullable:
            spec += " NOT NULL"
        if c.default is not None:
            spec += f" DEFAULT {c.default}"
        if c.extra == "unique: true":
            spec += " UNIQUE"
        cols.append(spec)
    cols.append(f"    CONSTRAINT {t.check[0]} CHECK ({t.check[1]})")
    out = [f"CREATE TABLE public.{t.name} (\n" + ",\n".join(cols) + "\n);"]
    for x in t.indexes:
        what = f"({x.expression})" if x.expression else ", ".join(x.columns)
        where = f" WHERE {x.where}" if x.where else ""
        out.append(f"CREATE INDEX {x.name} ON public.{t.name} ({what}){where};")
    out.append(f"COMMENT ON TABLE public.{t.name} IS '{t.comment}';")
    for c in t.columns:
        if c.comment:
            out.append(f"COMMENT ON COLUMN public.{t.name}.{c.name} IS '{c.comment}';")
    return "\n".join(out) + "\n"


def schema_sql(ts: list[Table]) -> str:
    """The whole schema as one script for ``psql -f``: tables, then the foreign keys, one transaction."""
    parts = ["BEGIN;\n"] + [table_sql(t) for t in ts]
    parts += [f"ALTER TABLE public.{t.name} ADD CONSTRAINT {t.name}_parent_fk FOREIGN KEY (parent_id) "
              f"REFERENCES public.{t.parent} (id);\n" for t in ts if t.parent]
    parts.append("COMMIT;\n")
    return "".join(parts)


def yaml_files(ts: list[Table]) -> dict[str, str]:
    """File name → text, PER_FILE entities a file."""
    return {f"part{k // PER_FILE:03d}.yaml": "entities:\n" + "".join(entity_yaml(t) for t in ts[k:k + PER_FILE])
            for k in range(0, len(ts), PER_FILE)}


def write_yaml(directory: Path, ts: list[Table]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.yaml"):
        old.unlink()
    for name, text in yaml_files(ts).items():
        (directory / name).write_text(text)


def write_all(out: Path, n: int) -> None:
    """``out/base/*.yaml``, ``out/variant/*.yaml``, ``out/base.sql``, ``out/variant.sql``."""
    out.mkdir(parents=True, exist_ok=True)
    for side, variant in (("base", False), ("variant", True)):
        ts = tables(n, variant)
        write_yaml(out / side, ts)
        (out / f"{side}.sql").write_text(schema_sql(ts))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tables", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    write_all(args.out, args.tables)
    print(f"wrote {args.out}: {args.tables} tables, {len(expected_facts(args.tables))} differ in the variant")


if __name__ == "__main__":
    main()
