"""The one schema model: YAML and the PostgreSQL catalog both become these frozen objects.

Everything is keyed by name and kept in tuples sorted by name, so two models built from
different sources compare equal exactly when the schemas are the same. Hints that are not
part of the schema itself (``renamed_from``) are excluded from comparison.

Type, default, check, index and view texts are stored verbatim. After normalization both
sides hold PostgreSQL's own canonical text (``format_type``, ``pg_get_expr`` ...), which is
what makes a plain ``==`` a sound equality test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemaforge.model.aggregates import Aggregate, MovingAggregate  # noqa: F401  (re-exported)
from schemaforge.model.base import QName, Same, T, by_name, evolve, make  # noqa: F401  (re-exported)
from schemaforge.model.collations import Collation  # noqa: F401  (re-exported)
from schemaforge.model.grants import ACL, DefaultPrivilege, Privilege, default_key  # noqa: F401  (re-exported)
from schemaforge.model.operators import Operator  # noqa: F401  (re-exported)
from schemaforge.model.policies import Policy  # noqa: F401  (re-exported)
from schemaforge.model.ranges import RangeType, default_multirange_name  # noqa: F401  (re-exported)
from schemaforge.model.statistics import Statistics  # noqa: F401  (re-exported)


@dataclass(frozen=True)
class SequenceOptions:
    """Sequence/identity options; None means PostgreSQL's default for the data type."""

    start: int | None = None
    increment: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    cache: int | None = None
    cycle: bool = False


@dataclass(frozen=True)
class Identity:
    always: bool  # GENERATED ALWAYS vs BY DEFAULT
    options: SequenceOptions = SequenceOptions()
    # The identity sequence's name when it differs from PostgreSQL's default
    # ``<table>_<column>_seq`` (an explicit ``SEQUENCE NAME``, or a table/column renamed since);
    # always in the table's schema. None = the default name.
    sequence_name: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # canonical type text, e.g. "character varying(120)", "integer[]", "public.mood"
    nullable: bool = True
    default: str | None = None  # SQL expression
    identity: Identity | None = None
    generated: str | None = None  # expression of a generated column (kind: generated_kind)
    collation: str | None = None  # only when it differs from the type's default
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)
    # PostgreSQL 18 stores NOT NULL as a named constraint. The name is kept only when it
    # differs from the default ``<table>_<column>_not_null`` (naming.default_not_null_name), so a
    # model need not spell defaults and servers before 18 (which have no such name) always
    # read None. Meaningless when ``nullable``.
    not_null_name: str | None = None
    # False: the NOT NULL constraint is NOT VALID (PostgreSQL 18): new rows are checked, the
    # rows already there may hold NULL. Meaningless (True) when ``nullable``.
    not_null_valid: bool = True
    # How to convert the values when the type changes (``ALTER COLUMN ... TYPE ... USING``),
    # up and down: hints like ``renamed_from``, read only by a plan that changes the type.
    using: str | None = field(default=None, compare=False)
    using_down: str | None = field(default=None, compare=False)
    # How a generated column is kept: "stored" (written on every change) or "virtual"
    # (PostgreSQL 18+, computed when read). Meaningless when ``generated`` is None.
    generated_kind: str = "stored"
    # ALTER COLUMN ... SET STATISTICS / SET STORAGE / SET COMPRESSION (model/statistics.py):
    # None = the default (statistics -1; the type's storage; default_toast_compression)
    statistics: int | None = None
    storage: str | None = None  # plain | external | extended | main
    compression: str | None = None  # pglz | lz4


@dataclass(frozen=True)
class PrimaryKey:
    name: str
    columns: tuple[str, ...]
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    # PostgreSQL 18 temporal key: the last column is compared WITHOUT OVERLAPS (a range).
    without_overlaps: bool = False


@dataclass(frozen=True)
class Unique:
    name: str
    columns: tuple[str, ...]
    nulls_not_distinct: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    # PostgreSQL 18 temporal key: the last column is compared WITHOUT OVERLAPS (a range).
    without_overlaps: bool = False


