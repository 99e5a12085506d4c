"""SQL-standard function bodies and the columns they read.

PostgreSQL records a ``BEGIN ATOMIC`` or ``RETURN`` body's dependencies on the columns it
reads (``pg_depend``): such a column cannot change type while the function stays. Dropping and
creating the function around the change would lose what calls it, so the plan is refused with
what to do instead. A dropped column is ordered by keys alone (the old body lets go of it
first: :mod:`schemaforge.changes.functions`)."""

from __future__ import annotations

from .. import changes as ch
from ..changes.base import column_key
from ..changes.functions import body_relations
from ..errors import ForgeError
from ..model import Database


def refuse_retyped_reads(cur: Database, changes: list[ch.Change]) -> None:
    """Raise when the plan retypes a column an SQL-standard body that stays reads."""
    dropped = {c.function.key for c in changes if isinstance(c, ch.DropFunction)}
    bodies = [f for f in cur.functions if f.sql_body and f.key not in dropped]
    if not bodies:
        return
    for c in changes:
        if not isinstance(c, ch.AlterColumn) or c.old.type == c.new.type:
            continue
        key = column_key(c.table, c.old.name)
        for f in bodies:
            if key in body_relations(f):
                raise ForgeError(
                    f"column {c.table}.{c.old.name} changes type, but the SQL-standard body of "
                    f"{'procedure' if f.procedure else 'function'} {f.signature} reads it: PostgreSQL "
                    "cannot change the type of a column such a body depends on",
                    hint="in one migration, drop the function (or give it a body that does not read the "
                         "column); change the column's type; then create the function again")
