"""The hazard catalogue: one entry per thing a migration can put at risk, shared by plans and lint.

A plan's ``Change.hazards()`` and ``forge lint`` name the same risk by the same code, so a
plan's ``!`` lines and the lint of the migration written from it agree code for code.

Codes are ``SF`` and three digits, grouped by theme and never reused:

* ``SF1xx`` data loss (drops, truncates, deletes, lossy conversions)
* ``SF2xx`` table rewrites (type changes, volatile defaults, stored generated columns)
* ``SF3xx`` locks (non-concurrent index builds and drops, explicit locks)
* ``SF4xx`` scans and validation (NOT NULL, constraints checked under a lock)
* ``SF5xx`` compatibility with running code (renames)
* ``SF6xx`` transactions and session settings (lock_timeout, statements refused in a transaction)
* ``SF9xx`` the linter's own directives (``-- forge:lint-ignore``)

Retired: ``SF110`` (enum label removal, now ``SF407``: the conversion fails rather than loses data).

Levels: ``error`` loses data or fails on existing data (``forge lint`` exits 1); ``warning``
takes a lock, scans or rewrites (reported, exit 0). Each entry's ``name`` is a readable alias
accepted wherever a code is (``-- forge:lint-ignore drop_column reason``).
"""

from __future__ import annotations

from dataclasses import dataclass

# what kind of risk; plans group and colour hazards by kind
HAZARD_KINDS = ("data_loss", "table_rewrite", "long_lock", "validation", "irreversible", "compatibility",
                "transaction")
LEVELS = ("error", "warning")


@dataclass(frozen=True)
class Entry:
    """One hazard: its stable code, readable name, kind, level, what it risks and what to write instead."""

    code: str
    name: str
    kind: str
    level: str
    message: str
    fix: str
    lint: bool = True  # False: only a plan can see it (it needs the catalog, e.g. a column's old type)

    def __post_init__(self) -> None:
        if self.kind not in HAZARD_KINDS or self.level not in LEVELS:
            raise ValueError(f"{self.code}: kind {self.kind!r} / level {self.level!r}")


# Functions whose value differs row by row: a column added with a default calling one (or an identity,
# which draws from a sequence) is filled row by row, which rewrites the table. The plan reads them in
# a column's default, the linter in the SQL text; both use this list so they flag the same columns.
VOLATILE_FUNCTIONS = ("random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
                      "uuid_generate_v4", "uuidv4", "uuidv7", "nextval", "timeofday", "txid_current",
                      "pg_current_xact_id")

_E, _W = "error", "warning"
_LATER = "in a later release, once no running code uses it"

