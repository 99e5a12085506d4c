"""The YAML side: load every schema file, validate it, build the model.

``load_schema`` is the one entry point. It collects *all* problems across all files (syntax,
structure, semantics) before giving up, so a user fixes everything in one round.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, ValidationFailed
from ..model import Database
from .build import build
from .index import collect
from .loader import Doc, display_name, load_file
from .structure import check_structure, dirty_paths, json_schema
from .validate import check_semantics, find_cut_types

__all__ = ["load_schema", "schema_files", "json_schema"]


def schema_files(schema_dir: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` below ``schema_dir``, sorted, hidden directories skipped."""
    files = [p for p in schema_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(schema_dir).parts)]
    return sorted(files)


def load_schema(schema_dir: Path, default_schema: str = "public") -> Database:
    """Read, validate and build the schema directory; raise ValidationFailed with every problem."""
    schema_dir = Path(schema_dir)
    if not schema_dir.is_dir():
        raise ValidationFailed([Problem(display_name(schema_dir), 1, 1, "schema directory does not exist",
                                        hint="create it, run `forge init`, or point --schema at it")])
    problems: list[Problem] = []
    docs: list[Doc] = []
    dirty: dict[int, set[tuple]] = {}
    for path in schema_files(schema_dir):
        doc, errs = load_file(path)
        problems.extend(errs)
        if doc is None:
            continue
        docs.append(doc)
        cut, cut_paths = find_cut_types(doc)
        structural = check_structure(doc, cut_paths)
        problems.extend(cut)
        problems.extend(structural)
        if structural:
            dirty[id(doc)] = dirty_paths(doc)
    catalog, dup = collect(docs, default_schema)
    problems.extend(dup)
    problems.extend(check_semantics(docs, catalog, dirty))
    if problems:
        raise ValidationFailed(sorted(set(problems)))
    return build(docs, catalog).sorted()
