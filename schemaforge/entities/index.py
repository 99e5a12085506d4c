"""The project-wide index of what the YAML declares: entities, tables, enums, extensions.

Validation and building both need to resolve names across files (a relation's target, a
``references:`` column, an enum used as a column type, the type of a target's primary key),
so the resolution rules live here once. Collecting also reports names declared twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..idents import quote
from ..model import default_multirange_name
from ..types import combine_type, parse_type, plain_type_of_key
from .loader import Doc
from .structure import did_you_mean

FK_TYPES = ("many-to-one", "one-to-one")


def snake_case(name: str) -> str:
    """``OrderItem`` -> ``order_item``, ``HTTPLog`` -> ``http_log``."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return re.sub(r"[\s\-]+", "_", s).lower()


@dataclass
class Entity:
    name: str
    doc: Doc
    node: Any
    schema: str
    table: str

    @property
    def path(self) -> tuple:
        return ("entities", self.name)

    @property
    def columns(self) -> dict[str, Any]:
        cols = self.node.get("columns") if isinstance(self.node, dict) else None
        return cols if isinstance(cols, dict) else {}

    @property
    def relations(self) -> dict[str, Any]:
        rels = self.node.get("relations") if isinstance(self.node, dict) else None
        return rels if isinstance(rels, dict) else {}

    def relation_columns(self) -> dict[str, str]:
        """``<relation>_id`` column name -> relation name, for many-to-one / one-to-one."""
        return {f"{r}_id": r for r, n in self.relations.items()
                if isinstance(n, dict) and n.get("type") in FK_TYPES}

    def all_columns(self) -> list[str]:
        return [str(c) for c in self.columns] + [c for c in self.relation_columns() if c not in self.columns]

    def pk_columns(self) -> list[str]:
        pk = self.node.get("primary_key") if isinstance(self.node, dict) else None
        if isinstance(pk, dict):
            pk = pk.get("columns")
        if isinstance(pk, list) and pk:
            return [str(c) for c in pk]
        return [str(c) for c, n in self.columns.items() if isinstance(n, dict) and n.get("primary") is True]

    def at(self, *rest: Any, key: bool = False) -> tuple[str, int, int]:
        line, col = self.doc.pos(self.path + tuple(rest), key=key)
        return self.doc.file, line, col


@dataclass
class EnumDef:
    schema: str
    name: str
    labels: list[str]
    doc: Doc
    path: tuple


