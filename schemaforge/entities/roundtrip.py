"""``forge import``'s entry point: YAML files that build back to the model they came from.

:mod:`schemaforge.entities.writer` writes the files; this module holds the writer to its
contract. The files are loaded in memory by the same pipeline as ``forge plan``
(:func:`schemaforge.entities.load_texts`), and every constraint or index name that comes out
different is made explicit; repeated until nothing changes (explicit names can shift generated
ones, as in PostgreSQL). Files that do not load back (the import reports why) have every name
explicit: nothing tells which would come back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import ForgeError, ValidationFailed
from ..model import Database
from ..naming import figure_index_colname, index_column_names, may_be_chosen, name_addition
from .writer import LAYOUTS, Writer


@dataclass
class ImportResult:
    files: dict[str, str]  # relative path -> YAML text
    problems: list[str] = field(default_factory=list)  # the YAML does not build back (should not happen)


MARKER = "# Imported from the database by `forge import`."
"""The header line of every file ``forge import`` writes: ``--force`` replaces only files that have it."""


def written_by_import(path: Path) -> bool:
    """Whether ``path`` is a file an earlier ``forge import`` wrote (its marker in the first lines)."""
    try:
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return MARKER in head.splitlines()[:5]


def body_files_of(path: Path) -> list[Path]:
    """The ``body_file:`` paths an import-written YAML file names (resolved next to it).

    They are the import's own files too (a function body has no room for a marker line), so
    ``forge import --force`` may replace them; anything unreadable names nothing."""
    from ruamel.yaml import YAML, YAMLError

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError, ValueError):
        return []
    found: list[Path] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("body_file"), str):
                found.append(path.parent / node["body_file"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(found)


def import_model(db: Database, *, default_schema: str = "public", layout: str = "table",
                 schema_url: str | None = None, written: Callable[[dict[str, str]], None] | None = None) -> ImportResult:
    """YAML files (relative path -> text) that build back into ``db``.

    ``written``: called with each pass's files while they are checked (:func:`_checked`), so
    ``forge import`` writes them meanwhile; its last call has the files returned."""
    from ..scaffold import schema_url as default_url

    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    db = _without_defaults(db)
    header = f"# yaml-language-server: $schema={schema_url or default_url()}\n{MARKER}\n"
    explicit: set[tuple] = _never_default(db)
    problems: list[str] = []
    for _ in range(8):
        files = Writer(db, default_schema, layout, explicit).files(header)
        missing, problems = _checked(files, db, default_schema, written)
        if problems and explicit != _every_name(db):
            # files that do not load back cannot tell which names would come back: write every
            # name, so fixing what they are refused for renames nothing
            explicit = _every_name(db)
            continue
        if not missing - explicit:
            break
        explicit |= missing
    return ImportResult(files, problems)


def _checked(files: dict[str, str], db: Database, default_schema: str,
             written: Callable[[dict[str, str]], None] | None) -> tuple[set[tuple], list[str]]:
    """:func:`_names_that_differ`; with ``written``, computed in a second process (see
    :mod:`schemaforge.background`) while ``written(files)`` runs here. Loading 1,000 table
    files back takes ~0.45 s and writing them ~0.2-0.5 s: side by side, an import costs the
    longer of the two. Files a check sends back for another pass are written again."""
    if written is None:
        return _names_that_differ(files, db, default_schema)
    from ..background import start

    pending = start(_names_that_differ, files, db, default_schema)
    written(files)
    return pending.result()


def _every_name(db: Database) -> set[tuple]:
    """(schema, table, name) of every constraint and index the writer may leave unnamed."""
    out: set[tuple] = set()
    for t in db.tables:
        named = (t.primary_key, *t.uniques, *t.foreign_keys, *t.indexes, *t.exclusions)
        out |= {(t.schema, t.name, o.name) for o in named if o is not None}
    out |= {(v.schema, v.name, ix.name) for v in db.views for ix in v.indexes}
    return out


def _never_default(db: Database) -> set[tuple]:
    """Names no default (nor a default with a collision suffix) can be: written from the first
    pass, which the loop in :func:`import_model` would otherwise find only by building every file
    a second time (custom names are common: a 1,000-table import halves its time). A name this
    misses is still found by the loop; one it wrongly takes is merely written out."""
    out: set[tuple] = set()
    for t in db.tables:
        named: list[tuple[Any, str | None, str]] = [(t.primary_key, None, "pkey")] if t.primary_key else []
        named += [(u, name_addition(u.columns), "key") for u in t.uniques]
        named += [(fk, name_addition(fk.columns), "fkey") for fk in t.foreign_keys]
        for ix in t.indexes:
            keys = [e.column or (figure_index_colname(e.expression) if e.expression else None) for e in ix.elements]
            named.append((ix, name_addition(index_column_names([*keys, *ix.include])), "idx"))
        for obj, addition, label in named:
            if not may_be_chosen(obj.name, t.name, addition, label):
                out.add((t.schema, t.name, obj.name))
    return out


def _without_defaults(db: Database) -> Database:
    """Drop what the YAML never needs to say: the untouched ``public`` schema, plpgsql."""
    return replace(db, extensions=tuple(e for e in db.extensions if e.name != "plpgsql"))


def _names_that_differ(files: dict[str, str], db: Database, default_schema: str) -> tuple[set[tuple], list[str]]:
    """(schema, table, name) of every source name the built YAML does not reproduce."""
    from . import load_texts

    try:
        built = load_texts(files, default_schema)
    except ValidationFailed as exc:
        return set(), [f"{p.file}:{p.line}:{p.col}: {p.message}" for p in exc.problems]
    except ForgeError as exc:  # the model guard: reported like the other problems, not raised
        return set(), [exc.message]
    differ: set[tuple] = set()
    built_tables = {t.qname: t for t in built.tables}
    for t in db.tables:
        b = built_tables.get(t.qname)
        owners: list[tuple[Any, Any]] = [((t.primary_key,), (b.primary_key,) if b else ())]
        if b is not None:
            owners += [(t.uniques, b.uniques), (t.foreign_keys, b.foreign_keys), (t.indexes, b.indexes),
                       (t.exclusions, b.exclusions)]
        else:
            owners += [(t.uniques, ()), (t.foreign_keys, ()), (t.indexes, ()), (t.exclusions, ())]
        for src, out in owners:
            differ |= {(t.schema, t.name, n) for n in _unmatched(src, out)}
    built_views = {v.qname: v for v in built.views}
    for v in db.views:
        b = built_views.get(v.qname)
        differ |= {(v.schema, v.name, n) for n in _unmatched(v.indexes, b.indexes if b else ())}
    return differ, []


def _unmatched(source: tuple, built: tuple) -> set[str]:
    """Names in ``source`` whose twin (same object but for the name) in ``built`` has another name."""
    by_sig: dict[Any, set[str]] = defaultdict(set)
    for o in built:
        if o is not None:
            by_sig[replace(o, name="")].add(o.name)
    return {o.name for o in source if o is not None and o.name not in by_sig.get(replace(o, name=""), set())}
