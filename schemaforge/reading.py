"""The target's side of a plan: which schemas it covers, and reading its catalog into a model,
also ahead of time while the YAML loads.

Apart from the planner so that a command can start the read before it imports the rest of the
pipeline (diff, render, order): the read's forked process then begins sooner, and nothing is
imported twice."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .config import Config
from .database.session import connect
from .inspect import inspect_database
from .model import Database
from .roles import require_roles

if TYPE_CHECKING:
    from .background import Pending


def managed_schemas(config: Config, desired: Database) -> list[str] | None:
    """The PostgreSQL schemas a plan covers; ``None`` means every schema in the database.

    By default the plan sees the whole database (minus ``exclude_schemas`` and the history
    schema), so nothing the YAML stopped mentioning can hide from it: delete the last entity of
    schema ``billing`` and the plan drops its table (with consent, as every drop). A database
    shared with other applications declares its scope with ``managed_schemas`` or
    ``exclude_schemas``.
    """
    if config.managed_schemas:
        return sorted(set(config.managed_schemas) - {config.history_schema})
    return None


def excluded_schemas(config: Config) -> tuple[str, ...]:
    """Schemas no plan looks into: the history schema and those the settings exclude."""
    return tuple(sorted({config.history_schema, *config.exclude_schemas}))


def prefetch_target(config: Config, url: str, *, child: bool = True) -> Pending[Database]:
    """The target's model, read while the YAML loads and builds.

    Reading needs no YAML (the schemas in scope come from the settings, see
    :func:`managed_schemas`), so the catalog work and the YAML work overlap: in a second
    process under ``forge`` itself (``child``), else on a thread (see :mod:`schemaforge.background`),
    with a second connection since the read is then what the command waits for.
    ``plan_against`` takes the result; an error (an unreachable server) is raised there,
    after any error in the YAML, as before."""
    from .background import start

    read = functools.partial(inspect_target, second=not child)
    return start(read, url, managed_schemas(config, None), config, child=child)


def inspect_target(url: str, schemas: list[str], config: Config, desired: Database | None = None, *,
                   second: bool = True) -> Database:
    """The target's model; with ``desired``, first an error if the target's server lacks a role it grants to.

    ``second``: a second connection takes half of the catalog queries (:mod:`.inspect.helper`),
    worth it unless the machine's cores are busy with other work, as beside the YAML's processes."""
    with connect(url) as conn:
        if desired is not None:
            require_roles(conn, desired)
        return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config),
                                helper=(lambda: connect(url)) if second else None)
