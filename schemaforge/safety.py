"""Destructive changes: one gate for every command that changes a database.

``sync``, ``generate``, ``apply PLANFILE`` and ``rollback`` all ask :func:`require_consent`
before anything runs, and it refuses the same way everywhere: it names each change that loses
data and, where the database is at hand, how much data that is. Which changes lose data is
decided in one place, :meth:`schemaforge.changes.Change.hazards`.

A plan knows its changes. A saved plan and the recorded downs of a rollback are SQL text, so
:func:`effect_of` works out what that SQL does: it copies the target's schema (no rows) into a
scratch database, runs the statements there and diffs the schema before and after, following
relations and columns by oid and attnum so that a rename or a move between schemas is not taken
for a drop.

What would be lost is measured on the live database only where that is cheap: rows of a dropped
table or materialized view, values in a dropped or narrowed column, rows holding a removed enum
label (each counted up to :data:`ROW_CAP`, under a short statement timeout), and the current
value of a dropped sequence.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

import psycopg
from psycopg import sql

from . import changes as ch
from .config import Config
from .database.session import connect
from .diff import diff
from .errors import ForgeError
from .inspect import inspect_database
from .model import Database, QName
from .normalize import materialize
from .order import order
from .typecast import CastCatalog, borrowed, settle

ROW_CAP = 100_000
COUNT_TIMEOUT = "5s"
HINT = "re-run with --allow-destructive if losing that data is intended"


def require_consent(changes, *, allow: bool, what: str, url: str | None = None) -> None:
    """Refuse ``changes`` that lose data unless ``allow``; ``url``: the database to measure it in."""
    risky = [c for c in changes if c.destructive]
    if allow or not risky:
        return
    facts = data_at_risk(url, risky) if url else {}
    lines = [
        f"  - {h.message}" + (f" ({facts[i]})" if i in facts else "")
        for i, c in enumerate(risky) for h in c.hazards() if h.destructive
    ]
    n = len(risky)
    raise ForgeError(f"{what} would lose data ({n} destructive change{'' if n == 1 else 's'}):\n" + "\n".join(lines),
                     hint=HINT)


def require_consent_for_sql(config: Config, url: str, statements: list[str], *, allow: bool, what: str,
                            fallback=None) -> None:
    """:func:`require_consent` for SQL about to run on ``url`` (a saved plan, recorded downs)."""
    if allow or not statements:
        return
    try:
        found = effect_of(config, url, statements, fallback=fallback)
    except Unanalyzable as exc:
        raise ForgeError(f"cannot tell whether {what} would lose data: {exc.message}",
                         hint="re-run with --allow-destructive to run it anyway") from None
    require_consent(found, allow=False, what=what, url=url)


# --- what SQL does to a schema -------------------------------------------------------------------


class Unanalyzable(ForgeError):
    """The statements could not be tried on a copy of the schema."""


def effect_of(config: Config, url: str, statements: list[str], *, fallback=None) -> list[ch.Change]:
    """The schema changes ``statements`` would make on the database at ``url``, tried on a copy.

    Drops are found by oid and attnum (a table or column dropped and created again under the
    same name loses its rows all the same; a renamed or moved one keeps them), everything else
    by diffing the schema before and after. The copy holds only what the model covers: a
    statement that fails there because a function, trigger, policy or other object the model
    leaves alone is missing is skipped, since such objects hold no rows.
    """
    from .planner import normalizing_server
    from .reading import excluded_schemas

    exclude = excluded_schemas(config)
    with connect(url) as conn:
        current = inspect_database(conn, None, exclude_schemas=exclude)
    with normalizing_server(url, fallback, config).workspace() as conn:
        try:
            materialize(conn, current)
        except ForgeError as exc:
            raise Unanalyzable(f"its schema cannot be copied to try it ({exc.message})") from None
        conn.commit()
        before = inspect_database(conn, None, exclude_schemas=exclude)
        rels_before = _relations(conn)
        conn.autocommit = True
        for stmt in statements:
            try:
                conn.execute(stmt, prepare=False)
            except (psycopg.errors.UndefinedFunction, psycopg.errors.UndefinedObject):
                continue  # not in the copy: not modelled, holds no data
            except psycopg.Error as exc:
                msg = exc.diag.message_primary or str(exc).strip()
                raise Unanalyzable(f"it fails on a copy of the schema ({msg}) at:\n{stmt}") from None
        after = inspect_database(conn, None, exclude_schemas=exclude)
        rels_after = _relations(conn)
        survivors = {(s, n) for oid, (s, n, _) in rels_before.items() if oid in rels_after}
        hinted = _rename_hints(after, rels_before, rels_after)
        # what each type change costs, asked where both the old and the new types exist
        changes = settle(diff(before, hinted), before, hinted, CastCatalog(borrowed(conn)), strict=False)
    found = [c for c in order(changes) if _dropped_name(c) not in survivors]
    return found + _recreated(before, rels_before, rels_after, found)


Relations = dict[int, tuple[str, str, dict[int, str]]]  # oid -> (schema, name, {attnum: column})


def _relations(conn: psycopg.Connection) -> Relations:
    rows = conn.execute(
        "SELECT c.oid::int8, n.nspname, c.relname, a.attnum, a.attname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE c.relkind IN ('r', 'p', 'm', 'v', 'S', 'f') "
        "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
    ).fetchall()
    if not conn.autocommit:
        conn.rollback()
    rels: Relations = {}
    for oid, schema, name, attnum, attname in rows:
        columns = rels.setdefault(oid, (schema, name, {}))[2]
        if attnum is not None:
            columns[attnum] = attname
    return rels


def _rename_hints(after: Database, before: Relations, now: Relations) -> Database:
    """``after`` with ``renamed_from`` on the tables and columns that kept their oid/attnum."""
    oid_of = {(s, n): oid for oid, (s, n, _) in now.items()}
    tables = []
    for t in after.tables:
        oid = oid_of.get((t.schema, t.name))
        if oid not in before:
            tables.append(t)
            continue
        old_schema, old_name, old_cols = before[oid]
        new_cols = now[oid][2]
        hints = {new_cols[a]: old_cols[a] for a in new_cols.keys() & old_cols.keys() if new_cols[a] != old_cols[a]}
        renamed = old_schema == t.schema and old_name != t.name  # a move between schemas: a survivor
        tables.append(replace(t, renamed_from=old_name if renamed else None,
                              columns=tuple(replace(c, renamed_from=hints.get(c.name)) for c in t.columns)))
    return replace(after, tables=tuple(tables))


def _recreated(before: Database, rels_before: Relations, rels_after: Relations,
               found: list[ch.Change]) -> list[ch.Change]:
    """Tables, columns and sequences dropped and created again under the same name: the diff
    sees no change (or only a changed column), but the rows or the sequence's value are gone."""
    oid_before = {(s, n): oid for oid, (s, n, _) in rels_before.items()}
    names_after = {(s, n) for s, n, _ in rels_after.values()}
    reported = {_dropped_name(c) for c in found}

    def recreated(schema: str, name: str) -> bool:
        return oid_before.get((schema, name)) not in rels_after and (schema, name) in names_after \
            and (schema, name) not in reported

    out: list[ch.Change] = []
    for t in before.tables:
        oid = oid_before.get((t.schema, t.name))
        if recreated(t.schema, t.name):
            out.append(ch.DropTable(t, replaced=True))
        elif oid in rels_after:  # the table lives on: a column under an old name with a new attnum
            old, new = rels_before[oid][2], rels_after[oid][2]
            again = {old[a] for a in old.keys() - new.keys()} & set(new.values())
            out += [ch.DropColumn(t.qname, c) for c in t.columns if c.name in again]
    out += [ch.DropSequence(q) for q in before.sequences if recreated(q.schema, q.name)]
    return out


