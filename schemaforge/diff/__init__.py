"""Compare two models (current, desired) and list the changes that turn one into the other.

The diff compares frozen model objects, one module per kind of object, in a fixed order of
kinds (the order the changes come out in; :mod:`schemaforge.order` then sorts them by what
they need). Renames come only from explicit ``renamed_from`` hints, never from guessing;
objects whose definition is identical except for the name are renamed rather than dropped
and re-created, which is what keeps constraint and index names exact after a table or column
rename. Expressions are catalog text in the model, and two facts live only in that text
(a serial's sequence, an expression after a column rename): :mod:`.catalog_text` reads them.

A new kind of object: a module ``diff/<kind>.py`` with ``diff_<kind>(current, desired)``
returning its changes in key order (:func:`.keys.by_key`), called from :func:`diff` at the
place its changes belong (after what it may be built on).
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from .. import changes as ch
from ..model import Database, QName
from .aggregates import diff_aggregates
from .collations import diff_collations
from .composite_types import diff_composite_types
from .domains import diff_domains
from .enums import diff_enums, leave_to_tables
from .function_bodies import refuse_retyped_reads
from .function_deps import around_recreated
from .functions import diff_functions
from .grants import diff_grants
from .moves import diff_moves
from .operators import diff_operators
from .partition_keys import diff_partition_not_nulls
from .policies import diff_policies
from .ranges import diff_range_types
from .referenced_keys import refound_foreign_keys
from .schemas import diff_extensions, diff_schemas
from .sequences import diff_sequences, release_serial_sequences
from .statistics import diff_statistics, diff_view_statistics
from .tables import diff_tables
from .triggers import diff_triggers
from .view_triggers import diff_view_triggers
from .views import diff_views

__all__ = ["diff"]


def diff(current: Database, desired: Database, same: Callable[[object, object], bool] = operator.eq,
         ) -> list[ch.Change]:
    """All changes from ``current`` to ``desired`` (unordered: see :mod:`schemaforge.order`).
    ``same``: the tables' equality (see :class:`~schemaforge.model.Same`)."""
    out: list[ch.Change] = []
    moves, current = diff_moves(current, desired)  # the rest compares the tables where they go
    out += moves
    function_changes, recreated = diff_functions(current, desired)
    dropped_functions = {c.function.qname for c in function_changes if isinstance(c, ch.DropFunction)}
    out += diff_schemas(current, desired)
    out += diff_extensions(current, desired)
    out += diff_collations(current, desired)
    out += diff_range_types(current, desired, dropped_functions)
    enum_changes = diff_enums(current, desired)
    out += enum_changes
    type_changes = diff_domains(current, desired) + diff_composite_types(current, desired)
    out += type_changes
    out += diff_sequences(current, desired)
    out += function_changes
    operator_changes = diff_operators(current, desired)
    out += operator_changes
    # an operator dropped and created again: what uses it goes around it, as for a function
    recreated |= {QName(c.operator.schema, c.operator.name) for c in operator_changes
                  if isinstance(c, ch.DropOperator) and c.replaced}
    agg_changes, agg_recreated = diff_aggregates(current, desired, dropped_functions)
    out += agg_changes
    recreated |= agg_recreated
    table_changes, touched = diff_tables(current, desired, same)
    out = release_serial_sequences(out, table_changes)
    out = leave_to_tables(out, table_changes)
    out += table_changes
    out += refound_foreign_keys(current, desired, table_changes)
    refuse_retyped_reads(current, table_changes)
    out += diff_partition_not_nulls(current, desired, table_changes)
    out += diff_statistics(current, desired)
    # a recreated enum: views over its columns' tables, or naming it, are recreated around it
    touched |= {n for c in enum_changes if isinstance(c, ch.RecreateEnum)
                for n in (c.new.qname, *(t for t, *_ in c.columns),
                          *(x for d, cols in c.domains for x in (d.qname, *(t for t, *_ in cols))))}
    # a replaced domain or composite type: the views naming it are dropped first, created after
    touched |= {_replaced(c) for c in type_changes if isinstance(c, ch.DropDomain | ch.DropCompositeType) and c.replaced}
    touched |= {n for c in out if isinstance(c, ch.RetypeDomain) for n in (c.new.qname, *(t for t, *_ in c.columns))}
    # what calls a function dropped and created again is dropped before it, created after it
    out = around_recreated(current, desired, recreated, out)
    out += diff_triggers(current, desired, recreated)
    # views calling a function dropped and created again are recreated around it
    view_changes = diff_views(current, desired, touched | recreated)
    # a policy naming anything dropped and created again goes around it
    out += diff_policies(current, desired, recreated | _rebuilt(out + view_changes), out)
    out += view_changes
    out += diff_view_statistics(current, desired, view_changes)
    out += diff_view_triggers(current, desired, recreated, out)
    out += diff_grants(current, desired, out)  # over every other change: created, dropped, renamed
    return out


def _rebuilt(changes: list[ch.Change]) -> set[QName]:
    """Views, types and domains the plan drops and creates again under the same name: what
    names them (a policy's text) cannot stay across."""
    out: set[QName] = set()
    for c in changes:
        if isinstance(c, ch.DropView) and c.replaced:
            out.add(c.view.qname)
        elif isinstance(c, ch.RecreateEnum | ch.RetypeDomain):
            out.add(c.new.qname)
        elif isinstance(c, ch.DropDomain | ch.DropCompositeType) and c.replaced:
            out.add(_replaced(c))
    return out


def _replaced(c: ch.DropDomain | ch.DropCompositeType) -> QName:
    return c.domain.qname if isinstance(c, ch.DropDomain) else c.type.qname
