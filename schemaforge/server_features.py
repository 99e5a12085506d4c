"""What the YAML uses that only a newer PostgreSQL has, checked against the server a plan is
for before any SQL is written: a clear error naming the server's version, not a syntax error
from deep inside normalization or, worse, a plan that fails halfway through on the target."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import ForgeError
from .model import Database

PG18 = 180000


def pg18_uses(db: Database) -> Iterator[str]:
    """Each use of a PostgreSQL 18 constraint attribute, in model order."""
    for t in db.tables:
        for k in t.checks:
            if not k.enforced:
                yield f"table {t.qname}: check {k.name} is NOT ENFORCED (enforced: false)"
        for f in t.foreign_keys:
            if not f.enforced:
                yield f"table {t.qname}: foreign key {f.name} is NOT ENFORCED (enforced: false)"
        for c in t.columns:
            if not c.nullable and not getattr(c, "not_null_valid", True):
                yield f"table {t.qname}: column {c.name}'s NOT NULL is NOT VALID (not_null_valid: false)"


def require_server(db: Database, version: int, server: str = "the target") -> None:
    """Raise when ``db`` uses what the server (``server_version_num`` ``version``) lacks."""
    if not version or version >= PG18:
        return
    uses = list(pg18_uses(db))
    if uses:
        shown = "; ".join(uses[:5]) + (f"; and {len(uses) - 5} more" if len(uses) > 5 else "")
        raise ForgeError(f"{server} runs PostgreSQL {version // 10000}, and the YAML uses what needs "
                         f"PostgreSQL 18: {shown}",
                         hint="remove these keys, or plan against a PostgreSQL 18 server")
