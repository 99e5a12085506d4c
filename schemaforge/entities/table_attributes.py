"""The table attributes of an entity (docs/table-attributes.md): how the YAML spells them,
their meaning checks (each at its file:line:col), and the model's keyword arguments."""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem
from ..model import QName

# Table storage parameters PostgreSQL takes (``WITH (...)`` on CREATE TABLE / ALTER TABLE SET):
# the heap's own and the autovacuum ones. ``toast.*`` ones are not modelled.
STORAGE_PARAMETERS = frozenset({
    "fillfactor", "parallel_workers", "toast_tuple_target", "user_catalog_table", "vacuum_index_cleanup",
    "vacuum_truncate", "vacuum_max_eager_freeze_failure_rate", "log_autovacuum_min_duration",
    "autovacuum_enabled", "autovacuum_vacuum_threshold", "autovacuum_vacuum_max_threshold",
    "autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_threshold",
    "autovacuum_vacuum_insert_scale_factor", "autovacuum_analyze_threshold", "autovacuum_analyze_scale_factor",
    "autovacuum_vacuum_cost_delay", "autovacuum_vacuum_cost_limit", "autovacuum_freeze_min_age",
    "autovacuum_freeze_max_age", "autovacuum_freeze_table_age", "autovacuum_multixact_freeze_min_age",
    "autovacuum_multixact_freeze_max_age", "autovacuum_multixact_freeze_table_age",
})

def storage_value(v: Any) -> str:
    """A YAML value as reloptions hold it: booleans as true/false, words lowercased."""
    if isinstance(v, bool):
        return "true" if v else "false"
    text = str(v)
    return text.lower() if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text) else text


def attributes(node: dict, parents: list[QName]) -> dict[str, Any]:
    """``Table`` keyword arguments for an entity's node (valid already)."""
    out: dict[str, Any] = {}
    if node.get("unlogged"):
        out["unlogged"] = True
    identity = node.get("replica_identity")
    if isinstance(identity, dict):
        out["replica_identity"], out["replica_identity_index"] = "index", str(identity["index"])
    elif identity is not None:
        out["replica_identity"] = str(identity)
    if node.get("with"):
        out["storage"] = tuple(sorted((str(k), storage_value(v)) for k, v in node["with"].items()))
    if node.get("cluster_on") is not None:
        out["cluster_on"] = str(node["cluster_on"])
    if parents:
        out["inherits"] = tuple(parents)
    return out


def check_attributes(rep: Any, cat: Any, ent: Any, node: dict) -> None:
    """Meaning checks of an entity's table attributes, each at its YAML node (``rep`` is
    :class:`~schemaforge.entities.validate.Reporter`, ``cat`` the catalog)."""
    doc, path = ent.doc, ent.path
    for key in node.get("with") or {} if isinstance(node.get("with"), dict) else ():
        if str(key) not in STORAGE_PARAMETERS:
            rep.add(doc, path + ("with", key), f"unknown table storage parameter '{key}'",
                    hint="write one of fillfactor, autovacuum_enabled, autovacuum_vacuum_scale_factor, ... "
                         "(see docs/table-attributes.md)", key=True)
    if node.get("partition_by") is not None:
        for cname, spec in (node.get("checks") or {}).items():
            if isinstance(spec, dict) and spec.get("valid") is False:
                rep.add(doc, path + ("checks", cname, "valid"), f"check '{cname}' of partitioned entity "
                        f"'{ent.name}' cannot be NOT VALID", hint="remove valid: false", key=True)
        for i, fk in enumerate(node.get("foreign_keys") or []):
            if isinstance(fk, dict) and fk.get("valid") is False:
                rep.add(doc, path + ("foreign_keys", i, "valid"), f"a foreign key of partitioned entity "
                        f"'{ent.name}' cannot be NOT VALID", hint="remove valid: false", key=True)
    _check_inherits(rep, cat, ent, node)


