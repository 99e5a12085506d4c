"""Connections and scratch databases: the small API the rest of the code uses.

A :class:`Server` is a PostgreSQL server reached through one URL; it hands out connections
to any database on it and creates/drops scratch databases (cloned from a template when one
is given, which takes ~25 ms). Passwords never leave this module in clear text: use
:func:`redact` for anything printed.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from psycopg import conninfo as _ci
from psycopg import sql

from ..errors import ForgeError

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)([^@]*)(@)")
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact(text: str) -> str:
    """Hide passwords in URLs, key=value conninfo strings and error messages."""
    text = _PASSWORD_IN_URL.sub(lambda m: m.group(1) + ("***" if m.group(2) else "") + m.group(3), text)
    return _PASSWORD_KV.sub(r"\1***", text)


def with_dbname(url: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    params = _ci.conninfo_to_dict(url)
    params["dbname"] = dbname
    return _ci.make_conninfo("", **params)


def connect(url: str, *, autocommit: bool = False, application_name: str = "schemaforge") -> psycopg.Connection:
    """Connect, turning failures into an error that names the server but never the password."""
    try:
        return psycopg.connect(url, autocommit=autocommit, application_name=application_name, connect_timeout=10,
                               options=session_options(url))
    except psycopg.Error as exc:
        raise ForgeError(
            f"cannot connect to {redact(url)}: {redact(str(exc)).strip()}",
            hint="check --database-url, DATABASE_URL or forge.datasource.yaml",
        ) from None


# Every session we open reads string literals the way our SQL lexer does (backslashes are
# plain characters), whatever the server's or the role's setting.
SESSION_OPTIONS = "-c standard_conforming_strings=on"


def session_options(url: str) -> str:
    """The URL's own ``options`` (a search_path, say) plus ours."""
    own = _ci.conninfo_to_dict(url).get("options") or ""
    return f"{own} {SESSION_OPTIONS}".strip()


class StatementFailed(Exception):
    """One statement of a script failed; the script's effects were rolled back."""

    def __init__(self, statement: str, error: psycopg.Error):
        super().__init__(str(error))
        self.statement = statement
        self.error = error


def execute_script(conn: psycopg.Connection, statements: list[str]) -> None:
    """Run ``statements`` one per execute, in one round trip (pipeline mode).

    Each statement goes through the extended query protocol, where PostgreSQL itself refuses
    a string holding two commands: a statement can never smuggle in another. On failure the
    script is rolled back (to a savepoint, inside the caller's transaction) and replayed one
    statement at a time to name the one PostgreSQL rejects.
    """
    if not statements:
        return
    try:
        with conn.transaction(), conn.pipeline():
            for stmt in statements:
                conn.execute(stmt, prepare=False)
        return
    except psycopg.Error:
        pass
    with conn.transaction():  # replay to name the culprit; the exception undoes it all
        for stmt in statements:
            try:
                with conn.pipeline():
                    conn.execute(stmt, prepare=False)
            except psycopg.Error as exc:
                raise StatementFailed(stmt, exc) from None
        raise StatementFailed(statements[-1], psycopg.Error("the script failed as a whole, no statement alone"))


@dataclass
class Server:
    """One PostgreSQL server, reached through ``url`` (whose database is the maintenance db)."""

    url: str

    def connect(self, dbname: str | None = None, *, autocommit: bool = False) -> psycopg.Connection:
        return connect(with_dbname(self.url, dbname) if dbname else self.url, autocommit=autocommit)

    def url_for(self, dbname: str) -> str:
        return with_dbname(self.url, dbname)

    def create_database(self, name: str, *, template: str | None = None) -> None:
        stmt = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            stmt += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self.connect(autocommit=True) as conn:
            conn.execute(stmt)

    def drop_database(self, name: str) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def database_exists(self, name: str) -> bool:
        with self.connect(autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None

    def can_create_databases(self) -> bool:
        try:
            with self.connect(autocommit=True) as conn:
                row = conn.execute(
                    "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
                ).fetchone()
                return bool(row and row[0])
        except ForgeError:
            return False

    @contextlib.contextmanager
    def scratch(self, *, template: str | None = None, prefix: str = "forge_scratch") -> Iterator[str]:
        """A throwaway database; yields its URL and drops it afterwards, whatever happens."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.create_database(name, template=template)
        try:
            yield self.url_for(name)
        finally:
            with contextlib.suppress(ForgeError, psycopg.Error):
                self.drop_database(name)

    @contextlib.contextmanager
    def workspace(self, *, slots: int = 8, prefix: str = "") -> Iterator[psycopg.Connection]:
        """An empty database to materialize models in, reused between runs.

        CREATE DATABASE costs ~0.2 s and DROP DATABASE forces a checkpoint (seconds on a
        busy server), so normalization works in ``schemaforge_workspace_<n>`` databases that
        are kept, emptied before each use, and claimed with an advisory lock so concurrent
        runs never share one. Drop them any time; they are re-created on demand.
        """
        for slot in range(1, slots + 1):
            name = f"{prefix or WORKSPACE_PREFIX}{slot}"
            try:
                conn = psycopg.connect(self.url_for(name), autocommit=True, application_name="schemaforge",
                                       options=session_options(self.url))
            except psycopg.OperationalError:
                with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                    self.create_database(name, template="template0")
                conn = self.connect(name, autocommit=True)
            if not conn.execute("SELECT pg_try_advisory_lock(%s)", [WORKSPACE_LOCK]).fetchone()[0]:
                conn.close()
                continue
            try:
                conn.execute(EMPTY_DATABASE)
                conn.autocommit = False
                yield conn
            finally:
                conn.close()  # ends the session: releases the lock, rolls back anything open
            return
        raise ForgeError(f"all {slots} schemaforge workspace databases are busy", hint="try again in a moment")

    def version(self) -> int:
        with self.connect(autocommit=True) as conn:
            return conn.info.server_version


WORKSPACE_PREFIX = "schemaforge_workspace_"
WORKSPACE_LOCK = 0x5F0F_0001

# Everything normalization can create lives in schemas or extensions: dropping those (and
# re-creating an empty public) empties the database in milliseconds, without a checkpoint.
EMPTY_DATABASE = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT IN ('pg_catalog', 'information_schema')
             AND nspname NOT LIKE 'pg\\_%' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
  END LOOP;
  CREATE SCHEMA public;
  COMMENT ON SCHEMA public IS 'standard public schema';
END $$
"""


def server_for(url: str) -> Server:
    """The server behind a target URL, reached through its ``postgres`` maintenance database."""
    return Server(with_dbname(url, "postgres"))
