"""Order changes so the script is always valid: a topological sort of dependency edges.

Every change says, in object keys (:mod:`schemaforge.changes.base`), what it ``provides``,
``removes``, ``alters`` in place, ``requires`` (must exist when it runs) and ``releases``
(its object used until it ran). Catalog text (column types and defaults, view definitions,
attribute and domain types) is matched against the plan's tables, views, types and sequences
by :func:`schemaforge.dependencies.uses`, the one rule for "does this text use that object".
From those, one edge "a before b" for each of:

- **create before use**: ``a`` provides or alters a key ``b`` requires (a schema before what
  goes in it, a type before its columns, a view after the views and tables it reads, a unique
  key before the foreign keys referencing it, a column before its index);
- **use before drop**: ``a`` releases a key ``b`` removes or alters (a view over a column is
  dropped before the column is dropped or retyped, a foreign key before the key it references,
  whatever sits in a schema before the schema);
- **free before take**: ``a`` removes a key ``b`` provides (a dropped or renamed table, index,
  sequence or NOT NULL constraint frees its name for another; a replaced type or table is
  dropped before it is created again; a serial column drops its sequence before its identity
  takes the name ``<table>_<column>_seq``);
- **need before gone**: ``a`` requires a key ``b`` removes and nothing provides again
  (``OWNED BY NONE`` on a sequence before the sequence is dropped).

Kahn's algorithm then takes, among the changes whose predecessors have all run, the one with
the smallest stable key: the change's coarse stage (:class:`schemaforge.changes.Stage`, a
tie-break, never a reason), its layer (the longest chain of changes of its own stage it waits
for: views over views, partitions of partitions and types over types come layer by layer),
then its position in the diff. A change inherits the smallest key of anything that must follow
it, so what a change waits for is pulled forward with it (a replaced domain is dropped where
it is created again, not with the other dropped domains).

**Cycles.** Tables that reference each other would be a cycle if a table came with its
foreign keys. The rule that breaks it: a foreign key is always a change of its own (the diff
splits them out of created and dropped tables), added after both tables and the referenced key
exist and dropped before either goes; their stages (``DROP_FOREIGN_KEYS`` first,
``FOREIGN_KEYS`` after every other key) keep them apart from the tables. Should edges still
form a cycle, it is cut at its node with the smallest key, which runs as if its remaining
predecessors had: the same input always cuts the same edge.

The down script needs no ordering of its own: it is the reverse of each change, in reverse
order (:func:`reverse`).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import changes as ch
from .changes.base import NAMED_KINDS, Key
from .dependencies import uses, uses_operator
from .model import QName

Edge = tuple[int, int]  # (index of the change that goes first, index of the one after)


def _named(keys: Iterable[Key]) -> list[tuple[Key, QName]]:
    """The keys catalog text can mention, each with the name it would spell."""
    return [(k, QName(k[1], k[2])) for k in dict.fromkeys(k for k in keys if k[0] in NAMED_KINDS)]


def _expand(keys: Iterable[Key], named: list[tuple[Key, QName]], seen: dict[str, list[Key]]) -> tuple[Key, ...]:
    """``keys`` with each ``mentions`` key replaced by the named keys its text uses
    (``seen``: the answers so far, as column types repeat)."""
    out: list[Key] = []
    for k in keys:
        if k[0] != "mentions":
            out.append(k)
            continue
        if k[1] not in seen:
            seen[k[1]] = [n for n, name in named if (uses_operator if n[0] == "operator" else uses)(k[1], name)]
        out += seen[k[1]]
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _Placed:
    """One change's keys, ``mentions`` resolved against the plan."""

    provides: tuple[Key, ...]
    removes: tuple[Key, ...]
    alters: tuple[Key, ...]
    requires: tuple[Key, ...]
    releases: tuple[Key, ...]


def _placed(changes: Sequence[ch.Change]) -> list[_Placed]:
    named = _named(k for c in changes for k in (*c.provides(), *c.removes(), *c.alters()))
    seen: dict[str, list[Key]] = {}
    return [
        _Placed(c.provides(), c.removes(), c.alters(),
                _expand(c.requires(), named, seen), _expand(c.releases(), named, seen))
        for c in changes
    ]


def _who(placed: list[_Placed], field: str) -> dict[Key, list[int]]:
    """``{key: indexes of the changes listing it in field}``, in change order."""
    out: dict[Key, list[int]] = defaultdict(list)
    for i, p in enumerate(placed):
        for k in getattr(p, field):
            out[k].append(i)
    return out


def edges(changes: Sequence[ch.Change]) -> list[Edge]:
    """Every "a before b" the changes' keys imply, sorted (see the module docstring)."""
    placed = _placed(changes)
    provided, removed, altered, needed = (_who(placed, f) for f in ("provides", "removes", "alters", "requires"))
    found: set[Edge] = set()
    for i, p in enumerate(placed):
        for k in p.requires:
            found.update((j, i) for j in (*provided.get(k, ()), *altered.get(k, ())))
        for k in p.releases:
            found.update((i, j) for j in (*removed.get(k, ()), *altered.get(k, ())))
        for k in p.removes:
            # free before take; and what is gone for good is needed only before it goes
            found.update((i, j) for j in provided.get(k, ()))
            if k not in provided:
                found.update((j, i) for j in needed.get(k, ()))
    return sorted((a, b) for a, b in found if a != b)


