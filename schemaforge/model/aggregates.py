"""Aggregates (``CREATE AGGREGATE``) and the pieces of their identity.

An aggregate is a ``pg_proc`` entry like a function, so its identity is (schema, name, input
argument types) and calls to it in views read ``schema.name(...)`` exactly as function calls
do. Support functions (``sfunc``, ``finalfunc``, ``combinefunc``, ``serialfunc``, ...) are kept as the catalog
prints a ``regproc`` under ``search_path = pg_catalog``: bare for built-ins, else qualified
and quoted where needed (``public._group_concat``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import QName
from .grants import Privilege


def finalfunc_modify_default(ordered: bool) -> str:
    """PostgreSQL's FINALFUNC_MODIFY when none is given: ``read_write`` for ordered-set ones."""
    return "read_write" if ordered else "read_only"


@dataclass(frozen=True)
class MovingAggregate:
    """The moving-aggregate mode (``MSFUNC``, ``MINVFUNC``, ``MSTYPE`` and the rest): a window
    frame that moves calls the inverse function instead of starting over. ``finalfunc_modify``
    None is the default (``read_only``)."""

    msfunc: str
    minvfunc: str
    mstype: str
    msspace: int = 0
    mfinalfunc: str | None = None
    mfinalfunc_extra: bool = False
    mfinalfunc_modify: str | None = None
    minitcond: str | None = None


@dataclass(frozen=True)
class Aggregate:
    """``CREATE AGGREGATE schema.name(arguments [ORDER BY order_by]) (SFUNC, STYPE, ...)``.

    ``arguments`` are the input types (``()`` is ``(*)``); for an ordered-set aggregate they
    are the direct arguments and ``order_by`` the aggregated ones (``WITHIN GROUP``);
    ``hypothetical`` marks a hypothetical-set one. ``initcond`` is the initial state as text
    (``agginitval``), None for none. ``result`` is the aggregate's result type as the catalog
    reads it: known only after normalization, used to tell whether ``CREATE OR REPLACE`` may
    change it in place, never compared."""

    schema: str
    name: str
    arguments: tuple[str, ...]
    sfunc: str
    stype: str
    order_by: tuple[str, ...] = ()
    ordered: bool = False  # an ordered-set aggregate (``ORDER BY`` in the signature)
    hypothetical: bool = False
    finalfunc: str | None = None
    initcond: str | None = None
    combinefunc: str | None = None
    parallel: str = "unsafe"  # safe | restricted | unsafe
    serialfunc: str | None = None
    deserialfunc: str | None = None
    finalfunc_extra: bool = False
    finalfunc_modify: str | None = None  # read_only | shareable | read_write; None: the kind's default
    sortop: str | None = None  # an operator symbol, schema-qualified unless in pg_catalog
    sspace: int = 0
    moving: MovingAggregate | None = None
    comment: str | None = None
    grants: tuple[Privilege, ...] | None = None  # None: PostgreSQL's default (EXECUTE to PUBLIC)
    result: str | None = field(default=None, compare=False)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)

    @property
    def identity(self) -> tuple[str, ...]:
        """The input types, as PostgreSQL tells overloads apart (direct and aggregated)."""
        return (*self.arguments, *self.order_by)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.schema, self.name, self.identity)

    @property
    def support(self) -> tuple[str, ...]:
        """The support functions' names, as written."""
        m = self.moving
        moving = (m.msfunc, m.minvfunc, m.mfinalfunc) if m else ()
        return tuple(f for f in (self.sfunc, self.finalfunc, self.combinefunc, self.serialfunc,
                                 self.deserialfunc, *moving) if f)

    @property
    def types(self) -> tuple[str, ...]:
        """Every type the definition names (arguments, state types)."""
        return (*self.identity, self.stype, *((self.moving.mstype,) if self.moving else ()))

    @property
    def signature(self) -> str:
        """``schema.name(type ORDER BY type)`` for messages."""
        args = ", ".join(self.arguments) if self.arguments or self.ordered else "*"
        if self.ordered:
            args = (args + " " if args else "") + "ORDER BY " + ", ".join(self.order_by)
        return f"{self.schema}.{self.name}({args})"
