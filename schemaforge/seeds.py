"""Seed files for ``--verify``: sample rows inserted into the scratch database, and whether they survive.

A seed file is the user's SQL. It only ever runs in the scratch database ``--verify`` creates,
and only as ``INSERT`` statements: each is cut out with the migration splitter's lexer (so a
``;`` inside a string or a comment ends nothing), checked to start with ``INSERT``, and sent on
its own through the extended query protocol, where PostgreSQL refuses a string holding two
commands. Nothing in a seed can drop or alter a database, a role or a table.

Rows are compared as text, column by column, on the columns a table keeps by name: a step
that drops a column cannot keep its values, but every row must still be there with the values
of the columns it kept. When a column's type changed, its new values are cast back to the old
type first, so ``integer`` → ``bigint`` compares equal and ``numeric(10,2)`` → ``numeric(10,0)``
shows the rounded rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from .errors import ForgeError
from .migrations.files import scan
from .migrations.messages import pg_message
from .model import Column, Database, Table

_FIRST_WORD = re.compile(r"[A-Za-z_]+")
SHOWN_ROWS = 5  # rows listed per table that lost some; the rest are counted


@dataclass(frozen=True)
class SeedStatement:
    line: int  # 1-based, where the statement's first word is
    col: int
    text: str


@dataclass(frozen=True)
class Seed:
    """A seed file, read and checked: its INSERT statements in file order."""

    path: str  # as given, for messages
    statements: tuple[SeedStatement, ...]


def read_seed(path: Path) -> Seed:
    """The INSERT statements of ``path``; anything else is refused with its file:line:col."""
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise ForgeError(f"cannot read the seed file {path}: {exc}", hint="pass a readable UTF-8 SQL file") from None
    statements = tuple(_statements(text))
    for s in statements:
        word = _first_word(s.text)
        if word != "INSERT":
            raise ForgeError(
                f"{path}:{s.line}:{s.col}: a seed holds INSERT statements only, found {word or 'no statement word'}",
                hint="a seed inserts sample rows into the scratch database; drop anything else from the file",
            )
    return Seed(str(path), statements)


def _statements(text: str) -> list[SeedStatement]:
    """Each top-level statement with the position of its first meaningful character."""
    out: list[SeedStatement] = []
    start: int | None = None
    for kind, a, b in scan(text):
        if kind == "semi":
            if start is not None:
                out.append(_located(text, start, a))
            start = None
        elif start is None and kind != "comment" and text[a:b].strip():
            start = a + (len(text[a:b]) - len(text[a:b].lstrip()))
    if start is not None:
        out.append(_located(text, start, len(text)))
    return out


def _located(text: str, start: int, end: int) -> SeedStatement:
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return SeedStatement(line, col, text[start:end].strip())


def _first_word(statement: str) -> str:
    for kind, a, b in scan(statement):
        if kind == "comment":
            continue
        if kind != "code":
            return ""
        m = _FIRST_WORD.search(statement, a, b)
        if m:
            return m.group(0).upper()
        if statement[a:b].strip():
            return ""
    return ""


def run_seed(conn: psycopg.Connection, seed: Seed) -> None:
    """Insert the seed's rows through ``conn`` (the scratch database), all or nothing."""
    with conn.transaction():
        for s in seed.statements:
            try:
                conn.execute(s.text, prepare=False)
            except psycopg.Error as exc:
                raise ForgeError(
                    f"{seed.path}:{s.line}:{s.col}: the seed statement fails on the scratch database: {pg_message(exc)}",
                    hint="the seed runs on the current schema, before the up steps: insert into tables it has",
                ) from None


