"""The lint rules: what a statement in a migration's up section puts at risk.

They speak the vocabulary of :meth:`schemaforge.changes.Change.hazards`: the same hazard kinds
and, where a rule and a hazard describe the same thing, the same words after the statement's
keyword, so a plan and a lint of the migration written from it tell the same story. A rule sees
only SQL text, so it cannot know a column's old type or a table's rows: it names the statement,
not the object, and a type change is flagged as a possible rewrite whatever the types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # one of changes.base.HAZARD_KINDS, the words plans use
    message: str
    pattern: re.Pattern[str]
    destructive: bool = False  # loses data: `forge lint` fails, as `forge generate` needs consent
    # locks and rewrites only matter for a table that holds rows: not one created in the same
    # migration. Data loss matters everywhere.
    existing_tables_only: bool = True


RULES: tuple[Rule, ...] = (
    Rule("add_column_not_null", "validation",
         "ADD COLUMN ... NOT NULL without a default: fails if the table has rows",
         re.compile(r"\bADD\s+COLUMN\b(?![^;]*\b(?:DEFAULT|GENERATED)\b)[^;]*\bNOT\s+NULL\b", re.I | re.S)),
    Rule("alter_column_type", "table_rewrite",
         "ALTER COLUMN TYPE takes an ACCESS EXCLUSIVE lock and may rewrite the table",
         re.compile(r"\bALTER\s+COLUMN\s+\S+\s+(?:SET\s+DATA\s+)?TYPE\b", re.I)),
    Rule("drop_table", "data_loss", "DROP TABLE drops the table and all its rows",
         re.compile(r"^\s*DROP\s+TABLE\b", re.I), destructive=True, existing_tables_only=False),
    Rule("drop_column", "data_loss", "DROP COLUMN drops the column and its data",
         re.compile(r"\bDROP\s+COLUMN\b", re.I), destructive=True, existing_tables_only=False),
    Rule("drop_sequence", "data_loss", "DROP SEQUENCE drops the sequence and its current value",
         re.compile(r"^\s*DROP\s+SEQUENCE\b", re.I), destructive=True, existing_tables_only=False),
    Rule("drop_materialized_view", "data_loss", "DROP MATERIALIZED VIEW drops the view and its rows",
         re.compile(r'^\s*DROP\s+MATERIALIZED\s+VIEW\s+(?:IF\s+EXISTS\s+)?([\w."]+)', re.I),
         destructive=True, existing_tables_only=False),
    Rule("set_not_null", "validation", "SET NOT NULL scans the table and fails if it holds NULLs",
         re.compile(r"\bSET\s+NOT\s+NULL\b", re.I)),
    Rule("add_constraint", "validation",
         "ADD CONSTRAINT without NOT VALID: existing rows must satisfy it, checked under a lock; "
         "add NOT VALID, then VALIDATE",
         re.compile(r"\bADD\s+CONSTRAINT\b(?![^;]*\bNOT\s+VALID\b)(?=[^;]*\b(?:CHECK|FOREIGN\s+KEY)\b)", re.I | re.S)),
    Rule("validate_constraint", "validation",
         "VALIDATE CONSTRAINT scans the table (writes go on) and fails if a row breaks the constraint",
         re.compile(r"\bVALIDATE\s+CONSTRAINT\b", re.I)),
    Rule("add_generated_column", "table_rewrite", "ADD COLUMN ... GENERATED ALWAYS AS (...) rewrites the table",
         re.compile(r"\bADD\s+COLUMN\b[^;]*\bGENERATED\s+ALWAYS\s+AS\s*\(", re.I | re.S)),
    Rule("drop_schema", "data_loss", "DROP SCHEMA drops the schema",
         re.compile(r"^\s*DROP\s+SCHEMA\b", re.I), destructive=True, existing_tables_only=False),
    Rule("drop_attribute", "data_loss", "DROP ATTRIBUTE drops the attribute of the type",
         re.compile(r"^\s*ALTER\s+TYPE\b[^;]*\bDROP\s+ATTRIBUTE\b", re.I | re.S),
         destructive=True, existing_tables_only=False),
)

# not in RULES: whether the index's table is new is known only per migration
CREATE_INDEX = Rule(
    "create_index", "long_lock", "CREATE INDEX without CONCURRENTLY blocks writes to the table while it builds",
    re.compile(r'^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)[^;]*?\bON\s+(?:ONLY\s+)?([\w."]+)', re.I | re.S),
)
