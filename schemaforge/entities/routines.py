"""Functions, procedures and triggers in YAML: checked, their body files read, built.

Every part of a function that reaches SQL is held to its kind before anything else sees it:
argument and result types are types, defaults and a trigger's ``when`` are one expression,
the language and setting names are plain identifiers (setting values become literals), the
trigger function is one (qualified) name. The body is not SQL we parse: it is emitted between
dollar quotes that it cannot close (:func:`schemaforge.render.functions.dollar_quote`).

``body_file`` names a ``.sql`` file relative to the YAML file, which must stay inside the
schema directory; its text is the body exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .. import fragments as F
from ..errors import Problem
from ..idents import catalog_ident, unquote
from ..model import Argument, Function, QName, Trigger
from .index import Catalog, doc_schema
from .loader import Doc
from .trigger_kinds import check_constraint_trigger, check_view_trigger, view_trigger_specs

# (file of the YAML, relative path) -> (text, None) or (None, what went wrong)
BodyReader = Callable[[str, str], tuple[str | None, str | None]]

_LANGUAGE = re.compile(r"[a-z_][a-z0-9_]*")
_SETTING = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")
_SETOF = re.compile(r"(?is)setof\s+(.+)")
_TABLE = re.compile(r"(?is)table\s*\((.*)\)")
_VOLATILITY = {"immutable", "stable", "volatile"}


def routine_specs(doc: Doc) -> Iterator[tuple[str, str, tuple, dict]]:
    """(kind, name, YAML path, spec) of every function and procedure of ``doc``."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for kind in ("functions", "procedures"):
        node = data.get(kind)
        if not isinstance(node, dict):
            continue
        for name, spec in node.items():
            specs = spec if isinstance(spec, list) else [spec]
            for i, one in enumerate(specs):
                if isinstance(one, dict):
                    yield kind, str(name), (kind, name, i) if isinstance(spec, list) else (kind, name), one