@dataclass(frozen=True)
class Check:
    name: str
    expression: str  # without the surrounding CHECK ( )
    no_inherit: bool = False
    comment: str | None = None
    valid: bool = True  # False: NOT VALID (existing rows not checked yet)
    # False: NOT ENFORCED (PostgreSQL 18): kept in the catalog, never checked. PostgreSQL marks
    # such a constraint not validated as well; the model keeps ``valid`` True for it (meaningless).
    enforced: bool = True


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: QName
    ref_columns: tuple[str, ...]
    on_delete: str = "NO ACTION"  # NO ACTION | RESTRICT | CASCADE | SET NULL | SET DEFAULT
    on_update: str = "NO ACTION"
    match: str = "SIMPLE"  # SIMPLE | FULL
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    valid: bool = True  # False: NOT VALID (existing rows not checked yet)
    # PostgreSQL 18 temporal foreign key: the last column on both sides is a PERIOD (a range
    # contained in the referenced rows' ranges together).
    period: bool = False
    # False: NOT ENFORCED (PostgreSQL 18), as for Check (``valid`` then True, meaningless).
    enforced: bool = True


@dataclass(frozen=True)
class Exclusion:
    """An exclusion constraint: ``EXCLUDE USING method (element WITH operator, ...)``.

    ``elements`` are (element SQL, operator) pairs; the element is a column name (quoted as
    needed, as ``pg_get_indexdef`` prints it) or a parenthesized expression, optionally
    followed by an opclass / ``DESC`` / ``NULLS`` options, exactly as ``pg_get_indexdef(index,
    k, true)`` prints the key (``room``, ``tsrange(starts, ends)``); the operator is bare for
    ``pg_catalog`` operators (``=``, ``&&``), else ``OPERATOR(schema.op)``.
    """

    name: str
    method: str
    elements: tuple[tuple[str, str], ...]
    where: str | None = None  # without the surrounding WHERE ( )
    include: tuple[str, ...] = ()
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class IndexElement:
    """One key of an index: a column or an expression, with its options."""

    column: str | None = None
    expression: str | None = None
    collation: str | None = None
    opclass: str | None = None
    descending: bool = False
    nulls_first: bool | None = None  # None = the default for the direction
    # ALTER INDEX ... ALTER COLUMN n SET STATISTICS (expression keys only; None: the default)
    statistics: int | None = None

    def options_sql(self) -> str:
        """`` COLLATE c opclass DESC NULLS LAST`` as written after the key (empty if none)."""
        text = f" COLLATE {self.collation}" if self.collation else ""
        if self.opclass:
            text += f" {self.opclass}"
        if self.descending:
            text += " DESC"
        if self.nulls_first is not None:
            text += " NULLS FIRST" if self.nulls_first else " NULLS LAST"
        return text


