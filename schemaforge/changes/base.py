"""What every change operation is: reversible, hazard-aware, and placed by what it needs.

As in Alembic's ``ops.py``, every operation knows its ``reverse()``, so the down script is
derived from the same list as the up script: reversing each operation and the order of the
list undoes a valid sequence step by step. Each operation also names its hazards (data loss,
long locks, table rewrites) so plans can warn and destructive steps can require consent.

Each operation also says where it may run (see :mod:`schemaforge.order`), in object keys
such as ``("table", schema, name)``: what it ``provides`` (brings into being), ``removes``
(takes away), ``requires`` (must exist when it runs: after whatever provides it) and
``releases`` (used until it runs: before whatever removes it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from ..hazards import BY_CODE, HAZARD_KINDS
from ..model import QName

Key = tuple[str, ...]


# Keys whose last two parts are a schema and a name that catalog text can mention; a
# ``mentions(text)`` key stands for every such key of the plan the text uses
# (:func:`schemaforge.dependencies.uses`).
NAMED_KINDS = ("relation", "type", "sequence", "function", "operator")


def schema_key(name: str) -> Key:
    return ("schema", name)


def extension_key(name: str) -> Key:
    return ("extension", name)


def type_key(name: QName) -> Key:
    """An enum, domain or composite type."""
    return ("type", name.schema, name.name)


def sequence_key(name: QName) -> Key:
    return ("sequence", name.schema, name.name)


def relation(name: QName) -> Key:
    """A table or view as a view sees it: its columns and their types. Column changes alter
    it, so views over it are dropped before them and created after."""
    return ("relation", name.schema, name.name)


def table_key(name: QName) -> Key:
    """A table under its name: what its constraints, indexes, columns and comments need."""
    return ("table", name.schema, name.name)


def function_key(name: QName) -> Key:
    """Every function or procedure of this name (overloads alike): what catalog text calling
    ``schema.name(...)`` uses."""
    return ("function", name.schema, name.name)


def operator_key(schema: str, symbol: str) -> Key:
    """Every operator of this symbol (any argument types): what catalog text spelling
    ``OPERATOR(schema.symbol)`` uses."""
    return ("operator", schema, symbol)


def operator_sig_key(o) -> Key:
    """One operator by its identity (symbol and argument types)."""
    return ("operator_sig", *o.key)


def routine_key(schema: str, name: str, identity: tuple[str, ...]) -> Key:
    """One function or procedure by its identity (name and input argument types)."""
    return ("routine", schema, name, *identity)


def trigger_key(table: QName, name: str) -> Key:
    """A trigger name, unique per table."""
    return ("trigger", table.schema, table.name, name)


def policy_key(table: QName, name: str) -> Key:
    """A row-level security policy name, unique per table."""
    return ("policy", table.schema, table.name, name)


def column_key(table: QName, column: str) -> Key:
    return ("column", table.schema, table.name, column)


def not_null_key(table: QName, column: str) -> Key:
    """The NOT NULL constraint of a column, whatever its name."""
    return ("not_null", table.schema, table.name, column)


def constraint_name(table: QName, name: str) -> Key:
    """A constraint name, unique per table."""
    return ("constraint", table.schema, table.name, name)


def unique_key(table: QName, columns: tuple[str, ...]) -> Key:
    """A primary key, unique constraint or unique index on ``columns``: what a foreign key
    referencing them needs."""
    return ("key", table.schema, table.name, *columns)


def class_name(schema: str, name: str) -> Key:
    """A name in ``pg_class``: tables, views, indexes and sequences cannot share one, so a
    change that frees a name goes before a change that takes it."""
    return ("name", schema, name)


def mentions(text: str | None) -> tuple[Key, ...]:
    """Whatever of the plan's tables, views, types and sequences catalog ``text`` uses."""
    return (("mentions", text),) if text else ()


