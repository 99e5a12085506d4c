"""Boolean expressions (CHECK constraints, index predicates) as ``pg_get_constraintdef`` /
``pg_get_expr`` print them: every comparison in parentheses, implicit casts shown
(``(name)::text`` for a varchar), IN as ``= ANY (ARRAY[...])``.

Proven forms: ``col op literal`` (integer, numeric, text and varchar columns), ``length(col)
op n``, ``col IS [NOT] NULL``, a boolean column, ``col [NOT] IN (...)`` on integer and text
columns, and AND/OR of those. Everything else raises :class:`Unproven`.
"""

from __future__ import annotations

from .literals import (
    Unproven,
    column_ident,
    column_of,
    int_sql,
    int_value,
    num_sql,
    num_value,
    quote_string,
    string_value,
)
from .sqltext import BoolOp, Call, Cmp, InList, IsNull, parse


def canonical_condition(text: str, columns: dict[str, str]) -> str:
    """``text`` as the catalog prints it; ``columns`` maps names to type families."""
    tree = parse(text)
    if tree is None:
        raise Unproven(text)
    return _bool(tree, columns)


def _bool(node, columns: dict[str, str]) -> str:
    if isinstance(node, BoolOp):
        return "(" + f" {node.op} ".join(_bool(a, columns) for a in node.args) + ")"
    if isinstance(node, Cmp):
        return _comparison(node, columns)
    if isinstance(node, IsNull):
        col = column_of(node.node, columns)
        if col is None or node.node.__class__.__name__ != "Col":
            raise Unproven("IS NULL")
        return f"({column_ident(col[0])} IS {'NOT ' if node.negated else ''}NULL)"
    if isinstance(node, InList):
        return _in_list(node, columns)
    col = column_of(node, columns)
    if col is not None and col[1] == "bool" and node.__class__.__name__ == "Col":
        return column_ident(col[0])
    raise Unproven("condition")


def _operand(node, columns: dict[str, str]) -> tuple[str, str]:
    """(SQL, family) of the left side of a comparison: a column or length(col)."""
    if isinstance(node, Call) and node.name == "length" and len(node.args) == 1:
        col = column_of(node.args[0], columns)
        if col is None or col[1] not in ("text", "varchar"):
            raise Unproven("length")
        return f"length({_text_column(col)})", "int"
    col = column_of(node, columns)
    if col is None or col[1] not in ("int", "int8", "int2", "numeric", "text", "varchar"):
        raise Unproven("operand")
    if col[1] == "varchar" or (col[1] == "text" and node.__class__.__name__ == "Cast"):
        return _text_column(col), "text"
    return column_ident(col[0]), col[1]


def _text_column(col: tuple[str, str]) -> str:
    return f"({column_ident(col[0])})::text" if col[1] == "varchar" else column_ident(col[0])


def _constant(node, family: str) -> str:
    if family in ("int", "int8", "int2"):
        v = int_value(node)
        if v is not None:
            return int_sql(v)
    elif family == "numeric":
        n = num_value(node)
        if n is not None:
            return num_sql(n)
        v = int_value(node)
        if v is not None and v >= 0 and node.__class__.__name__ == "Lit":
            return f"({v})::numeric"
    elif family == "text":
        s = string_value(node)
        if s is not None:
            return quote_string(s) + "::text"
    raise Unproven("constant")


def _comparison(node: Cmp, columns: dict[str, str]) -> str:
    left, family = _operand(node.left, columns)
    return f"({left} {node.op} {_constant(node.right, family)})"


def _in_list(node: InList, columns: dict[str, str]) -> str:
    col = column_of(node.node, columns)
    if col is None or col[1] not in ("int", "text") or node.node.__class__.__name__ != "Col":
        raise Unproven("IN")
    op = "<>" if node.negated else "="
    items = [_constant(i, col[1]) for i in node.items]
    if len(items) == 1:
        return f"({column_ident(col[0])} {op} {items[0]})"
    return f"({column_ident(col[0])} {op} {'ALL' if node.negated else 'ANY'} (ARRAY[{', '.join(items)}]))"
