"""The last gate (entities/guard.py) on models whose tables share column objects, as built ones do."""

from __future__ import annotations

import pytest

from schemaforge.entities.guard import guard
from schemaforge.errors import ForgeError
from schemaforge.model import Column, Database, Table

SAFE = Column("id", "bigint", nullable=False)


def test_a_shared_unsafe_column_is_reported_at_its_first_table():
    bad = Column("note", "text", default="1); DROP TABLE x; --")
    db = Database(tables=(Table("public", "a", (SAFE, bad)), Table("public", "b", (SAFE, bad))))
    with pytest.raises(ForgeError) as exc:
        guard(db)
    assert str(exc.value).startswith("table public.a column note: expression '1); DROP TABLE x; --' is not safe")


def test_a_column_after_shared_ones_is_still_checked():
    """Columns seen before are skipped, not the tables holding them: an unsafe column of its own
    in the last table is found (a guard that skipped a table with a seen column would miss it)."""
    db = Database(tables=(Table("public", "a", (SAFE,)), Table("public", "b", (SAFE, Column("t", "text; DROP")))))
    with pytest.raises(ForgeError) as exc:
        guard(db)
    assert str(exc.value).startswith("table public.b column t: type 'text; DROP' is not safe")
    assert guard(Database(tables=(Table("public", "a", (SAFE,)), Table("public", "b", (SAFE,))))).tables[1].name == "b"
