"""Where each SQL fragment of the model was written: located errors from normalization.

PostgreSQL only reads the model in normalization, long after the YAML is gone; when it refuses
fragments (:class:`~schemaforge.located.SchemaRejected`), :func:`locate` reads the schema
files again (the failure path only: a plan that works pays nothing) and finds each fragment's
``file:line:col``: a column's default at its ``default``/``default_sql`` value, a check at its
expression, an index at the key or predicate PostgreSQL's error position falls in, a view at
its query, and the column inside the text when PostgreSQL gives a position and the YAML value
holds the text verbatim on that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import located as L
from ..errors import ForgeError, Problem, ValidationFailed
from .build import sql_literal
from .index import Catalog, Entity, collect, doc_schema
from .loader import Doc, load_file


@dataclass(frozen=True)
class Part:
    """One text of a fragment as written: its node, what to call it, and the YAML value when the
    model holds that text verbatim inside it (None: a literal the model quotes, say)."""

    line: int
    col: int
    role: str
    value: str | None = None


@dataclass(frozen=True)
class Written:
    """A fragment as written in the YAML."""

    fragment: L.Fragment
    file: str
    whole: Part  # the fragment, when PostgreSQL does not say where in it
    parts: tuple[Part, ...]  # one per text of the fragment
    type: str = ""  # a default's column or domain type, for the hint
    columns: tuple[str, ...] = ()  # the columns the fragment may name, for the hint


def locate(exc: L.SchemaRejected, schema_dir: Path, default_schema: str) -> ForgeError:
    """``exc`` as problems at the YAML fragments (all of them, or the unlocated error)."""
    from . import schema_files

    docs = [doc for doc, _ in (load_file(p) for p in schema_files(Path(schema_dir))) if doc is not None]
    source = SourceMap(docs, default_schema)
    problems = [source.problem(r) for r in exc.rejected]
    if not problems or any(p is None for p in problems):
        return exc
    return ValidationFailed(sorted({p for p in problems if p is not None}))


class SourceMap:
    """Every SQL fragment of the YAML, found by :func:`schemaforge.located.match_key`."""

    def __init__(self, docs: list[Doc], default_schema: str):
        self.lines = {doc.file: _lines(doc.file) for doc in docs}
        self.found: dict[tuple, list[Written]] = {}
        cat, _ = collect(docs, default_schema)
        for w in _written(docs, cat):
            self.found.setdefault(L.match_key(w.fragment), []).append(w)

    def problem(self, r: L.Rejected) -> Problem | None:
        ws = self.found.get(L.match_key(r.fragment))
        if not ws:
            return None
        w = next((w for w in ws if w.fragment.name == r.fragment.name), ws[0])
        part = w.parts[r.part] if r.part is not None and r.part < len(w.parts) else w.whole
        line, col = part.line, part.col
        if r.part is not None and r.offset is not None and part.value is not None:
            line, col = inside(self.lines.get(w.file) or [], part, r.fragment.texts[r.part], r.offset)
        message = f"{part.role} {L.phrase(r.sqlstate, r.fragment.kind)} (PostgreSQL: {r.message})"
        return Problem(w.file, line, col, message, _hint(w, r))


def inside(lines: list[str], part: Part, text: str, offset: int) -> tuple[int, int]:
    """The line and column of character ``offset`` of ``text`` (found in the part's YAML value),
    when the source ``lines`` hold it verbatim; else the part's own position.

    A plain or quoted scalar on one line, or a literal block (``|``); an escape before the
    character, a folded block or a plain scalar over several lines give the part's position.
    """
    value = part.value or ""
    base = value.find(text)
    if base < 0 or not 0 < part.line <= len(lines):
        return part.line, part.col
    k = base + offset
    src = lines[part.line - 1]
    indicator = src[part.col - 1:part.col]
    if indicator == "|":  # a literal block: one source line per line of the value
        n = value[:k].count("\n")
        if part.line + n < len(lines):
            row = value.split("\n")[n]
            within = k - (value.rfind("\n", 0, k) + 1)
            src = lines[part.line + n]
            if src.endswith(row) and not src[:len(src) - len(row)].strip():
                return part.line + n + 1, len(src) - len(row) + within + 1
        return part.line, part.col
    start = part.col - 1 + (1 if indicator in ('"', "'") else 0)  # plain or quoted, on its line
    if src[start:start + k] == value[:k]:
        return part.line, start + k + 1
    return part.line, part.col


def _lines(file: str) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _hint(w: Written, r: L.Rejected) -> str:
    state, kind = r.sqlstate, w.fragment.kind
    if state == "42703":
        if kind == L.COLUMN_COMMENT:
            return r.hint or "name a column the view's query gives"
        if kind in (L.DOMAIN_CHECK, L.DOMAIN_DEFAULT):
            return "a domain's check names its value VALUE"
        if kind == L.STATISTICS and r.hint:  # the view's columns, from the probe
            return r.hint
        if w.columns:
            return f"columns of {w.fragment.schema}.{w.fragment.owner}: {', '.join(w.columns)}"
        return "check the names of the columns the query reads"
    if state == "42883":
        return ("check the function's name and argument types; declare the function under functions: "
                "(forge import writes those a database has), or its extension under extensions:")
    if state.startswith("22") and kind in (L.DEFAULT, L.DOMAIN_DEFAULT) and w.type:
        if w.whole.value is None:
            return f"write a value of type {w.type}, or use default_sql for an SQL expression"
        return f"write an expression of type {w.type}"
    if state == "42601":
        return "write one PostgreSQL expression; quote the YAML value if it contains ': ' or '#'"
    if kind == L.COLUMN and state == "42704":
        return "use a PostgreSQL type, an enum, domain or composite type of the YAML, or an extension's type"
    if kind == L.COLUMN and not r.hint:
        return "check the column's type, identity and collation"
    return r.hint or "change the SQL so that PostgreSQL accepts it"


# --- the fragments of the YAML --------------------------------------------------------------


class _Collector:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.out: list[Written] = []

    def part(self, path: tuple, role: str, value: Any = None, *, key: bool = False) -> Part:
        line, col = self.doc.pos(path, key=key)
        return Part(line, col, role, value if isinstance(value, str) else None)

    def add(self, fragment: L.Fragment, whole: Part, *parts: Part, type: str = "", columns: tuple[str, ...] = ()) -> None:
        """``parts``: one per text of ``fragment``; a fragment of one text is its own part."""
        if not parts and len(fragment.texts) == 1:
            parts = (whole,)
        self.out.append(Written(fragment, self.doc.file, whole, parts, type, columns))


def _written(docs: list[Doc], cat: Catalog) -> list[Written]:
    out: list[Written] = []
    for ent in cat.entities.values():
        c = _Collector(ent.doc)
        _entity(c, ent)
        out += c.out
    for doc in docs:
        c = _Collector(doc)
        _file(c, doc, doc_schema(doc, cat.default_schema))
        out += c.out
    return out


def _entity(c: _Collector, ent: Entity) -> None:
    node, s, t, p = ent.node, ent.schema, ent.table, ent.path
    if not isinstance(node, dict):
        return
    cols = tuple(ent.all_columns())
    c.add(L.Fragment(L.TABLE, s, t), c.part(p, f"entity '{ent.name}'", key=True),
          *(c.part(p + (k,), f"{k} of entity '{ent.name}'", node.get(k)) for k in ("partition_by", "partition_bound")),
          columns=cols)
    for name, col in ent.columns.items():
        if not isinstance(col, dict):
            continue
        cp, n, typ = p + ("columns", name), str(name), str(col.get("type", ""))
        c.add(L.Fragment(L.COLUMN, s, t, n), c.part(cp, f"column '{n}'", key=True),
              c.part(cp + ("type",), f"type '{typ}' of column '{n}'"), columns=cols)
        if "default" in col and col["default"] is not None:
            c.add(L.Fragment(L.DEFAULT, s, t, n, (sql_literal(col["default"]) or "",)),
                  c.part(cp + ("default",), f"default of column '{n}'"), type=typ, columns=cols)
        for key, kind, role in (("default_sql", L.DEFAULT, "default_sql"), ("generated_sql", L.GENERATED, "generated_sql")):
            if isinstance(col.get(key), str):
                c.add(L.Fragment(kind, s, t, n, (col[key],)),
                      c.part(cp + (key,), f"{role} of column '{n}'", col[key]), type=typ, columns=cols)
        if "check" in col:
            text = str(col["check"])
            c.add(L.Fragment(L.CHECK, s, t, "", (text,)), c.part(cp + ("check",), f"check of column '{n}'", text),
                  columns=cols)
    for name, expr in (node.get("checks") or {}).items():
        path = p + ("checks", name)
        if isinstance(expr, dict):
            expr, path = expr.get("expression"), path + ("expression",)
        c.add(L.Fragment(L.CHECK, s, t, str(name), (str(expr),)), c.part(path, f"check '{name}'", str(expr)),
              columns=cols)
    for i, x in enumerate(node.get("exclusions") or []):
        xp = p + ("exclusions", i)
        parts = [c.part(xp + ("elements", j, "element"), "exclusion constraint element", str(e.get("element")))
                 for j, e in enumerate(x.get("elements") or [])]
        texts = [str(e.get("element")) for e in x.get("elements") or []]
        if x.get("where"):
            parts.append(c.part(xp + ("where",), "exclusion constraint where", x["where"]))
            texts.append(x["where"])
        c.add(L.Fragment(L.EXCLUSION, s, t, str(x.get("name") or ""), tuple(texts)), c.part(xp, "exclusion constraint"),
              *parts, columns=cols)
    _indexes(c, s, t, p, node.get("indexes"), cols)


def _indexes(c: _Collector, schema: str, owner: str, path: tuple, indexes: Any, cols: tuple[str, ...]) -> None:
    """Indexes as :func:`schemaforge.probe.index_fragment` sees them: keys, then the predicate."""
    for i, idx in enumerate(indexes or []):
        ip = path + ("indexes", i)
        texts: list[str] = []
        parts: list[Part] = []
        for j, el in enumerate(idx.get("columns") or []):
            if isinstance(el, str):
                texts.append(el)
                parts.append(c.part(ip + ("columns", j), "index column", el))
                continue
            key = next((k for k in ("expression", "name", "column") if el.get(k) is not None), "name")
            texts.append(str(el.get(key) or ""))
            parts.append(c.part(ip + ("columns", j, key), "index expression" if key == "expression" else "index column",
                                el.get(key)))
        for j, e in enumerate(idx.get("expressions") or []):
            texts.append(str(e))
            parts.append(c.part(ip + ("expressions", j), "index expression", str(e)))
        if idx.get("where") is not None:
            texts.append(idx["where"])
            parts.append(c.part(ip + ("where",), "index where", idx["where"]))
        name = idx.get("name")
        c.add(L.Fragment(L.INDEX, schema, owner, str(name or ""), tuple(texts)),
              c.part(ip, f"index '{name}'" if name else "index"), *parts, columns=cols)


def _statistics(c: _Collector, schema: str, owner: str, path: tuple, stats: Any) -> None:
    """A materialized view's statistics as :meth:`schemaforge.probe._Probe.view_statistics`
    sees them: the columns as written, then the expressions."""
    for i, spec in enumerate(stats or []):
        sp = path + ("statistics", i)
        cols, exprs = [str(x) for x in spec.get("columns") or []], [str(x) for x in spec.get("expressions") or []]
        parts = [*(c.part(sp + ("columns", j), "statistics column", x) for j, x in enumerate(cols)),
                 *(c.part(sp + ("expressions", j), "statistics expression", x) for j, x in enumerate(exprs))]
        name = spec.get("name")
        c.add(L.Fragment(L.STATISTICS, schema, owner, str(name or ""), (*cols, *exprs)),
              c.part(sp, f"statistics '{name}'" if name else "statistics"), *parts)


def _file(c: _Collector, doc: Doc, fschema: str) -> None:
    data = doc.data if isinstance(doc.data, dict) else {}
    for i, ext in enumerate(data.get("extensions") or []):
        name = ext.get("name") if isinstance(ext, dict) else ext
        c.add(L.Fragment(L.EXTENSION, "", str(name)), c.part(("extensions", i), f"extension '{name}'"))
    for name, v in (data.get("views") or {}).items():
        if not isinstance(v, dict) or not isinstance(v.get("sql"), str):
            continue
        vs = str(v.get("schema") or fschema)
        text = v["sql"].strip().rstrip(";").strip()
        c.add(L.Fragment(L.VIEW, vs, str(name), "", (text,)), c.part(("views", name, "sql"), f"view '{name}'", v["sql"]))
        _indexes(c, vs, str(name), ("views", name), v.get("indexes"), ())
        _statistics(c, vs, str(name), ("views", name), v.get("statistics"))
        for col in v.get("columns") or {}:
            c.add(L.Fragment(L.COLUMN_COMMENT, vs, str(name), str(col)),
                  c.part(("views", name, "columns", col), f"comment on column '{col}' of view '{name}'", key=True))
    for name, d in (data.get("domains") or {}).items():
        if not isinstance(d, dict):
            continue
        ds, dp, typ = str(d.get("schema") or fschema), ("domains", name), str(d.get("type", ""))
        c.add(L.Fragment(L.DOMAIN, ds, str(name)), c.part(dp + ("type",), f"type '{typ}' of domain '{name}'"))
        if d.get("default") is not None:
            c.add(L.Fragment(L.DOMAIN_DEFAULT, ds, str(name)), c.part(dp + ("default",), f"default of domain '{name}'"),
                  type=typ)
        elif isinstance(d.get("default_sql"), str):
            c.add(L.Fragment(L.DOMAIN_DEFAULT, ds, str(name)),
                  c.part(dp + ("default_sql",), f"default_sql of domain '{name}'", d["default_sql"]), type=typ)
        for k, v in (d.get("checks") or {}).items():
            path, text = dp + ("checks", k), v
            if isinstance(v, dict):
                path, text = path + ("expression",), v.get("expression")
            c.add(L.Fragment(L.DOMAIN_CHECK, ds, str(name), str(k), (str(text),)),
                  c.part(path, f"check '{k}' of domain '{name}'", str(text)))
    for name, ct in (data.get("composite_types") or {}).items():
        if isinstance(ct, dict):
            c.add(L.Fragment(L.COMPOSITE, str(ct.get("schema") or fschema), str(name)),
                  c.part(("composite_types", name), f"composite type '{name}'", key=True))
