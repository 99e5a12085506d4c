"""The lint rules: a pattern over one statement's words for each catalogue code it can see.

Patterns read the normalized words of :mod:`schemaforge.lint.source` (keywords upper-case,
literals ``''``, quoted names lower-case), one *unit* at a time: a statement, or for
``ALTER TABLE t a, b`` each action as ``ALTER TABLE t a``, so a DEFAULT in one action never
excuses a NOT NULL in another. Rules that need more than one statement (a materialized view
dropped and created again, VALIDATE after ADD in one transaction, the enum recreate pattern,
lock_timeout, transaction blocks) live in :mod:`schemaforge.lint.check`.

A rule sees only SQL text: it cannot know a column's old type or a table's rows, so it names
the statement, not the object, and a type change is a possible rewrite whatever the types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..hazards import BY_CODE, VOLATILE_FUNCTIONS, Entry

NAME = r'(?:[\w$]+|"\w*")(?:\.(?:[\w$]+|"\w*"))*'
_TABLE = rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?{NAME} "
_ADD_COLUMN = _TABLE + rf"ADD (?:COLUMN )?(?!CONSTRAINT |PRIMARY |UNIQUE |CHECK |FOREIGN |EXCLUDE )(?:IF NOT EXISTS )?{NAME} "
_VOLATILE = "|".join(f.upper() for f in VOLATILE_FUNCTIONS)


@dataclass(frozen=True)
class Rule:
    code: str
    pattern: re.Pattern[str]
    # locks, scans and rewrites only matter for a table that holds rows: not one created in the
    # same migration. Data loss matters everywhere.
    existing_tables_only: bool = True

    @property
    def entry(self) -> Entry:
        return BY_CODE[self.code]


def _r(code: str, pattern: str, existing_tables_only: bool = True) -> Rule:
    return Rule(code, re.compile(pattern), existing_tables_only)


RULES: tuple[Rule, ...] = (
    _r("SF101", r"^DROP TABLE ", False),
    _r("SF102", _TABLE + r"DROP (?!CONSTRAINT )", False),
    _r("SF103", r"^DROP SEQUENCE ", False),
    _r("SF104", r"^DROP SCHEMA ", False),
    _r("SF106", rf"^ALTER TYPE {NAME} .*\bDROP ATTRIBUTE ", False),
    _r("SF108", r"^TRUNCATE\b", False),
    _r("SF109", r"^DELETE FROM (?!.* WHERE )", False),
    _r("SF111", r"^(?:DROP |ALTER TABLE .* DROP ).* CASCADE$", False),
    _r("SF201", _TABLE + rf"ALTER (?:COLUMN )?{NAME} (?:SET DATA )?TYPE "),
    _r("SF202", _ADD_COLUMN + rf"(?:(?:SMALL|BIG)?SERIAL[248]?\b|.* DEFAULT .*\b(?:{_VOLATILE}) \(|.*\bGENERATED "
                              r"(?:ALWAYS|BY DEFAULT) AS IDENTITY\b)"),
    _r("SF203", _ADD_COLUMN + r".*\bGENERATED ALWAYS AS \( .* \) STORED\b"),
    _r("SF204", r"^(?:VACUUM (?:\( [^)]*)?FULL\b|CLUSTER\b)"),
    _r("SF206", _TABLE + r"SET (?:UN)?LOGGED$"),
    _r("SF205", rf"^UPDATE (?:ONLY )?{NAME} (?!.* WHERE ).*\bSET "),
    _r("SF301", rf"^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY ).*? ON (?:ONLY )?{NAME}"),
    _r("SF302", r"^DROP INDEX (?!CONCURRENTLY )"),
    _r("SF303", _TABLE + rf"ADD (?:CONSTRAINT {NAME} )?(?:UNIQUE|PRIMARY KEY)\b(?!.* USING INDEX )"),
    _r("SF304", r"^REINDEX (?!.*\bCONCURRENTLY\b)"),
    _r("SF305", r"^LOCK (?:TABLE )?"),
    _r("SF401", _ADD_COLUMN + r"(?!.*\b(?:DEFAULT|GENERATED)\b).*\bNOT NULL\b"),
    _r("SF402", _TABLE + rf"ALTER (?:COLUMN )?{NAME} SET NOT NULL\b"),
    _r("SF403", _TABLE + rf"ADD (?:CONSTRAINT {NAME} )?(?:CHECK|FOREIGN KEY)\b(?!.*\bNOT VALID\b)"),
    _r("SF404", _TABLE + r"VALIDATE CONSTRAINT "),
    _r("SF406", rf"^ALTER DOMAIN {NAME} ADD (?:CONSTRAINT {NAME} )?CHECK\b(?!.*\bNOT VALID\b)"),
    _r("SF501", _TABLE + rf"RENAME (?!TO |CONSTRAINT )(?:COLUMN )?{NAME} TO "),
    _r("SF502", rf"^ALTER (?:TABLE|VIEW|MATERIALIZED VIEW) (?:IF EXISTS )?{NAME} RENAME TO "),
    _r("SF701", rf"^ALTER EXTENSION {NAME} UPDATE\b", False),
    _r("SF510", _TABLE + r"(?:ENABLE|FORCE) ROW LEVEL SECURITY\b"),
)

# Seen by check.py across statements, not by one pattern (see the module docstring).
CONTEXT_CODES = ("SF105", "SF407", "SF405", "SF601", "SF602", "SF901", "SF902")

# Statements that take a lock other sessions queue behind (SF601 wants lock_timeout before them).
BLOCKING = frozenset({"SF101", "SF108", "SF204", "SF206", "SF301", "SF302", "SF304", "SF305"})

_ALTER = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({NAME}) (.*)$")
_TARGET = re.compile(rf"^(?:ALTER TABLE (?:IF EXISTS )?(?:ONLY )?|UPDATE (?:ONLY )?|LOCK (?:TABLE )?(?:ONLY )?"
                     rf"|CREATE (?:UNIQUE )?INDEX .*? ON (?:ONLY )?)({NAME})")


def rel(name: str) -> str:
    """A relation's name without schema or quotes, lower-case: how statements are matched up."""
    return name.replace('"', "").split(".")[-1].lower()


def target(words: str) -> str | None:
    """The table a statement locks, scans or rewrites, if it names one."""
    m = _TARGET.match(words)
    return rel(m.group(1)) if m else None


def units(words: str) -> list[str]:
    """The statement, or each action of an ``ALTER TABLE`` as a statement of its own."""
    m = _ALTER.match(words)
    if not m:
        return [words]
    actions, depth, start, body = [], 0, 0, m.group(2)
    for i, c in enumerate(body):
        depth += (c == "(") - (c == ")")
        if c == "," and depth == 0:
            actions.append(body[start:i].strip())
            start = i + 1
    actions.append(body[start:].strip())
    return [f"ALTER TABLE {m.group(1)} {a}" for a in actions if a]
