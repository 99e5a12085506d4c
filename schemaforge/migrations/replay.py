"""The schema a migrations directory produces, found by replaying it on a scratch database.

``forge generate --from-migrations`` and ``forge check`` compare the YAML with it, and drift
detection compares the target with what its applied migrations give; none of them touches the
target to do so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Config
from ..database.session import Server, connect, server_for
from ..database.targets import Target
from ..model import Database
from . import runner
from .files import Migration, Step


def scratch_server(config: Config, target: Target | None, fallback: Callable[[], str]) -> Server:
    """Where throwaway databases go: the target's server when it allows it, else the embedded one.

    ``target`` None: no database was given, so none is used (not even a configured one).
    """
    if target is not None and not target.embedded and config.scratch_server != "embedded":
        server = server_for(target.url)
        if server.can_create_databases():
            return server
    return Server(fallback())


def schemas_of(config: Config, desired: Database | None) -> list[str] | None:
    """The schemas to compare: the YAML's managed ones, or the default schema without YAML."""
    from ..reading import managed_schemas

    return managed_schemas(config, desired) if desired is not None else [config.default_schema]


def file_steps(migrations: list[Migration]) -> list[tuple[str, list[Step]]]:
    return [(m.filename, list(m.up_steps)) for m in migrations]


def replayed(config: Config, server: Server, steps: Sequence[tuple[str, Sequence[Step]]],
             schemas: list[str] | None) -> Database:
    """The model the given migrations produce on an empty database."""
    from ..inspect import inspect_database
    from ..reading import excluded_schemas

    with server.scratch() as url:
        runner.replay(url, list(steps))
        with connect(url) as conn:
            return inspect_database(conn, schemas, exclude_schemas=excluded_schemas(config))


def plan_from_migrations(config: Config, server: Server, migrations: list[Migration], desired_yaml: Database, *,
                         casts: bool = True):
    """The plan from what ``migrations`` produce to the YAML; ``casts``: ask the catalog what
    each type change costs (a migration is written from it; a check only needs to know whether
    anything changes)."""
    from ..planner import build_plan, comparable, normalize_desired
    from ..typecast import CastCatalog, scratch

    schemas = schemas_of(config, desired_yaml)
    current = replayed(config, server, file_steps(migrations), schemas)
    desired = normalize_desired(config, server, desired_yaml, schemas)
    current = comparable(config, server, current, desired, schemas)
    if not casts:
        return build_plan(current, desired)
    return build_plan(current, desired, CastCatalog(scratch(server, desired, current)))
