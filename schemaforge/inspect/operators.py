"""Operators from their catalog rows (:data:`.queries.OPERATORS_SQL`): argument types as
``format_type`` text, the function and the estimators by qualified name, the commutator and
negator by qualified symbol."""

from __future__ import annotations

from ..model import Operator, QName


def _name(schema: str | None, name: str | None) -> QName | None:
    return None if name is None else QName(schema or "", name)


def operators_of(rows) -> list[Operator]:
    return [
        Operator(nsp, name, left, right, QName(fn_nsp, fn), commutator=_name(c_nsp, com),
                 negator=_name(n_nsp, neg), restrict=_name(r_nsp, rest), join=_name(j_nsp, join),
                 hashes=hashes, merges=merges, comment=comment)
        for (nsp, name, left, right, fn_nsp, fn, c_nsp, com, n_nsp, neg, r_nsp, rest, j_nsp, join,
             hashes, merges, comment) in rows
    ]
