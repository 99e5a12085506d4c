"""Project settings and the choice of target database.

Settings come from ``[tool.schemaforge]`` in the nearest pyproject.toml (defaults otherwise).
The database comes from, in order: ``--database-url``, ``DATABASE_URL``, the git-ignored
``forge.datasource.yaml`` (named environments, ``${ENV}`` interpolation), and finally the
embedded development database under ``.forge/``.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ForgeError

DATASOURCE_FILE = "forge.datasource.yaml"
EMBEDDED_DB = "forge_dev"


@dataclass(frozen=True)
class Config:
    root: Path
    schema_dir: Path
    migrations_dir: Path
    default_schema: str = "public"
    lock_timeout: str = "5s"
    lock_retries: int = 3  # apply retries a migration that hit lock_timeout, with backoff
    statement_timeout: str = "0"
    history_schema: str = "schemaforge"
    managed_schemas: tuple[str, ...] = ()  # empty: every schema in the database but the excluded
    exclude_schemas: tuple[str, ...] = ()  # schemas other applications own in a shared database
    # Where scratch databases (normalization, replays) live: "target" (its own server when the
    # role may create databases, else the embedded one) or "embedded" (never the target's
    # server: no statement derived from a pull request's YAML reaches it during `plan`).
    scratch_server: str = "target"
    extra: dict = field(default_factory=dict, compare=False)


def find_root(start: Path | None = None) -> Path:
    """The directory holding pyproject.toml, or the starting directory."""
    start = (start or Path.cwd()).resolve()
    for d in (start, *start.parents):
        if (d / "pyproject.toml").exists():
            return d
    return start


def load_config(
    *, schema_dir: str | None = None, migrations_dir: str | None = None, cwd: Path | None = None
) -> Config:
    root = find_root(cwd)
    settings: dict = {}
    pyproject = root / "pyproject.toml"
    if pyproject.exists():
        try:
            settings = tomllib.loads(pyproject.read_text()).get("tool", {}).get("schemaforge", {})
        except tomllib.TOMLDecodeError as exc:
            raise ForgeError(f"{pyproject}: {exc}", hint="fix the TOML syntax") from None
    known = {
        "schema_dir", "migrations_dir", "default_schema", "lock_timeout", "lock_retries",
        "statement_timeout", "history_schema", "managed_schemas", "exclude_schemas", "scratch_server",
    }
    unknown = set(settings) - known
    if unknown:
        raise ForgeError(
            f"{pyproject}: unknown setting(s) in [tool.schemaforge]: {', '.join(sorted(unknown))}",
            hint=f"known settings: {', '.join(sorted(known))}",
        )
    for key in ("lock_timeout", "statement_timeout"):
        if key in settings and not _DURATION.fullmatch(str(settings[key])):
            raise ForgeError(f"{pyproject}: {key} = {settings[key]!r} is not a duration",
                             hint=f'write a number with a unit, e.g. {key} = "5s" (units: us, ms, s, min, h, d)')
    if settings.get("scratch_server", "target") not in ("target", "embedded"):
        raise ForgeError(f"{pyproject}: scratch_server = {settings['scratch_server']!r} is not known",
                         hint='write scratch_server = "target" or "embedded"')
    cwd = (cwd or Path.cwd()).resolve()
    return Config(
        root=root,
        schema_dir=(cwd / schema_dir) if schema_dir else root / settings.get("schema_dir", "schema"),
        migrations_dir=(cwd / migrations_dir) if migrations_dir else root / settings.get("migrations_dir", "migrations"),
        default_schema=settings.get("default_schema", "public"),
        lock_timeout=str(settings.get("lock_timeout", "5s")),
        lock_retries=int(settings.get("lock_retries", 3)),
        statement_timeout=str(settings.get("statement_timeout", "0")),
        history_schema=settings.get("history_schema", "schemaforge"),
        managed_schemas=tuple(settings.get("managed_schemas", ())),
        exclude_schemas=tuple(settings.get("exclude_schemas", ())),
        scratch_server=settings.get("scratch_server", "target"),
    )


# A PostgreSQL duration setting: 5s, 1500ms, 2min, 0.
_DURATION = re.compile(r"\d+(\.\d+)?\s*(us|ms|s|min|h|d)?")


@dataclass(frozen=True)
class Target:
    """The database a command works on, and where that choice came from."""

    url: str
    source: str  # "--database-url", "DATABASE_URL", "forge.datasource.yaml (env dev)", "embedded"
    production: bool = False
    embedded: bool = False
    env: str | None = None


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def interpolate(text: str, where: str) -> str:
    """Replace ``${VAR}`` / ``${VAR:-default}`` from the environment."""

    def sub(m: re.Match) -> str:
        value = os.environ.get(m.group(1))
        if value is None:
            if m.group(2) is not None:
                return m.group(2)
            raise ForgeError(
                f"{where}: environment variable {m.group(1)} is not set",
                hint=f"export {m.group(1)}=... or give a default: ${{{m.group(1)}:-value}}",
            )
        return value

    return _ENV_REF.sub(sub, text)


def _datasource_target(path: Path, env: str | None) -> Target | None:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe").load(path.read_text())
    except YAMLError as exc:
        raise ForgeError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ForgeError(f"{path}: expected a mapping with 'environments'", hint=_DATASOURCE_HINT)
    envs = data.get("environments")
    if envs is None and ("url" in data or "host" in data):
        envs = {"default": data}
    if not envs and env is None:
        return None  # a scaffolded file with every environment commented out
    if not isinstance(envs, dict) or not envs:
        raise ForgeError(f"{path}: no environments defined", hint=_DATASOURCE_HINT)
    name = env or os.environ.get("FORGE_ENV") or data.get("default") or ("dev" if "dev" in envs else next(iter(envs)))
    if name not in envs:
        raise ForgeError(
            f"{path}: no environment named {name!r}", hint=f"defined: {', '.join(envs)}"
        )
    entry = envs[name]
    where = f"{path.name} (environment {name})"
    if isinstance(entry, str):
        entry = {"url": entry}
    if "url" in entry:
        url = interpolate(str(entry["url"]), where)
    else:
        from psycopg.conninfo import make_conninfo

        keys = ("host", "port", "user", "password", "dbname", "sslmode")
        url = make_conninfo("", **{k: interpolate(str(entry[k]), where) for k in keys if k in entry})
    return Target(url=url, source=where, production=bool(entry.get("production", False)), env=name)


_DATASOURCE_HINT = """forge.datasource.yaml looks like:
  default: dev
  environments:
    dev:  { url: "postgresql://localhost/app_dev" }
    prod: { url: "postgresql://app:${PGPASSWORD}@db.internal/app", production: true }"""


def resolve_target(config: Config, *, database_url: str | None = None, env: str | None = None) -> Target:
    if database_url:
        return Target(url=database_url, source="--database-url")
    ds = config.root / DATASOURCE_FILE
    if env:
        if not ds.exists():
            raise ForgeError(f"--env {env} given but {ds} does not exist", hint="run `forge init` to create one")
        found = _datasource_target(ds, env)
        assert found is not None
        return found
    if os.environ.get("DATABASE_URL"):
        return Target(url=os.environ["DATABASE_URL"], source="DATABASE_URL")
    if ds.exists():
        found = _datasource_target(ds, None)
        if found is not None:
            return found
    return Target(url="", source="embedded", embedded=True)


def embedded_server_url(config: Config, announce=None) -> str:
    """Start the embedded server on demand; return the URL of its maintenance database."""
    from . import embedded

    data_dir = embedded.default_data_dir(config.root)
    if announce:
        announce(f"using the embedded development database in {data_dir}")
    return embedded.ensure_server(data_dir)


def embedded_url(config: Config, announce=None) -> str:
    """The embedded development database (created on first use)."""
    from .db import Server

    server = Server(embedded_server_url(config, announce))
    if not server.database_exists(EMBEDDED_DB):
        server.create_database(EMBEDDED_DB)
    return server.url_for(EMBEDDED_DB)


def is_interactive() -> bool:
    """A person at a terminal, not a deploy script: CI unset and stdin a TTY."""
    return sys.stdin.isatty() and not os.environ.get("CI")
