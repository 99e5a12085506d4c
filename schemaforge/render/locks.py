"""What each rendered statement locks, and whether it scans or rewrites the table.

A renderer tags a statement with its kind (:func:`tagged`); a statement without a tag takes
the kind of its change class (:data:`DEFAULT_KINDS`). :data:`LOCKS` is the one table from kind
to lock, after the PostgreSQL documentation: "Explicit Locking" (13.3.1, table-level lock
modes and which commands take them), ``ALTER TABLE`` (the lock of each subcommand: most take
ACCESS EXCLUSIVE; ``VALIDATE CONSTRAINT`` SHARE UPDATE EXCLUSIVE; ``ADD FOREIGN KEY`` SHARE ROW
EXCLUSIVE; ``SET NOT NULL`` skips its scan when a valid check constraint proves it, 12 and
later), ``CREATE INDEX`` (SHARE; ``CONCURRENTLY``: SHARE UPDATE EXCLUSIVE) and ``COMMENT``.

``lock`` is the strongest lock on the table (or object) the statement changes; "none" for an
object the statement creates (nothing can be waiting for it) or a statement that takes no
table lock. ``scans``: it reads every row; ``rewrites``: it writes a new copy of the table.
What blocks writes is a lock at SHARE or above held for a scan or a rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import changes as ch


class Statement(str):
    """A rendered statement that knows its kind (a key of :data:`LOCKS`); a plain ``str`` elsewhere."""

    kind: str

    def __new__(cls, text: str, kind: str) -> Statement:
        self = super().__new__(cls, text)
        self.kind = kind
        return self


def tagged(kind: str, text: str) -> Statement:
    if kind not in LOCKS:
        raise KeyError(f"statement kind {kind!r} has no entry in LOCKS")
    return Statement(text, kind)


@dataclass(frozen=True)
class Lock:
    level: str  # a table-level lock mode, or "none"
    scans: bool = False
    rewrites: bool = False

    def marker(self) -> str:
        """Short, for plan text: ``ACCESS EXCLUSIVE, scans``."""
        text = "no lock" if self.level == "none" else self.level
        return text + (", scans" if self.scans else "") + (", rewrites" if self.rewrites else "")


AE, SUE, SRE, SHARE, NONE = "ACCESS EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE ROW EXCLUSIVE", "SHARE", "none"

LOCKS: dict[str, Lock] = {
    # objects created: nobody can be waiting for them
    "create_object": Lock(NONE),
    "create_table": Lock(NONE),
    "create_view": Lock(NONE),
    "extension": Lock(NONE),
    "no_op": Lock(NONE),
    # dropped or renamed objects, altered types and domains
    "drop_object": Lock(AE),
    "drop_table": Lock(AE),
    "drop_view": Lock(AE),
    "alter_type": Lock(AE),
    "alter_domain": Lock(AE),
    "alter_domain_check": Lock(SHARE, scans=True),  # every column of the domain is checked
    "alter_sequence": Lock(SRE),
    "set_sequence_value": Lock("ROW EXCLUSIVE"),  # setval, before bounds that leave the value behind
    "rename": Lock(AE),
    "rename_index": Lock(SUE),
    # columns
    "add_column": Lock(AE),  # a non-volatile default is stored in the catalog (11 and later)
    "add_column_rewrite": Lock(AE, scans=True, rewrites=True),  # a stored generated column
    "drop_column": Lock(AE),
    "alter_column": Lock(AE),  # defaults, identity, DROP NOT NULL, collation-free changes
    "alter_column_type": Lock(AE, scans=True, rewrites=True),
    "alter_column_type_no_rewrite": Lock(AE),  # binary-coercible (as the catalog says)
    "set_not_null": Lock(AE, scans=True),
    "set_not_null_proved": Lock(AE),  # a validated CHECK (col IS NOT NULL) proves it: no scan
    "drop_not_null": Lock(AE),
    "add_not_null_not_valid": Lock(AE),  # PostgreSQL 18: new rows checked, no scan
    # constraints
    "add_check": Lock(AE, scans=True),
    "add_check_not_valid": Lock(AE),
    "add_foreign_key": Lock(SRE, scans=True),  # SHARE ROW EXCLUSIVE on the referenced table too
    "add_foreign_key_not_valid": Lock(SRE),
    "add_constraint_new_table": Lock(SRE),  # a foreign key of a table created in the same plan
    "add_key": Lock(AE, scans=True),  # primary key, unique or exclusion: builds its index
    "add_key_using_index": Lock(AE),  # attaches an index already built
    "validate_constraint": Lock(SUE, scans=True),  # writes go on
    # PostgreSQL 18 ALTER CONSTRAINT [NOT] ENFORCED takes ACCESS EXCLUSIVE on the table (pg_locks, 18.1):
    # ENFORCED checks every row under it; NOT ENFORCED only drops the key's triggers
    "enforce_foreign_key": Lock(AE, scans=True),
    "unenforce_foreign_key": Lock(AE),
    "drop_constraint": Lock(AE),
    # indexes
    "create_index": Lock(SHARE, scans=True),  # blocks writes while it builds
    "create_index_new_table": Lock(SHARE),
    "create_index_concurrently": Lock(SUE, scans=True),  # writes go on
    "drop_index": Lock(AE),
    "drop_index_concurrently": Lock(SUE),
    "comment": Lock(SUE),
    # CREATE / DROP / ALTER STATISTICS, ALTER COLUMN ... SET STATISTICS
    "statistics": Lock(SUE),
    # CREATE / DROP TRIGGER, ALTER TABLE ... ENABLE / DISABLE TRIGGER
    "trigger": Lock(SRE),
    # table attributes (render/table_attributes.py)
    "set_logged": Lock(AE, scans=True, rewrites=True),
    "alter_table": Lock(AE),  # REPLICA IDENTITY, INHERIT / NO INHERIT
    "alter_table_settings": Lock(SUE),  # SET / RESET storage parameters, CLUSTER ON, SET WITHOUT CLUSTER
    # a partition detached and attached again (its NOT NULL names renamed in between)
    "detach_partition": Lock(AE),
    "attach_partition": Lock(AE, scans=True),  # the partition is scanned for rows outside its bound
    # CREATE / ALTER / DROP POLICY, ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY
    "policy": Lock(AE),
    # a partition's bounds moved: DETACH (ACCESS EXCLUSIVE on the parent), ATTACH (SHARE
    # UPDATE EXCLUSIVE on the parent; the partition's rows are checked against the bounds)
    "alter_partition": Lock(AE),
    # GRANT, REVOKE, ALTER DEFAULT PRIVILEGES: catalog rows only, no lock on the table
    "grant": Lock(NONE),
}

DEFAULT_KINDS: dict[type[ch.Change], str] = {
    ch.CreateSchema: "create_object", ch.DropSchema: "drop_object",
    ch.CreateCollation: "create_object", ch.DropCollation: "drop_object", ch.CommentCollation: "comment",
    ch.CreateExtension: "extension", ch.DropExtension: "extension", ch.MoveExtension: "extension",
    ch.CreateEnum: "create_object", ch.DropEnum: "drop_object", ch.AddEnumValues: "alter_type",
    ch.RenameEnumValue: "alter_type", ch.RecreateEnum: "alter_type",
    ch.CreateDomain: "create_object", ch.DropDomain: "drop_object", ch.AlterDomain: "alter_domain",
    ch.RetypeDomain: "alter_domain", ch.SetGeneration: "add_column_rewrite",
    ch.DetachPartition: "alter_partition", ch.AttachPartition: "attach_partition",
    ch.CreateCompositeType: "create_object", ch.DropCompositeType: "drop_object", ch.AlterCompositeType: "alter_type",
    ch.CreateSequence: "create_object", ch.DropSequence: "drop_object", ch.AlterSequence: "alter_sequence",
    ch.CreateTable: "create_table", ch.DropTable: "drop_table", ch.RenameTable: "rename",
    ch.AddColumn: "add_column", ch.DropColumn: "drop_column", ch.RenameColumn: "rename",
    ch.AlterColumn: "alter_column",
    ch.AddConstraint: "add_key", ch.DropConstraint: "drop_constraint", ch.RenameConstraint: "rename",
    ch.CreateIndex: "create_index", ch.DropIndex: "drop_index", ch.RenameIndex: "rename_index",
    ch.SetIndexStatistics: "alter_table_settings",
    ch.RenameNotNull: "rename",
    ch.SetComment: "comment", ch.SetTableComment: "comment",
    ch.CreateView: "create_view", ch.DropView: "drop_view",
    ch.CreateOperator: "create_object", ch.DropOperator: "drop_object", ch.AlterOperator: "alter_type",
    ch.ValidateConstraint: "validate_constraint", ch.NothingToUndo: "no_op",
    ch.AddNotNullCheck: "add_check_not_valid", ch.DropNotNullCheck: "drop_constraint",
    ch.SetNotNull: "set_not_null_proved", ch.DropNotNull: "drop_not_null",
    ch.UpdateExtension: "extension", ch.RenamePartitionNotNulls: "rename",
}


def tag_all(change: ch.Change, statements: list[str]) -> list[str]:
    """``statements`` of ``change``, each tagged: untagged ones with the change's default kind."""
    default = DEFAULT_KINDS.get(type(change))
    return [s if isinstance(s, Statement) or default is None else Statement(s, default) for s in statements]


def statement_lock(statement: str) -> Lock | None:
    """The lock of one rendered statement; None if unknown (a statement read back from a
    migration file or a saved plan carries no tag)."""
    kind = getattr(statement, "kind", None)
    return LOCKS[kind] if kind is not None else None
