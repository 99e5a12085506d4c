"""SQL for table changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import Table
from .locks import tagged
from .registry import renders
from .sql import column_def, comment_sql, constraint_def, not_valid_not_null, q, qn, qq
from .statistics import created_column_options
from .table_attributes import create_clauses, storage_clause


@renders(ch.CreateTable)
def _create_table(c: ch.CreateTable) -> list[str]:
    t: Table = c.table
    lines = [column_def(col, t.schema) for col in t.columns]
    if t.primary_key:
        lines.append(constraint_def(t.primary_key))
    lines += [constraint_def(u) for u in t.uniques]
    lines += [constraint_def(k) for k in t.checks if k.valid]
    lines += [constraint_def(x) for x in t.exclusions]
    lines += [f"CONSTRAINT {q(name)} NOT NULL {q(col)}" for col, name in t.partition_not_null_names]
    body = ",\n  ".join(lines)
    unlogged, inherits = create_clauses(t)
    if t.partition_of is not None:
        sql = f"CREATE {unlogged}TABLE {qq(t.qname)} PARTITION OF {qq(t.partition_of)}"
        if lines:
            sql += f" (\n  {body}\n)"
        sql += f" {t.partition_bound or 'DEFAULT'}"
    else:
        sql = f"CREATE {unlogged}TABLE {qq(t.qname)} (\n  {body}\n){inherits}"
    if t.partition_by:
        sql += f" PARTITION BY {t.partition_by}"
    if t.storage:
        sql += " " + storage_clause(t.storage)
    out = [sql]
    # CREATE TABLE marks every check valid: a NOT VALID one is added after (no rows to skip)
    out += [tagged("add_check_not_valid", f"ALTER TABLE {qq(t.qname)} ADD {constraint_def(k)}")
            for k in t.checks if not k.valid]
    out += [not_valid_not_null(t.qname, col) for col in t.columns if not col.nullable and not col.not_null_valid]
    if t.replica_identity in ("full", "nothing"):
        out.append(tagged("alter_table", f"ALTER TABLE {qq(t.qname)} REPLICA IDENTITY {t.replica_identity.upper()}"))
    if t.comment is not None:
        out.append(comment_sql("TABLE", qq(t.qname), t.comment))
    for col in t.columns:
        if col.comment is not None:
            out.append(comment_sql("COLUMN", f"{qq(t.qname)}.{q(col.name)}", col.comment))
    for con in (*((t.primary_key,) if t.primary_key else ()), *t.uniques, *t.checks, *t.exclusions):
        if getattr(con, "comment", None) is not None:
            out.append(comment_sql("CONSTRAINT", f"{q(con.name)} ON {qq(t.qname)}", con.comment))
    return out + created_column_options(t.qname, t.columns)


@renders(ch.DropTable)
def _drop_table(c: ch.DropTable) -> list[str]:
    return [f"DROP TABLE {qq(c.table.qname)}"]


@renders(ch.RenameTable)
def _rename_table(c: ch.RenameTable) -> list[str]:
    return [f"ALTER TABLE {qn(c.schema, c.old_name)} RENAME TO {q(c.new_name)}"]

