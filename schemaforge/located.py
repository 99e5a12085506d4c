"""What PostgreSQL refused while normalizing, said in terms both sides of the pipeline know.

Normalization (:mod:`schemaforge.normalize`) works on the model and never sees a YAML file;
the YAML side (:mod:`schemaforge.entities.positions`) never sees a database. A
:class:`Fragment` is the meeting point: the model object a rejected piece of SQL belongs to
(its kind, schema, owner and the text as the model holds it), from which the YAML side finds
the ``file:line:col`` it was written at. Nothing here imports either side.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ForgeError

# Fragment kinds. A column's expressions, a table's checks, indexes (of tables and materialized
# views), exclusion constraints, a view's query, a materialized view's statistics (their columns
# and expressions), a domain's default and checks; and, when the
# object itself cannot be created, the column (its type), the table, domain, composite type or
# extension as a whole.
DEFAULT, GENERATED, CHECK, INDEX, EXCLUSION, VIEW = "default", "generated", "check", "index", "exclusion", "view"
STATISTICS = "statistics"
DOMAIN_DEFAULT, DOMAIN_CHECK = "domain default", "domain check"
COLUMN, TABLE, DOMAIN, COMPOSITE, EXTENSION = "column", "table", "domain", "composite type", "extension"
# a comment on a view's column the view's query does not give (``name``: the column)
COLUMN_COMMENT = "column comment"


@dataclass(frozen=True, order=True)
class Fragment:
    """A piece of the model PostgreSQL may refuse.

    ``owner`` is the table, view, domain, type or extension; ``name`` the column, check or
    index within it ('' when the owner is the fragment); ``texts`` the SQL texts the model
    holds for it, in the model's spelling (an index: its expressions and predicate).
    """

    kind: str
    schema: str
    owner: str
    name: str = ""
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """One fragment and what PostgreSQL said about it.

    ``part`` and ``offset``: which of the fragment's texts (an index into ``texts``) PostgreSQL's
    error position falls in, and the 0-based character within it (None when the error gives
    no position there).
    """

    fragment: Fragment
    message: str
    sqlstate: str = ""
    hint: str | None = None
    statement: str = ""
    part: int | None = None
    offset: int | None = None

    def describe(self) -> str:
        f = self.fragment
        where = f"{f.schema}.{f.owner}" + (f" ({f.name})" if f.name else "")
        return f"{f.kind} of {where}: {self.message}"


class SchemaRejected(ForgeError):
    """PostgreSQL refused parts of the desired schema; every part it refused is listed.

    Raised by normalization; :func:`schemaforge.entities.positions.locate` turns it into
    problems at the YAML fragments. Unlocated, it still names every fragment.
    """

    def __init__(self, rejected: list[Rejected]):
        self.rejected = tuple(sorted(rejected, key=lambda r: r.fragment))
        lines = "\n".join(r.describe() for r in self.rejected)
        super().__init__(f"PostgreSQL rejected {len(self.rejected)} part(s) of the schema:\n{lines}",
                         hint="fix the SQL in the YAML so PostgreSQL accepts it")


# Fragments found by their texts (their names may be generated), the rest by their names.
_BY_TEXT = (CHECK, INDEX, EXCLUSION, STATISTICS)


def match_key(f: Fragment) -> tuple:
    """What identifies a fragment on both sides: the model's and the YAML's."""
    if f.kind in _BY_TEXT:
        return (f.kind, f.schema, f.owner, f.texts)
    if f.kind == EXTENSION:
        return (f.kind, f.owner)
    return (f.kind, f.schema, f.owner, f.name)


# What is wrong, by SQLSTATE (class 22, data exceptions, by its class).
_PHRASES = {
    "42883": "calls a function that does not exist",
    "42725": "calls a function that is ambiguous",
    "42703": "names a column that does not exist",
    "42702": "names a column that is ambiguous",
    "42P01": "names a table or view that does not exist",
    "42704": "names a type or object that does not exist",
    "42601": "is not valid SQL",
    "42804": "has the wrong type",
    "42P17": "is not allowed here",
    "42P16": "is not a valid table definition",
    "0A000": "uses something PostgreSQL does not support here",
    "58P01": "is not available on the server",
    "22": "is not a valid value",
}


def phrase(sqlstate: str, kind: str = "") -> str:
    """What is wrong with a fragment of ``kind`` PostgreSQL refused with ``sqlstate``."""
    if kind == EXTENSION and sqlstate in ("0A000", "58P01"):
        return "is not available on the server"
    found = _PHRASES.get(sqlstate)
    if kind in (COLUMN, TABLE, DOMAIN, COMPOSITE, EXTENSION):  # no SQL text of its own
        return found or "cannot be created"
    return found or _PHRASES.get(sqlstate[:2]) or "is refused by PostgreSQL"