CATALOGUE: tuple[Entry, ...] = (
    # --- data loss -------------------------------------------------------------------------
    Entry("SF101", "drop_table", "data_loss", _E, "DROP TABLE drops the table and all its rows",
          f"keep the data (rename the table or copy it out) and drop it {_LATER}"),
    Entry("SF102", "drop_column", "data_loss", _E, "DROP COLUMN drops the column and its data",
          f"stop reading and writing the column first; drop it {_LATER}"),
    Entry("SF103", "drop_sequence", "data_loss", _E, "DROP SEQUENCE drops the sequence and its current value",
          "make sure nothing draws from it; note its value (SELECT last_value) if it may come back"),
    Entry("SF104", "drop_schema", "data_loss", _E, "DROP SCHEMA drops the schema",
          "drop the objects in it one by one, each reviewed, then the empty schema"),
    Entry("SF105", "drop_materialized_view", "data_loss", _E, "DROP MATERIALIZED VIEW drops the view and its rows",
          "create the new definition under another name, switch readers, then drop the old one"),
    Entry("SF106", "drop_attribute", "data_loss", _E, "DROP ATTRIBUTE drops the attribute of the type",
          "copy the values out of columns of the type before dropping the attribute"),
    Entry("SF107", "lossy_type_change", "data_loss", _E, "the type change may fail on or change existing values",
          "add a column of the new type, backfill it with an explicit conversion, then swap", lint=False),
    Entry("SF108", "truncate", "data_loss", _E, "TRUNCATE deletes every row of the table",
          "delete the rows you mean with DELETE ... WHERE, or truncate outside a schema migration"),
    Entry("SF109", "delete_without_where", "data_loss", _E, "DELETE without WHERE deletes every row of the table",
          "add a WHERE clause naming the rows to delete"),
    Entry("SF111", "drop_cascade", "data_loss", _E,
          "DROP ... CASCADE also drops everything that depends on the object (columns, views, keys)",
          "drop the dependent objects explicitly, each reviewed, then drop without CASCADE"),
    # --- rewrites --------------------------------------------------------------------------
    Entry("SF201", "alter_column_type", "table_rewrite", _W,
          "ALTER COLUMN TYPE takes an ACCESS EXCLUSIVE lock and may rewrite the table",
          "add a column of the new type, backfill it in batches, then swap the columns"),
    Entry("SF202", "volatile_default", "table_rewrite", _W,
          "ADD COLUMN with a volatile default (random(), clock_timestamp(), a serial, an identity, ...) rewrites "
          "the table under an ACCESS EXCLUSIVE lock (on PostgreSQL 10 and older, any non-NULL default does)",
          "add the column without a default, set the default (or ADD GENERATED ... AS IDENTITY), backfill "
          "existing rows in batches"),
    Entry("SF203", "add_generated_column", "table_rewrite", _W,
          "ADD COLUMN ... GENERATED ALWAYS AS (...) STORED rewrites the table",
          "add a plain column filled by the application or a trigger, or a VIRTUAL one (PostgreSQL 18+)"),
    Entry("SF204", "vacuum_full_or_cluster", "table_rewrite", _W,
          "VACUUM FULL / CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
          "use plain VACUUM, or pg_repack / pg_squeeze to compact online"),
    Entry("SF205", "update_without_where", "table_rewrite", _W,
          "UPDATE without WHERE writes every row in one transaction: it locks them all and bloats the table",
          "backfill in batches (WHERE id BETWEEN ...), outside the schema migration"),
    Entry("SF206", "set_logged", "table_rewrite", _W,
          "SET LOGGED / SET UNLOGGED rewrites the table under an ACCESS EXCLUSIVE lock",
          "create the table logged (or unlogged) from the start, or switch it in a maintenance window"),
    # --- locks -----------------------------------------------------------------------------
    Entry("SF301", "create_index", "long_lock", _W,
          "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
          "CREATE INDEX CONCURRENTLY, in a step without a transaction (-- +step no-transaction)"),
    Entry("SF302", "drop_index", "long_lock", _W,
          "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table",
          "DROP INDEX CONCURRENTLY, in a step without a transaction (-- +step no-transaction)"),
    Entry("SF303", "add_unique_without_index", "long_lock", _W,
          "ADD UNIQUE / PRIMARY KEY builds its index while holding a lock on the table",
          "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING INDEX"),
    Entry("SF304", "reindex", "long_lock", _W, "REINDEX without CONCURRENTLY blocks writes while it rebuilds",
          "REINDEX ... CONCURRENTLY (PostgreSQL 12+), in a step without a transaction"),
    Entry("SF305", "lock_table", "long_lock", _W,
          "LOCK TABLE holds an explicit lock (ACCESS EXCLUSIVE by default) until the transaction ends",
          "drop the explicit lock, or take the weakest mode that works and keep the transaction short"),
    # --- scans and validation --------------------------------------------------------------
    Entry("SF401", "add_column_not_null", "validation", _E,
          "ADD COLUMN ... NOT NULL without a default: fails if the table has rows",
          "add it with a DEFAULT, or nullable, backfill, then SET NOT NULL"),
    Entry("SF402", "set_not_null", "validation", _W, "SET NOT NULL scans the table and fails if it holds NULLs",
          "ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later transaction, then SET NOT NULL "
          "(PostgreSQL 12+ skips the scan) and drop the check"),
    Entry("SF403", "add_constraint", "validation", _W,
          "ADD CONSTRAINT without NOT VALID: existing rows must satisfy it, checked under a lock; add NOT VALID, "
          "then VALIDATE",
          "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later transaction"),
    Entry("SF404", "validate_constraint", "validation", _W,
          "VALIDATE CONSTRAINT scans the table (writes go on) and fails if a row breaks the constraint",
          "fix the rows that break it first; run it in its own transaction"),
    Entry("SF405", "validate_in_same_transaction", "long_lock", _W,
          "VALIDATE CONSTRAINT in the transaction that added it NOT VALID: the ADD's lock blocks writes for the "
          "whole scan",
          "VALIDATE in a later step (-- +step transaction) so the ADD's lock is released first"),
    Entry("SF406", "domain_add_constraint", "validation", _W,
          "ALTER DOMAIN ADD CONSTRAINT checks every column of the domain under a lock",
          "ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT later"),
    Entry("SF407", "enum_label_removed", "validation", _E,
          "the old enum of a recreated enum is dropped: the conversion of its columns fails, inside its "
          "transaction, if a row holds a label the new type lacks (nothing is lost)",
          "update the rows holding the removed labels first, in an earlier migration"),
    # --- compatibility with running code ---------------------------------------------------
    Entry("SF501", "rename_column", "compatibility", _W,
          "RENAME COLUMN breaks running code that still uses the old name",
          "add the new column, write both, move readers, then drop the old one (expand and contract)"),
    Entry("SF502", "rename_table", "compatibility", _W,
          "RENAME TO breaks running code that still uses the old name",
          "rename, and leave a view under the old name until no running code uses it"),
    Entry("SF503", "recreate_function", "compatibility", _W,
          "the function is dropped and created again (its arguments or result type change): calls to the "
          "old signature fail, and its grants are lost",
          "create the new signature as an overload, move callers to it, drop the old one in a later release",
          lint=False),
    Entry("SF510", "enable_row_security", "compatibility", _W,
          "ENABLE / FORCE ROW LEVEL SECURITY hides every row from roles no policy admits (FORCE: the table "
          "owner too)",
          "create the policies every reading and writing role needs first, then enable it; try it as those roles"),
    # --- transactions and session settings -------------------------------------------------
    Entry("SF601", "missing_lock_timeout", "long_lock", _W,
          "a blocking statement with no SET lock_timeout before it: run outside forge apply (psql), it waits "
          "for its lock with every later query queued behind it",
          "SET lock_timeout = '5s'; before the first blocking statement"),
    Entry("SF602", "no_transaction_statement", "transaction", _E,
          "this statement cannot run inside a transaction block, and this step runs in one: it fails",
          "put it in a step of its own marked -- +step no-transaction"),
    # --- irreversible ----------------------------------------------------------------------
    Entry("SF701", "extension_update", "irreversible", _W,
          "ALTER EXTENSION ... UPDATE runs the extension's update scripts: going back needs a downgrade "
          "path, which most extensions do not ship, so the down step may fail",
          "check pg_extension_update_paths for a way back; take a backup or accept that the update stays"),
    # --- directives ------------------------------------------------------------------------
    Entry("SF901", "bad_lint_ignore", "validation", _E,
          "-- forge:lint-ignore needs a known code and a reason",
          "write -- forge:lint-ignore SF101 why the finding is accepted"),
    Entry("SF902", "unused_lint_ignore", "validation", _W,
          "-- forge:lint-ignore accepts no finding here",
          "remove the directive, or move it to the line before the statement it is about"),
)

BY_CODE: dict[str, Entry] = {e.code: e for e in CATALOGUE}
BY_NAME: dict[str, Entry] = {e.name: e for e in CATALOGUE}


def lookup(code_or_name: str) -> Entry | None:
    """The entry for a code (``SF102``, any case) or a name (``drop_column``)."""
    return BY_CODE.get(code_or_name.upper()) or BY_NAME.get(code_or_name.lower())
