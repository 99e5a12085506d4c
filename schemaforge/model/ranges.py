"""Range types (``CREATE TYPE ... AS RANGE``).

PostgreSQL 14 and later create a multirange type with every range type; its name is derived
from the range's (:func:`default_multirange_name`), so the model keeps it only when it
differs, and a server's automatic multirange is never a difference of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import QName
from .grants import Privilege


def default_multirange_name(range_name: str) -> str:
    """The multirange name PostgreSQL chooses: the first ``range`` in the name becomes
    ``multirange``, else ``_multirange`` is appended."""
    at = range_name.find("range")
    if at >= 0:
        return range_name[:at] + "multi" + range_name[at:]
    return range_name + "_multirange"


@dataclass(frozen=True)
class RangeType:
    """A range type. ``subtype`` is catalog type text; ``subtype_opclass`` and ``collation``
    only when they differ from the subtype's defaults; ``canonical`` and ``subtype_diff`` are
    function names as the catalog prints a ``regproc``; ``multirange`` only when it is not
    :func:`default_multirange_name` (always in the range's schema)."""

    schema: str
    name: str
    subtype: str
    subtype_opclass: str | None = None
    collation: str | None = None
    canonical: str | None = None
    subtype_diff: str | None = None
    multirange: str | None = None
    comment: str | None = None
    grants: tuple[Privilege, ...] | None = None  # None: PostgreSQL's default (USAGE to PUBLIC)

    @property
    def qname(self) -> QName:
        return QName(self.schema, self.name)

    @property
    def multirange_name(self) -> str:
        return self.multirange or default_multirange_name(self.name)

    @property
    def definition(self) -> tuple:
        """Everything but the comment: a change to any of it recreates the type."""
        return (self.subtype, self.subtype_opclass, self.collation, self.canonical, self.subtype_diff, self.multirange)
