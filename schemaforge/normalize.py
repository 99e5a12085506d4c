"""PostgreSQL is the normalizer: materialize the desired model and read it back.

``now()`` vs ``CURRENT_TIMESTAMP``, ``'a'::character varying`` vs ``'a'``, ``int`` vs
``integer``: instead of teaching a local canonicalizer every spelling, the desired model is
created in a scratch database on the target's own server (so catalog text matches the
target's major version) and introspected with the same code that reads the target. Both
sides of the diff are then in catalog form, and a no-op plan is empty.

Creating 1,000 tables takes seconds, so what PostgreSQL taught us is cached per table, keyed
by the table's model (which fixes the SQL that creates it), everything it can depend on
(types, schemas, extensions, sequences) and the server's version. Only tables whose key is
new are materialized again, and a plan whose every key is known needs no scratch database.
Foreign keys carry no expressions to normalize: they are taken from the model as built.

**A fixpoint, not one round.** Catalog text is not always what PostgreSQL stores when that
text is submitted again: ``kind IN ('a', 'b')`` on a ``varchar`` reads back as
``((kind)::text = ANY ((ARRAY['a'::character varying, ...])::text[]))``, and submitting that
stores ``ARRAY[('a'::character varying)::text, ...]``. So what one round reads back is
rendered, created again from nothing and read back until the text no longer moves: the
normalized model is then exactly what its own rendered SQL creates, and what a plan renders
is what the next comparison reads (on CREATE TABLE, ALTER TABLE ... ADD, a down script or a
replay alike: every path submits the same text in the same context).

**Local first.** What :mod:`schemaforge.canonical` can prove (common types, literal and clock
defaults, simple checks, plain indexes, a context of schemas only) is computed instead, and
neither materialized nor cached: ``tests/test_canonical.py`` compares it with this module's
answer for thousands of generated tables.

The target's text is not always settled either (written by hand, by pg_restore, by an older
version of this tool): :func:`settle_current` puts the target's tables, views and domains
that differ from the desired model through the same rounds before the two are compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import operator
import os
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from . import __version__
from .canonical import canonical_context, prove_tables
from .database.session import EMPTY_DATABASE, Server, StatementFailed, execute_script
from .dependencies import mentioned
from .diff import diff
from .errors import ForgeError
from .inspect import inspect_database
from .located import SchemaRejected
from .model import Column, Database, QName, Schema, Sequence, Table, View, evolve
from .model.policies import carry_renames
from .order import order
from .privileges import restore_grants, strip_grants
from .probe import diagnose
from .render import render_statements
from .roles import create_stand_ins

EMPTY = Database(schemas=(Schema("public"),))
CACHE_FORMAT = 2  # 2: entries are fixpoints
MAX_ROUNDS = 5  # catalog text seen so far settles in two


def creation_statements(desired: Database) -> list[str]:
    """The SQL that creates ``desired`` in an empty database."""
    return render_statements(order(diff(EMPTY, _with_public(desired))))


def _with_public(db: Database) -> Database:
    if any(s.name == "public" for s in db.schemas):
        return db
    return evolve(db, schemas=(*db.schemas, Schema("public")))


def materialize(conn: psycopg.Connection, desired: Database) -> None:
    """Create ``desired`` through ``conn``; a failing statement becomes a readable error."""
    # a scratch database: function bodies may name tables created after them
    conn.execute("SET check_function_bodies = off")
    create_stand_ins(conn, desired)  # a scratch server: the target's own has them (planner.plan_against)
    try:
        execute_script(conn, creation_statements(desired))
    except StatementFailed as failed:
        exc = failed.error
        diag = getattr(exc, "diag", None)
        msg = (diag.message_primary if diag else None) or str(exc)
        hint = diag.message_hint if diag else None
        raise ForgeError(
            f"PostgreSQL rejected the schema: {msg}",
            hint=f"while running:\n{failed.statement}" + (f"\n{hint}" if hint else ""),
        ) from None


def _materialize_or_diagnose(conn: psycopg.Connection, desired: Database, probe: bool) -> None:
    """:func:`materialize`; after a failure, every refused fragment rather than the first."""
    try:
        materialize(conn, desired)
    except ForgeError:
        if not probe:
            raise
        found = diagnose(conn, desired)
        if found:
            raise SchemaRejected(found) from None
        raise


def settle(conn: psycopg.Connection, db: Database, schemas: list[str]) -> Database:
    """``db`` (as just read from ``conn``) created again from its own SQL and read back, until
    what is read back is what was rendered. ``conn``'s database ends up holding it."""
    for _ in range(MAX_ROUNDS):
        conn.execute(EMPTY_DATABASE)
        materialize(conn, db)
        conn.commit()
        again = inspect_database(conn, schemas)
        if again == db:
            break
        db = again
    return db


