"""``forge diff SRC DST``: the plan between any two schema sources, and what ``forge inspect`` prints.

A source is one of three things a schema can live in: a directory of YAML entity files, a
database, or a migrations directory (replayed on a scratch database, as ``forge check`` does).
Each becomes a model through the pipeline's own pieces (``entities`` + ``normalize``,
``inspect``, ``migrations.replay``), so ``forge diff db yaml:schema`` is ``forge plan`` and
``forge diff migrations:migrations yaml:schema`` is what ``forge check`` compares.

The spelling of a source (``docs/commands.md``)::

    yaml:DIR          a directory of YAML entity files
    migrations:DIR    a migrations directory
    db                the configured target (--database-url, DATABASE_URL, forge.datasource.yaml, embedded)
    env:NAME          an environment of forge.datasource.yaml
    postgresql://...  a database URL (postgres:// too; db:URL for any other conninfo)
    DIR               a directory: YAML when it holds *.yaml/*.yml files, migrations when it holds
                      schemaforge.sum or *.sql files and no YAML
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ForgeError

YAML, DATABASE, MIGRATIONS = "yaml", "database", "migrations"

SYNTAX_HINT = ("write yaml:DIR, migrations:DIR, db (the configured target), env:NAME, "
               "or a postgresql:// URL; see `forge diff --help`")


@dataclass(frozen=True)
class Source:
    """One side of a diff, as the user named it."""

    kind: str  # YAML, DATABASE or MIGRATIONS
    where: str  # the directory, or the URL ("" for the configured target)
    env: str | None = None  # DATABASE from an environment of forge.datasource.yaml

    def label(self) -> str:
        """How messages name it, in the syntax it is given in, a URL's password hidden."""
        from .database.session import redact

        if self.kind == DATABASE:
            if self.env is not None:
                return f"env:{self.env}"
            return redact(self.where) if self.where else "db"
        return f"{self.kind}:{self.where}"


def parse_source(spec: str, cwd: Path | None = None) -> Source:
    """A ``forge diff`` argument as a :class:`Source`; an unclear one is an error saying how to write it."""
    from .database.session import redact

    base = cwd or Path.cwd()
    prefix, sep, rest = spec.partition(":")
    if spec.startswith(("postgresql://", "postgres://")):
        return Source(DATABASE, spec)
    if sep and prefix in (YAML, MIGRATIONS):
        if not rest:
            raise ForgeError(f"{spec!r}: no directory after {prefix}:", hint=SYNTAX_HINT)
        path = base / rest
        if not path.is_dir():
            raise ForgeError(f"{prefix} directory {rest} does not exist", hint=SYNTAX_HINT)
        return Source(prefix, rest)
    if sep and prefix == "db":
        if not rest:
            raise ForgeError("'db:' names no database", hint="write db alone for the configured target, or db:URL")
        return Source(DATABASE, rest)
    if sep and prefix == "env":
        if not rest:
            raise ForgeError("'env:' names no environment", hint="write env:NAME, NAME an environment of forge.datasource.yaml")
        return Source(DATABASE, "", env=rest)
    if spec == "db":
        return Source(DATABASE, "")
    path = base / spec
    if spec and path.is_dir():
        return Source(_guess(path, spec), spec)
    if "=" in spec:  # a key=value conninfo string: host=... dbname=...
        return Source(DATABASE, spec)
    raise ForgeError(f"{redact(spec)!r} is not a schema source (no such directory, and not a database URL)",
                     hint=SYNTAX_HINT)


def _guess(path: Path, spec: str) -> str:
    """A bare directory's kind: YAML files make it a schema directory, migrations the other kind."""
    from .entities import schema_files

    if schema_files(path):
        return YAML
    if (path / "schemaforge.sum").exists() or any(p.suffix == ".sql" for p in path.iterdir() if p.is_file()):
        return MIGRATIONS
    raise ForgeError(f"directory {spec} holds neither YAML entity files nor migrations",
                     hint=f"say which it is: yaml:{spec} or migrations:{spec}")


@dataclass(frozen=True)
class Resolved:
    """A source made concrete: a directory (YAML, migrations) or a database URL."""

    source: Source
    where: str  # the directory, or the URL (not for printing: see Source.label)


def compare(config, src: Resolved, dst: Resolved, server_for_scratch: Callable[[list[Resolved]], object],
            progress: Callable[[str], None] | None = None):
    """The plan that turns ``src`` into ``dst`` (the online form, as ``forge plan`` prints it)."""
    from .planner import build_plan, comparable
    from .reading import inspect_target, managed_schemas
    from .typecast import CastCatalog, scratch

    say = progress or (lambda _phase: None)
    yaml_models = {id(r): _load_yaml(config, r) for r in (src, dst) if r.source.kind == YAML}
    scope_from = yaml_models.get(id(dst)) or yaml_models.get(id(src))
    schemas = managed_schemas(config, scope_from if scope_from is not None else _empty())
    read = {}
    for r in (src, dst):  # databases first: an unreachable one fails before any scratch work
        if r.source.kind == DATABASE:
            say(f"reading {r.source.label()}")
            read[id(r)] = inspect_target(r.where, schemas, config)
    server = server_for_scratch([src, dst])
    models = []
    for r in (src, dst):
        say(f"reading {r.source.label()}")
        models.append(read[id(r)] if id(r) in read else _model(config, server, r, yaml_models.get(id(r)), schemas))
    current, desired = models  # a YAML source's rename hints are read on the desired side only (diff/)
    say("settling SQL text")
    current = comparable(config, server, current, desired, schemas)
    say("comparing")
    return build_plan(current, desired, CastCatalog(scratch(server, desired, current)))


def _empty():
    from .model import Database

    return Database()


def _load_yaml(config, r: Resolved):
    from .entities import load_schema

    return load_schema(Path(r.where), config.default_schema)


def _model(config, server, r: Resolved, yaml_model, schemas):
    """The model one side holds, in catalog text."""
    kind = r.source.kind
    if kind == YAML:
        from .planner import normalize_desired

        return normalize_desired(replace(config, schema_dir=Path(r.where)), server, yaml_model, schemas)
    if kind == MIGRATIONS:
        from .migrations import files, runner
        from .migrations.replay import file_steps, replayed

        directory = Path(r.where)
        runner.verify_manifest(directory)
        return replayed(config, server, file_steps(files.load_all(directory)), schemas)
    raise AssertionError(f"no model for a {kind} source here")


# --- forge inspect --------------------------------------------------------------------------------

FILE_MARK = "# file: "


def stream(files: dict[str, str]) -> str:
    """The files ``forge import`` would write, as one YAML stream: each file is a document that
    starts with ``# file: PATH``, documents separated by ``---``, in path order."""
    docs = [f"{FILE_MARK}{path}\n{files[path]}" for path in sorted(files)]
    return "---\n".join(docs)


def unstream(text: str) -> dict[str, str]:
    """The files of a :func:`stream` again (path -> text): what ``forge inspect`` printed, split
    back into what ``forge import`` writes."""
    files: dict[str, str] = {}
    path: str | None = None
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith(FILE_MARK) and (path is None or lines and lines[-1] == "---\n"):
            if path is not None:
                files[path] = "".join(lines[:-1])
            path, lines = line[len(FILE_MARK):].rstrip("\n"), []
            continue
        lines.append(line)
    if path is not None:
        files[path] = "".join(lines)
    return files
