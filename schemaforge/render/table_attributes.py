"""SQL for table attribute changes, and the clauses CREATE TABLE takes for them."""

from __future__ import annotations

from .. import changes as ch
from ..model import ForeignKey, Table
from .locks import tagged
from .registry import renders
from .sql import constraint_def, q, qq


def storage_clause(storage: tuple[tuple[str, str], ...]) -> str:
    """``WITH (fillfactor = 70, ...)``; values are checked fragments or catalog text quoted on
    reading (``inspect/table_attributes``), emitted as they are."""
    return "WITH (" + ", ".join(f"{q(k)} = {v}" for k, v in storage) + ")"


def create_clauses(t: Table) -> tuple[str, str]:
    """(the word after CREATE, the clauses after the column list but before PARTITION BY)."""
    inherits = f" INHERITS ({', '.join(qq(p) for p in t.inherits)})" if t.inherits else ""
    return ("UNLOGGED " if t.unlogged else ""), inherits


@renders(ch.SetLogged)
def _set_logged(c: ch.SetLogged) -> list[str]:
    return [tagged("set_logged", f"ALTER TABLE {qq(c.table)} SET {'UNLOGGED' if c.unlogged else 'LOGGED'}")]


@renders(ch.SetReplicaIdentity)
def _set_replica_identity(c: ch.SetReplicaIdentity) -> list[str]:
    kind, index = c.new
    what = f"USING INDEX {q(index)}" if kind == "index" and index else kind.upper()
    return [tagged("alter_table", f"ALTER TABLE {qq(c.table)} REPLICA IDENTITY {what}")]


@renders(ch.SetStorage)
def _set_storage(c: ch.SetStorage) -> list[str]:
    """Every old parameter reset and every new one set, in one statement: the catalog then
    holds them in the model's (sorted) order, as a table created afresh does."""
    parts = []
    if c.old:
        parts.append(f"RESET ({', '.join(q(k) for k, _ in c.old)})")
    if c.new:
        parts.append(f"SET {storage_clause(c.new)[5:]}")
    return [tagged("alter_table_settings", f"ALTER TABLE {qq(c.table)} {', '.join(parts)}")]


@renders(ch.SetClusterOn)
def _set_cluster_on(c: ch.SetClusterOn) -> list[str]:
    what = f"CLUSTER ON {q(c.new)}" if c.new else "SET WITHOUT CLUSTER"
    return [tagged("alter_table_settings", f"ALTER TABLE {qq(c.table)} {what}")]


@renders(ch.SetInherits)
def _set_inherits(c: ch.SetInherits) -> list[str]:
    return [tagged("alter_table", f"ALTER TABLE {qq(c.table)} {'' if c.inherit else 'NO '}INHERIT {qq(c.parent)}")]


@renders(ch.SetConstraintValid)
def _set_constraint_valid(c: ch.SetConstraintValid) -> list[str]:
    con = c.constraint
    if con.valid:
        return [tagged("validate_constraint", f"ALTER TABLE {qq(c.table)} VALIDATE CONSTRAINT {q(con.name)}")]
    kind = "add_foreign_key_not_valid" if isinstance(con, ForeignKey) else "add_check_not_valid"
    return [tagged("drop_constraint", f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(con.name)}"),
            tagged(kind, f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)}")]