def _dropped_name(c: ch.Change) -> tuple[str, str] | None:
    """The relation a drop is about (a survivor was renamed or moved, not dropped)."""
    match c:
        case ch.DropTable():
            return (c.table.schema, c.table.name)
        case ch.DropView():
            return (c.view.schema, c.view.name)
        case ch.DropSequence():
            return (c.sequence.schema, c.sequence.name)
    return None


# --- how much data -------------------------------------------------------------------------------


def data_at_risk(url: str, changes: list[ch.Change]) -> dict[int, str]:
    """What each change would lose, by its index, where the live database can tell cheaply."""
    facts: dict[int, str] = {}
    try:
        conn = connect(url, autocommit=True)
    except ForgeError:
        return facts
    with conn:
        conn.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(COUNT_TIMEOUT)))
        for i, c in enumerate(changes):
            with contextlib.suppress(psycopg.Error):
                if fact := _fact(conn, c):
                    facts[i] = fact
    return facts


def _fact(conn: psycopg.Connection, c: ch.Change) -> str | None:
    match c:
        case ch.DropTable():
            return _rows(_count(conn, c.table.qname))
        case ch.DropView():
            return _rows(_count(conn, c.view.qname))
        case ch.DropColumn():
            return _values(_count(conn, c.table, sql.SQL("{} IS NOT NULL").format(sql.Identifier(c.column.name))))
        case ch.AlterColumn():
            return _values(_count(conn, c.table, sql.SQL("{} IS NOT NULL").format(sql.Identifier(c.old.name))))
        case ch.DropSequence():
            seq = c.sequence
            last, called = conn.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(
                sql.Identifier(seq.schema, seq.name))).fetchone()
            return f"at {last}" if called else "never used"
        case ch.RecreateEnum():
            removed = [v for v in c.old.labels if v not in c.new.labels]
            total = 0
            for table, column, _, _, is_array in (*c.columns, *(x for _, cols in c.domains for x in cols)):
                col = sql.Identifier(column)
                test = sql.SQL("{}::text[] && %s::text[]" if is_array else "{}::text = ANY(%s::text[])").format(col)
                total += _count(conn, table, test, [removed])
            return f"{_count_text(total)} hold a removed label" if total else "no row holds a removed label"
    return None


def _count(conn: psycopg.Connection, rel: QName, where: sql.Composable | None = None, params=None) -> int:
    q = sql.SQL("SELECT count(*) FROM (SELECT FROM {} {} LIMIT {}) s").format(
        sql.Identifier(rel.schema, rel.name),
        sql.SQL("WHERE ") + where if where is not None else sql.SQL(""),
        sql.Literal(ROW_CAP + 1),
    )
    return conn.execute(q, params).fetchone()[0]


def _count_text(n: int) -> str:
    return f"more than {ROW_CAP} rows" if n > ROW_CAP else "1 row" if n == 1 else f"{n} rows"


def _rows(n: int) -> str:
    return _count_text(n) if n else "empty"


def _values(n: int) -> str:
    if not n:
        return "no row holds a value"
    return f"{_count_text(n)} {'holds' if n == 1 else 'hold'} a value"