# --- the cache ------------------------------------------------------------------------------


@dataclass
class Cache:
    """Normalized tables and views by key; a pickle under ``.forge/cache``."""

    path: Path | None
    entries: dict[str, object] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, cache_dir: Path | None, server_version: int) -> Cache:
        if cache_dir is None:
            return cls(None)
        path = Path(cache_dir) / f"normalize-pg{server_version}.pickle"
        entries: dict[str, object] = {}
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            data = pickle.loads(path.read_bytes())
            if data.get("format") == (CACHE_FORMAT, __version__):
                entries = data["entries"]
        return cls(path, entries)

    def get(self, key: str):
        found = self.entries.get(key)
        if found is not None:
            self.used.add(key)
        return found

    def put(self, key: str, value: object) -> None:
        self.entries[key] = value
        self.used.add(key)

    def save(self, keep: int = 20000) -> None:
        """Keep what this run used plus older entries up to ``keep``; write atomically."""
        if self.path is None:
            return
        entries = {k: self.entries[k] for k in self.used}
        for k, v in self.entries.items():
            if len(entries) >= keep:
                break
            entries.setdefault(k, v)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # fleets: threads
            tmp.write_bytes(pickle.dumps({"format": (CACHE_FORMAT, __version__), "entries": entries}))
            os.replace(tmp, self.path)


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()


def workspace_prefix(server: Server) -> str:
    """Workspace databases per role: ``schemaforge_workspace_<role hash>_<n>``.

    Emptying a workspace drops its schemas, which only their owner may do: a workspace made by
    one role is useless to another, so each role that plans gets its own. The role is the one
    libpq will log in as (the URL's user, else PGUSER, else the login name); a short hash keeps
    the database name within 63 bytes whatever the role is called.
    """
    import getpass

    try:
        user = conninfo_to_dict(server.url).get("user")
    except psycopg.ProgrammingError:
        user = None
    user = user or os.environ.get("PGUSER") or getpass.getuser()
    return f"schemaforge_workspace_{hashlib.sha256(user.encode()).hexdigest()[:8]}_"