def trigger_specs(doc: Doc) -> Iterator[tuple[tuple, str, dict]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for ename, ent in (data.get("entities") or {}).items() if isinstance(data.get("entities"), dict) else ():
        trg = ent.get("triggers") if isinstance(ent, dict) else None
        for tname, spec in (trg or {}).items() if isinstance(trg, dict) else ():
            if isinstance(spec, dict):
                yield ("entities", ename, "triggers", tname), str(tname), spec


# ---------------------------------------------------------------- checks


def returns_error(text: str) -> str | None:
    """A result: a type, ``SETOF type`` or ``TABLE(name type, ...)``."""
    m = _SETOF.fullmatch(text.strip())
    if m:
        return F.CHECKS["type"](m.group(1))
    m = _TABLE.fullmatch(text.strip())
    if m:
        if not m.group(1).strip():
            return "TABLE(...) needs columns: TABLE(id integer, name text)"
        for col in F.split_top_level(m.group(1)):
            try:
                toks = F.tokens(col)
            except F.LexError as exc:
                return str(exc)
            if len(toks) < 2 or toks[0].kind not in ("ident", "qident"):
                return f"TABLE column {col!r} is not a name and a type"
            err = F.CHECKS["type"](col[toks[1].start:])  # one type: no ';', comment or stray ')'
            if err:
                return f"TABLE column {col!r}: {err}"
        return None
    return F.CHECKS["type"](text)


def check_routines(doc: Doc, read_body: BodyReader) -> list[Problem]:
    """Problems of every function, procedure and trigger of ``doc``; reads body files into
    ``body`` (so the builder sees one body either way)."""
    problems: list[Problem] = []

    def add(path: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        line, col = doc.pos(path, key=key)
        problems.append(Problem(doc.file, line, col, message, hint))

    for kind, name, path, spec in routine_specs(doc):
        what = f"{kind[:-1]} '{name}'"
        _check_routine(add, doc, what, path, spec, read_body)
    for path, name, spec in trigger_specs(doc):
        _check_trigger(add, f"trigger '{name}'", path, spec)
        check_constraint_trigger(add, f"trigger '{name}'", path, spec)
    for path, name, spec, materialized in view_trigger_specs(doc):
        _check_trigger(add, f"trigger '{name}'", path, spec)
        check_view_trigger(add, f"trigger '{name}'", path, spec, materialized)
    return problems


def _check_routine(add, doc: Doc, what: str, path: tuple, spec: dict, read_body: BodyReader) -> None:
    if ("body" in spec) == ("body_file" in spec):
        add(path, f"{what} needs exactly one of body and body_file", key=True,
            hint="write the body inline (body: |) or name a .sql file next to this YAML (body_file: f.sql)")
    elif "body_file" in spec:
        text, err = read_body(doc.file, str(spec["body_file"]))
        if err:
            add(path + ("body_file",), f"{what}: body_file {str(spec['body_file'])!r} {err}",
                hint="give a path relative to this YAML file, inside the schema directory")
        else:
            spec["body"] = text
    body = spec.get("body")
    if isinstance(body, str) and "\x00" in body:
        add(path + ("body",), f"{what}: the body contains a NUL character")
    lang = str(spec.get("language", "sql")).lower()
    if lang == "sql" and isinstance(body, str) and "\x00" not in body and F.is_sql_body(body):
        err = F.sql_body_error(body)
        if err:
            add(path + ("body_file" if "body_file" in spec else "body",),
                f"{what}: the SQL-standard body is not accepted: {err}",
                hint="write RETURN expression, or BEGIN ATOMIC statement; ... END with nothing after the END")
    if not _LANGUAGE.fullmatch(lang):
        add(path + ("language",), f"{what}: language {spec.get('language')!r} is not a language name",
            hint="write sql, plpgsql or another language the server has")
    if "returns" in spec:
        err = returns_error(str(spec["returns"]))
        if err:
            add(path + ("returns",), f"{what}: returns {str(spec['returns'])!r} is not accepted: {err}",
                hint="write a type, SETOF type, TABLE(col type, ...) or trigger")
    for i, arg in enumerate(spec.get("arguments") or []):
        if not isinstance(arg, dict):
            continue
        err = F.CHECKS["type"](str(arg.get("type")))
        if err:
            add(path + ("arguments", i, "type"), f"{what}: argument type {str(arg.get('type'))!r} is not accepted: {err}",
                hint="write a type name such as text, numeric(12, 2) or integer[]")
        if "default_sql" in arg:
            err = F.CHECKS["expression"](str(arg["default_sql"]))
            if err:
                add(path + ("arguments", i, "default_sql"), f"{what}: default_sql is not accepted: {err}")
        if "default" in arg and "default_sql" in arg:
            add(path + ("arguments", i), f"{what}: give default or default_sql, not both", key=True)
        if arg.get("name") == "":
            add(path + ("arguments", i, "name"), f"{what}: an argument name cannot be empty")
    for key, value in (spec.get("set") or {}).items():
        if not _SETTING.fullmatch(str(key).lower()):
            add(path + ("set", key), f"{what}: setting {str(key)!r} is not a setting name", key=True,
                hint="write a name such as search_path or work_mem")
        if isinstance(value, str) and "\x00" in value:
            add(path + ("set", key), f"{what}: the value of {key} contains a NUL character")


def _check_trigger(add, what: str, path: tuple, spec: dict) -> None:
    if "when" in spec:
        err = F.CHECKS["expression"](str(spec["when"]))
        if err:
            add(path + ("when",), f"{what}: when {str(spec['when'])!r} is not accepted: {err}",
                hint="write one condition over OLD and NEW, e.g. OLD.* IS DISTINCT FROM NEW.*")
    err = F.name_error(str(spec.get("function", "")), "function name")
    if err:
        add(path + ("function",), f"{what}: function {str(spec.get('function'))!r} is not accepted: {err}",
            hint="write the trigger function's name, e.g. touch_updated_at or audit.log_change")
    events = spec.get("events") or []
    if spec.get("update_of") and "update" not in events:
        add(path + ("update_of",), f"{what}: update_of needs update among the events", key=True)
    for i, a in enumerate(spec.get("arguments") or []):
        if isinstance(a, str) and "\x00" in a:
            add(path + ("arguments", i), f"{what}: argument contains a NUL character")


def routine_error(f: Function) -> str | None:
    """What of a built function cannot go into SQL as it is (the model guard's question)."""
    if f.returns is not None and returns_error(f.returns):
        return f"result {f.returns!r} is not safe to put into SQL"
    if not _LANGUAGE.fullmatch(f.language):
        return f"language {f.language!r} is not a language name"
    bad = [k for k, _ in f.config if not _SETTING.fullmatch(k)]
    if bad or "\x00" in f.body:
        return f"setting {bad[0]!r} is not a setting name" if bad else "the body contains a NUL character"
    if f.sql_body and F.sql_body_error(f.body):
        return f"the SQL-standard body is not one body: {F.sql_body_error(f.body)}"
    return None


# ---------------------------------------------------------------- build


def build_functions(docs: list[Doc], cat: Catalog) -> list[Function]:
    out = []
    for doc in docs:
        fschema = doc_schema(doc, cat.default_schema)
        for kind, name, _, spec in routine_specs(doc):
            out.append(_function(name, spec, str(spec.get("schema") or fschema), cat, kind == "procedures"))
    return out


def _type(cat: Catalog, text: str, schema: str) -> str:
    return cat.type_text({"type": text}, schema)


def _returns(cat: Catalog, text: str, schema: str) -> str:
    m = _SETOF.fullmatch(text.strip())
    if m:
        return "SETOF " + _type(cat, m.group(1).strip(), schema)
    return text.strip() if _TABLE.fullmatch(text.strip()) else _type(cat, text.strip(), schema)


def _function(name: str, spec: dict, schema: str, cat: Catalog, procedure: bool) -> Function:
    from .build import sql_literal

    args = []
    for a in spec.get("arguments") or []:
        default = sql_literal(a["default"]) if "default" in a else a.get("default_sql")
        args.append(Argument(str(a["name"]) if a.get("name") is not None else None, _type(cat, str(a["type"]), schema),
                             str(a.get("mode", "in")), None if default is None else str(default)))
    return Function(
        schema, name, tuple(args), None if procedure else _returns(cat, str(spec["returns"]), schema),
        str(spec.get("language", "sql")).lower(), str(spec.get("body", "")),
        volatility=str(spec.get("volatility", "volatile")), strict=bool(spec.get("strict", False)),
        security_definer=bool(spec.get("security_definer", False)), parallel=str(spec.get("parallel", "unsafe")),
        cost=None if spec.get("cost") is None else float(spec["cost"]), leakproof=bool(spec.get("leakproof", False)),
        rows=None if spec.get("rows") is None else float(spec["rows"]),
        config=tuple(sorted(_setting(str(k).lower(), v) for k, v in (spec.get("set") or {}).items())),
        comment=spec.get("comment"), body_file=spec.get("body_file"),
    )


def _setting(name: str, value: Any) -> tuple[str, str]:
    """``(name, value)`` as ``proconfig`` keeps it: a list as ``a, "b c"``."""
    if isinstance(value, list):
        return name, ", ".join(catalog_ident(str(v)) for v in value)
    if isinstance(value, bool):
        return name, "on" if value else "off"
    return name, str(value)


def build_triggers(node: dict, schema: str) -> tuple[Trigger, ...]:
    """The triggers of one entity or view (``schema``: its table's or view's)."""
    out = []
    for tname, spec in (node.get("triggers") or {}).items():
        out.append(Trigger(
            str(tname), str(spec["timing"]), tuple(sorted(str(e) for e in spec["events"])),
            function_name(str(spec["function"]), schema),
            for_each_row=spec.get("for_each", "row") == "row", update_of=tuple(str(c) for c in spec.get("update_of") or ()),
            when=None if spec.get("when") is None else str(spec["when"]),
            arguments=tuple(str(a) for a in spec.get("arguments") or ()),
            enabled=str(spec.get("enabled", "origin")), comment=spec.get("comment"),
            constraint=bool(spec.get("constraint", False)), deferrable=bool(spec.get("deferrable", False)),
            initially_deferred=bool(spec.get("initially_deferred", False)),
            from_table=function_name(str(spec["from"]), schema) if spec.get("from") is not None else None,
            old_table=None if spec.get("old_table") is None else str(spec["old_table"]),
            new_table=None if spec.get("new_table") is None else str(spec["new_table"]),
        ))
    return tuple(out)


def function_name(text: str, schema: str) -> QName:
    """``touch`` (in ``schema``), ``audit.log``, ``"Odd"."Name"``: a checked name as a QName."""
    toks = [t for t in F.tokens(text) if t.text != "."]
    parts = [unquote(t.text) for t in toks]
    return QName(parts[0], parts[1]) if len(parts) == 2 else QName(schema, parts[0])
