"""Tables from their catalog rows: relations (tables, partitioned tables, views, materialized
views) are collected by oid first, then columns, constraints and indexes are added to them
(:mod:`.constraints`, :mod:`.indexes`), then tables and views are built from them."""

from __future__ import annotations

from typing import Any

from ..model import Column, Identity, QName, SequenceOptions, Table, evolve, make
from ..naming import default_not_null_name
from .sequences import IdentityOptions

# One relation being assembled, by oid: its catalog row and the parts collected so far.
Relations = dict[int, dict[str, Any]]


def relations_of(rows: list[tuple]) -> Relations:
    """Relations: tables, partitioned tables, views, materialized views."""
    relations: Relations = {}
    for oid, schema, name, kind, comment, viewdef, partkey, bound, pschema, pname, relopts, colcomments in rows:
        relations[oid] = {
            "schema": schema, "name": name, "kind": kind, "comment": comment, "viewdef": viewdef,
            "columns": [], "pk": None, "uniques": [], "checks": [], "fks": [], "indexes": [],
            "exclusions": [], "partition_by": partkey, "partition_bound": bound,
            "partition_of": QName(pschema, pname) if pname else None, "not_null_names": {},
            "options": tuple(sorted(tuple(o.split("=", 1)) for o in relopts or ())),
            "column_comments": tuple(sorted((col, text) for col, text in colcomments or ())),
        }
    return relations


def read_columns(
    rows: list[tuple],
    relations: Relations,
    identity_options: IdentityOptions,
) -> None:
    """Columns of every table in one query, in attnum order, dropped columns skipped.

    Equal columns are one object (``id bigint``, ``created_at timestamptz`` in every table): the
    model a plan's child sends through its pipe is that much smaller to pickle and to read back
    (a pickle writes a shared object once), as the YAML side's columns already are shared."""
    made: dict[tuple, Column] = {}
    for relid, attnum, name, typ, nullable, expr, ident, generated, collation, comment in rows:
        rel = relations.get(relid)
        if rel is None or rel["partition_of"] is not None:  # an extension's table; a partition
            continue
        identity = None
        if ident in ("a", "d"):
            options, seqname = identity_options.get((relid, attnum), (SequenceOptions(), None))
            identity = Identity(ident == "a", options, seqname)
        key = (name, typ, nullable, expr, identity, generated, collation, comment)
        column = made.get(key)
        if column is None:
            is_generated = generated in ("s", "v")
            column = made[key] = make(  # a Column, made without __init__
                Column, name=name,
                type=typ,
                nullable=nullable,
                default=None if (identity or is_generated) else expr,
                identity=identity,
                generated=expr if is_generated else None,
                collation=collation,
                comment=comment,
                generated_kind="virtual" if generated == "v" else "stored",
            )
        rel["columns"].append(column)


def apply_not_null_names(relations: Relations) -> None:
    """Carry PostgreSQL 18's NOT NULL constraint names that differ from the default name."""
    for rel in relations.values():
        names = rel["not_null_names"]
        if not names:
            continue
        cols = []
        for col in rel["columns"]:
            name = names.get(col.name)
            if name is not None and not col.nullable and name != default_not_null_name(rel["name"], col.name):
                col = evolve(col, not_null_name=name)
            cols.append(col)
        rel["columns"] = cols



def tables_of(relations: Relations) -> list[Table]:
    return [
        Table(
            schema=rel["schema"],
            name=rel["name"],
            columns=tuple(rel["columns"]),
            primary_key=rel["pk"],
            uniques=tuple(rel["uniques"]),
            checks=tuple(rel["checks"]),
            foreign_keys=tuple(rel["fks"]),
            indexes=tuple(rel["indexes"]),
            comment=rel["comment"],
            exclusions=tuple(rel["exclusions"]),
            partition_by=rel["partition_by"],
            partition_of=rel["partition_of"],
            partition_bound=rel["partition_bound"],
            triggers=tuple(rel.get("triggers", ())),
            **rel.get("attributes", {}),
            partition_not_null_names=tuple(rel.get("partition_not_null_names", ())),
            rls_enabled=rel.get("rls", (False, False))[0],
            rls_forced=rel.get("rls", (False, False))[1],
            policies=tuple(rel.get("policies", ())),
            statistics=tuple(rel.get("statistics", ())),
        )
        for rel in relations.values()
        if rel["kind"] in ("r", "p")
    ]