def normalize(
    desired: Database, server: Server, schemas: list[str], *, cache_dir: Path | None = None,
    only: set[QName] | None = None, probe: bool = True, local: bool = True,
) -> Database:
    """``desired`` as PostgreSQL itself stores it, settled (see :func:`settle`), with the
    YAML's rename hints carried over. ``only``: the tables and views to normalize (and those
    they need to be created); the others are taken as they are.

    When PostgreSQL refuses the model and ``probe`` is set, every fragment it refuses is found
    (:func:`schemaforge.probe.diagnose`) and :class:`~schemaforge.located.SchemaRejected`
    lists them all.

    ``local``: tables whose catalog form :mod:`schemaforge.canonical` proves are computed, not
    materialized (nor cached: that is cheaper than a cache entry); off to test the proof."""
    version = server.version()
    source, desired = desired, strip_grants(desired)  # names only: put back below
    cache = Cache.open(cache_dir, version)
    # Types, schemas, extensions, sequences: cheap to create; they are part of every table key.
    # Functions are not: a table or view key holds the signatures of the functions it calls
    # (:func:`_calls`), so a new body or a new function re-materializes nothing that calls none.
    context = evolve(desired, tables=(), views=(), sequences=tuple(evolve(s, owned_by=None) for s in desired.sequences))
    base_key = _digest(str(version), _pickled(evolve(context, functions=())))
    read_by_bodies = _read_by_sql_bodies(desired)
    context_key = _digest(base_key, _pickled(desired.functions),
                          *(_pickled(_without_hints(t)) for t in desired.tables if t.qname in read_by_bodies))
    signatures = _signatures(desired)
    wanted = [t for t in desired.tables if only is None or t.qname in only]
    proven = prove_tables(wanted, desired, version) if local else {}  # hints: carried over below
    parents = {p for t in desired.tables for p in t.inherits}  # created with their children: not proven alone
    proven = {q: v for q, v in proven.items() if q not in parents} if parents else proven
    reads = {t.qname: used for t in desired.tables if (used := policy_tables(t, desired.tables))}
    # tables created under views or policies that read them are keyed (and materialized) too
    keyed = desired.tables if desired.views or reads else [t for t in desired.tables if t.qname not in proven]
    table_keys = {t.qname: _digest(base_key, _pickled(_without_hints(t)), *_calls(t, signatures)) for t in keyed}
    # a policy reading other tables is normalized over them: their keys are part of its table's
    table_keys |= {q: _digest(table_keys[q], *(table_keys[n] for n in used)) for q, used in reads.items()}
    all_names = list(table_keys) + [v.qname for v in desired.views]
    view_keys: dict[QName, str] = {}
    for v in desired.views:  # a view's key covers the tables, views and functions it mentions
        deps = sorted(str(n) for n in mentioned(v.definition, all_names))
        view_keys[v.qname] = _digest(base_key, _pickled(v), *(table_keys.get(QName(*d.split(".", 1)), d) for d in deps),
                                     *_calls(v, signatures))

    hit_context = cache.get(context_key)
    hit_tables = {q: cache.get(k) for q, k in table_keys.items() if q not in proven} | proven
    hit_views = {q: cache.get(k) for q, k in view_keys.items()}
    if only is not None:  # the rest as given (a model read from a catalog: nothing to add)
        hit_tables |= {t.qname: (evolve(t, foreign_keys=()), ()) for t in desired.tables
                       if t.qname not in only and hit_tables[t.qname] is None}
        hit_views |= {v.qname: v for v in desired.views if v.qname not in only and hit_views[v.qname] is None}
    need_views = _needed_views(desired, hit_views)
    need_tables = {q for q, hit in hit_tables.items() if hit is None}
    if hit_context is None:  # an SQL-standard body is parsed at creation: what it reads must exist
        need_tables |= read_by_bodies
    for v in need_views:  # a view is created over its tables
        need_tables |= set(mentioned(v.definition, [t.qname for t in desired.tables]))
    by_q = {t.qname: t for t in desired.tables}
    while more := {n for q in need_tables for n in reads.get(q, ())} - need_tables:
        need_tables |= more  # and a policy over the tables it reads
    for q in list(need_tables):  # partitions need their parent
        parent = getattr(by_q[q], "partition_of", None)
        while parent is not None and parent in by_q:
            need_tables.add(parent)
            parent = getattr(by_q[parent], "partition_of", None)
    ancestors = [p for q in need_tables for p in by_q[q].inherits]  # and children theirs
    while ancestors:
        p = ancestors.pop()
        if p in by_q and p not in need_tables:
            need_tables.add(p)
            ancestors += by_q[p].inherits
    if hit_context is None and local and not need_tables and not need_views:
        hit_context = canonical_context(desired, schemas, version)  # a plain schema: proven locally
    if hit_context is not None and not need_tables and not need_views:
        fresh = hit_context  # everything known: no scratch database at all
    else:
        with server.workspace(prefix=workspace_prefix(server)) as conn:
            _materialize_or_diagnose(conn, _partial(desired, need_tables, need_views), probe)
            conn.commit()
            fresh = settle(conn, inspect_database(conn, schemas), schemas)
        cache.put(context_key, evolve(fresh, tables=(), views=(), sequences=_declared(fresh, desired)))
    result = _assemble(desired, fresh, hit_tables, hit_views, need_tables, table_keys, view_keys, cache)
    cache.save()
    return restore_grants(carry_hints(desired, _declared_versions(desired, result)), source, version)


