"""Which fragments of a model PostgreSQL refuses: every one of them, not only the first.

Normalization creates the whole desired model at once, and the first statement PostgreSQL
refuses stops it. Only then (the fast path pays nothing) is the model taken apart: its
objects are created bare (no defaults, generated columns, checks, exclusions, indexes or
domain constraints), then each fragment is added alone in a savepoint of its own, kept when
PostgreSQL takes it and rolled back when it refuses it, so one refused fragment neither hides
the next nor breaks what depends on the others. Views follow in dependency order; a view over
something that could not be created is not reported again. Statements run one at a time, in
the scratch database only, and the whole probe is rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import psycopg

from . import changes as ch
from . import located as L
from .dependencies import mentioned
from .diff import diff
from .model import Database, Domain, QName, Schema, Statistics, Table, View
from .order import order
from .render import render_statements

_PUBLIC = Schema("public")
_CONTEXT = (L.DOMAIN, L.COMPOSITE, L.EXTENSION)
_MISSING = ("42704", "42883")  # undefined object (a type), undefined function


@dataclass(frozen=True)
class _Failure:
    statement: str
    error: psycopg.Error


def diagnose(conn: psycopg.Connection, desired: Database) -> list[L.Rejected]:
    """Every fragment of ``desired`` PostgreSQL refuses, on ``conn`` (an idle connection to an
    empty scratch database, left as it was found)."""
    found: list[L.Rejected] = []
    with conn.transaction():
        _Probe(conn, found).run(desired)
        raise psycopg.Rollback()
    return found


class _Probe:
    def __init__(self, conn: psycopg.Connection, found: list[L.Rejected]):
        self.conn = conn
        self.found = found
        self.gone: set[QName] = set()  # tables and views that could not be created
        self.context_failed = False  # an extension, domain or type could not be created

    def attempt(self, changes: Iterable[ch.Change], *, keep: bool = True) -> _Failure | None:
        """Run ``changes`` in a savepoint, one statement per execute; the failure, if any."""
        failure: _Failure | None = None
        try:
            with self.conn.transaction():
                for stmt in render_statements(changes):
                    try:  # pipeline mode: the extended protocol, one command per string
                        with self.conn.pipeline():
                            self.conn.execute(stmt, prepare=False)
                    except psycopg.Error as exc:
                        failure = _Failure(stmt, exc)
                        raise
                if not keep:
                    raise psycopg.Rollback()
        except psycopg.Error:
            pass
        return failure

    def reject(self, fragment: L.Fragment, failure: _Failure, *, part: int | None = None, hint: str | None = None) -> None:
        """``part`` (when PostgreSQL gives no position) and ``hint``: what the probe found out."""
        r = rejected(fragment, failure.statement, failure.error)
        if r.part is None and part is not None:
            r = replace(r, part=part)
        if hint is not None:
            r = replace(r, hint=hint)
        if fragment.kind == L.COLUMN and r.sqlstate == _MISSING[0] and r.part is None:
            r = replace(r, part=0)  # a type that does not exist: at the type, not the column
        if self.context_failed and fragment.kind not in _CONTEXT and r.sqlstate in _MISSING:
            return  # most likely what the missing extension, domain or type would have brought
        self.found.append(r)

    def fragment(self, fragment: L.Fragment, changes: list[ch.Change]) -> bool:
        """Add one fragment; True when PostgreSQL took it."""
        failure = self.attempt(changes)
        if failure is not None:
            self.reject(fragment, failure)
        return failure is None

    def run(self, desired: Database) -> None:
        self.context(desired)
        for t in _parents_first(desired.tables):
            if t.partition_of is None or t.partition_of not in self.gone:
                self.table(t)
            else:
                self.gone.add(t.qname)
        self.views(desired.views)

    # --- context: schemas, extensions, enums, sequences, types, domains -------------------

    def context(self, desired: Database) -> None:
        schemas = desired.schemas if any(s.name == "public" for s in desired.schemas) else (*desired.schemas, _PUBLIC)
        bare = replace(desired, schemas=schemas, tables=(), views=(),
                       sequences=tuple(replace(s, owned_by=None) for s in desired.sequences),
                       domains=tuple(replace(d, default=None, checks=()) for d in desired.domains))
        failed: set[QName] = set()
        for c in order(diff(Database(schemas=(_PUBLIC,)), bare)):  # public is in every scratch database
            failure = self.attempt([c])
            if failure is None:
                continue
            what = _context_fragment(c)
            if what is not None:
                self.reject(what, failure)
            self.context_failed = True
            if isinstance(c, ch.CreateDomain):
                failed.add(c.domain.qname)
        for d in desired.domains:
            if d.qname not in failed:
                self.domain(d)

    def domain(self, d: Domain) -> None:
        cur = replace(d, default=None, checks=())
        if d.default is not None:
            new = replace(cur, default=d.default)
            if self.fragment(L.Fragment(L.DOMAIN_DEFAULT, d.schema, d.name, "", (d.default,)),
                             [ch.AlterDomain(cur, new)]):
                cur = new
        for k in d.checks:
            new = replace(cur, checks=(*cur.checks, k))
            if self.fragment(L.Fragment(L.DOMAIN_CHECK, d.schema, d.name, k.name, (k.expression,)),
                             [ch.AlterDomain(cur, new)]):
                cur = new

    # --- tables ---------------------------------------------------------------------------

    def table(self, t: Table) -> None:
        qn = t.qname
        plain = [replace(c, default=None, generated=None) for c in t.columns]
        bare = replace(t, columns=tuple(plain), checks=(), foreign_keys=(), indexes=(), exclusions=(), renamed_from=None)
        failure = self.attempt([ch.CreateTable(bare)])
        if failure is not None:
            self.gone.add(qn)
            self.bare_table(bare, failure)
            return
        cur = {c.name: c for c in bare.columns}
        for c, p in zip(t.columns, plain, strict=True):  # a generated column replaces its plain stand-in
            if c.generated is not None:
                gen = replace(c, default=None)
                if self.fragment(L.Fragment(L.GENERATED, t.schema, t.name, c.name, (c.generated,)),
                                 [ch.DropColumn(qn, p), ch.AddColumn(qn, gen)]):
                    cur[c.name] = gen
        for c in t.columns:
            if c.default is not None:
                self.fragment(L.Fragment(L.DEFAULT, t.schema, t.name, c.name, (c.default,)),
                              [ch.AlterColumn(qn, cur[c.name], replace(cur[c.name], default=c.default))])
        for k in t.checks:
            self.fragment(L.Fragment(L.CHECK, t.schema, t.name, k.name, (k.expression,)), [ch.AddConstraint(qn, k)])
        for x in t.exclusions:
            texts = (*(e for e, _ in x.elements), *((x.where,) if x.where else ()))
            self.fragment(L.Fragment(L.EXCLUSION, t.schema, t.name, x.name, texts), [ch.AddConstraint(qn, x)])
        for i in t.indexes:
            self.fragment(index_fragment(t.schema, t.name, i), [ch.CreateIndex(qn, i)])

    def bare_table(self, bare: Table, failure: _Failure) -> None:
        """The table alone failed: each column that cannot be created alone, else the table."""
        bad = False
        for c in bare.columns:
            alone = Table(bare.schema, bare.name, (c,))
            col_failure = self.attempt([ch.CreateTable(alone)], keep=False)
            if col_failure is not None:
                bad = True
                self.reject(L.Fragment(L.COLUMN, bare.schema, bare.name, c.name, (c.type,)), col_failure)
        if not bad:
            texts = (bare.partition_by or "", bare.partition_bound or "")
            self.reject(L.Fragment(L.TABLE, bare.schema, bare.name, "", texts), failure)

    # --- views ----------------------------------------------------------------------------

    def views(self, views: tuple[View, ...]) -> None:
        bare = {v.qname: replace(v, indexes=(), statistics=(), column_comments=()) for v in views}
        by_q = {v.qname: v for v in views}
        for c in order(diff(Database(), Database(views=tuple(bare.values())))):
            if not isinstance(c, ch.CreateView):
                continue
            v = by_q[c.view.qname]
            failure = self.attempt([c])
            if failure is not None:
                self.gone.add(v.qname)
                if not mentioned(v.definition, sorted(self.gone - {v.qname}, key=str)):
                    self.reject(L.Fragment(L.VIEW, v.schema, v.name, "", (v.definition,)), failure)
                continue
            for i in v.indexes:
                self.fragment(index_fragment(v.schema, v.name, i), [ch.CreateIndex(v.qname, i)])
            for s in v.statistics:
                self.view_statistics(v, s)
            self.column_comments(v)

    def view_columns(self, v: View) -> list[str]:
        """The columns a view created in the probe has, for a hint."""
        return [r[0] for r in self.conn.execute(_VIEW_COLUMNS, (v.schema, v.name))]

    def view_statistics(self, v: View, s: Statistics) -> None:
        """A materialized view's statistics object; a column it names that the view lacks is
        found here (PostgreSQL's error gives no position), with the view's columns for a hint."""
        fragment = L.Fragment(L.STATISTICS, v.schema, v.name, s.name, (*s.columns, *s.expressions))
        failure = self.attempt([ch.CreateStatistics(v.qname, s, "materialized view")])
        if failure is None:
            return
        have = self.view_columns(v)
        missing = [i for i, c in enumerate(s.columns) if c not in have]
        self.reject(fragment, failure, part=missing[0] if missing else None,
                    hint=f"columns of {v.schema}.{v.name}: {', '.join(have)}")

    def column_comments(self, v: View) -> None:
        """Each column comment alone; a refused one is hinted with the columns the view has."""
        have: list[str] | None = None  # read once, at the first refusal
        for col, text in v.column_comments:
            failure = self.attempt([ch.SetViewColumnComment(v.qname, col, None, text, ch.object_word(v))])
            if failure is None:
                continue
            have = self.view_columns(v) if have is None else have
            self.reject(L.Fragment(L.COLUMN_COMMENT, v.schema, v.name, col), failure,
                        hint=f"columns of view {v.schema}.{v.name}: " + ", ".join(have))


_VIEW_COLUMNS = """SELECT a.attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"""


def index_fragment(schema: str, owner: str, i) -> L.Fragment:
    """An index as its texts: each key (column name or expression), then its predicate."""
    texts = tuple(e.expression if e.expression is not None else (e.column or "") for e in i.elements)
    return L.Fragment(L.INDEX, schema, owner, i.name, (*texts, *((i.where,) if i.where else ())))


def _context_fragment(c: ch.Change) -> L.Fragment | None:
    if isinstance(c, ch.CreateDomain):
        return L.Fragment(L.DOMAIN, c.domain.schema, c.domain.name, "", (c.domain.type,))
    if isinstance(c, ch.CreateCompositeType):
        return L.Fragment(L.COMPOSITE, c.type.schema, c.type.name, "", tuple(a[1] for a in c.type.attributes))
    if isinstance(c, ch.CreateExtension):
        return L.Fragment(L.EXTENSION, c.extension.schema or "", c.extension.name)
    return None


def _parents_first(tables: Iterable[Table]) -> list[Table]:
    """Partitioned tables before their partitions (otherwise in model order)."""
    tables = list(tables)
    by_q = {t.qname: t for t in tables}
    done: set[QName] = set()
    out: list[Table] = []

    def visit(t: Table) -> None:
        if t.qname in done:
            return
        done.add(t.qname)
        if t.partition_of in by_q:
            visit(by_q[t.partition_of])
        out.append(t)

    for t in tables:
        visit(t)
    return out


def rejected(fragment: L.Fragment, statement: str, error: psycopg.Error) -> L.Rejected:
    """What PostgreSQL said, with its error position mapped into one of the fragment's texts."""
    diag = getattr(error, "diag", None)
    message = (diag.message_primary if diag else None) or str(error).strip()
    position = _int(diag.statement_position) if diag else None
    part, offset = locate_in(statement, fragment.texts, position)
    return L.Rejected(fragment, message, (diag.sqlstate if diag else None) or "",
                      diag.message_hint if diag else None, statement, part, offset)


def locate_in(statement: str, texts: tuple[str, ...], position: int | None) -> tuple[int | None, int | None]:
    """(which text, 0-based offset in it) of the 1-based character ``position`` of ``statement``."""
    if position is None:
        return None, None
    at = position - 1
    for i, text in enumerate(texts):
        if not text:
            continue
        start = statement.find(text)
        while start != -1:
            if start <= at < start + len(text):
                return i, at - start
            start = statement.find(text, start + 1)
    return None, None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None

