"""Sequence options old → new, for ``ALTER SEQUENCE`` and an identity's ``ALTER COLUMN ... SET``.

The model writes an option left at PostgreSQL's default as None, but the defaults of START,
MINVALUE and MAXVALUE move with the others: START is MINVALUE going up and MAXVALUE going
down, and the bounds follow the direction and the type. ``ALTER SEQUENCE`` keeps whatever it
is not told, so clauses compare the values in effect: raising MINVALUE to 100 with START at
its default also says ``START WITH 100`` (else PostgreSQL keeps START 1 and refuses it).

PostgreSQL also refuses a bound that leaves the sequence's current value outside it
("RESTART value (1) cannot be less than MINVALUE (100)"). The current value is data, not
schema, so it is moved only where it lies before the new first value, to the new START (where
a sequence created with the new options would start), and the bound on that side is set after
the move, in a statement of its own (the value may only move inside the bounds in force). A
value already past the far end is left for PostgreSQL to refuse: moving it back would hand
out values again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import SequenceOptions
from .locks import Statement, tagged
from .sql import literal

_TYPE_RANGE = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class InEffect:
    """Every option of a sequence as PostgreSQL holds it."""

    increment: int
    min_value: int
    max_value: int
    start: int
    cache: int
    cycle: bool


def in_effect(o: SequenceOptions, typ: str) -> InEffect:
    """``o`` with each default spelled out, for a sequence of type ``typ``."""
    tmin, tmax = _TYPE_RANGE.get(typ, _TYPE_RANGE["bigint"])
    inc = o.increment if o.increment is not None else 1
    lo = o.min_value if o.min_value is not None else (1 if inc > 0 else tmin)
    hi = o.max_value if o.max_value is not None else (tmax if inc > 0 else -1)
    start = o.start if o.start is not None else (lo if inc > 0 else hi)
    return InEffect(inc, lo, hi, start, o.cache if o.cache is not None else 1, o.cycle)


@dataclass(frozen=True)
class OptionSteps:
    """Options old → new as PostgreSQL accepts them: the ``first`` clauses, then ``move`` (the
    current value to the new START, where it lies before the new first bound), then the
    ``last`` clauses (that bound)."""

    first: tuple[str, ...]
    move: Statement | None = None
    last: tuple[str, ...] = ()


def option_steps(sequence: str, o: SequenceOptions, n: SequenceOptions, old_type: str, new_type: str) -> OptionSteps:
    """Options ``o`` (type ``old_type``) → ``n`` (type ``new_type``) of ``sequence`` (its quoted name)."""
    a, b = in_effect(o, old_type), in_effect(n, new_type)
    clauses = _clauses(a, b, n)
    if b.increment > 0 and b.min_value > a.min_value:
        bound, behind = "min_value", f"last_value < {b.min_value}"
    elif b.increment < 0 and b.max_value < a.max_value:
        bound, behind = "max_value", f"last_value > {b.max_value}"
    else:
        return OptionSteps(tuple(c for _, c in clauses))
    move = tagged("set_sequence_value",
                  f"SELECT setval({literal(sequence)}, {b.start}, false) FROM {sequence} WHERE {behind}")
    return OptionSteps(tuple(c for k, c in clauses if k != bound), move, tuple(c for k, c in clauses if k == bound))


def _clauses(a: InEffect, b: InEffect, n: SequenceOptions) -> list[tuple[str, str]]:
    """(option, clause) for every option whose value in effect changes, ``a`` → ``b``."""
    out = []
    if a.increment != b.increment:
        out.append(("increment", f"INCREMENT BY {b.increment}"))
    if a.min_value != b.min_value:
        out.append(("min_value", f"MINVALUE {n.min_value}" if n.min_value is not None else "NO MINVALUE"))
    if a.max_value != b.max_value:
        out.append(("max_value", f"MAXVALUE {n.max_value}" if n.max_value is not None else "NO MAXVALUE"))
    if a.start != b.start:
        out.append(("start", f"START WITH {b.start}"))
    if a.cache != b.cache:
        out.append(("cache", f"CACHE {b.cache}"))
    if a.cycle != b.cycle:
        out.append(("cycle", "CYCLE" if b.cycle else "NO CYCLE"))
    return out