def _read_by_sql_bodies(desired: Database) -> set[QName]:
    """The tables SQL-standard function bodies mention (PostgreSQL parses such a body when it
    creates the function, ``check_function_bodies`` or not)."""
    names = [t.qname for t in desired.tables]
    return {q for f in desired.functions if f.sql_body for q in mentioned(f.body, names)}


def _declared_versions(desired: Database, result: Database) -> Database:
    """Extension versions as the YAML gives them: the scratch database installs the default
    version of one the YAML leaves unpinned, and that must not read as a wish to update."""
    wanted = {e.name: e.version for e in desired.extensions}
    return evolve(result, extensions=tuple(evolve(e, version=wanted.get(e.name)) for e in result.extensions))


def settle_current(
    current: Database, desired: Database, server: Server, schemas: list[str], *, cache_dir: Path | None = None,
    same: Callable[[object, object], bool] = operator.eq,
) -> Database:
    """``current`` (read from a target) with its tables, views and domains that differ from
    ``desired`` replaced by what they settle to, so that both sides of a diff are fixpoints.

    What equals ``desired`` already is left alone (no scratch database at all for a no-op
    plan). When the target's objects cannot be created on their own (they use something the
    model does not cover), ``current`` is returned as it is. ``same``: the tables' equality (a
    plan passes a :class:`~schemaforge.model.Same`, which its diff asks again).
    """
    des_tables = {t.qname: t for t in desired.tables}
    counterpart = {QName(t.schema, t.renamed_from): t for t in desired.tables if t.renamed_from} | des_tables
    tables = {t.qname for t in current.tables if t.qname in counterpart and not same(t, counterpart[t.qname])}
    des_views = {v.qname: v for v in desired.views}
    views = {v.qname for v in current.views if v.qname in des_views and v != des_views[v.qname]}
    des_domains = {d.qname: d for d in desired.domains}
    domains = {d.qname for d in current.domains if d.qname in des_domains and d != des_domains[d.qname]}
    if not (tables or views or domains):
        return current
    cur_tables = {t.qname: t for t in current.tables}
    proven = prove_tables((cur_tables[q] for q in sorted(tables, key=str)), current, server.version()) if tables else {}
    tables -= set(proven)  # their settled form is computed, whatever the context holds
    proven_tables = {q: evolve(norm, foreign_keys=cur_tables[q].foreign_keys) for q, (norm, _) in proven.items()}
    if not (tables or views or domains):
        return evolve(current, tables=tuple(proven_tables.get(t.qname, t) for t in current.tables)).sorted()
    known = {s.name for s in current.schemas}
    missing = sorted({e.schema for e in current.extensions if e.schema and e.schema not in known})
    source = evolve(current, schemas=(*current.schemas, *(Schema(n) for n in missing)))
    try:
        settled = normalize(source, server, schemas, cache_dir=cache_dir, only=tables | views, probe=False)
    except ForgeError:
        return current
    new_tables = {t.qname: t for t in settled.tables if t.qname in tables} | proven_tables
    new_views = {v.qname: v for v in settled.views if v.qname in views}
    new_domains = {d.qname: d for d in settled.domains if d.qname in domains}
    return evolve(
        current,
        tables=tuple(new_tables.get(t.qname, t) for t in current.tables),
        views=tuple(new_views.get(v.qname, v) for v in current.views),
        domains=tuple(new_domains.get(d.qname, d) for d in current.domains),
    ).sorted()


