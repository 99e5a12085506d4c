"""Primary keys, uniques, checks, foreign keys and exclusion constraints from their catalog
rows, onto the relations being assembled (:mod:`.tables`)."""

from __future__ import annotations

from ..model import Check, ForeignKey, PrimaryKey, QName, Unique, evolve
from .tables import Relations

_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_FK_MATCH = {"f": "FULL", "s": "SIMPLE", "p": "PARTIAL"}


def check_expression(definition: str) -> str:
    """The expression inside ``CHECK (...)``, without trailing constraint flags."""
    text = definition.strip()
    stripped = True
    while stripped:
        stripped = False
        for suffix in (" NOT VALID", " NO INHERIT", " NOT ENFORCED"):
            if text.endswith(suffix):
                text = text[: -len(suffix)].rstrip()
                stripped = True
    if text.startswith("CHECK (") and text.endswith(")"):
        return text[len("CHECK (") : -1]
    return text


def read_constraints(rows: list[tuple], relations: Relations) -> dict[int, tuple]:
    """Primary keys, uniques, checks and foreign keys of every table in one query.

    NOT NULL constraints (contype 'n', PostgreSQL 18) are the columns' ``nullable``; only
    their names are collected here. Exclusion constraints are returned keyed by their index
    (the index rows carry the elements). Constraints inherited by a partition
    (``conislocal = false``) belong to the parent and are skipped.
    ``conparentid = 0`` drops the internal clones PostgreSQL makes of a foreign key that
    references a partitioned table (one per partition).
    """
    exclusions: dict[int, tuple] = {}
    for (relid, name, kind, definition, cols, ref_cols, ref_schema, ref_name,
         deltype, updtype, matchtype, deferrable, deferred, noinherit, nulls_nd, comment,
         indid, ops, enforced, validated) in rows:
        rel = relations.get(relid)
        if rel is None or rel["kind"] not in ("r", "p"):
            continue
        if kind == "n":
            rel["not_null_names"][cols[0]] = name
            if not validated:  # PostgreSQL 18 NOT VALID: attnotnull is true, the column reads NOT NULL
                rel["columns"] = [evolve(c, not_null_valid=False) if c.name == cols[0] and not c.nullable else c
                                  for c in rel["columns"]]
        elif kind == "x":
            exclusions[indid] = (name, tuple(ops), deferrable, deferred, comment)
        elif kind == "p":
            rel["pk"] = PrimaryKey(name, tuple(cols), deferrable, deferred, comment)
        elif kind == "u":
            rel["uniques"].append(Unique(name, tuple(cols), bool(nulls_nd), deferrable, deferred, comment))
        elif kind == "c":
            rel["checks"].append(Check(name, check_expression(definition), noinherit, comment,
                                       enforced=enforced))
        elif kind == "f":
            rel["fks"].append(
                ForeignKey(
                    name=name,
                    columns=tuple(cols),
                    ref_table=QName(ref_schema, ref_name),
                    ref_columns=tuple(ref_cols),
                    on_delete=_FK_ACTIONS[deltype],
                    on_update=_FK_ACTIONS[updtype],
                    match=_FK_MATCH[matchtype],
                    deferrable=deferrable,
                    initially_deferred=deferred,
                    comment=comment,
                    enforced=enforced,
                )
            )
    return exclusions

