"""The YAML side: load every schema file, validate it, build the model.

``load_schema`` is the one entry point. It collects *all* problems across all files (syntax,
structure, semantics) before giving up, so a user fixes everything in one round.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..background import detach_at_exit, forking, start
from ..errors import Problem, ValidationFailed
from ..keyed_pickle import read_keyed, write_keyed
from ..model import Database
from .build import build
from .guard import guard
from .index import Catalog, collect
from .loader import Doc, decode_utf8, display_name, load_text
from .perfile import Checked, Checking, check_file
from .routines import BodyReader
from .structure import json_schema
from .table_attributes import check_index_names
from .validate import check_semantics

# the YAML model of the last successful load, under ``cache_dir``
MODEL_FILE = "model.pickle"

__all__ = ["load_schema", "start_load", "load_texts", "schema_files", "json_schema"]


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
    return start_load(schema_dir, default_schema, cache_dir=cache_dir).result()


class Loading:
    """:func:`load_schema`'s answer, begun by :func:`start_load`: :meth:`result` finishes it."""

    def __init__(self, schema_dir: Path, default_schema: str, cache_dir: Path | None, child_share: float,
                 alone: bool = False) -> None:
        self.schema_dir, self.default_schema, self.split = schema_dir, default_schema, alone
        self.cached = self.checking = self.bodies = self.key = None
        self.path = None if cache_dir is None else Path(cache_dir) / MODEL_FILE
        files = schema_files(schema_dir)
        if self.path is not None:
            self.bodies = _digests(schema_dir, body_files(schema_dir))  # before any body is read
            if self.path.is_file():  # maybe a warm run: the key needs every file's bytes
                key = _key(default_schema, _digests(schema_dir, files), self.bodies)
                self.cached = read_keyed(self.path, key)  # a stale model is refused on its key line
                self.key = key if self.cached is not None else None
        if self.cached is None:
            self.checking = Checking(files, _disk_reader(schema_dir), child_share)

    def result(self) -> Database:
        if self.cached is not None:
            return self.cached
        checked = self.checking.result()
        # large enough for the files to be split: large enough for the meaning to be
        model = _build(checked, self.default_schema, self.split and bool(self.checking.theirs))
        if self.path is not None:  # keyed by the very bytes the model was built from
            yaml = [(_rel(self.schema_dir, p), c[3]) for p, c in zip(self.checking.paths, checked, strict=True)]
            self.key = _key(self.default_schema, yaml, self.bodies)
            detach_at_exit(_write_cache, self.path, self.model_key(), model)  # the next run's gain
        self.cached = model
        return model

    def model_key(self) -> ModelKey | None:
        """After :meth:`result`: what the model is a function of (its cache key), or None when
        the files were not all read or no cache is kept (a read-only command)."""
        if self.key is None:
            return None
        schema_dir, bodies = self.schema_dir, self.bodies
        return ModelKey(self.key, lambda: _digests(schema_dir, body_files(schema_dir)) == bodies)


@dataclass(frozen=True)
class ModelKey:
    """A loaded model's cache key: schemaforge's version, the default schema and the digests of
    the YAML bytes it was built from and of the body files before the load began. ``current``
    says whether the body files still hold those bytes (one changed during the load: the model
    may hold either text, and nothing is to be remembered under this key)."""

    key: str
    current: Callable[[], bool]


def start_load(schema_dir: Path, default_schema: str = "public", *, cache_dir: Path | None = None,
               child_share: float = 0.5, alone: bool = False) -> Loading:
    """:func:`load_schema` begun: the model cached in ``cache_dir`` read back (:attr:`Loading.cached`),
    else a share of the files loaded and checked in a child from now on (:class:`~.perfile.Checking`).
    ``alone``: nothing else runs meanwhile (no catalog read): the meaning across files is
    checked in a child too, while this process builds the model."""
    schema_dir = Path(schema_dir)
    if not schema_dir.is_dir():
        raise ValidationFailed([Problem(display_name(schema_dir), 1, 1, "schema directory does not exist",
                                        hint="create it, run `forge init`, or point --schema at it")])
    return Loading(schema_dir, default_schema, cache_dir, child_share, alone)