def policy_tables(t: Table, tables) -> list[QName]:
    """The other tables ``t``'s policies read (named in their text, as people or the catalog wrote it)."""
    texts = [x for p in t.policies for x in (p.using, p.with_check) if x]
    if not texts:
        return []
    names = [o.qname for o in tables if o.qname != t.qname]
    return sorted({n for x in texts for n in mentioned(x, names)}, key=str)


def _signatures(desired: Database) -> dict[str, list[str]]:
    """``{lower-case function name: digests of its overloads' signatures}``: everything of a
    function that a table or view calling it can feel when created (arguments, result,
    volatility, ...), its body and comment aside."""
    out: dict[str, list[str]] = {}
    for f in desired.functions:
        out.setdefault(f.name.lower(), []).append(_pickled(evolve(f, body="", body_file=None, comment=None)))
    return out


def _calls(obj: Table | View, signatures: dict[str, list[str]]) -> list[str]:
    """The signature digests of every function whose name ``obj``'s text may call: its
    name anywhere in the object, in any letter case (more than it calls, never less)."""
    if not signatures:
        return []
    text = repr(obj).lower()
    return [d for name in sorted(signatures) if name in text for d in signatures[name]]


def _pickled(obj) -> str:
    return hashlib.sha256(pickle.dumps(obj, protocol=5)).hexdigest()


def _declared(fresh: Database, desired: Database) -> tuple[Sequence, ...]:
    names = {s.qname for s in desired.sequences}
    return tuple(s for s in fresh.sequences if s.qname in names)


def _needed_views(desired: Database, hit_views) -> list[View]:
    """Views not in the cache, plus every view they are built on (to create them over)."""
    view_names = [v.qname for v in desired.views]
    need = {v.qname for v in desired.views if hit_views[v.qname] is None}
    while True:
        more = {
            m for v in desired.views if v.qname in need
            for m in mentioned(v.definition, view_names) if m not in need
        }
        if not more:
            break
        need |= more
    return [v for v in desired.views if v.qname in need]


def _partial(desired: Database, tables: set[QName], views: list[View]) -> Database:
    """The part of ``desired`` to materialize: context plus the tables/views not cached."""
    keep = [t for t in desired.tables if t.qname in tables]
    keep = [evolve(t, foreign_keys=tuple(f for f in t.foreign_keys if f.ref_table in tables)) for t in keep]
    keep = [_without_from(t) for t in keep]
    views = [evolve(v, triggers=()) if v.triggers else v for v in views]
    seqs = tuple(
        s if s.owned_by and QName(s.owned_by[0], s.owned_by[1]) in tables else evolve(s, owned_by=None)
        for s in desired.sequences
    )
    return evolve(desired, tables=tuple(keep), views=tuple(views), sequences=seqs)


def _assemble(
    desired: Database, fresh: Database, hit_tables, hit_views, need_tables, table_keys, view_keys, cache: Cache
) -> Database:
    fresh_tables = {t.qname: t for t in fresh.tables}
    declared_seq = {s.qname: s for s in desired.sequences}
    tables: list[Table] = []
    serial_seqs: list[Sequence] = []
    for t in desired.tables:
        if t.qname in need_tables:
            norm = evolve(fresh_tables[t.qname], foreign_keys=())
            owned = tuple(
                s for s in fresh.sequences
                if s.owned_by and s.owned_by[:2] == (t.schema, t.name) and s.qname not in declared_seq
            )
            if t.qname in table_keys:  # else proven locally (materialized for a function body)
                cache.put(table_keys[t.qname], (norm, owned))
        else:
            norm, owned = hit_tables[t.qname]
        tables.append(_with_from(evolve(norm, foreign_keys=t.foreign_keys), t))
        serial_seqs.extend(owned)
    fresh_views = {v.qname: v for v in fresh.views}
    views: list[View] = []
    needed = {v.qname for v in fresh.views} if fresh.views else set()
    for v in desired.views:
        got = hit_views[v.qname]
        if v.qname in needed:
            got = fresh_views[v.qname]
            cache.put(view_keys[v.qname], got)
        views.append(evolve(got, triggers=v.triggers) if got.triggers != v.triggers else got)
    sequences = [s for s in fresh.sequences if s.qname in declared_seq]
    sequences = [evolve(s, owned_by=declared_seq[s.qname].owned_by) for s in sequences]
    return evolve(fresh, tables=tuple(tables), views=tuple(views), sequences=(*sequences, *serial_seqs)).sorted()


