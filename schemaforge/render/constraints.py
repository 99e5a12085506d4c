"""SQL for table constraint changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import Check, ForeignKey, Index, IndexElement, PrimaryKey, Unique
from .locks import tagged
from .registry import renders
from .sql import comment_sql, constraint_def, index_def, literal, q, qq


@renders(ch.AddConstraint)
def _add_constraint(c: ch.AddConstraint) -> list[str]:
    con = c.constraint
    if c.online == "not_valid":  # no scan under the strong lock: ValidateConstraint follows
        kind = "add_foreign_key_not_valid" if isinstance(con, ForeignKey) else "add_check_not_valid"
        out: list[str] = [tagged(kind, f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)} NOT VALID")]
    elif c.online == "using_index":  # the index built without blocking writes, then attached
        assert isinstance(con, (PrimaryKey, Unique))
        index = Index(con.name, tuple(IndexElement(column=col) for col in con.columns), unique=True,
                      nulls_not_distinct=getattr(con, "nulls_not_distinct", False))
        kind = "PRIMARY KEY" if isinstance(con, PrimaryKey) else "UNIQUE"
        deferral = (" DEFERRABLE INITIALLY DEFERRED" if con.initially_deferred else " DEFERRABLE") \
            if con.deferrable else ""
        out = [tagged("create_index_concurrently", index_def(c.table, index, concurrently=True)),
               tagged("add_key_using_index", f"ALTER TABLE {qq(c.table)} ADD CONSTRAINT {q(con.name)} {kind} "
                                             f"USING INDEX {q(con.name)}{deferral}")]
    else:
        out = [tagged(_plain_kind(c), f"ALTER TABLE {qq(c.table)} ADD {constraint_def(con)}")]
    if getattr(con, "comment", None) is not None:
        out.append(comment_sql("CONSTRAINT", f"{q(con.name)} ON {qq(c.table)}", con.comment))
    return out


def _plain_kind(c: ch.AddConstraint) -> str:
    if not getattr(c.constraint, "valid", True) or not getattr(c.constraint, "enforced", True):  # no scan
        return "add_foreign_key_not_valid" if isinstance(c.constraint, ForeignKey) else "add_check_not_valid"
    if isinstance(c.constraint, ForeignKey):
        return "add_constraint_new_table" if c.new_table else "add_foreign_key"
    if c.new_table:
        return "add_constraint_new_table"
    return "add_check" if isinstance(c.constraint, Check) else "add_key"


@renders(ch.DropConstraint)
def _drop_constraint(c: ch.DropConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(c.constraint.name)}"]


@renders(ch.RenameConstraint)
def _rename_constraint(c: ch.RenameConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} RENAME CONSTRAINT {q(c.old_name)} TO {q(c.new_name)}"]



@renders(ch.ValidateConstraint)
def _validate_constraint(c: ch.ValidateConstraint) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} VALIDATE CONSTRAINT {q(c.name)}"]


@renders(ch.NothingToUndo)
def _nothing_to_undo(c: ch.NothingToUndo) -> list[str]:
    return [f"SELECT {literal('nothing to undo: ' + c.what)}"]


@renders(ch.AddNotNullCheck)
def _add_not_null_check(c: ch.AddNotNullCheck) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} ADD CONSTRAINT {q(c.name)} CHECK ({q(c.column)} IS NOT NULL) NOT VALID"]


@renders(ch.DropNotNullCheck)
def _drop_not_null_check(c: ch.DropNotNullCheck) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(c.name)}"]


@renders(ch.SetNotNull)
def _set_not_null(c: ch.SetNotNull) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} ALTER COLUMN {q(c.column)} SET NOT NULL",
            tagged("drop_constraint", f"ALTER TABLE {qq(c.table)} DROP CONSTRAINT {q(c.check)}")]


@renders(ch.DropNotNull)
def _drop_not_null(c: ch.DropNotNull) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} ALTER COLUMN {q(c.column)} DROP NOT NULL",
            tagged("add_check_not_valid",
                   f"ALTER TABLE {qq(c.table)} ADD CONSTRAINT {q(c.check)} CHECK ({q(c.column)} IS NOT NULL) NOT VALID")]
