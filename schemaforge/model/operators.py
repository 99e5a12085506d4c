"""User-defined operators (``CREATE OPERATOR``): a symbol over one or two types, backed by a
function. Its identity is (schema, symbol, left type, right type): the same symbol over other
types is another operator, as with function overloads."""

from __future__ import annotations

from dataclasses import dataclass

from .base import QName


@dataclass(frozen=True)
class Operator:
    """``left`` is None for a prefix operator. Types are ``format_type`` text; ``function``,
    ``restrict`` and ``join`` are functions by qualified name; ``commutator`` and ``negator``
    operators by qualified symbol (their argument types follow from this operator's)."""

    schema: str
    name: str  # the symbol, e.g. ~<<
    left: str | None
    right: str
    function: QName
    commutator: QName | None = None
    negator: QName | None = None
    restrict: QName | None = None
    join: QName | None = None
    hashes: bool = False
    merges: bool = False
    comment: str | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.schema, self.name, self.left or "NONE", self.right)

    @property
    def signature(self) -> str:
        """``schema.~<<(text, text)`` for messages."""
        return f"{self.schema}.{self.name}({self.left or 'NONE'}, {self.right})"


OPERATOR_CHARS = frozenset("+-*/<>=~!@#%^&|`?")
_MAX_LENGTH = 63  # NAMEDATALEN - 1


def symbol_error(symbol: str) -> str | None:
    """Why ``symbol`` is not an operator name PostgreSQL accepts as written (None if it is).

    A symbol cannot be quoted in SQL, so only this check stands between YAML text and DDL:
    the operator characters only, no comment start, not ``=>``, the lexer's rule for a
    trailing ``+``/``-``, and ``!=`` (which PostgreSQL stores as ``<>``)."""
    if not symbol:
        return "an operator name cannot be empty"
    bad = sorted({ch for ch in symbol if ch not in OPERATOR_CHARS})
    if bad:
        return f"{bad[0]!r} is not an operator character (use only + - * / < > = ~ ! @ # % ^ & | ` ?)"
    if len(symbol) > _MAX_LENGTH:
        return f"an operator name is at most {_MAX_LENGTH} characters"
    if "--" in symbol or "/*" in symbol:
        return "an operator name cannot contain -- or /* (they start a comment)"
    if symbol == "=>":
        return "=> is reserved (named-argument notation)"
    if symbol == "!=":
        return "PostgreSQL reads != as <>: write <>"
    if len(symbol) > 1 and symbol[-1] in "+-" and not any(ch in "~!@#%^&|`?" for ch in symbol):
        return "a name of several characters ending in + or - needs one of ~ ! @ # % ^ & | ` ? (else the lexer splits it)"
    return None