@dataclass(frozen=True)
class Index:
    name: str
    elements: tuple[IndexElement, ...]
    unique: bool = False
    method: str = "btree"
    where: str | None = None
    include: tuple[str, ...] = ()
    nulls_not_distinct: bool = False
    storage: tuple[tuple[str, str], ...] = ()  # WITH (fillfactor=70)
    comment: str | None = None


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...] = ()  # in table order
    primary_key: PrimaryKey | None = None
    uniques: tuple[Unique, ...] = ()
    checks: tuple[Check, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[Index, ...] = ()
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)
    exclusions: tuple[Exclusion, ...] = ()
    # Declarative partitioning. ``partition_by`` as pg_get_partkeydef prints it
    # (``RANGE (created_at)``); a partition has ``partition_of`` (its parent) and
    # ``partition_bound`` as pg_get_expr(relpartbound) prints it (``FOR VALUES FROM
    # ('2024-01-01') TO ('2025-01-01')``, ``DEFAULT``). A partition's columns are those of
    # its parent; constraints and indexes inherited from the parent are not repeated on it.
    partition_by: str | None = None
    partition_of: QName | None = None
    partition_bound: str | None = None
    triggers: tuple[Trigger, ...] = ()
    # Table attributes (docs/table-attributes.md): UNLOGGED; REPLICA IDENTITY (default, full,
    # nothing, or index with ``replica_identity_index``); storage parameters as sorted (key,
    # value) reloptions; the index CLUSTER ON names; the parents of plain (non-partition)
    # inheritance, in INHERITS order (a child's columns are then only its local ones).
    unlogged: bool = False
    replica_identity: str = "default"
    replica_identity_index: str | None = None
    storage: tuple[tuple[str, str], ...] = ()
    cluster_on: str | None = None
    inherits: tuple[QName, ...] = ()
    # A partition's NOT NULL constraints (PostgreSQL 18) whose names differ from the parent's
    # on the same column, as sorted (column, name) pairs; empty for every other table.
    partition_not_null_names: tuple[tuple[str, str], ...] = ()
    # Row-level security: ENABLE / FORCE ROW LEVEL SECURITY and the policies (model/policies.py)
    rls_enabled: bool = False
    rls_forced: bool = False
    policies: tuple[Policy, ...] = ()
    statistics: tuple[Statistics, ...] = ()  # CREATE STATISTICS on this table (model/statistics.py)
    # The schema the table was in before (ALTER TABLE ... SET SCHEMA): a hint like renamed_from
    moved_from: str | None = field(default=None, compare=False)
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def sorted(self) -> Table:
        """Canonical order of the named collections (columns keep table order); the table itself
        when it is in that order already (models are sorted several times per plan)."""
        parts = {
            "uniques": by_name(self.uniques),
            "checks": by_name(self.checks),
            "foreign_keys": by_name(self.foreign_keys),
            "indexes": by_name(self.indexes),
            "exclusions": by_name(self.exclusions),
            "triggers": by_name(self.triggers),
            "partition_not_null_names": tuple(sorted(self.partition_not_null_names)),
            "policies": by_name(self.policies),
            "statistics": by_name(self.statistics),
        }
        if all(value == getattr(self, key) for key, value in parts.items()):
            return self
        return evolve(self, **parts)

    def constraint_names(self) -> set[str]:
        names = {c.name for c in (*self.uniques, *self.checks, *self.foreign_keys, *self.exclusions)}
        if self.primary_key:
            names.add(self.primary_key.name)
        return names


@dataclass(frozen=True)
class Enum:
    schema: str
    name: str
    labels: tuple[str, ...]
    comment: str | None = None
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class Domain:
    """``CREATE DOMAIN schema.name AS type [COLLATE c] [DEFAULT d] [NOT NULL] [CHECK ...]``.

    ``type`` and ``default`` are catalog text like a column's; ``checks`` are named
    :class:`Check` objects (expression without the surrounding ``CHECK ( )``).
    """

    schema: str
    name: str
    type: str
    default: str | None = None
    not_null: bool = False
    checks: tuple[Check, ...] = ()
    collation: str | None = None  # only when it differs from the base type's default
    comment: str | None = None
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class CompositeType:
    """``CREATE TYPE schema.name AS (attr type [COLLATE c], ...)``.

    ``attributes`` are (name, type, collation) triples in order; type text and collation as
    for columns (collation None = the type's default).
    """

    schema: str
    name: str
    attributes: tuple[tuple[str, str, str | None], ...] = ()
    comment: str | None = None
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class Sequence:
    schema: str
    name: str
    type: str = "bigint"
    options: SequenceOptions = SequenceOptions()
    owned_by: tuple[str, str, str] | None = None  # (schema, table, column)
    comment: str | None = None
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    definition: str  # the SELECT, as PostgreSQL prints it after normalization
    materialized: bool = False
    indexes: tuple[Index, ...] = ()  # materialized views only
    comment: str | None = None
    # reloptions as sorted (key, value) pairs: check_option (WITH [LOCAL|CASCADED] CHECK
    # OPTION), security_barrier, security_invoker; storage parameters of a materialized view
    options: tuple[tuple[str, str], ...] = ()
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)
    triggers: tuple[Trigger, ...] = ()  # plain views only: INSTEAD OF rows, BEFORE/AFTER statements
    statistics: tuple[Statistics, ...] = ()  # materialized views only: extended statistics
    # COMMENT ON COLUMN of its output columns, as (column, comment) sorted by column: a view
    # dropped and created again loses them, so the model carries them to put them back
    column_comments: tuple[tuple[str, str], ...] = ()

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)


@dataclass(frozen=True)
class Argument:
    """One parameter of a function or procedure, as ``pg_get_function_arguments`` prints it."""

    name: str | None
    type: str  # format_type text
    mode: str = "in"  # in | out | inout | variadic
    default: str | None = None  # SQL expression (catalog text after normalization)


