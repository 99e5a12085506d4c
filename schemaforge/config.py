"""Project settings: ``[tool.schemaforge]`` in the nearest pyproject.toml (defaults otherwise).

Which database a command works on is :mod:`schemaforge.database.targets`.
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
    # how long apply/rollback wait for the deploy lock another run holds (lock_wait_seconds)
    lock_wait: str = "15min"
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
        "schema_dir", "migrations_dir", "default_schema", "lock_timeout", "lock_retries", "lock_wait",
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
    if "lock_wait" in settings:
        try:
            lock_wait_seconds(str(settings["lock_wait"]))
        except ValueError:
            raise ForgeError(f"{pyproject}: lock_wait = {settings['lock_wait']!r} is not a duration",
                             hint=LOCK_WAIT_HINT.format(key="lock_wait = ")) from None
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
        lock_wait=str(settings.get("lock_wait", "15min")),
        history_schema=settings.get("history_schema", "schemaforge"),
        managed_schemas=tuple(settings.get("managed_schemas", ())),
        exclude_schemas=tuple(settings.get("exclude_schemas", ())),
        scratch_server=settings.get("scratch_server", "target"),
    )


# A PostgreSQL duration setting: 5s, 1500ms, 2min, 0.
_DURATION = re.compile(r"\d+(\.\d+)?\s*(us|ms|s|min|h|d)?")


# How long a deploy waits for the deploy lock: seconds, or a number with a unit, or forever.
_LOCK_WAIT = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|min|h)?")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, None: 1.0}
LOCK_WAIT_HINT = 'write {key}a number of seconds or one with a unit (e.g. 90, "30s", "15min", "1h"), or "forever"'


def lock_wait_seconds(text: str) -> float | None:
    """``lock_wait`` in seconds, None for ``forever``; ValueError when it is not a duration.

    A bare number is seconds (not milliseconds as in PostgreSQL's settings): it is how long a
    person or a deploy script is willing to wait, not a server setting.
    """
    text = text.strip().lower()
    if text == "forever":
        return None
    m = _LOCK_WAIT.fullmatch(text)
    if not m:
        raise ValueError(text)
    return float(m.group(1)) * _UNIT_SECONDS[m.group(2)]


def is_interactive() -> bool:
    """A person at a terminal, not a deploy script: CI unset and stdin a TTY."""
    return sys.stdin.isatty() and not os.environ.get("CI")


def cache_dir(config: Config) -> Path:
    """Where normalization results are kept between runs (git-ignored with .forge/)."""
    return config.root / ".forge" / "cache"