def _pulled(keys: list[tuple], succ: list[list[int]]) -> list[tuple]:
    """Each node's key lowered to the smallest key of anything after it."""
    prio = list(keys)
    changed = True
    while changed:
        changed = False
        for i in range(len(prio)):
            low = min((prio[j] for j in succ[i]), default=prio[i])
            if low < prio[i]:
                prio[i], changed = low, True
    return prio


def toposort(keys: list[tuple], pairs: Iterable[Edge]) -> list[int]:
    """Kahn's algorithm over ``pairs``, smallest key first among the ready; a cycle is cut
    at its node with the smallest key."""
    n = len(keys)
    succ: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for a, b in pairs:
        succ[a].append(b)
        indegree[b] += 1
    prio = [(p, k) for p, k in zip(_pulled(keys, succ), keys, strict=True)]
    ready = [(prio[i], i) for i in range(n) if indegree[i] == 0]
    heapq.heapify(ready)
    done = [False] * n
    out: list[int] = []
    while len(out) < n:
        if not ready:  # a cycle: cut it where nothing outside the cycle still waits
            i = min(_entry_cycle(succ, done), key=lambda i: prio[i])
            ready.append((prio[i], i))
        _, i = heapq.heappop(ready)
        if done[i]:
            continue
        done[i] = True
        out.append(i)
        for j in succ[i]:
            indegree[j] -= 1
            if indegree[j] == 0 and not done[j]:
                heapq.heappush(ready, (prio[j], j))
    return out


def _entry_cycle(succ: list[list[int]], done: list[bool]) -> list[int]:
    """The nodes of a cycle among the unfinished ones that no other unfinished node leads
    into: cutting there never runs a change before a predecessor outside its cycle."""
    nodes = [i for i in range(len(succ)) if not done[i]]
    comp = _components(nodes, succ, done)
    entered = {comp[b] for a in nodes for b in succ[a] if not done[b] and comp[a] != comp[b]}
    first = min(c for c in sorted(set(comp.values())) if c not in entered)
    return [i for i in nodes if comp[i] == first]


def _components(nodes: list[int], succ: list[list[int]], done: list[bool]) -> dict[int, int]:
    """Strongly connected components (Tarjan, iterative) of the unfinished nodes."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    comp: dict[int, int] = {}
    stack: list[int] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            v, pos = work.pop()
            if pos == 0:
                index[v] = low[v] = len(index)
                stack.append(v)
            nxt = [w for w in succ[v] if not done[w]]
            if pos < len(nxt):
                work.append((v, pos + 1))
                w = nxt[pos]
                if w not in index:
                    work.append((w, 0))
                elif w not in comp:
                    low[v] = min(low[v], index[w])
                continue
            for w in nxt:
                if w not in comp and index[w] > index[v]:
                    low[v] = min(low[v], low[w])
            if low[v] == index[v]:
                while True:
                    w = stack.pop()
                    comp[w] = index[v]
                    if w == v:
                        break
    return comp


def _layers(stages: list[int], pairs: list[Edge]) -> list[int]:
    """Each change's longest chain of predecessors in its own stage (cycles cut): within a
    stage, what waits for one change goes after everything that waits for none."""
    preds: list[list[int]] = [[] for _ in stages]
    for a, b in pairs:
        if stages[a] == stages[b]:
            preds[b].append(a)
    layer: dict[int, int] = {}

    def depth(i: int, seen: frozenset[int]) -> int:
        if i not in layer:
            layer[i] = 1 + max((depth(j, seen | {i}) for j in preds[i] if j not in seen), default=-1)
        return layer[i]

    return [depth(i, frozenset()) for i in range(len(stages))]


def order(changes: list[ch.Change]) -> list[ch.Change]:
    """``changes`` in an order that runs: dependency edges first, then stage and position."""
    pairs = edges(changes)
    stages = [int(c.stage) for c in changes]
    layers = _layers(stages, pairs)
    keys = [(stages[i], layers[i], i) for i in range(len(changes))]
    return [changes[i] for i in toposort(keys, pairs)]


def labels_first(changes: list[ch.Change]) -> tuple[list[ch.Change], list[ch.Change]]:
    """(new enum labels, everything else) when a plan has both, else ([], changes).

    A label added by ``ALTER TYPE ... ADD VALUE`` cannot be used in the transaction that
    adds it, so every plan commits the labels in a step of their own, first.
    """
    labels = [c for c in changes if isinstance(c, ch.AddEnumValues)]
    if not labels or len(labels) == len(changes):
        return [], changes
    return labels, [c for c in changes if not isinstance(c, ch.AddEnumValues)]


def reverse(changes: list[ch.Change]) -> list[ch.Change]:
    """The down changes of an ordered up list."""
    return [c.reverse() for c in reversed(changes)]
