"""Comments: not a kind of their own but an attribute of every kind, compared where the
object is compared (so they come out next to it); these build the change for each target."""

from __future__ import annotations

from .. import changes as ch
from ..model import Table


def comment_changes(target: str, path: tuple[str, ...], old: str | None, new: str | None) -> list[ch.Change]:
    """``COMMENT ON <target>`` when the comment differs, else nothing."""
    return [ch.SetComment(target, path, old, new)] if old != new else []


def constraint_comment(target: str, t: Table, name: str, old: str | None, new: str | None) -> ch.Change:
    """The comment of an index (``target`` INDEX, schema-level name) or of a constraint of ``t``."""
    if target == "INDEX":
        return ch.SetComment("INDEX", (t.schema, name), old, new)
    return ch.SetComment("CONSTRAINT", (t.schema, t.name, name), old, new)
