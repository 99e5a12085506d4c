"""SQL for operators. The symbol is held to PostgreSQL's operator characters
(:func:`schemaforge.model.operators.symbol_error`) before it gets here and is checked again
at render time (a symbol cannot be quoted); schemas and functions are quoted identifiers, the
argument types checked type fragments."""

from __future__ import annotations

from .. import changes as ch
from ..model import Operator, QName
from ..model.operators import symbol_error
from .locks import tagged
from .registry import renders
from .sql import comment_sql, q, qq


def _symbol(schema: str, symbol: str) -> str:
    err = symbol_error(symbol)
    if err:
        raise ValueError(f"operator {symbol!r}: {err}")
    return f"{q(schema)}.{symbol}"


def _operator_ref(name: QName) -> str:
    return f"OPERATOR({_symbol(name.schema, name.name)})"


def signature_sql(o: Operator) -> str:
    """``"schema".~<< (text, text)``: the identity DROP, ALTER and COMMENT name."""
    return f"{_symbol(o.schema, o.name)} ({o.left or 'NONE'}, {o.right})"


def create_sql(o: Operator) -> str:
    parts = [f"FUNCTION = {qq(o.function)}"]
    if o.left is not None:
        parts.append(f"LEFTARG = {o.left}")
    parts.append(f"RIGHTARG = {o.right}")
    if o.commutator is not None:
        parts.append(f"COMMUTATOR = {_operator_ref(o.commutator)}")
    if o.negator is not None:
        parts.append(f"NEGATOR = {_operator_ref(o.negator)}")
    if o.restrict is not None:
        parts.append(f"RESTRICT = {qq(o.restrict)}")
    if o.join is not None:
        parts.append(f"JOIN = {qq(o.join)}")
    parts += [flag for flag, on in (("HASHES", o.hashes), ("MERGES", o.merges)) if on]
    return f"CREATE OPERATOR {_symbol(o.schema, o.name)} (\n    " + ",\n    ".join(parts) + "\n)"


@renders(ch.CreateOperator)
def _create(c: ch.CreateOperator) -> list[str]:
    out = [tagged("create_object", create_sql(c.operator))]
    if c.operator.comment is not None:
        out.append(comment_sql("OPERATOR", signature_sql(c.operator), c.operator.comment))
    return out


@renders(ch.DropOperator)
def _drop(c: ch.DropOperator) -> list[str]:
    return [tagged("drop_object", f"DROP OPERATOR {signature_sql(c.operator)}")]


@renders(ch.AlterOperator)
def _alter(c: ch.AlterOperator) -> list[str]:
    rest = qq(c.new.restrict) if c.new.restrict is not None else "NONE"
    join = qq(c.new.join) if c.new.join is not None else "NONE"
    return [tagged("alter_type", f"ALTER OPERATOR {signature_sql(c.new)} SET (RESTRICT = {rest}, JOIN = {join})")]


@renders(ch.CommentOperator)
def _comment(c: ch.CommentOperator) -> list[str]:
    return [comment_sql("OPERATOR", signature_sql(c.operator), c.new)]
