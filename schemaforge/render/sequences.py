"""SQL for sequence changes."""

from __future__ import annotations

from .. import changes as ch
from ..model import Sequence
from .locks import tagged
from .registry import renders
from .sequence_options import option_steps
from .sql import comment_sql, q, qn, qq, seq_options


@renders(ch.CreateSequence)
def _create_sequence(c: ch.CreateSequence) -> list[str]:
    s: Sequence = c.sequence
    sql = f"CREATE SEQUENCE {qq(s.qname)}"
    if s.type != "bigint":
        sql += f" AS {s.type}"
    opts = seq_options(s.options)
    out = [sql + (f" {opts}" if opts else "")]
    if s.owned_by:
        sch, tab, col = s.owned_by
        out.append(tagged("alter_sequence", f"ALTER SEQUENCE {qq(s.qname)} OWNED BY {qn(sch, tab)}.{q(col)}"))
    if s.comment is not None:
        out.append(comment_sql("SEQUENCE", qq(s.qname), s.comment))
    return out


@renders(ch.DropSequence)
def _drop_sequence(c: ch.DropSequence) -> list[str]:
    return [f"DROP SEQUENCE {qq(c.sequence.qname)}"]


@renders(ch.AlterSequence)
def _alter_sequence(c: ch.AlterSequence) -> list[str]:
    o, n = c.old, c.new
    steps = option_steps(qq(n.qname), o.options, n.options, o.type, n.type)
    clauses = [f"AS {n.type}"] if o.type != n.type else []
    clauses += steps.first
    if o.owned_by != n.owned_by:
        clauses.append("OWNED BY " + (f"{qn(n.owned_by[0], n.owned_by[1])}.{q(n.owned_by[2])}" if n.owned_by else "NONE"))
    out: list[str] = [f"ALTER SEQUENCE {qq(n.qname)} " + " ".join(clauses)] if clauses else []
    if steps.move is not None:  # the value moves inside the bounds in force, then the bound that it was behind
        out += [steps.move, f"ALTER SEQUENCE {qq(n.qname)} " + " ".join(steps.last)]
    if o.comment != n.comment:
        out.append(comment_sql("SEQUENCE", qq(n.qname), n.comment))
    return out

