"""Schema tenants: the project's migrations run in another schema of a database.

Migration files name the default schema in every statement (``"public"."users"``,
``'x'::public.role``), so a tenant runs each statement with that qualification swapped for its
own schema, found with the SQL lexer (never inside a literal). What cannot be swapped safely is
refused, naming the statement: the default schema inside a string or function body, or named
on its own (``CREATE EXTENSION ... SCHEMA public``, ``SET search_path = public``), since it
would be shared by every tenant. Each tenant keeps its history in a schema of its own
(``<history_schema>_<tenant>``) under a deploy lock of its own, so its history is exact and
tenants of one database do not queue behind each other.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..config import Config
from ..errors import ForgeError
from ..fragments import LexError, tokens
from ..migrations.files import Migration, Step, render_section

MAX_NAME = 63  # PostgreSQL truncates longer names


def history_schema_of(config: Config, schema: str) -> str:
    return f"{config.history_schema}_{schema}"


def tenant_config(config: Config, schema: str) -> Config:
    """The project's settings for one tenant: its schema is the default and the only managed one."""
    return replace(config, default_schema=schema, history_schema=history_schema_of(config, schema),
                   managed_schemas=(schema,))


def check_tenant_name(config: Config, schema: str, where: str) -> None:
    """Refuse a tenant whose history schema name PostgreSQL would truncate (two could collide)."""
    if not schema or len(history_schema_of(config, schema).encode()) > MAX_NAME:
        raise ForgeError(f"{where}: schema {schema!r}: its history schema {history_schema_of(config, schema)!r} "
                         f"would be longer than {MAX_NAME} bytes",
                         hint="use a shorter tenant schema name, or a shorter history_schema setting")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _ident_value(text: str, kind: str) -> str:
    return text[1:-1].replace('""', '"') if kind == "qident" else text.lower()


def retarget_statement(stmt: str, source: str, schema: str, where: str) -> str:
    """``stmt`` with every ``source.`` qualification made ``schema.``; refused where that is not safe."""
    try:
        toks = tokens(stmt)
    except LexError as exc:
        raise ForgeError(f"{where}: cannot read the statement to retarget it: {exc}") from None
    in_text = re.compile(rf'(?i)(?<![\w$])("?){re.escape(source)}\1\s*\.')
    out, last = [], 0
    for i, t in enumerate(toks):
        if t.kind == "string" and in_text.search(t.text):
            raise ForgeError(f"{where}: schema {source} is named inside a string or function body, which a tenant "
                             "cannot get retargeted safely", hint=_HINT)
        if t.kind not in ("ident", "qident") or _ident_value(t.text, t.kind) != source:
            continue
        follows = toks[i + 1] if i + 1 < len(toks) else None
        if follows is None or follows.kind != "punct" or follows.text != ".":
            raise ForgeError(f"{where}: schema {source} is named on its own ({t.text}), not as a qualification: "
                             "every tenant would share it", hint=_HINT)
        out += [stmt[last:t.start], quote_ident(schema)]
        last = t.start + len(t.text)
    return "".join(out) + stmt[last:]


_HINT = ("a project applied to schema tenants keeps everything in its default schema and names it only as a "
         "qualification; put extensions in a schema of their own (see docs/fleet.md)")


def retarget(mig: Migration, source: str, schema: str) -> Migration:
    """What tenant ``schema`` runs for ``mig``; its checksum stays the file's, so status and the
    modified-file check compare with the file."""
    if source == schema:
        return mig

    def steps(section: str, given: tuple[Step, ...]) -> tuple[Step, ...]:
        return tuple(Step(s.transaction, tuple(
            retarget_statement(stmt, source, schema, f"{mig.filename} ({section} step {i}, statement {j})")
            for j, stmt in enumerate(s.statements, 1)), s.lines) for i, s in enumerate(given, 1))

    up, down = steps("up", mig.up_steps), steps("down", mig.down_steps)
    return replace(mig, up=tuple(x for s in up for x in s.statements), down=tuple(x for s in down for x in s.statements),
                   up_sql=render_section(up), down_sql=render_section(down) if down else "",
                   up_steps=up, down_steps=down)


def schema_prelude(schema: str) -> list[tuple[str, list[Step]]]:
    """What a tenant has before its first migration: its schema (for replays and drift)."""
    return [(f"schema {schema}", [Step(True, (f"CREATE SCHEMA IF NOT EXISTS {quote_ident(schema)}",))])]