# (path relative to the schema directory, SHA-256 of its bytes or None when it could not be read)
Digests = list[tuple[str, str | None]]


def _rel(schema_dir: Path, path: Path) -> str:
    return str(path.relative_to(schema_dir))


def _digests(schema_dir: Path, paths: list[Path]) -> Digests:
    out: Digests = []
    for path in paths:
        try:
            out.append((_rel(schema_dir, path), hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            out.append((_rel(schema_dir, path), None))
    return out


def _key(default_schema: str, yaml: Digests, bodies: Digests) -> str | None:
    """The cache key of a model: schemaforge's version, the default schema, and each YAML and
    body file's path and bytes (their digests); None when a file could not be read."""
    from .. import __version__

    if any(d is None for _, d in (*yaml, *bodies)):
        return None
    h = hashlib.sha256(f"{__version__}\0{default_schema}".encode())
    for kind, files in (("yaml", yaml), ("sql", bodies)):
        for rel, digest in files:
            h.update(f"\0{kind}\0{rel}\0{digest}".encode())
    return h.hexdigest()


def _write_cache(cached: Path, key: ModelKey | None, model: Database) -> None:
    """The model under its key, written whole or not at all (see :mod:`schemaforge.keyed_pickle`).

    A body file changed since the load began (its text in the model may be either) leaves the
    cache as it was (:attr:`ModelKey.current`): the next run loads afresh."""
    if key is not None and key.current():
        write_keyed(cached, key.key, model)


def load_texts(files: dict[str, str], default_schema: str = "public") -> Database:
    """:func:`load_schema` over YAML texts in memory, keyed by file name: how ``forge import``
    proves that what it is about to write loads back to the model it read."""
    yaml = {n: t for n, t in files.items() if not n.endswith(".sql")}
    read_body = _memory_reader(files)
    return _build([check_file(load_text(text, name), read_body) for name, text in sorted(yaml.items())],
                  default_schema)


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


def _build(checked: list[Checked], default_schema: str, split: bool = False) -> Database:
    """The model from every file's :func:`~.perfile.check_file`: what needs all files together.

    ``split``: the meaning checked in a child while this process builds, worth it when the
    machine's other core is idle (``forge validate``: 1,000 entities 0.37 -> 0.345 s), not beside a
    plan's catalog read (no gain measured)."""
    problems: list[Problem] = []
    docs: list[Doc] = []
    dirty: dict[int, set[tuple]] = {}
    cut: set[tuple] = set()
    for doc, errs, pruned, _digest, cut_paths in checked:
        problems.extend(errs)
        cut |= cut_paths
        if doc is None:
            continue
        docs.append(doc)
        if pruned is not None:
            dirty[id(doc)] = pruned
    catalog, dup = collect(docs, default_schema)
    problems.extend(dup)
    if problems or not (split and forking()):
        problems.extend(check_semantics(docs, catalog, dirty, cut))
        if problems:
            raise ValidationFailed(sorted(set(problems)))
        return _model(docs, catalog)
    # the files are each sound: their meaning across files is checked in a child while this
    # process builds the model, which is used only if that check finds nothing
    meaning = start(check_semantics, docs, catalog, dirty, cut)
    try:
        model, failed = _model(docs, catalog), None
    except Exception as exc:  # noqa: BLE001 (the meaning's problems, when there are any, say why)
        model, failed = None, exc
    problems = meaning.result()
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    if failed is not None:
        raise failed
    return model


def _model(docs: list[Doc], catalog: Catalog) -> Database:
    """The model of documents whose meaning is sound, or the problems of its index names."""
    db = build(docs, catalog).sorted()
    named = check_index_names(db, catalog)
    if named:
        raise ValidationFailed(sorted(set(named)))
    return guard(db)
