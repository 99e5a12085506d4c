"""``forge apply``'s pre-flight gate: the checks again, right before a migration runs.

The runner calls the gate with the statements a migration still has to run, after it holds the
deploy's advisory lock and before any statement takes a table lock. A check that counts
offending rows stops the run with the count and the query that shows them; one that timed out
or could not be done is reported and does not stop it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import ForgeError
from .findings import Finding
from .run import DEFAULT_TIMEOUT_MS, run


def gate(url: str, *, timeout_ms: int = DEFAULT_TIMEOUT_MS,
         notice: Callable[[str, Finding], None] = lambda _label, _f: None) -> Callable[[str, list[str]], None]:
    """The runner's ``preflight`` hook for the database at ``url``. ``notice`` hears, with the
    migration's label, each check that was not counted (timed out, not checked) and each that
    counted rows which do not stop it (values a narrowing type change rounds)."""

    def check(label: str, statements: list[str]) -> None:
        result = run(url, statements, timeout_ms=timeout_ms, sizes=False)
        for f in result.findings:
            if f.status != "clear" and not f.stops:
                notice(label, f)
        if result.firing:
            raise stopped(label, result.firing, statements)

    return check


def stopped(label: str, firing: tuple[Finding, ...], statements: list[str]) -> ForgeError:
    """The error that stops ``forge apply``: each offending count with its statement, and the
    queries that show the rows."""
    lines = [f"pre-flight: {label} would fail on the data; nothing was run"]
    for f in firing:
        lines.append(f"  {f.count} {f.what} ({f.table}), for statement {f.statement + 1}: "
                     f"{_short(statements[f.statement])}")
    queries = "\n".join(f"  {f.query};" for f in firing)
    return ForgeError("\n".join(lines),
                      hint=f"see the rows with:\n{queries}\nfix the data (or the migration) and run `forge apply` "
                           "again; `forge apply --skip-preflight` runs it without these checks")


def _short(statement: str, limit: int = 160) -> str:
    one = " ".join(statement.split())
    return one if len(one) <= limit else one[: limit - 3] + "..."
