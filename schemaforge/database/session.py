"""Connections and scratch databases: the small API the rest of the code uses.

A :class:`Server` is a PostgreSQL server reached through one URL; it hands out connections
to any database on it and creates/drops scratch databases (cloned from a template when one
is given, which takes ~25 ms). Passwords never leave this module in clear text: use
:func:`redact` for anything printed.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import psycopg
from psycopg import conninfo as _ci
from psycopg import sql

from ..errors import ForgeError

# The password of a URL runs from ``user:`` to the LAST ``@`` of the token: people paste
# passwords with an unencoded ``@`` or ``:`` (libpq then splits at the first ``@``, and the
# rest of the password lands in the host or port of its error message).
_PASSWORD_IN_URL = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s'\"]*:)([^\s]*)(@)")
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_SECRETS: set[str] = set()  # every password seen in a target, and the pieces libpq may quote
_MIN_PIECE = 4  # shorter pieces of a password split at @ : / would blank out ordinary words


def redact(text: str) -> str:
    """Hide passwords in URLs, key=value conninfo strings and error messages.

    Patterns catch a password where it is written; the passwords already seen (targets,
    ``PGPASSWORD``, service files) are also replaced wherever they appear alone, as in
    libpq's ``invalid percent-encoded token: "S3%cret"``.
    """
    text = _PASSWORD_IN_URL.sub(lambda m: m.group(1) + ("***" if m.group(2) else "") + m.group(3), text)
    text = _PASSWORD_KV.sub(r"\1***", text)
    for secret in sorted(_secrets(), key=lambda s: (-len(s), s)):  # longest first, then a fixed order
        # as a whole token only: a password that is also a word (``postgres``) must not blank
        # out ``postgresql://`` or every longer name that contains it
        text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", "***", text)
    return text


def _secrets() -> set[str]:
    found = set(_SECRETS)
    if os.environ.get("PGPASSWORD"):
        found |= _forms(os.environ["PGPASSWORD"])
    # shorter ones would blank out line numbers and ordinary words; the patterns above catch
    # them where they are written (a URL, password=...)
    return {s for s in found if len(s) >= _MIN_PIECE and s != "***"}


def _forms(password: str) -> set[str]:
    """A password as written, decoded, encoded, and its longer pieces."""
    forms = {password, unquote(password), quote(password, safe=""), quote(unquote(password), safe="")}
    for form in list(forms):
        forms |= {piece for piece in re.split(r"[@:/]", form) if len(piece) >= _MIN_PIECE}
    return forms


def remember_secrets(target: str) -> None:
    """Note the passwords a target holds (URL, key=value, its service file) for :func:`redact`."""
    for m in _PASSWORD_IN_URL.finditer(target):
        if m.group(2):
            _SECRETS.update(_forms(m.group(2)))
    try:  # what libpq itself reads, quoting rules and all
        parsed = _ci.conninfo_to_dict(target).get("password")
    except (psycopg.ProgrammingError, ValueError):
        parsed = None
    if parsed:
        _SECRETS.update(_forms(str(parsed)))
    for m in _PASSWORD_KV.finditer(target):
        value = m.group(2)
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        _SECRETS.update(_forms(value))
    service = re.search(r"(?:\bservice\s*=\s*|[?&]service=)([^\s&']+)", target)
    if service or os.environ.get("PGSERVICE"):
        for password in _service_passwords():
            _SECRETS.update(_forms(password))


def _service_passwords() -> list[str]:
    """Every ``password=`` of the service files libpq would read."""
    files = [os.environ.get("PGSERVICEFILE") or os.path.expanduser("~/.pg_service.conf")]
    if os.environ.get("PGSYSCONFDIR"):
        files.append(os.path.join(os.environ["PGSYSCONFDIR"], "pg_service.conf"))
    found = []
    for name in files:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            for line in Path(name).read_text().splitlines():
                key, eq, value = line.partition("=")
                if eq and key.strip().lower() == "password" and value.strip():
                    found.append(value.strip())
    return found


def conninfo_dict(url: str) -> dict:
    """``url`` as libpq reads it, or an error that shows it redacted (never a traceback)."""
    try:
        return _ci.conninfo_to_dict(url)
    except psycopg.Error as exc:
        remember_secrets(url)
        raise ForgeError(f"invalid database URL {redact(url)}: {redact(str(exc)).strip()}",
                         hint="percent-encode special characters in a URL's password "
                              "(@ is %40, : is %3A, / is %2F, % is %25)") from None


def with_dbname(url: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    params = conninfo_dict(url)
    params["dbname"] = dbname
    return _ci.make_conninfo("", **params)


def connect(url: str, *, autocommit: bool = False, application_name: str = "schemaforge") -> psycopg.Connection:
    """Connect, turning failures into an error that names the server but never the password."""
    remember_secrets(url)
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
    own = conninfo_dict(url).get("options") or ""
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
    # the server's version, noted by the first connection that learns it: a plan asks for it
    # several times, and each answer would cost a connection (a backend started and ended)
    _version: int | None = field(default=None, compare=False, repr=False)

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
                self._version = conn.info.server_version
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
        if self._version is None:
            with self.connect(autocommit=True) as conn:
                self._version = conn.info.server_version
        return self._version


WORKSPACE_PREFIX = "schemaforge_workspace_"
WORKSPACE_LOCK = 0x5F0F_0001

# Everything normalization can create lives in schemas or extensions: dropping those (and
# re-creating an empty public) empties the database in milliseconds, without a checkpoint.
# Tables and materialized views go first: PostgreSQL 18 fails ("cache lookup failed for
# function") to drop an extension whose operator class a GiST index made in the same session
# uses (pg_trgm's gist_trgm_ops) when the drop cascades to that index.
EMPTY_DATABASE = """
DO $$
DECLARE r record; k text;
BEGIN
  FOR r IN SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS rel
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition
             AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                             AND d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
                   CASE r.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.rel);
  END LOOP;
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
  -- as a new database has it (PostgreSQL 15+): owned by pg_database_owner, USAGE to PUBLIC
  BEGIN
    ALTER SCHEMA public OWNER TO pg_database_owner;
    GRANT USAGE ON SCHEMA public TO PUBLIC;
  EXCEPTION WHEN insufficient_privilege THEN NULL;  -- not the database's owner: left as created
  END;
  -- database-wide default privileges outlive the schemas: back to PostgreSQL's own (the entry goes)
  FOR r IN SELECT d.defaclrole::regrole::text AS owner, d.defaclobjtype AS kind,
                  array_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END)
                    FILTER (WHERE a.grantee <> d.defaclrole) AS grantees
           FROM pg_default_acl d LEFT JOIN LATERAL aclexplode(d.defaclacl) a ON true
           WHERE d.defaclnamespace = 0 GROUP BY 1, 2 LOOP
    k := CASE r.kind WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                          WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' ELSE 'LARGE OBJECTS' END;
    BEGIN
      IF r.grantees IS NOT NULL THEN
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s REVOKE ALL ON %s FROM %s',
                       r.owner, k, array_to_string(r.grantees, ', '));
      END IF;
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT ALL ON %s TO %s', r.owner, k, r.owner);
      IF k IN ('FUNCTIONS', 'TYPES') THEN
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s GRANT ALL ON %s TO PUBLIC', r.owner, k);
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN NULL;  -- another role's: left as it is
    END;
  END LOOP;
END $$
"""


def server_for(url: str) -> Server:
    """The server behind a target URL, reached through its ``postgres`` maintenance database."""
    return Server(with_dbname(url, "postgres"))
