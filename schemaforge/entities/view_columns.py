"""A view's ``columns:`` (comments on its output columns): checked where the YAML alone can tell.

The query decides a view's columns, and only PostgreSQL knows them all (``SELECT *``, a
function's result, an expression's derived name). When every item of a plain ``SELECT`` is a
column or has an alias, the names are certain here and a column the query does not give is
an error at its key in ``forge validate``; otherwise the probe reports it at the same key when
the plan creates the view in its scratch database (:mod:`schemaforge.probe`).
"""

from __future__ import annotations

from typing import Any

from ..naming import NAMEDATALEN
from .loader import Doc
from .structure import did_you_mean


def check_view_columns(rep, doc: Doc, vname: str, view: dict[str, Any], *, read: bool = True) -> None:
    """Each name under ``columns:``: not empty, no NUL, one of the query's columns when known
    (``read``: the query is valid SQL, so its columns may be read)."""
    columns = view.get("columns") or {}
    if not columns:
        return
    given = output_columns(view.get("sql")) if read else None
    for name, spec in columns.items():
        path = ("views", vname, "columns", name)
        name = str(name)
        if name == "" or "\x00" in name:
            rep.add(doc, path, f"view '{vname}': a column name must be non-empty text without a NUL character",
                    key=True)
        elif given is not None and name not in given:
            rep.add(doc, path, f"view '{vname}' has no column '{name}'{did_you_mean(name, list(given))}",
                    hint=f"its query gives: {', '.join(given)}", key=True)
        if isinstance(spec, dict) and "\x00" in str(spec.get("comment") or ""):
            rep.add(doc, path + ("comment",), f"comment on column '{name}' of view '{vname}' contains a NUL character")


def output_columns(sql: Any) -> tuple[str, ...] | None:
    """The output column names of a plain ``SELECT`` whose items are all columns or aliased,
    as PostgreSQL names them; None when that cannot be told without PostgreSQL."""
    if not isinstance(sql, str):
        return None
    import sqlglot
    from sqlglot import exp

    try:
        tree = sqlglot.parse_one(sql.strip().rstrip(";"), read="postgres")
    except Exception:  # noqa: BLE001  (anything sqlglot cannot read: left to PostgreSQL)
        return None
    if not isinstance(tree, exp.Select):
        return None
    names: list[str] = []
    for item in tree.expressions:
        ident = item.args.get("alias") if isinstance(item, exp.Alias) else item.this if isinstance(item, exp.Column) else None
        if not isinstance(ident, exp.Identifier):
            return None  # an expression, a star, ``t.*``: its name is PostgreSQL's to derive
        name = ident.this if ident.quoted else _fold(ident.this)
        if not name or len(name.encode("utf-8")) >= NAMEDATALEN:
            return None
        names.append(name)
    return tuple(names)


def _fold(name: str) -> str:
    """An unquoted identifier as PostgreSQL stores it: ASCII letters in lower case."""
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in name)