@dataclass
class Catalog:
    default_schema: str
    entities: dict[str, Entity] = field(default_factory=dict)
    enums: dict[tuple[str, str], EnumDef] = field(default_factory=dict)
    extensions: set[str] = field(default_factory=set)
    types: set[tuple[str, str]] = field(default_factory=set)  # domains and composite types
    # find_entity's index by table name, rebuilt when entities are added (index_entities only adds)
    _by_table: dict[str, list[Entity]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)
    # type_text's answers: a schema spells the same few types thousands of times
    _type_texts: dict[tuple, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def find_type(self, name: str, schema: str) -> tuple[str, str] | None:
        """A domain or composite type declared in the YAML, as (schema, name)."""
        if "." in name:
            s, _, n = name.partition(".")
            key = (s.strip('"'), n.strip('"'))
            return key if key in self.types else None
        n = name.strip('"')
        return next((k for k in ((schema, n), (self.default_schema, n)) if k in self.types), None)

    def resolve_reference(self, ref: str, schema: str) -> tuple[Entity | None, str | None, str | None]:
        """``Entity.column`` / ``table.column`` / ``schema.table.column`` seen from ``schema``
        -> (entity, column, error): validation reports the error, building uses the rest."""
        parts = ref.split(".")
        if len(parts) < 2 or not all(parts):
            return None, None, f"references '{ref}' must look like Entity.column"
        target_ref, column = ".".join(parts[:-1]), parts[-1]
        target = self.find_entity(target_ref, schema)
        if target is None:
            names = list(self.entities) + [e.table for e in self.entities.values()]
            return None, None, f"references '{ref}': no entity or table named '{target_ref}'{did_you_mean(target_ref, names)}"
        if column not in target.all_columns():
            return target, None, (f"references '{ref}': entity '{target.name}' has no column '{column}'"
                                  f"{did_you_mean(column, target.all_columns())}")
        return target, column, None

    def find_entity(self, ref: str, schema: str | None = None) -> Entity | None:
        """By entity name, then ``schema.table``, then table name in ``schema``, then anywhere (if unique)."""
        if ref in self.entities:
            return self.entities[ref]
        if self._indexed != len(self.entities):  # a dict, not a scan per reference: 1,000 FKs
            self._by_table = {}
            for e in self.entities.values():
                self._by_table.setdefault(e.table, []).append(e)
            self._indexed = len(self.entities)
        if "." in ref:
            s, _, t = ref.partition(".")
            return next((e for e in self._by_table.get(t, ()) if e.schema == s), None)
        anywhere = self._by_table.get(ref, [])
        same = [e for e in anywhere if e.schema == schema]
        if same:
            return same[0]
        return anywhere[0] if len(anywhere) == 1 else None

    def find_enum(self, name: str, schema: str) -> EnumDef | None:
        if "." in name:
            s, _, n = name.partition(".")
            return self.enums.get((s.strip('"'), n.strip('"')))
        n = name.strip('"')
        return self.enums.get((schema, n)) or self.enums.get((self.default_schema, n))

    def column_type(self, ent: Entity, column: str, _seen: frozenset = frozenset()) -> str | None:
        """The model type text of a column (enums qualified and quoted); None if unresolvable."""
        node = ent.columns.get(column)
        if isinstance(node, dict) and isinstance(node.get("type"), str):
            return self.type_text(node, ent.schema)
        rel = ent.relation_columns().get(column)
        if rel is None or (ent.name, column) in _seen:
            return None
        target = self.find_entity(str(ent.relations[rel].get("target")), ent.schema)
        if target is None:
            return None
        pk = target.pk_columns()
        if len(pk) != 1:
            return None
        key_type = self.column_type(target, pk[0], _seen | {(ent.name, column)})
        return key_column_type(key_type) if key_type else None

    def type_text(self, node: dict, schema: str) -> str:
        """The column type's SQL text: a YAML enum or type qualified, length/precision/scale in."""
        raw = str(node["type"])
        key = (raw, _int(node.get("length")), _int(node.get("precision")), _int(node.get("scale")), schema,
               len(self.enums), len(self.types))  # the catalog only grows: its sizes say what it knew
        found = self._type_texts.get(key)
        if found is None:
            found = self._type_texts[key] = self._type_text(raw, key[1], key[2], key[3], schema)
        return found

    def _type_text(self, raw: str, length: int | None, precision: int | None, scale: int | None, schema: str) -> str:
        text = combine_type(raw, length, precision, scale)
        spec = parse_type(text)
        enum = self.find_enum(parse_type(raw).base, schema)
        if enum is not None:
            return f"{quote(enum.schema)}.{quote(enum.name)}" + ("[]" if spec.array else "")
        user = self.find_type(parse_type(raw).base, schema)
        if user is not None:
            return f"{quote(user[0])}.{quote(user[1])}" + ("[]" if spec.array else "")
        return text


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def spec_key(spec: dict) -> tuple:
    """A YAML mapping of scalars as a key: its items and each value's type, since ``1``,
    ``1.0`` and ``true`` are equal in Python but not in YAML. Hashing it raises TypeError
    when a value is a list or a mapping."""
    return (*spec.items(), *map(type, spec.values()))


def key_column_type(text: str) -> str:
    """Type for a column that references a key: serial -> integer, bigserial -> bigint."""
    if text.startswith('"'):
        return text
    return plain_type_of_key(text)


def doc_schema(doc: Doc, default_schema: str) -> str:
    data = doc.data if isinstance(doc.data, dict) else {}
    s = data.get("schema")
    return str(s) if isinstance(s, str) and s else default_schema


def collect(docs: list[Doc], default_schema: str) -> tuple[Catalog, list[Problem]]:
    """Index every entity/enum/extension; report entity, table, enum and view names declared twice."""
    cat = Catalog(default_schema)
    problems: list[Problem] = []
    relations_seen: dict[tuple[str, str], tuple[str, Doc, tuple]] = {}  # (schema, name) -> (what, doc, path)

    def claim(schema: str, name: str, kind: str, owner: str, doc: Doc, path: tuple) -> None:
        prev = relations_seen.get((schema, name))
        if prev:  # positions are read only for a clash: reading them costs a second parse
            line, col = doc.pos(path, key=True)
            prev_line = prev[1].pos(prev[2], key=True)[0]
            problems.append(Problem(doc.file, line, col,
                                    f"{kind} name '{schema}.{name}' of {owner} is already used by {prev[0]} "
                                    f"at {prev[1].file}:{prev_line}",
                                    hint="tables, views and sequences share one namespace per schema; rename one"))
        else:
            relations_seen[(schema, name)] = (owner, doc, path)

    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        fschema = doc_schema(doc, default_schema)
        exts = data.get("extensions")
        for ext in exts if isinstance(exts, list) else []:
            name = ext.get("name") if isinstance(ext, dict) else ext
            if isinstance(name, str):
                cat.extensions.add(name)
        enums = data.get("enums")
        for ename, labels in (enums.items() if isinstance(enums, dict) else []):
            schema = fschema
            if isinstance(labels, dict):
                schema = str(labels.get("schema") or fschema)
                labels = labels.get("values")
            key = (schema, str(ename))
            if key in cat.enums:
                prev = cat.enums[key]
                line, col = doc.pos(("enums", ename), key=True)
                pline, _ = prev.doc.pos(prev.path, key=True)
                problems.append(Problem(doc.file, line, col,
                                        f"enum '{schema}.{ename}' is already declared at {prev.doc.file}:{pline}"))
                continue
            cat.enums[key] = EnumDef(schema, str(ename), [str(x) for x in labels] if isinstance(labels, list) else [],
                                     doc, ("enums", ename))
        for kind in ("domains", "composite_types", "range_types"):
            items = data.get(kind)
            for tname, tnode in (items.items() if isinstance(items, dict) else []):
                tschema = str(tnode.get("schema") or fschema) if isinstance(tnode, dict) else fschema
                cat.types.add((tschema, str(tname)))
                if kind == "range_types" and isinstance(tnode, dict):  # and the multirange it brings
                    cat.types.add((tschema, str(tnode.get("multirange") or default_multirange_name(str(tname)))))
        ents = data.get("entities")
        for name, node in (ents.items() if isinstance(ents, dict) else []):
            name = str(name)
            node_d = node if isinstance(node, dict) else {}
            schema = str(node_d.get("schema") or fschema)
            table = str(node_d.get("table") or snake_case(name))
            ent = Entity(name, doc, node, schema, table)
            if name in cat.entities:
                prev = cat.entities[name]
                line, col = doc.pos(("entities", name), key=True)
                pline = prev.at(key=True)[1]
                problems.append(Problem(doc.file, line, col,
                                        f"entity '{name}' is already declared at {prev.doc.file}:{pline}",
                                        hint="an entity may not be split across files; merge or rename them"))
                continue
            cat.entities[name] = ent
            claim(schema, table, "table", f"entity '{name}'", doc, ("entities", name))
        for kind in ("views", "sequences"):
            items = data.get(kind)
            for name, node in (items.items() if isinstance(items, dict) else []):
                schema = str(node.get("schema") or fschema) if isinstance(node, dict) else fschema
                claim(schema, str(name), kind[:-1], f"{kind[:-1]} '{name}'", doc, (kind, name))
    # many-to-many join tables take names too
    for ent in cat.entities.values():
        for rname, rel in ent.relations.items():
            if isinstance(rel, dict) and rel.get("type") == "many-to-many":
                jt = str(rel.get("join_table") or f"{ent.table}_{rname}")
                claim(ent.schema, jt, "join table", f"relation '{ent.name}.{rname}'", ent.doc, ent.path + ("relations", rname))
    return cat, problems
