"""SQL for column changes."""

from __future__ import annotations

from dataclasses import replace

from .. import changes as ch
from ..naming import default_not_null_name, default_sequence_name
from .locks import tagged
from .registry import renders
from .sequence_options import OptionSteps, option_steps
from .sql import column_def, comment_sql, identity_clause, not_valid_not_null, q, qn, qq
from .statistics import created_column_options, retyped_column_options


@renders(ch.AddColumn)
def _add_column(c: ch.AddColumn) -> list[str]:
    stored = c.column.generated is not None and c.column.generated_kind == "stored"
    kind = "add_column_rewrite" if stored else "add_column"
    out: list[str] = [tagged(kind, f"ALTER TABLE {qq(c.table)} ADD COLUMN {column_def(c.column, c.table.schema)}")]
    if not c.column.nullable and not c.column.not_null_valid:
        out.append(not_valid_not_null(c.table, c.column))
    if c.column.comment is not None:
        out.append(comment_sql("COLUMN", f"{qq(c.table)}.{q(c.column.name)}", c.column.comment))
    return out + created_column_options(c.table, (c.column,))


@renders(ch.DropColumn)
def _drop_column(c: ch.DropColumn) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} DROP COLUMN {q(c.column.name)}"]


@renders(ch.RenameColumn)
def _rename_column(c: ch.RenameColumn) -> list[str]:
    return [f"ALTER TABLE {qq(c.table)} RENAME COLUMN {q(c.old_name)} TO {q(c.new_name)}"]


@renders(ch.AlterColumn)
def _alter_column(c: ch.AlterColumn) -> list[str]:
    o, n, col = c.old, c.new, q(c.new.name)
    actions: list[str] = []
    steps = OptionSteps(())
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
    later: list[str] = []  # NOT VALID NOT NULL (PostgreSQL 18): statements of their own
    if o.nullable != n.nullable and (n.nullable or n.not_null_valid):
        actions.append(f"ALTER COLUMN {col} {'DROP' if n.nullable else 'SET'} NOT NULL")
    elif o.nullable != n.nullable:  # created under the default name: a RenameNotNull follows
        later.append(not_valid_not_null(c.table, n, default_not_null_name(c.table.name, n.name)))
    if n.identity is not None:
        if o.identity is None or o.type != n.type:
            actions.append(f"ALTER COLUMN {col} ADD {identity_clause(n, c.table.schema)}")
        elif replace(o.identity, sequence_name=None) != replace(n.identity, sequence_name=None):
            sequence = qn(c.table.schema, o.identity.sequence_name or default_sequence_name(c.table.name, n.name))
            steps = option_steps(sequence, o.identity.options, n.identity.options, o.type, n.type)
            sets = [f"SET GENERATED {'ALWAYS' if n.identity.always else 'BY DEFAULT'}"]
            actions.append(f"ALTER COLUMN {col} " + " ".join([*sets, *(f"SET {x}" for x in steps.first)]))
    out: list[str] = [tagged(_alter_kind(c), f"ALTER TABLE {qq(c.table)} " + ", ".join(actions))] if actions else []
    out += later
    if steps.move is not None:  # the value moves inside the bounds in force, then the bound that it was behind
        out += [steps.move, tagged("alter_column", f"ALTER TABLE {qq(c.table)} ALTER COLUMN {col} "
                                                   + " ".join(f"SET {x}" for x in steps.last))]
    if o.type != n.type:
        out += retyped_column_options(c.table, n)
    if (o.identity is not None and n.identity is not None and o.type == n.type
            and o.identity.sequence_name != n.identity.sequence_name):
        default = default_sequence_name(c.table.name, n.name)
        old = o.identity.sequence_name or default
        out.append(tagged("rename", f"ALTER SEQUENCE {qn(c.table.schema, old)} RENAME TO "
                                    f"{q(n.identity.sequence_name or default)}"))
    if o.comment != n.comment:
        out.append(comment_sql("COLUMN", f"{qq(c.table)}.{col}", n.comment))
    return out



def _alter_kind(c: ch.AlterColumn) -> str:
    """The heaviest thing the ALTER TABLE of ``c`` does (:mod:`.locks`)."""
    o, n = c.old, c.new
    if (o.type, o.collation) != (n.type, n.collation):
        conv = c.conversion
        return "alter_column_type" if conv is None or conv.rewrite else "alter_column_type_no_rewrite"
    if o.nullable and not n.nullable and n.not_null_valid:
        return "set_not_null"
    return "alter_column"
