"""Schemas and extensions: created, dropped, commented; an extension can move schema."""

from __future__ import annotations

from .. import changes as ch
from ..model import Database
from .comments import comment_changes
from .keys import by_key

# Extensions that every database has and nobody manages.
BUILTIN_EXTENSIONS = {"plpgsql"}


def diff_schemas(cur: Database, des: Database) -> list[ch.Change]:
    """``public`` is never dropped: every database has it."""
    c, d = by_key(cur.schemas), by_key(des.schemas)
    out: list[ch.Change] = [ch.CreateSchema(s) for n, s in d.items() if n not in c]
    out += [ch.DropSchema(s) for n, s in c.items() if n not in d and n != "public"]
    for n in sorted(c.keys() & d.keys()):
        out += comment_changes("SCHEMA", (n,), c[n].comment, d[n].comment)
    return out


def diff_extensions(cur: Database, des: Database) -> list[ch.Change]:
    c = {n: e for n, e in by_key(cur.extensions).items() if n not in BUILTIN_EXTENSIONS}
    d = {n: e for n, e in by_key(des.extensions).items() if n not in BUILTIN_EXTENSIONS}
    out: list[ch.Change] = [ch.CreateExtension(e) for n, e in d.items() if n not in c]
    out += [ch.DropExtension(e) for n, e in c.items() if n not in d]
    for n in sorted(c.keys() & d.keys()):
        old, new = c[n].schema, d[n].schema
        if old and new and old != new:
            out.append(ch.MoveExtension(n, old, new))
        was, want = c[n].version, d[n].version
        if want is not None and was is not None and was != want:  # no version in the YAML: any
            out.append(ch.UpdateExtension(n, was, want))
    return out