def _without_from(t: Table) -> Table:
    """``t`` with no constraint trigger naming a ``FROM`` table: that table may not be in the
    scratch database, and a name holds nothing to normalize (put back by :func:`_with_from`)."""
    if not any(tr.from_table for tr in t.triggers):
        return t
    return evolve(t, triggers=tuple(evolve(tr, from_table=None) for tr in t.triggers))


def _with_from(norm: Table, t: Table) -> Table:
    """``norm`` with the ``FROM`` tables of ``t``'s constraint triggers."""
    src = {tr.name: tr.from_table for tr in t.triggers if tr.from_table is not None}
    if not src:
        return norm
    return evolve(norm, triggers=tuple(evolve(tr, from_table=src.get(tr.name)) for tr in norm.triggers))


def _column_hints(c: Column | None) -> dict:
    if c is None:
        return {"renamed_from": None, "using": None, "using_down": None}
    return {"renamed_from": c.renamed_from, "using": c.using, "using_down": c.using_down}


def _without_hints(t: Table) -> Table:
    """What a table's normalization depends on: not the hints, nor its foreign keys."""
    return evolve(t, foreign_keys=(), renamed_from=None, moved_from=None,
                   columns=tuple(evolve(c, using=None, using_down=None) if c.using or c.using_down else c
                                 for c in t.columns))  # most columns have no hint: no copy


def without_hints(db: Database) -> Database:
    """``db`` with no rename or ``using`` hints: the current side of a plan between two
    revisions, whose hints described a change that is behind it."""
    return evolve(db, moves=(), tables=tuple(
        evolve(t, renamed_from=None, moved_from=None,
                columns=tuple(evolve(c, **_column_hints(None)) for c in t.columns),
                policies=carry_renames((), t.policies))
        for t in db.tables))


def carry_hints(source: Database, target: Database) -> Database:
    """Copy the hints (``renamed_from``, ``using``: not part of any catalog) from ``source`` onto ``target``."""
    hinted = {(t.schema, t.name): t for t in source.tables}
    tables = []
    for t in target.tables:
        src = hinted.get((t.schema, t.name))
        if src is not None:
            col_hints = {c.name: c for c in src.columns}
            columns = tuple(_with_column_hints(c, col_hints.get(c.name)) for c in t.columns)
            # hints are left out of equality (compare=False): look at what changed by identity
            if (src.renamed_from, src.moved_from) != (t.renamed_from, t.moved_from) or any(
                    a is not b for a, b in zip(columns, t.columns, strict=True)):
                t = evolve(t, renamed_from=src.renamed_from, moved_from=src.moved_from, columns=columns)
            if any(p.renamed_from for p in src.policies):
                t = evolve(t, policies=carry_renames(src.policies, t.policies))
        tables.append(t)
    return evolve(target, tables=tuple(tables), moves=source.moves)


def _with_column_hints(c: Column, src: Column | None) -> Column:
    """``c`` with ``src``'s hints; ``c`` itself when they are the same (the usual case, told
    without making anything: this runs for every column of every table)."""
    if src is None:
        if c.renamed_from is None and c.using is None and c.using_down is None:
            return c
    elif c.renamed_from == src.renamed_from and c.using == src.using and c.using_down == src.using_down:
        return c
    return evolve(c, **_column_hints(src))