# --- rows -----------------------------------------------------------------------------------------


Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Rows:
    """One table's rows as text, by column name."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Loss:
    """Seeded rows of one table that a direction did not keep (compared on ``columns``)."""

    table: str
    direction: str  # "up" or "down"
    columns: tuple[str, ...]
    seeded: int
    lost: tuple[Row, ...]  # sorted; each row as it was seeded, projected on ``columns``

    def lines(self) -> list[str]:
        head = (f"✗ {self.table}: {len(self.lost)} of {self.seeded} seeded rows lost after {self.direction} "
                f"(compared on {', '.join(self.columns)})")
        shown = [f"    {_show(self.columns, r)}" for r in self.lost[:SHOWN_ROWS]]
        more = [f"    … and {len(self.lost) - SHOWN_ROWS} more"] if len(self.lost) > SHOWN_ROWS else []
        return [head, *shown, *more]

    def to_json(self) -> dict:
        return {"table": self.table, "direction": self.direction, "columns": list(self.columns),
                "seeded": self.seeded, "lost": [list(r) for r in self.lost]}


def _show(columns: tuple[str, ...], row: Row) -> str:
    return ", ".join(f"{c}={'NULL' if v is None else v}" for c, v in zip(columns, row, strict=True))


def _row_key(row: Row) -> tuple:
    return tuple((v is None, v or "") for v in row)


@dataclass(frozen=True)
class Renames:
    """Where a seeded table and its columns are after up, when the plan renames them (by
    original name); migration files carry no such knowledge and compare by name."""

    tables: tuple[tuple[str, str], ...] = ()  # (original "schema.table", name after up)
    columns: tuple[tuple[str, str, str], ...] = ()  # (original table, original column, name after up)

    def table(self, name: str) -> str:
        return dict(self.tables).get(name, name)

    def column(self, table: str, name: str) -> str:
        return {(t, c): n for t, c, n in self.columns}.get((table, name), name)


NO_RENAMES = Renames()


def snapshot(conn: psycopg.Connection, db: Database) -> dict[str, Rows]:
    """Every table of ``db`` that holds rows (its own, not its partitions' or children's)."""
    out: dict[str, Rows] = {}
    for t in db.tables:
        if not t.columns or t.partition_by:
            continue
        names = tuple(c.name for c in t.columns)
        rows = _select(conn, t, [sql.Identifier(n) for n in names])
        if rows:
            out[f"{t.schema}.{t.name}"] = Rows(names, rows)
    return out


def _select(conn: psycopg.Connection, t: Table, columns: list[sql.Composable]) -> tuple[Row, ...]:
    query = sql.SQL("SELECT {} FROM ONLY {}.{}").format(
        sql.SQL(", ").join(sql.SQL("({})::text").format(c) for c in columns),
        sql.Identifier(t.schema), sql.Identifier(t.name))
    return tuple(sorted((tuple(r) for r in conn.execute(query).fetchall()), key=_row_key))


def losses(conn: psycopg.Connection, before: dict[str, Rows], start: Database, now: Database,
           direction: str, renames: Renames = NO_RENAMES) -> list[Loss]:
    """The seeded rows each table of ``now`` no longer holds, on the columns it kept (by name,
    after ``renames``)."""
    out: list[Loss] = []
    tables = {f"{t.schema}.{t.name}": t for t in now.tables}
    old = {f"{t.schema}.{t.name}": t for t in start.tables}
    for name in sorted(before):
        t = tables.get(renames.table(name))
        if t is None or t.partition_by:
            continue  # the table is gone: no step keeps its columns
        seeded = before[name]
        kept = [c for c in seeded.columns if t.column(renames.column(name, c)) is not None]
        if not kept:
            continue
        exprs = [_as_before(conn, t, old[name].column(c), renames.column(name, c)) for c in kept]
        now_rows = Counter(_select(conn, t, exprs))
        index = [seeded.columns.index(c) for c in kept]
        projected = Counter(tuple(r[i] for i in index) for r in seeded.rows)
        lost = projected - now_rows
        if lost:
            label = name if renames.table(name) == name else f"{name} (now {renames.table(name)})"
            out.append(Loss(label, direction, tuple(kept), len(seeded.rows),
                            tuple(sorted(lost.elements(), key=_row_key))))
    return out


def _as_before(conn: psycopg.Connection, now: Table, old: Column | None, column: str) -> sql.Composable:
    """``column`` of ``now`` read in the type it had (``old``), when that changed and the cast works."""
    new = now.column(column)
    ident = sql.Identifier(column)
    if old is None or new is None or old.type == new.type:
        return ident
    cast = sql.SQL("CAST({} AS {})").format(ident, sql.SQL(old.type))
    probe = sql.SQL("SELECT {} FROM ONLY {}.{}").format(cast, sql.Identifier(now.schema), sql.Identifier(now.name))
    try:
        with conn.transaction():
            conn.execute(probe)
    except psycopg.Error:
        return ident
    return cast