# Settings whose value is a list (PostgreSQL's GUC_LIST_QUOTE): ``proconfig`` keeps
# ``search_path=public, "my schema"``, and ``SET`` takes each element as a literal of its own.
LIST_SETTINGS = frozenset({"search_path", "temp_tablespaces", "local_preload_libraries", "session_preload_libraries"})


def list_elements(value: str) -> list[str]:
    """The elements of a list setting as ``proconfig`` keeps it (``"a b", public``)."""
    out, i, n = [], 0, len(value)
    while i < n:
        while i < n and value[i] == " ":
            i += 1
        if i < n and value[i] == '"':
            j, item = i + 1, ""
            while j < n:
                if value[j] == '"' and value[j + 1:j + 2] == '"':
                    item, j = item + '"', j + 2
                elif value[j] == '"':
                    j += 1
                    break
                else:
                    item, j = item + value[j], j + 1
            end = value.find(",", j)
        else:
            end = value.find(",", i)
            item = value[i:end if end >= 0 else n].strip()
        out.append(item)
        if end < 0:
            break
        i = end + 1
    return out


@dataclass(frozen=True)
class Function:
    """A function or procedure. Its identity is (schema, name, input argument types):
    overloads are distinct objects. ``returns`` is ``pg_get_function_result`` text (a type,
    ``SETOF type``, ``TABLE(a integer, ...)``, ``trigger``); None for a procedure. ``body`` is
    kept verbatim (PostgreSQL stores ``prosrc`` as written), or, for an SQL-standard body
    (:attr:`sql_body`), as ``pg_get_function_sqlbody`` prints it."""

    schema: str
    name: str
    arguments: tuple[Argument, ...] = ()
    returns: str | None = None
    language: str = "sql"
    body: str = ""
    volatility: str = "volatile"  # immutable | stable | volatile
    strict: bool = False
    security_definer: bool = False
    parallel: str = "unsafe"  # safe | restricted | unsafe
    cost: float | None = None  # None = the default (1 for C, 100 otherwise)
    leakproof: bool = False  # LEAKPROOF (functions only): no side channel on its arguments
    rows: float | None = None  # set-returning only; None = the default (1000)
    config: tuple[tuple[str, str], ...] = ()  # SET name = value, as proconfig holds them, sorted
    comment: str | None = None
    body_file: str | None = field(default=None, compare=False)  # where the YAML keeps the body
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)

    @property
    def procedure(self) -> bool:
        return self.returns is None

    @property
    def sql_body(self) -> bool:
        """An SQL-standard body (``RETURN expr``, ``BEGIN ATOMIC ... END``): parsed when the
        function is created, emitted as SQL rather than a string, and a real dependency on
        what it reads (PostgreSQL records it in ``pg_depend``)."""
        from schemaforge.fragments import is_sql_body

        return self.language == "sql" and is_sql_body(self.body)

    @property
    def identity(self) -> tuple[str, ...]:
        """The input argument types (a procedure's OUT ones too): with (schema, name), what
        tells overloads apart."""
        modes = ("in", "inout", "variadic", "out") if self.procedure else ("in", "inout", "variadic")
        return tuple(a.type for a in self.arguments if a.mode in modes)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.schema, self.name, self.identity)

    @property
    def signature(self) -> str:
        """``schema.name(type, ...)`` for messages."""
        return f"{self.schema}.{self.name}({', '.join(self.identity)})"


@dataclass(frozen=True)
class Trigger:
    """A trigger on a table. ``events`` are sorted words (``delete``, ``insert``, ``truncate``,
    ``update``); ``update_of`` the columns of ``UPDATE OF``. ``function`` is the trigger
    function's qualified name, ``arguments`` its string arguments. ``enabled``: origin (the
    default), disabled, replica or always."""

    name: str
    timing: str  # before | after | instead of
    events: tuple[str, ...]
    function: QName
    for_each_row: bool = True
    update_of: tuple[str, ...] = ()
    when: str | None = None  # condition without WHEN ( )
    arguments: tuple[str, ...] = ()
    enabled: str = "origin"
    comment: str | None = None
    # CREATE CONSTRAINT TRIGGER (AFTER ... FOR EACH ROW only): deferrable, initially deferred,
    # and the table of its FROM clause (the referenced table, usually of a foreign key)
    constraint: bool = False
    deferrable: bool = False
    initially_deferred: bool = False
    from_table: QName | None = None
    # REFERENCING OLD TABLE AS / NEW TABLE AS (an AFTER trigger's transition tables)
    old_table: str | None = None
    new_table: str | None = None


