"""Functions, procedures and triggers from their catalog rows.

Functions are read field by field from ``pg_proc`` (PostgreSQL keeps a body verbatim, so the
body compares as text); argument defaults come from ``pg_get_function_arguments``, split at
its top-level commas with the SQL lexer (a default may hold commas inside parentheses or
literals); an SQL-standard body (``RETURN``, ``BEGIN ATOMIC``) is read as
``pg_get_function_sqlbody`` prints it. Extension members, aggregates and window functions are
not read: they stay unmanaged. Triggers: internal ones (foreign keys),
the clones a partition inherits from its parent are left out. Constraint triggers (with their
deferrability and ``FROM`` table) and triggers on plain views are read, except a view's
statement trigger with ``WHEN`` or ``UPDATE OF`` (listed as unmanaged).
"""

from __future__ import annotations

from ..fragments import LexError, split_top_level, tokens
from ..idents import catalog_ident
from ..model import Argument, Function, QName, Trigger
from .queries import not_ext

FUNCTIONS_SQL = f"""
SELECT n.nspname::text, p.proname::text, pg_get_function_result(p.oid),
       ARRAY(SELECT format_type(u.t, NULL)
             FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(t, i)
             ORDER BY u.i),
       p.proargnames::text[], p.proargmodes::text[], pg_get_function_arguments(p.oid),
       l.lanname::text,
       CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END,
       p.provolatile::text, p.proisstrict, p.prosecdef,
       p.proparallel::text, p.procost::float8, p.prorows::float8, p.proretset, p.proconfig::text[],
       d.description, p.prokind::text, p.proleakproof
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_description d
  ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE p.pronamespace = ANY (%(nsp)s) AND p.prokind IN ('f', 'p')
  AND {not_ext('pg_proc', 'p.oid')}
  AND NOT EXISTS (SELECT 1 FROM pg_depend dep  -- a range type's constructors come with the type
    WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'i')
"""

# a view's trigger with WHEN or UPDATE OF (statement triggers may have them): not modelled
VIEW_TRIGGER_UNMANAGED = "(t.tgqual IS NOT NULL OR cardinality(t.tgattr::int2[]) > 0)"

TRIGGERS_SQL = f"""
SELECT t.tgrelid, t.tgname::text, t.tgtype::int, t.tgenabled::text, pn.nspname::text, p.proname::text,
       t.tgargs, t.tgnargs,
       ARRAY(SELECT a.attname::text FROM unnest(t.tgattr::int2[]) WITH ORDINALITY u(n, i)
             JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = u.n ORDER BY u.i),
       pg_get_triggerdef(t.oid, true), d.description,
       t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred, fn.nspname::text, fc.relname::text,
       t.tgoldtable::text, t.tgnewtable::text
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
LEFT JOIN pg_class fc ON fc.oid = t.tgconstrrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_description d
  ON d.objoid = t.oid AND d.classoid = 'pg_trigger'::regclass AND d.objsubid = 0
WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p', 'v')
  AND NOT (c.relkind = 'v' AND {VIEW_TRIGGER_UNMANAGED})
  AND c.relnamespace = ANY (%(nsp)s) AND {not_ext('pg_class', 'c.oid')}
"""

_MODES = {"i": "in", "o": "out", "b": "inout", "v": "variadic", "t": "table"}
_PREFIX = {"in": "", "out": "OUT ", "inout": "INOUT ", "variadic": "VARIADIC "}
_VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}
_PARALLEL = {"s": "safe", "r": "restricted", "u": "unsafe"}
ENABLED = {"O": "origin", "D": "disabled", "R": "replica", "A": "always"}