def _check_inherits(rep: Any, cat: Any, ent: Any, node: dict) -> None:
    parents = node.get("inherits")
    if not isinstance(parents, list):
        return
    doc, path = ent.doc, ent.path
    if node.get("partition_of") is not None or node.get("partition_by") is not None:
        rep.add(doc, path + ("inherits",), f"entity '{ent.name}' is partitioned or a partition: it cannot also "
                "use inherits", hint="use partition_of for partitions", key=True)
        return
    for i, name in enumerate(parents):
        parent = cat.find_entity(str(name), ent.schema)
        if parent is None:
            rep.add(doc, path + ("inherits", i), f"entity '{ent.name}' inherits unknown entity '{name}'")
            continue
        if parent is ent or _ancestors(cat, parent, {id(ent)}) is None:
            rep.add(doc, path + ("inherits", i), f"entity '{ent.name}' inherits from itself through '{name}'")
            continue
        pnode = parent.node if isinstance(parent.node, dict) else {}
        if pnode.get("partition_by") is not None or pnode.get("partition_of") is not None:
            rep.add(doc, path + ("inherits", i), f"entity '{ent.name}' cannot inherit partitioned table or partition "
                    f"'{name}'", hint="use partition_of to make it a partition")
            continue


def _ancestors(cat: Any, ent: Any, seen: set[int]) -> set[int] | None:
    """The ids of ``ent`` and its ancestors, or None when one of them is in ``seen`` (a cycle)."""
    if id(ent) in seen:
        return None
    seen = seen | {id(ent)}
    node = ent.node if isinstance(ent.node, dict) else {}
    for name in node.get("inherits") or [] if isinstance(node.get("inherits"), list) else []:
        parent = cat.find_entity(str(name), ent.schema)
        if parent is not None:
            more = _ancestors(cat, parent, seen)
            if more is None:
                return None
            seen = more
    return seen


def inherited_names(cat: Any, ent: Any) -> list[str]:
    """The columns an entity gets from its parents (for the names its constraints may use)."""
    node = ent.node if isinstance(ent.node, dict) else {}
    out: list[str] = []
    if _ancestors(cat, ent, set()) is None:
        return out
    for name in node.get("inherits") or [] if isinstance(node.get("inherits"), list) else []:
        parent = cat.find_entity(str(name), ent.schema)
        if parent is not None:
            out += [c for c in (*inherited_names(cat, parent), *map(str, parent.all_columns())) if c not in out]
    return out


def check_index_names(db: Any, cat: Any) -> list[Problem]:
    """``replica_identity: {index: ...}`` and ``cluster_on`` name an index (or key) of the built table."""
    problems = []
    entities = {(e.schema, e.table): e for e in cat.entities.values()}
    for t in db.tables:
        ent = entities.get((t.schema, t.name))
        if ent is None:
            continue
        names = {i.name for i in (*t.indexes, *t.uniques, *t.exclusions)} | (
            {t.primary_key.name} if t.primary_key else set())
        for value, where in ((t.replica_identity_index, ("replica_identity", "index")), (t.cluster_on, ("cluster_on",))):
            if value is not None and value not in names:
                file, line, col = ent.at(*where)
                problems.append(Problem(file, line, col, f"{where[0]} of entity '{ent.name}' names index '{value}', "
                                        "which this table does not have",
                                        hint="name one of its indexes or keys: " + ", ".join(sorted(names))
                                        if names else "give the table an index first"))
    return problems


def attribute_keys(t: Any, entity_of: dict) -> dict[str, Any]:
    """The YAML keys ``forge import`` writes for a table's attributes (none at their default)."""
    out: dict[str, Any] = {}
    if t.inherits:
        out["inherits"] = [entity_of.get(p) or f"{p.schema}.{p.name}" for p in t.inherits]
    if t.unlogged:
        out["unlogged"] = True
    if t.replica_identity == "index":
        out["replica_identity"] = {"index": t.replica_identity_index}
    elif t.replica_identity != "default":
        out["replica_identity"] = t.replica_identity
    if t.storage:
        out["with"] = {k: _yaml_value(v) for k, v in t.storage}
    if t.cluster_on is not None:
        out["cluster_on"] = t.cluster_on
    return out


def _yaml_value(v: str) -> Any:
    if re.fullmatch(r"-?[0-9]+", v):
        return int(v)
    return {"true": True, "false": False}.get(v, v)
