"""Linting one migration: each statement of its up section against the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..migrations.files import Migration, strip_comments
from .rules import CREATE_INDEX, RULES, Rule

_CREATE_TABLE = re.compile(
    r'^\s*CREATE\s+(?:UNLOGGED\s+TABLE|TABLE|MATERIALIZED\s+VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)', re.I)
_ALTER_TABLE = re.compile(r'^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\w."]+)', re.I)


@dataclass(frozen=True)
class Finding:
    """A hazard found on one line of a migration file."""

    line: int
    rule: str
    kind: str  # a Hazard kind, as in Change.hazards()
    message: str
    destructive: bool

    @classmethod
    def of(cls, line: int, rule: Rule) -> Finding:
        return cls(line, rule.id, rule.kind, rule.message, rule.destructive)


def _rel(name: str) -> str:
    return name.replace('"', "").split(".")[-1].lower()


def lint_migration(mig: Migration) -> list[Finding]:
    """The hazards in the up section, in file order.

    Locks and rewrites only matter for tables that already hold rows, so statements on a table
    created earlier in the same migration are only checked for data loss.
    """
    found = []
    created = set()
    # a materialized view dropped and created again (new definition) is computed anew: no loss
    recreated = {_rel(m.group(1)) for stmt in mig.up if (m := _CREATE_TABLE.match(strip_comments(stmt)))}
    for line, stmt in zip(mig.up_lines, mig.up, strict=False):
        text = strip_comments(stmt)
        if m := _CREATE_TABLE.match(text):
            created.add(_rel(m.group(1)))
        altered = _ALTER_TABLE.match(text)
        new_table = bool(altered) and _rel(altered.group(1)) in created
        for rule in RULES:
            if (m := rule.pattern.search(text)) and not (rule.existing_tables_only and new_table):
                if rule.id == "drop_materialized_view" and _rel(m.group(1)) in recreated:
                    continue
                found.append(Finding.of(line, rule))
        m = CREATE_INDEX.pattern.match(text)
        if m and _rel(m.group(1)) not in created:
            found.append(Finding.of(line, CREATE_INDEX))
    return found
