"""SQL for functions and procedures.

The body goes between dollar quotes whose tag does not occur in it (nor would close early
against the body's last characters), so no body can end the quote; every other part is a
checked fragment (types, defaults, the result) or is quoted here (names, the language,
setting names and values).
"""

from __future__ import annotations

from .. import changes as ch
from ..model import LIST_SETTINGS, Argument, Function, list_elements
from .locks import tagged
from .registry import renders
from .sql import comment_sql, literal, q, qn

_PREFIX = {"in": "", "out": "OUT ", "inout": "INOUT ", "variadic": "VARIADIC "}


def dollar_quote(body: str) -> str:
    """``$function$body$function$`` with a tag that cannot end the quote inside ``body``."""
    n = 0
    while True:
        tag = "$function$" if n == 0 else f"$function{n}$"
        if (body + tag).find(tag) == len(body):
            return f"{tag}{body}{tag}"
        n += 1


def setting_sql(name: str, value: str) -> str:
    target = ".".join(q(p) for p in name.split("."))
    if name in LIST_SETTINGS:
        return f"SET {target} = " + ", ".join(literal(e) for e in list_elements(value))
    return f"SET {target} = {literal(value)}"


def argument_sql(a: Argument) -> str:
    text = _PREFIX[a.mode] + (f"{q(a.name)} " if a.name else "") + a.type
    return text + (f" DEFAULT {a.default}" if a.default is not None else "")


def signature_sql(f: Function) -> str:
    """``"schema"."name"(type, ...)``: the identity DROP and COMMENT name."""
    return f"{qn(f.schema, f.name)}(" + ", ".join(
        _PREFIX[a.mode] + a.type for a in f.arguments if a.mode != "out" or f.procedure) + ")"


def _number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def create_sql(f: Function, *, replace: bool = False) -> str:
    kind = "PROCEDURE" if f.procedure else "FUNCTION"
    head = f"CREATE {'OR REPLACE ' if replace else ''}{kind} {qn(f.schema, f.name)}("
    head += ", ".join(argument_sql(a) for a in f.arguments) + ")"
    lines = [head]
    if not f.procedure:
        lines.append(f" RETURNS {f.returns}")
    lines.append(f" LANGUAGE {q(f.language)}")
    attrs = []
    if not f.procedure:
        if f.volatility != "volatile":
            attrs.append(f.volatility.upper())
        if f.strict:
            attrs.append("STRICT")
        if f.leakproof:
            attrs.append("LEAKPROOF")
    if f.security_definer:
        attrs.append("SECURITY DEFINER")
    if not f.procedure:
        if f.parallel != "unsafe":
            attrs.append(f"PARALLEL {f.parallel.upper()}")
        if f.cost is not None:
            attrs.append(f"COST {_number(f.cost)}")
        if f.rows is not None:
            attrs.append(f"ROWS {_number(f.rows)}")
    if attrs:
        lines.append(" " + " ".join(attrs))
    lines += [" " + setting_sql(name, value) for name, value in f.config]
    # an SQL-standard body is a checked fragment (fragments.sql_body_error): exactly one body
    lines.append(f.body if f.sql_body else f"AS {dollar_quote(f.body)}")
    return "\n".join(lines)


def function_comment_sql(f: Function, text: str | None):
    return comment_sql("PROCEDURE" if f.procedure else "FUNCTION", signature_sql(f), text)


@renders(ch.CreateFunction)
def _create(c: ch.CreateFunction) -> list[str]:
    out = [tagged("create_object", create_sql(c.function))]
    if c.function.comment is not None:
        out.append(function_comment_sql(c.function, c.function.comment))
    return out


@renders(ch.DropFunction)
def _drop(c: ch.DropFunction) -> list[str]:
    kind = "PROCEDURE" if c.function.procedure else "FUNCTION"
    return [tagged("drop_object", f"DROP {kind} {signature_sql(c.function)}")]


@renders(ch.ReplaceFunction)
def _replace(c: ch.ReplaceFunction) -> list[str]:
    return [tagged("create_object", create_sql(c.new, replace=True))]


@renders(ch.CommentFunction)
def _comment(c: ch.CommentFunction) -> list[str]:
    return [function_comment_sql(c.function, c.new)]
