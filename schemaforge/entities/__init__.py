"""The YAML side: load every schema file, validate it, build the model.

``load_schema`` is the one entry point. It collects *all* problems across all files (syntax,
structure, semantics) before giving up, so a user fixes everything in one round.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import posixpath
from pathlib import Path

from ..background import detach
from ..errors import Problem, ValidationFailed
from ..model import Database
from .aggregates import check_aggregates
from .build import build
from .guard import guard
from .index import collect
from .loader import Doc, decode_utf8, display_name, load_file, load_text
from .names import check_name_lengths
from .operators import check_operators
from .policies import check_policies
from .routines import BodyReader, check_routines
from .sqlfields import check_sql_fields
from .structure import check_structure, json_schema, prune_invalid
from .table_attributes import check_index_names
from .validate import check_semantics, find_cut_types

# the YAML model of the last successful load, under ``cache_dir``
MODEL_FILE = "model.pickle"

__all__ = ["cached_schema", "load_schema", "load_texts", "schema_files", "json_schema"]


def schema_files(schema_dir: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below ``schema_dir``, sorted, hidden directories skipped."""
    files = [p for p in schema_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(schema_dir).parts)]
    return sorted(files)


def body_files(schema_dir: Path) -> list[Path]:
    """Every ``*.sql`` below ``schema_dir`` (function bodies), sorted: part of the cache key."""
    return sorted(p for p in schema_dir.rglob("*.sql") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(schema_dir).parts))


def load_schema(schema_dir: Path, default_schema: str = "public", *, cache_dir: Path | None = None) -> Database:
    """Read, validate and build the schema directory; raise ValidationFailed with every problem.

    With ``cache_dir``, the model of a directory whose files are byte-for-byte the same as at
    the last successful load is read back from there instead of being parsed and validated.
    """
    schema_dir = Path(schema_dir)
    if not schema_dir.is_dir():
        raise ValidationFailed([Problem(display_name(schema_dir), 1, 1, "schema directory does not exist",
                                        hint="create it, run `forge init`, or point --schema at it")])
    if cache_dir is None:
        return _load(schema_dir, default_schema)
    cached = Path(cache_dir) / MODEL_FILE
    key, model = _cached(schema_dir, default_schema, cached)
    if model is None:
        model = _load(schema_dir, default_schema)
        detach(_write_cache, cached, key, model)  # the next run's gain, not on this run's way
    return model


def cached_schema(schema_dir: Path, default_schema: str, cache_dir: Path) -> Database | None:
    """The model :func:`load_schema` would read back from ``cache_dir``; None when the files
    changed since (or nothing is cached): a warm run, told apart before any YAML is read."""
    schema_dir = Path(schema_dir)
    if not schema_dir.is_dir():
        return None
    return _cached(schema_dir, default_schema, Path(cache_dir) / MODEL_FILE)[1]


def _cached(schema_dir: Path, default_schema: str, cached: Path) -> tuple[str, Database | None]:
    """(the files' key, the model cached under it or None).

    The file starts with its key on a line of its own: a stale model (the first run after a
    YAML change) is refused on that line, never unpickled (~0.09 s at 1,000 tables)."""
    from .. import __version__

    h = hashlib.sha256(f"{__version__}\0{default_schema}".encode())
    for path in [*schema_files(schema_dir), *body_files(schema_dir)]:
        h.update(f"\0{path.relative_to(schema_dir)}\0".encode())
        h.update(path.read_bytes())
    key = h.hexdigest()
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                             ValueError), cached.open("rb") as f:
        if f.readline() == f"{key}\n".encode():
            return key, pickle.loads(f.read())
    return key, None


def _write_cache(cached: Path, key: str, model: Database) -> None:
    """The model under ``key``, written whole or not at all (a reader never sees half a file)."""
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(f"{key}\n".encode() + pickle.dumps(model))
        os.replace(tmp, cached)


def load_texts(files: dict[str, str], default_schema: str = "public") -> Database:
    """:func:`load_schema` over YAML texts in memory, keyed by file name: how ``forge import``
    proves that what it is about to write loads back to the model it read."""
    yaml = {n: t for n, t in files.items() if not n.endswith(".sql")}
    return _build([load_text(text, name) for name, text in sorted(yaml.items())], default_schema,
                  _memory_reader(files))


def _load(schema_dir: Path, default_schema: str) -> Database:
    return _build([load_file(path) for path in schema_files(schema_dir)], default_schema, _disk_reader(schema_dir))


def _disk_reader(schema_dir: Path) -> BodyReader:
    """Body files on disk, relative to the YAML file that names them, inside ``schema_dir``."""
    root = schema_dir.resolve()

    def read(file: str, rel: str) -> tuple[str | None, str | None]:
        path = (Path(file).resolve().parent / rel).resolve()
        if not path.is_relative_to(root) or Path(rel).is_absolute():
            return None, "is outside the schema directory"
        if path.suffix != ".sql":
            return None, "is not a .sql file"
        try:
            text, problem = decode_utf8(path.read_bytes(), display_name(path))
        except OSError as exc:
            return None, f"cannot be read: {exc.strerror or exc}"
        return (None, problem.message) if problem else (text, None)

    return read


def _memory_reader(files: dict[str, str]) -> BodyReader:
    def read(file: str, rel: str) -> tuple[str | None, str | None]:
        key = posixpath.normpath(posixpath.join(posixpath.dirname(file), rel))
        if key.startswith("..") or posixpath.isabs(rel) or not key.endswith(".sql"):
            return None, "is outside the schema directory or not a .sql file"
        text = files.get(key)
        return (text, None) if text is not None else (None, "does not exist")

    return read


def _build(loaded: list[tuple[Doc | None, list[Problem]]], default_schema: str, read_body: BodyReader) -> Database:
    problems: list[Problem] = []
    docs: list[Doc] = []
    dirty: dict[int, set[tuple]] = {}
    for doc, errs in loaded:
        problems.extend(errs)
        if doc is None:
            continue
        docs.append(doc)
        cut, cut_paths = find_cut_types(doc)
        structural = check_structure(doc, cut_paths)
        problems.extend(cut)
        problems.extend(structural)
        problems.extend(check_sql_fields(doc))
        problems.extend(check_name_lengths(doc))
        problems.extend(check_routines(doc, read_body))
        problems.extend(check_operators(doc))
        problems.extend(check_aggregates(doc))
        problems.extend(check_policies(doc))
        if structural:
            doc.keep_positions()  # pruning deletes nodes: positions must stay with them
            dirty[id(doc)] = prune_invalid(doc)
    catalog, dup = collect(docs, default_schema)
    problems.extend(dup)
    problems.extend(check_semantics(docs, catalog, dirty))
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    db = build(docs, catalog).sorted()
    named = check_index_names(db, catalog)
    if named:
        raise ValidationFailed(sorted(set(named)))
    return guard(db)
