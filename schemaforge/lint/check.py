"""Linting one file: each up statement against the rules, then the directives that accept findings.

Findings carry catalogue codes (:mod:`schemaforge.hazards`), the codes a plan's hazards carry.
``-- forge:lint-ignore CODE reason`` on its own line accepts a finding of the next statement; at
the end of a statement's line, one of that statement. A directive without a known code or a
reason (SF901) and one that accepts nothing (SF902) are findings themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..hazards import BY_CODE, lookup
from ..migrations.files import Migration, needs_no_transaction
from .rules import BLOCKING, NAME, RULES, rel, target, units
from .source import Source, Statement, from_migration

_CREATE = re.compile(rf"^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?(?:TABLE|MATERIALIZED VIEW) (?:IF NOT EXISTS )?({NAME})")
_CREATE_MV = re.compile(rf"^CREATE MATERIALIZED VIEW (?:IF NOT EXISTS )?({NAME})")
_DROP_MV = re.compile(rf"^DROP MATERIALIZED VIEW (?:IF EXISTS )?({NAME})")
_RENAME_TYPE = re.compile(rf"^ALTER TYPE {NAME} RENAME TO ({NAME})$")
_DROP_TYPE = re.compile(r"^DROP TYPE (?:IF EXISTS )?(.*?)(?: CASCADE| RESTRICT)?$")
_ADD_NOT_VALID = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({NAME}) ADD CONSTRAINT ({NAME}) .*\bNOT VALID\b")
_VALIDATE = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({NAME}) VALIDATE CONSTRAINT ({NAME})")
_NOT_NULL_CHECK = re.compile(rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({NAME}) ADD CONSTRAINT ({NAME}) "
                             rf"CHECK \( ({NAME}) IS NOT NULL \) NOT VALID$")
_SET_NOT_NULL = re.compile(rf"^ALTER TABLE ({NAME}) ALTER (?:COLUMN )?({NAME}) SET NOT NULL\b")
_LOCK_TIMEOUT = re.compile(r"^SET (?:LOCAL |SESSION )?LOCK_TIMEOUT\b")
_SET_CONFIG = re.compile(r"set_config\s*\(\s*'lock_timeout'", re.I)
_GENERATED_NAME = re.compile(r'"\w*"\."\w*"')
_IGNORE = re.compile(r"^--\s*forge:lint-ignore\b[ \t]*(\S*)[ \t]*(.*)$")


@dataclass(frozen=True)
class Finding:
    """A catalogue hazard found at one line of a file."""

    path: Path
    line: int
    code: str
    detail: str = ""  # what a directive finding is about; else the catalogue message says it all

    @property
    def entry(self):
        return BY_CODE[self.code]

    name = property(lambda self: self.entry.name)
    kind = property(lambda self: self.entry.kind)
    level = property(lambda self: self.entry.level)
    fix = property(lambda self: self.entry.fix)
    destructive = property(lambda self: self.entry.kind == "data_loss")

    @property
    def message(self) -> str:
        return f"{self.entry.message}: {self.detail}" if self.detail else self.entry.message


@dataclass
class _State:
    """What earlier statements of the file established."""

    created: set[str]  # tables and materialized views created so far
    recreated: set[str]  # materialized views created anywhere in the file
    renamed_types: set[str]  # new names of types renamed so far (the enum recreate pattern)
    not_valid: dict[str, set[tuple[str, str]]]  # step → (table, constraint) added NOT VALID in it
    # (table, constraint) → column of a ``CHECK (column IS NOT NULL) NOT VALID``; and the
    # (table, column) pairs such a check, validated, proves: SET NOT NULL then skips its scan
    not_null_checks: dict[tuple[str, str], str] = field(default_factory=dict)
    proven: set[tuple[str, str]] = field(default_factory=set)
    lock_timeout: bool = False
    blocking_seen: bool = False


def _statement(stmt: Statement, st: _State, source: Source) -> list[str]:
    """The codes ``stmt`` triggers, in catalogue order, given what came before it."""
    words = stmt.words
    table = target(words)
    new = table is not None and table in st.created
    codes = {r.code for u in units(words) for r in RULES
             if r.pattern.search(u) and not (r.existing_tables_only and new) and not _proven(r.code, u, st)}
    if (m := _DROP_MV.match(words)) and rel(m.group(1)) not in st.recreated:
        codes.add("SF105")
    if (m := _DROP_TYPE.match(words)) and any(rel(n) in st.renamed_types for n in m.group(1).split(" , ")):
        codes.add("SF407")
    m = _VALIDATE.match(words)
    if m and stmt.transaction and not new and (rel(m.group(1)), rel(m.group(2))) in st.not_valid.get(stmt.step, ()):
        codes.add("SF405")
    if stmt.transaction and needs_no_transaction([stmt.text]):
        codes.add("SF602")
    if _LOCK_TIMEOUT.match(words) or _SET_CONFIG.search(stmt.text):
        st.lock_timeout = True
    blocking = bool(codes & BLOCKING) or (words.startswith("ALTER TABLE ") and not new)
    # forge generate names everything "schema"."name"; SQL typed into a generated file
    # (forge generate --empty) rarely does, and the header alone does not make it generated
    written = source.generated and _GENERATED_NAME.search(words)
    if blocking and not (st.lock_timeout or st.blocking_seen or written):
        codes.add("SF601")
    st.blocking_seen |= blocking
    _remember(words, stmt, st)
    return sorted(codes)


def _proven(code: str, unit: str, st: _State) -> bool:
    """A SET NOT NULL that a validated ``CHECK (column IS NOT NULL)`` proves: no scan (SF402 does
    not apply), the lock-safe form ``forge generate`` writes."""
    m = _SET_NOT_NULL.match(unit) if code == "SF402" else None
    return bool(m) and (rel(m.group(1)), rel(m.group(2))) in st.proven


def _remember(words: str, stmt: Statement, st: _State) -> None:
    if m := _NOT_NULL_CHECK.match(words):
        st.not_null_checks[(rel(m.group(1)), rel(m.group(2)))] = rel(m.group(3))
    if (m := _VALIDATE.match(words)) and (key := (rel(m.group(1)), rel(m.group(2)))) in st.not_null_checks:
        st.proven.add((key[0], st.not_null_checks[key]))
    if m := _CREATE.match(words):
        st.created.add(rel(m.group(1)))
    if m := _RENAME_TYPE.match(words):
        st.renamed_types.add(rel(m.group(1)))
    if (m := _ADD_NOT_VALID.match(words)) and stmt.transaction:
        st.not_valid.setdefault(stmt.step, set()).add((rel(m.group(1)), rel(m.group(2))))


def _directives(source: Source) -> list[tuple[int, int | None, str, str]]:
    """(directive line, statement line it applies to or None, code as written, reason)."""
    out = []
    for c in source.comments:
        m = _IGNORE.match(c.text)
        if not m:
            continue
        if c.trailing:
            stmt = next((s for s in source.statements if s.line <= c.line <= s.end), None)
            stmt = stmt or next((s for s in reversed(source.statements) if s.end <= c.line), None)
        else:
            stmt = next((s for s in source.statements if s.line > c.line), None)
        out.append((c.line, stmt.line if stmt else None, m.group(1), m.group(2).strip()))
    return out


def _apply_ignores(source: Source, found: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(findings left, findings accepted by a directive), directive problems added to the first."""
    accepted: list[Finding] = []
    extra: list[Finding] = []
    for line, stmt_line, code, reason in _directives(source):
        entry = lookup(code) if code else None
        if entry is None or entry.code.startswith("SF9"):
            what = f"unknown code {code!r}" if code else "no code"
            extra.append(Finding(source.path, line, "SF901", what))
            continue
        if not reason:
            extra.append(Finding(source.path, line, "SF901", f"no reason given for {entry.code}"))
            continue
        hit = [f for f in found if f.line == stmt_line and f.code == entry.code and f not in accepted]
        if not hit:
            extra.append(Finding(source.path, line, "SF902", f"no {entry.code} finding on the statement it precedes"))
        accepted += hit
    left = [f for f in found if f not in accepted] + extra
    return sorted(left, key=lambda f: (f.line, f.code)), accepted


def lint_source(source: Source) -> tuple[list[Finding], list[Finding]]:
    """(findings, findings accepted by ``-- forge:lint-ignore``) of one file, in file order."""
    recreated = {rel(m.group(1)) for s in source.statements if (m := _CREATE_MV.match(s.words))}
    st = _State(set(), recreated, set(), {})
    found = [Finding(source.path, stmt.line, code) for stmt in source.statements for code in _statement(stmt, st, source)]
    return _apply_ignores(source, found)


def lint_migration(mig: Migration) -> list[Finding]:
    """The findings of a parsed migration that no directive accepted."""
    return lint_source(from_migration(mig))[0]
