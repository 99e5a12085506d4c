"""What pre-flight checks found, as data: the plan carries it, every output format shows it."""

from __future__ import annotations

from dataclasses import dataclass

# the kinds of check, in the words a message uses
KINDS = ("nulls", "duplicates", "orphans", "misfit", "rounded", "enum")

FOUND, CLEAR, TIMED_OUT, NOT_CHECKED = "found", "clear", "timed_out", "not_checked"


@dataclass(frozen=True)
class Finding:
    """One check of one statement against the data.

    ``statement``: index into the plan's (or migration's) up statements, flattened;
    ``change``: index into ``Plan.changes`` (None for a migration file). ``count`` is the
    number of offending rows (duplicates: of repeated values); None unless ``status`` is
    ``found`` or ``clear``. ``query`` shows the offending rows; ``what`` says what was counted.
    """

    statement: int
    change: int | None
    kind: str
    table: str  # schema.name, as written in messages
    status: str
    count: int | None
    query: str
    what: str
    note: str = ""  # why it timed out or was not checked

    @property
    def fires(self) -> bool:
        """It counted offending rows."""
        return self.status == FOUND

    @property
    def stops(self) -> bool:
        """The rows it counted make the statement fail (rounded values are lost, with the
        consent a narrowing type change needs, but do not fail it)."""
        return self.fires and self.kind != "rounded"

    def message(self) -> str:
        if self.status in (FOUND, CLEAR):
            return f"pre-flight: {self.count} {self.what} ({self.table})"
        if self.status == TIMED_OUT:
            return f"pre-flight: {self.what} not counted ({self.table}): {self.note}"
        return f"pre-flight: {self.what} not checked ({self.table}): {self.note}"

    def to_json(self) -> dict:
        return {"statement": self.statement, "change": self.change, "kind": self.kind, "table": self.table,
                "status": self.status, "count": self.count, "query": self.query, "what": self.what,
                "note": self.note}


@dataclass(frozen=True)
class TableSize:
    """The size of a table a statement scans or rewrites under its lock, from the catalog.

    ``rows`` is PostgreSQL's estimate (``pg_class.reltuples``; None before the first ANALYZE
    or VACUUM), ``bytes`` the table with its indexes and TOAST (``pg_total_relation_size``).
    """

    statement: int
    change: int | None
    table: str
    lock: str  # the lock marker of the statement: "ACCESS EXCLUSIVE, scans, rewrites"
    rows: int | None
    bytes: int

    def message(self) -> str:
        rows = "rows unknown (never analyzed)" if self.rows is None else f"~{self.rows} rows"
        return f"{self.table}: {rows}, {human_bytes(self.bytes)} [{self.lock}]"

    def to_json(self) -> dict:
        return {"statement": self.statement, "change": self.change, "table": self.table, "lock": self.lock,
                "rows": self.rows, "bytes": self.bytes}


@dataclass(frozen=True)
class Preflight:
    """Everything the checks found for one plan or migration, in statement order."""

    findings: tuple[Finding, ...] = ()
    sizes: tuple[TableSize, ...] = ()

    @property
    def firing(self) -> tuple[Finding, ...]:
        """The findings that make the migration fail: ``forge apply`` stops on them."""
        return tuple(f for f in self.findings if f.stops)

    def to_json(self) -> dict:
        return {"findings": [f.to_json() for f in self.findings], "sizes": [s.to_json() for s in self.sizes]}


def human_bytes(n: int) -> str:
    """``8192`` → ``8.0 kB``: the units of ``pg_size_pretty``, one decimal."""
    size = float(n)
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if size < 1024 or unit == "TB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")
