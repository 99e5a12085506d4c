"""PostgreSQL 18 temporal constraints: which primary keys and uniques are ``WITHOUT
OVERLAPS`` and which foreign keys use ``PERIOD`` (``pg_constraint.conperiod``), set on the
constraints :mod:`.constraints` read. Servers before 18 have no such constraints."""

from __future__ import annotations

from ..model import evolve
from .tables import Relations


def read_temporal(rows: list[tuple], relations: Relations) -> None:
    """Mark the temporal constraints of every relation (the rows of ``TEMPORAL_SQL``, which only
    PostgreSQL 18+ is asked)."""
    temporal: dict[int, set[str]] = {}
    for relid, name in rows:
        temporal.setdefault(relid, set()).add(name)
    for relid, names in temporal.items():
        rel = relations.get(relid)
        if rel is None:
            continue
        if rel["pk"] is not None and rel["pk"].name in names:
            rel["pk"] = evolve(rel["pk"], without_overlaps=True)
        rel["uniques"] = [evolve(u, without_overlaps=True) if u.name in names else u for u in rel["uniques"]]
        rel["fks"] = [evolve(f, period=True) if f.name in names else f for f in rel["fks"]]