def functions_of(rows: list[tuple]) -> list[Function]:
    out = []
    for (schema, name, result, types, names, modes, argtext, lang, src, vol, strict, secdef, par,
         cost, rows_, retset, config, comment, kind, leakproof) in rows:
        modes = [_MODES[m] for m in (modes or ["i"] * len(types))]
        names = names or [""] * len(types)
        args = [Argument(n or None, t, m) for n, t, m in zip(names, types, modes, strict=True) if m != "table"]
        args = _with_defaults(args, argtext or "")
        default_cost = 1.0 if lang in ("c", "internal") else 100.0
        out.append(Function(
            schema, name, tuple(args), result if kind == "f" else None, lang, src,
            volatility=_VOLATILITY[vol], strict=strict, security_definer=secdef, parallel=_PARALLEL[par],
            cost=None if cost == default_cost else cost,
            rows=None if not retset or rows_ == 1000 else rows_,
            config=tuple(sorted(tuple(c.split("=", 1)) for c in config or ())),  # type: ignore[misc]
            comment=comment, leakproof=leakproof,
        ))
    return out


def argument_text(a: Argument) -> str:
    """One argument as ``pg_get_function_arguments`` prints it, without its default."""
    return _PREFIX[a.mode] + (f"{catalog_ident(a.name)} " if a.name else "") + a.type


def _with_defaults(args: list[Argument], text: str) -> list[Argument]:
    """``args`` with the defaults ``pg_get_function_arguments`` shows after each one (for a
    procedure it spells the ``IN`` mode out: ``IN n integer DEFAULT 0``)."""
    pieces = split_top_level(text)
    if len(pieces) != len(args):
        return args
    out = []
    for a, piece in zip(args, pieces, strict=True):
        heads = (argument_text(a),) + (("IN " + argument_text(a)),) * (a.mode == "in")
        head = next((h for h in heads if piece.startswith(h + " DEFAULT ")), None)
        if head is not None:
            a = Argument(a.name, a.type, a.mode, piece[len(head) + len(" DEFAULT "):])
        out.append(a)
    return out


def read_triggers(rows: list[tuple], relations: dict) -> None:
    """Triggers onto their tables and views in ``relations`` (by oid)."""
    for (relid, name, tgtype, enabled, fschema, fname, args, nargs, cols, tdef, comment,
         constraint, deferrable, deferred, from_schema, from_name, old_table, new_table) in rows:
        rel = relations.get(relid)
        if rel is None:
            continue
        events = tuple(e for bit, e in ((8, "delete"), (4, "insert"), (32, "truncate"), (16, "update")) if tgtype & bit)
        timing = "instead of" if tgtype & 64 else "before" if tgtype & 2 else "after"
        arguments = tuple(bytes(args).split(b"\0")[:nargs]) if nargs else ()
        rel.setdefault("triggers", []).append(Trigger(
            name, timing, events, QName(fschema, fname), for_each_row=bool(tgtype & 1),
            update_of=tuple(cols), when=when_of(tdef), enabled=ENABLED[enabled],
            arguments=tuple(a.decode("utf-8") for a in arguments), comment=comment,
            constraint=constraint, deferrable=deferrable, initially_deferred=deferred,
            from_table=QName(from_schema, from_name) if from_name is not None else None,
            old_table=old_table, new_table=new_table,
        ))


def when_of(triggerdef: str) -> str | None:
    """The condition of ``WHEN (...)`` in ``pg_get_triggerdef`` text, without the parentheses."""
    try:
        toks = tokens(triggerdef)
    except LexError:
        return None
    # FOR is reserved: an unquoted FOR EACH is the clause, never a name
    start = next((i for i in range(len(toks) - 1) if toks[i].kind == "ident" and toks[i].text.upper() == "FOR"
                  and toks[i + 1].kind == "ident" and toks[i + 1].text.upper() == "EACH"), len(toks))
    for i in range(start, len(toks)):
        t = toks[i]
        if t.kind == "ident" and t.text.upper() == "WHEN" and i + 1 < len(toks) and toks[i + 1].text == "(":
            depth = 0
            for close in toks[i + 1:]:
                if close.kind == "punct" and close.text in "([":
                    depth += 1
                elif close.kind == "punct" and close.text in ")]":
                    depth -= 1
                    if depth == 0:
                        return triggerdef[toks[i + 1].start + 1:close.start]
        if t.kind == "ident" and t.text.upper() == "EXECUTE":
            return None
    return None
