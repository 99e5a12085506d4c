"""Row-level security policies: one per name on a table (``CREATE POLICY``).

A policy sits in :class:`schemaforge.model.Table` next to the table's ``rls_enabled`` and
``rls_forced`` flags. ``using`` and ``with_check`` are expressions, catalog text after
normalization (``pg_get_expr``), so ``==`` compares them as PostgreSQL reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import evolve

COMMANDS = ("all", "select", "insert", "update", "delete")
PUBLIC = "public"  # polroles {0}: the PUBLIC pseudo-role (no real role may take that name)


@dataclass(frozen=True)
class Policy:
    """``command`` is one of :data:`COMMANDS`; ``roles`` are sorted role names (``public``
    for PUBLIC, the default); ``using`` and ``with_check`` are expressions or None."""

    name: str
    command: str = "all"
    permissive: bool = True
    roles: tuple[str, ...] = (PUBLIC,)
    using: str | None = None
    with_check: str | None = None
    comment: str | None = None
    renamed_from: str | None = field(default=None, compare=False)


def carry_renames(source: tuple[Policy, ...], target: tuple[Policy, ...]) -> tuple[Policy, ...]:
    """``target`` (read from a catalog) with the ``renamed_from`` hints of ``source`` (the YAML)."""
    hints = {p.name: p.renamed_from for p in source if p.renamed_from}
    return tuple(evolve(p, renamed_from=hints[p.name]) if p.name in hints else p for p in target)
