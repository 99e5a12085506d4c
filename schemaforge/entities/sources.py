"""Where each object of the schema was declared: ``file:line:col`` by object key, for annotations.

``forge plan --format github`` points each hazard at the YAML that caused it. A change names
its objects by keys (``("column", schema, table, name)``, see :mod:`schemaforge.changes.base`);
this module reads the schema files again and maps the same plain tuples to the node that
declares the object, so nothing here imports the changes. Only the commands that print
positions pay for the second read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .index import collect, doc_schema
from .loader import Doc, load_file


@dataclass(frozen=True)
class Source:
    """A declaration in a schema file (1-based line and column)."""

    file: str
    line: int
    col: int


class Sources:
    """Object key -> the YAML node declaring it. A key the YAML does not hold (a dropped
    table) has no source; :meth:`find` takes the first of several keys that has one."""

    def __init__(self, docs: list[Doc], default_schema: str):
        self.at: dict[tuple[str, ...], Source] = {}
        cat, _ = collect(docs, default_schema)
        for ent in sorted(cat.entities.values(), key=lambda e: (e.doc.file, e.name)):
            self._entity(ent)
        for doc in docs:
            self._file(doc, doc_schema(doc, default_schema))

    def find(self, *keys: tuple[str, ...]) -> Source | None:
        return next((self.at[k] for k in keys if k in self.at), None)

    def _put(self, key: tuple[str, ...], doc: Doc, path: tuple, *, key_node: bool = True) -> None:
        if key not in self.at:  # the first declaration wins (a duplicate is a validation error anyway)
            line, col = doc.pos(path, key=key_node)
            self.at[key] = Source(doc.file, line, col)

    def _entity(self, ent: Any) -> None:
        s, t, p, doc = ent.schema, ent.table, ent.path, ent.doc
        for kind in ("table", "relation"):
            self._put((kind, s, t), doc, p)
        for name in ent.columns:
            self._put(("column", s, t, str(name)), doc, p + ("columns", name))
        for column, rel in sorted(ent.relation_columns().items()):
            self._put(("column", s, t, column), doc, p + ("relations", rel))
        node = ent.node if isinstance(ent.node, dict) else {}
        checks = node.get("checks")
        for name in checks if isinstance(checks, dict) else []:
            self._put(("constraint", s, t, str(name)), doc, p + ("checks", name))
        for i, idx in enumerate(_list(node.get("indexes"))):
            if isinstance(idx, dict) and isinstance(idx.get("name"), str):
                self._put(("name", s, idx["name"]), doc, p + ("indexes", i), key_node=False)

    def _file(self, doc: Doc, fschema: str) -> None:
        data = doc.data if isinstance(doc.data, dict) else {}
        for i, ext in enumerate(_list(data.get("extensions"))):
            name = ext.get("name") if isinstance(ext, dict) else ext
            if isinstance(name, str):
                self._put(("extension", name), doc, ("extensions", i), key_node=False)
        for section, kind in (("enums", "type"), ("domains", "type"), ("composite_types", "type"),
                              ("sequences", "sequence"), ("views", "relation")):
            nodes = data.get(section)
            for name, node in nodes.items() if isinstance(nodes, dict) else []:
                schema = node.get("schema") if isinstance(node, dict) else None
                self._put((kind, str(schema or fschema), str(name)), doc, (section, name))
        for section in ("functions", "procedures"):  # a definition, or a list of overloads
            nodes = data.get(section)
            for name, node in nodes.items() if isinstance(nodes, dict) else []:
                first = node[0] if isinstance(node, list) and node else node
                schema = first.get("schema") if isinstance(first, dict) else None
                self._put(("function", str(schema or fschema), str(name)), doc, (section, name))
        schemas = data.get("schemas")
        for name in schemas if isinstance(schemas, dict) else []:
            self._put(("schema", str(name)), doc, ("schemas", name))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def read_sources(schema_dir: Path, default_schema: str) -> Sources:
    """The sources of every schema file below ``schema_dir`` (files that do not parse add none)."""
    from . import schema_files

    docs = [doc for doc, _ in (load_file(p) for p in schema_files(Path(schema_dir))) if doc is not None]
    return Sources(docs, default_schema)