@dataclass(frozen=True)
class Extension:
    name: str
    schema: str | None = None  # None = the extension's default (usually the first in search_path)
    comment: str | None = field(default=None, compare=False)  # owned by the extension script
    # The installed version (extversion). None in the YAML: any version, never a change.
    version: str | None = None


@dataclass(frozen=True)
class Schema:
    name: str
    comment: str | None = None
    grants: ACL | None = None  # None: PostgreSQL's default ACL (model/grants.py)


@dataclass(frozen=True)
class Database:
    """A whole managed schema model: what the diff compares."""

    schemas: tuple[Schema, ...] = ()
    extensions: tuple[Extension, ...] = ()
    enums: tuple[Enum, ...] = ()
    sequences: tuple[Sequence, ...] = ()
    tables: tuple[Table, ...] = ()
    views: tuple[View, ...] = ()
    domains: tuple[Domain, ...] = ()
    composite_types: tuple[CompositeType, ...] = ()
    functions: tuple[Function, ...] = ()  # functions and procedures, by Function.key
    # True when read from a server that names NOT NULL constraints (PostgreSQL >= 18): the
    # diff then knows a column or table rename leaves the old not-null name behind.
    named_not_nulls: bool = field(default=False, compare=False)
    operators: tuple[Operator, ...] = ()  # by Operator.key
    aggregates: tuple[Aggregate, ...] = ()  # by Aggregate.key
    range_types: tuple[RangeType, ...] = ()
    collations: tuple[Collation, ...] = ()  # CREATE COLLATION (model/collations.py)
    # server_version_num of the server read (0: not read from one): the diff takes
    # version-bound forms from it (SET EXPRESSION on a generated column, 17 and later)
    server_version: int = field(default=0, compare=False)
    default_privileges: tuple[DefaultPrivilege, ...] = ()  # sorted
    # ``moved_from:`` hints of the kinds beyond tables (docs/yaml.md): sorted (collection, schema,
    # name, old schema), collection being the Database field (``views``, ``functions``, ...);
    # hints like renamed_from, never compared (diff/object_moves.py)
    moves: tuple[tuple[str, str, str, str], ...] = field(default=(), compare=False)

    def table(self, schema: str, name: str) -> Table | None:
        return next((t for t in self.tables if t.schema == schema and t.name == name), None)

    def sorted(self) -> Database:
        """Canonical order for every collection (columns keep table order)."""
        qkey = lambda o: (o.schema, o.name)  # noqa: E731
        return evolve(
            self,
            schemas=by_name(self.schemas),
            extensions=by_name(self.extensions),
            enums=tuple(sorted(self.enums, key=qkey)),
            sequences=tuple(sorted(self.sequences, key=qkey)),
            tables=tuple(sorted((t.sorted() for t in self.tables), key=qkey)),
            views=tuple(sorted((evolve(v, indexes=by_name(v.indexes), triggers=by_name(v.triggers),
                                          statistics=by_name(v.statistics),
                                          column_comments=tuple(sorted(v.column_comments)))
                                 for v in self.views), key=qkey)),
            domains=tuple(sorted((evolve(d, checks=by_name(d.checks)) for d in self.domains), key=qkey)),
            composite_types=tuple(sorted(self.composite_types, key=qkey)),
            functions=tuple(sorted(self.functions, key=lambda f: f.key)),
            operators=tuple(sorted(self.operators, key=lambda o: o.key)),
            aggregates=tuple(sorted(self.aggregates, key=lambda a: a.key)),
            range_types=tuple(sorted(self.range_types, key=qkey)),
            collations=tuple(sorted(self.collations, key=qkey)),
            default_privileges=tuple(sorted(set(self.default_privileges), key=default_key)),
        )
