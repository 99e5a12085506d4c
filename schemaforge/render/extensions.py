"""SQL for extension changes."""

from __future__ import annotations

from .. import changes as ch
from .registry import renders
from .sql import literal, q


@renders(ch.CreateExtension)
def _create_extension(c: ch.CreateExtension) -> list[str]:
    e = c.extension
    return [f"CREATE EXTENSION IF NOT EXISTS {q(e.name)}" + (f" SCHEMA {q(e.schema)}" if e.schema else "")
            + (f" VERSION {literal(e.version)}" if e.version is not None else "")]


@renders(ch.UpdateExtension)
def _update_extension(c: ch.UpdateExtension) -> list[str]:
    return [f"ALTER EXTENSION {q(c.name)} UPDATE TO {literal(c.new_version)}"]


@renders(ch.DropExtension)
def _drop_extension(c: ch.DropExtension) -> list[str]:
    return [f"DROP EXTENSION IF EXISTS {q(c.extension.name)}"]


@renders(ch.MoveExtension)
def _move_extension(c: ch.MoveExtension) -> list[str]:
    return [f"ALTER EXTENSION {q(c.name)} SET SCHEMA {q(c.new_schema)}"]

