"""The choice of target database, and the embedded development server on demand.

The database comes from, in order: ``--database-url``, ``DATABASE_URL``, the git-ignored
``forge.datasource.yaml`` (named environments, ``${ENV}`` interpolation), and finally the
embedded development database under ``.forge/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import DATASOURCE_FILE, EMBEDDED_DB, Config
from ..errors import ForgeError


@dataclass(frozen=True)
class Target:
    """The database a command works on, and where that choice came from."""

    url: str
    source: str  # "--database-url", "DATABASE_URL", "forge.datasource.yaml (env dev)", "embedded"
    production: bool = False
    embedded: bool = False
    env: str | None = None
    warning: str | None = None  # said once on stderr, e.g. a data-source file others can read


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
        text = path.read_text()
        data = YAML(typ="safe").load(text)
    except (YAMLError, UnicodeDecodeError) as exc:
        from .session import redact

        raise ForgeError(f"{path}: invalid YAML: {redact(str(exc))}") from None
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
    if not isinstance(entry, dict):
        raise ForgeError(f"{path}: environment {name!r} must be a URL or a mapping", hint=_DATASOURCE_HINT)
    if "url" in entry:
        url = interpolate(str(entry["url"]), where)
    else:
        from psycopg.conninfo import make_conninfo

        keys = ("host", "port", "user", "password", "dbname", "sslmode")
        url = make_conninfo("", **{k: interpolate(str(entry[k]), where) for k in keys if k in entry})
    return Target(url=url, source=where, production=bool(entry.get("production", False)), env=name,
                  warning=readable_secret_warning(path, text))


_LITERAL_PASSWORD = re.compile(r"://[^:/@\s]+:(?!\$\{)[^@\s]+@|^\s*password\s*:\s*(?!['\"]?\$\{)\S", re.MULTILINE)


def readable_secret_warning(path: Path, text: str) -> str | None:
    """A warning when ``path`` holds a password as text and its group or others may read it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if not mode & 0o077 or not _LITERAL_PASSWORD.search(text):
        return None
    return (f"{path.name} holds a password and is readable by {'others' if mode & 0o007 else 'its group'} "
            f"(mode {mode & 0o777:o}): run `chmod 600 {path.name}`, or use ${{PGPASSWORD}} in it")


_DATASOURCE_HINT = """forge.datasource.yaml looks like:
  default: dev
  environments:
    dev:  { url: "postgresql://localhost/app_dev" }
    prod: { url: "postgresql://app:${PGPASSWORD}@db.internal/app", production: true }"""


def resolve_target(config: Config, *, database_url: str | None = None, env: str | None = None) -> Target:
    """The target, its passwords noted for redaction before anything can print them."""
    from .session import remember_secrets

    target = _resolve(config, database_url=database_url, env=env)
    remember_secrets(target.url)
    return target


def peek_target(config: Config, *, database_url: str | None = None, env: str | None = None) -> Target:
    """The target as :func:`resolve_target` finds it, its passwords not yet noted: for work that
    prints nothing before ``resolve_target`` is called (noting them needs psycopg, ~0.1 s of
    imports, which a plan's read-ahead starts without)."""
    return _resolve(config, database_url=database_url, env=env)


def _resolve(config: Config, *, database_url: str | None, env: str | None) -> Target:
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
    from .session import Server

    server = Server(embedded_server_url(config, announce))
    if not server.database_exists(EMBEDDED_DB):
        server.create_database(EMBEDDED_DB)
    return server.url_for(EMBEDDED_DB)