@dataclass(frozen=True)
class Hazard:
    """What a change risks. ``code`` names its entry in the hazard catalogue
    (:mod:`schemaforge.hazards`) that ``forge lint`` reports too, so plan and lint agree by code."""

    kind: str  # one of HAZARD_KINDS
    message: str
    destructive: bool = False
    code: str = ""  # a catalogue code (SF102); every hazard of a change carries one (tests/test_lint.py)

    def __post_init__(self) -> None:
        if self.kind not in HAZARD_KINDS:
            raise ValueError(f"hazard kind {self.kind!r} is not one of {HAZARD_KINDS}")
        entry = BY_CODE.get(self.code) if self.code else None
        if self.code and (entry is None or entry.kind != self.kind):
            raise ValueError(f"hazard code {self.code!r} is not a catalogue code of kind {self.kind!r}")

    @property
    def level(self) -> str:
        """``error`` or ``warning``, from the catalogue (``error`` when the code is missing and it loses data)."""
        entry = BY_CODE.get(self.code)
        return entry.level if entry else ("error" if self.destructive else "warning")


class Change:
    """Base of all operations. Subclasses are frozen dataclasses."""

    symbol = "~"  # + create, ~ change, - drop

    def reverse(self) -> Change:
        raise NotImplementedError

    def hazards(self) -> tuple[Hazard, ...]:
        return ()

    @property
    def subject(self) -> str:
        """The object the change is about, for grouping in plan output."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    @property
    def kind(self) -> str:
        return re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()

    @property
    def destructive(self) -> bool:
        return any(h.destructive for h in self.hazards())

    # --- placement (schemaforge.order) ----------------------------------------------------

    def provides(self) -> tuple[Key, ...]:
        """Keys that exist after this change and not before it."""
        return ()

    def removes(self) -> tuple[Key, ...]:
        """Keys that exist before this change and not after it."""
        return ()

    def requires(self) -> tuple[Key, ...]:
        """Keys that must exist when this change runs: it goes after what provides them."""
        return ()

    def releases(self) -> tuple[Key, ...]:
        """Keys this change's object used until now: it goes before what removes them."""
        return ()

    def alters(self) -> tuple[Key, ...]:
        """Keys changed in place: after what releases them, before what requires them."""
        return ()

    # Coarse tie-break between changes no edge orders (see Stage below).
    stage: int = 0


class Stage(IntEnum):
    """Where a change goes when no dependency edge places it: the tie-break of
    :func:`schemaforge.order.order`, never a reason. Foreign keys have stages of their own:
    that is the rule that breaks the cycles between tables (see :mod:`schemaforge.order`)."""

    CONTAINERS = 0  # schemas, extensions
    ENUMS = 1  # created enums, new and renamed labels
    DOMAINS = 2  # created domains (over enums)
    COMPOSITE_TYPES = 3  # created composite types (over both)
    # a serial column turned identity gives up its sequence early, in this order
    RELEASE_DEFAULTS = 4
    RELEASE_OWNERSHIP = 5
    DROP_RELEASED = 6
    SEQUENCES = 7  # created sequences
    DROP_VIEWS = 8
    DROP_FOREIGN_KEYS = 9
    DROP_KEYS = 10  # other constraints and indexes, sequence ownership
    RENAMES = 11
    ALTER_TYPES = 12  # in place: recreated enums, domains, composite types; NOT NULL renames before alters
    TABLES = 13  # tables and columns
    NOT_NULL_NAMES = 14
    KEYS = 15  # constraints and indexes
    FOREIGN_KEYS = 16
    SETTINGS = 17  # sequence options and ownership, comments
    DROP_TABLES = 18
    # kinds are dropped in the reverse of the order they may build on each other
    DROP_COMPOSITE_TYPES = 19
    DROP_DOMAINS = 20
    DROP_TYPES = 21  # enums, sequences
    VIEWS = 22
    DROP_EXTENSIONS = 23
    DROP_SCHEMAS = 24
