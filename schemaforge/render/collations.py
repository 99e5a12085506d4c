"""SQL for collations."""

from __future__ import annotations

from .. import changes as ch
from ..model import Collation
from .registry import renders
from .sql import comment_sql, literal, qn


def collation_def(c: Collation) -> str:
    opts = [f"provider = {c.provider}"]
    if c.locale is not None:
        opts.append(f"locale = {literal(c.locale)}")
    if c.lc_collate is not None:
        opts.append(f"lc_collate = {literal(c.lc_collate)}")
    if c.lc_ctype is not None:
        opts.append(f"lc_ctype = {literal(c.lc_ctype)}")
    if not c.deterministic:
        opts.append("deterministic = false")
    return f"CREATE COLLATION {qn(c.schema, c.name)} ({', '.join(opts)})"


@renders(ch.CreateCollation)
def _create_collation(c: ch.CreateCollation) -> list[str]:
    out = [collation_def(c.collation)]
    if c.collation.comment is not None:
        out.append(comment_sql("COLLATION", qn(c.collation.schema, c.collation.name), c.collation.comment))
    return out


@renders(ch.DropCollation)
def _drop_collation(c: ch.DropCollation) -> list[str]:
    return [f"DROP COLLATION {qn(c.collation.schema, c.collation.name)}"]


@renders(ch.CommentCollation)
def _comment_collation(c: ch.CommentCollation) -> list[str]:
    return [comment_sql("COLLATION", qn(c.collation.schema, c.collation.name), c.new)]
