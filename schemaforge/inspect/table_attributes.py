"""Table attributes from the catalog, onto the relations being assembled (:mod:`.tables`):
UNLOGGED, replica identity, storage parameters, CLUSTER ON, plain inheritance, and which
checks and foreign keys are NOT VALID."""

from __future__ import annotations

import re

from ..idents import literal
from ..model import QName, evolve
from .tables import Relations

_REPLICA = {"d": "default", "f": "full", "n": "nothing", "i": "index"}


def read_table_attributes(rows: list[tuple], relations: Relations) -> None:
    """Each table's attributes into ``rel["attributes"]`` (keyword arguments of ``Table``), its
    NOT VALID checks and foreign keys marked so;
    the columns a child only inherits are taken out of its columns (one it declares itself as
    well, ``attislocal``, stays: PostgreSQL merges the two)."""
    for oid, unlogged, replident, replica_index, clustered, relopts, pschemas, pnames, inherited, not_valid in rows:
        rel = relations.get(oid)
        if rel is None or rel["kind"] not in ("r", "p"):
            continue
        if not_valid:
            gone = set(not_valid)
            rel["checks"] = [evolve(c, valid=False) if c.name in gone else c for c in rel["checks"]]
            rel["fks"] = [evolve(f, valid=False) if f.name in gone else f for f in rel["fks"]]
        identity = _REPLICA.get(replident, "default")
        rel["attributes"] = {
            "unlogged": bool(unlogged),
            "replica_identity": identity,
            "replica_identity_index": replica_index if identity == "index" else None,
            "storage": storage_of(relopts),
            "cluster_on": clustered,
            "inherits": tuple(QName(s, n) for s, n in zip(pschemas or (), pnames or (), strict=True)),
        }
        if inherited:
            gone = set(inherited)
            rel["columns"] = [c for c in rel["columns"] if c.name not in gone]


_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|[a-z_][a-z0-9_]*")


def storage_of(relopts: list[str] | None) -> tuple[tuple[str, str], ...]:
    """reloptions as sorted (name, value) pairs, a value that is not a number or a plain
    word made a string literal, so that it can be submitted again as it is."""
    out = []
    for option in relopts or ():
        key, _, value = option.partition("=")
        out.append((key, value if _PLAIN.fullmatch(value) else literal(value)))
    return tuple(sorted(out))
