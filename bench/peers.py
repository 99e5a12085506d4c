"""The peers ``bench/perf.py`` compares forge with, and every tool's output reduced to facts.

migra and Alembic each get their own virtual environment under ``~/.cache/schemaforge-bench``
(migra needs SQLAlchemy 1.4, which schemaforge's environment must not be pinned to), created
on first use with pip. A fact is ``(table, category)``: ``table+``/``table-`` for a whole table
created or dropped (nothing else is said about that table), else ``column``, ``index``,
``check``, ``fk`` or ``comment`` — the vocabulary of ``schemagen.CATEGORY``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from schemagen import Table

CACHE = Path.home() / ".cache" / "schemaforge-bench"
VENVS = {
    "migra": ["migra", "sqlalchemy<2", "psycopg2-binary", "setuptools"],  # schemainspect (migra's) imports pkg_resources
    "alembic": ["alembic", "sqlalchemy", "psycopg2-binary"],
}
TABLE_RE = re.compile(r"\bt\d{5}x?\b|\bt\d{5}x?(?=_)")  # every generated object's name starts with its table's


def venv_bin(name: str) -> Path:
    """The peer's virtual environment's bin directory, created and filled on first use."""
    venv = CACHE / f"{name}-venv"
    if not (venv / "bin" / "python").exists():
        print(f"creating {venv} (pip install {' '.join(VENVS[name])}) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *VENVS[name]], check=True)
    return venv / "bin"


def sqlalchemy_url(conninfo: str) -> str:
    """A libpq ``key=value`` string (the embedded server's URL) as a SQLAlchemy URL."""
    parts = dict(p.split("=", 1) for p in conninfo.split())
    host = parts.get("host", "")
    query = f"?host={host}&port={parts.get('port', '5432')}" if host.startswith("/") else ""
    netloc = host if query == "" else ""
    return f"postgresql+psycopg2://{parts.get('user', 'postgres')}@{netloc}/{parts['dbname']}{query}"


# --- facts ---------------------------------------------------------------------------------

def _collapse(facts: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """A created or dropped table is one fact: drop what else was said about it."""
    whole = {t for t, c in facts if c in ("table+", "table-")}
    return sorted((t, c) for t, c in facts if t not in whole or c in ("table+", "table-"))


def _forge_category(change: dict) -> str:
    kind, description = change["kind"], change["description"]
    if kind == "create_table":
        return "table+"
    if kind == "drop_table":
        return "table-"
    if "comment" in kind:
        return "comment"
    if "index" in kind:
        return "index"
    if "constraint" in kind:
        return "fk" if "foreign key" in description else "check" if "check" in description else "constraint"
    return "column" if "column" in kind else kind


def forge_facts(plan_json: str) -> list[tuple[str, str]]:
    """Facts of ``forge plan --format json``."""
    doc = json.loads(plan_json)
    facts = set()
    for c in doc["changes"]:
        table = c["subject"].rsplit(".", 1)[-1].strip('"')
        facts.add((table, _forge_category(c)))
    return _collapse(facts)


def _migra_category(stmt: str) -> str:
    s = stmt.lower()
    if s.startswith("create table"):
        return "table+"
    if s.startswith("drop table"):
        return "table-"
    if s.startswith("comment on"):
        return "comment"
    if "index" in s.split("(")[0] and not s.startswith("alter table"):
        return "index"
    if " constraint " in s:
        if "foreign key" in s or "_fk" in s:
            return "fk"
        return "check" if "check" in s or "_check" in s else "constraint"
    return "column" if " column " in s else "other"


def migra_facts(sql: str) -> list[tuple[str, str]]:
    """Facts of migra's SQL, one statement at a time (statements end with ``;`` and a blank line)."""
    facts = set()
    for stmt in (s.strip() for s in sql.split(";\n")):
        if not stmt:
            continue
        m = TABLE_RE.search(stmt)
        facts.add((m.group(0) if m else "?", _migra_category(stmt)))
    return _collapse(facts)


ALEMBIC_CATEGORY = {"add_table": "table+", "remove_table": "table-", "add_column": "column",
                    "remove_column": "column", "modify_type": "column", "modify_nullable": "column",
                    "modify_default": "column", "add_index": "index", "remove_index": "index",
                    "add_fk": "fk", "remove_fk": "fk", "modify_comment": "comment",
                    "add_table_comment": "comment", "remove_table_comment": "comment",
                    "add_constraint": "constraint", "remove_constraint": "constraint"}


def alembic_facts(output: str) -> list[tuple[str, str]]:
    """Facts of ``bench/alembic_compare.py``'s JSON line."""
    doc = json.loads(output.strip().splitlines()[-1])
    return _collapse({(table, ALEMBIC_CATEGORY.get(op, op)) for op, table in doc["diffs"]})


# --- Alembic's side of the schema: a SQLAlchemy MetaData module ------------------------------

_SA_TYPES = {"bigint": "BigInteger()", "text": "Text()", "integer": "Integer()", "boolean": "Boolean()",
             "timestamp with time zone": "DateTime(timezone=True)", "jsonb": "JSONB()",
             "numeric(12,2)": "Numeric(12, 2)", "character(8)": "CHAR(8)"}


def _sa_type(sql_type: str) -> str:
    m = re.fullmatch(r"character varying\((\d+)\)", sql_type)
    return f"String({m.group(1)})" if m else _SA_TYPES[sql_type]


def _sa_table(t: Table) -> str:
    args = [repr(t.name), "metadata"]
    for c in t.columns:
        extra = ", Identity(always=True), primary_key=True" if c.extra.startswith("primary") else ""
        unique = ", unique=True" if c.extra == "unique: true" else ""
        default = f", server_default=text({c.default!r})" if c.default is not None else ""
        comment = f", comment={c.comment!r}" if c.comment else ""
        args.append(f"Column({c.name!r}, {_sa_type(c.type)}{extra}{unique}, nullable={c.nullable}{default}{comment})")
    args.append(f"CheckConstraint({t.check[1]!r}, name={t.check[0]!r})")
    if t.parent:
        args.append(f"ForeignKeyConstraint(['parent_id'], [{t.parent + '.id'!r}], name={t.name + '_parent_fk'!r})")
    for x in t.indexes:
        what = f"text({x.expression!r})" if x.expression else ", ".join(repr(c) for c in x.columns)
        where = f", postgresql_where=text({x.where!r})" if x.where else ""
        args.append(f"Index({x.name!r}, {what}{where})")
    args.append(f"comment={t.comment!r}")
    return "Table(" + ", ".join(args) + ")\n"


def metadata_module(ts: list[Table]) -> str:
    """Python source declaring ``metadata`` with every table of ``ts``, as an Alembic project would."""
    head = ("from sqlalchemy import (CHAR, BigInteger, Boolean, CheckConstraint, Column, DateTime,\n"
            "    ForeignKeyConstraint, Identity, Index, Integer, MetaData, Numeric, String, Table, Text, text)\n"
            "from sqlalchemy.dialects.postgresql import JSONB\n\nmetadata = MetaData()\n")
    return head + "".join(_sa_table(t) for t in ts)
